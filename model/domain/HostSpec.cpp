// SPDX-License-Identifier: GPL-3.0-or-later
#include "domain/HostSpec.h"

#include <QStringList>

namespace bulkhead {

namespace {

bool isAsciiAlnum(QChar c)
{
    return (c >= QLatin1Char('a') && c <= QLatin1Char('z')) || (c >= QLatin1Char('A') && c <= QLatin1Char('Z')) ||
           (c >= QLatin1Char('0') && c <= QLatin1Char('9'));
}

bool isHexDigit(QChar c)
{
    return (c >= QLatin1Char('0') && c <= QLatin1Char('9')) || (c >= QLatin1Char('a') && c <= QLatin1Char('f')) ||
           (c >= QLatin1Char('A') && c <= QLatin1Char('F'));
}

bool isDigits(const QString& text)
{
    if (text.isEmpty())
        return false;
    for (QChar c : text) {
        if (c < QLatin1Char('0') || c > QLatin1Char('9'))
            return false;
    }
    return true;
}

// Names the first character that can never appear in a host spec, so the user sees exactly what
// was wrong (a space, a shell metacharacter, a non-ASCII letter).
QString describeChar(QChar c)
{
    if (c == QLatin1Char(' '))
        return QStringLiteral("a space");
    if (c.isSpace() || c.unicode() < 0x20 || c.unicode() == 0x7f)
        return QStringLiteral("a control or whitespace character (U+%1)")
            .arg(QString::number(c.unicode(), 16).toUpper().rightJustified(4, QLatin1Char('0')));
    return QStringLiteral("'%1'").arg(c);
}

bool isIPv4(const QString& text)
{
    const QStringList parts = text.split(QLatin1Char('.'));
    if (parts.size() != 4)
        return false;
    for (const QString& part : parts) {
        if (!isDigits(part) || part.size() > 3)
            return false;
        if (part.size() > 1 && part.startsWith(QLatin1Char('0')))
            return false; // leading zeros are read as octal by some resolvers: ambiguous
        if (part.toInt() > 255)
            return false;
    }
    return true;
}

// RFC 4291 text form, with an optional trailing dotted IPv4 and an optional %zone (link-local).
bool isIPv6(const QString& text)
{
    QString address = text;
    const qsizetype percent = address.indexOf(QLatin1Char('%'));
    if (percent >= 0) {
        const QString zone = address.mid(percent + 1);
        if (zone.isEmpty())
            return false;
        for (QChar c : zone) {
            if (!isAsciiAlnum(c) && c != QLatin1Char('.') && c != QLatin1Char('-'))
                return false;
        }
        address.truncate(percent);
    }
    if (address.isEmpty())
        return false;

    const qsizetype gap = address.indexOf(QStringLiteral("::"));
    if (gap >= 0 && address.indexOf(QStringLiteral("::"), gap + 1) >= 0)
        return false; // at most one "::"

    auto countGroups = [](const QString& part, bool mayEndWithIPv4, int& groups) {
        if (part.isEmpty())
            return true;
        const QStringList pieces = part.split(QLatin1Char(':'));
        for (qsizetype i = 0; i < pieces.size(); ++i) {
            const QString& piece = pieces.at(i);
            if (mayEndWithIPv4 && i == pieces.size() - 1 && piece.contains(QLatin1Char('.'))) {
                if (!isIPv4(piece))
                    return false;
                groups += 2;
                continue;
            }
            if (piece.isEmpty() || piece.size() > 4)
                return false;
            for (QChar c : piece) {
                if (!isHexDigit(c))
                    return false;
            }
            ++groups;
        }
        return true;
    };

    int groups = 0;
    if (gap >= 0) {
        const QString head = address.left(gap);
        const QString tail = address.mid(gap + 2);
        if (!countGroups(head, false, groups) || !countGroups(tail, true, groups))
            return false;
        return groups <= 7;
    }
    if (!countGroups(address, true, groups))
        return false;
    return groups == 8;
}

// RFC 1123 host name: dot-separated labels of letters, digits and inner hyphens. A leading '-' is
// impossible, so the address can never be taken for a command-line option.
Result<void> checkHostName(const QString& name)
{
    if (name.size() > 253)
        return makeError(QStringLiteral("host name is longer than 253 characters"));
    QString trimmed = name;
    if (trimmed.endsWith(QLatin1Char('.')))
        trimmed.chop(1); // fully qualified form "host.example.com."
    const QStringList labels = trimmed.split(QLatin1Char('.'));
    bool allNumeric = true;
    for (const QString& label : labels) {
        if (label.isEmpty())
            return makeError(
                QStringLiteral("host name \"%1\" has an empty label (two dots in a row or a leading dot)").arg(name));
        if (label.size() > 63)
            return makeError(QStringLiteral("host name \"%1\" has a label longer than 63 characters").arg(name));
        if (label.startsWith(QLatin1Char('-')) || label.endsWith(QLatin1Char('-')))
            return makeError(QStringLiteral("host name \"%1\" has a label that starts or ends with '-'").arg(name));
        for (QChar c : label) {
            if (!isAsciiAlnum(c) && c != QLatin1Char('-'))
                return makeError(
                    QStringLiteral("host name \"%1\" contains %2, which is not allowed in a host name or IP address")
                        .arg(name, describeChar(c)));
        }
        if (!isDigits(label))
            allNumeric = false;
    }
    if (allNumeric && !isIPv4(trimmed))
        return makeError(QStringLiteral("\"%1\" is not a valid IPv4 address").arg(name));
    return {};
}

Result<void> checkUser(const QString& user)
{
    if (user.isEmpty())
        return makeError(QStringLiteral("the user name before '@' is empty"));
    if (user.size() > 64)
        return makeError(QStringLiteral("the user name is longer than 64 characters"));
    if (user.startsWith(QLatin1Char('-')))
        return makeError(QStringLiteral("the user name must not start with '-'"));
    for (QChar c : user) {
        if (!isAsciiAlnum(c) && c != QLatin1Char('.') && c != QLatin1Char('_') && c != QLatin1Char('-'))
            return makeError(
                QStringLiteral("the user name \"%1\" contains %2; allowed are letters, digits, '.', '_' and '-'")
                    .arg(user, describeChar(c)));
    }
    return {};
}

Result<int> parsePort(const QString& text)
{
    if (text.isEmpty())
        return makeError(QStringLiteral("the port after ':' is empty"));
    if (!isDigits(text))
        return makeError(QStringLiteral("the port \"%1\" is not a number").arg(text));
    if (text.size() > 5)
        return makeError(QStringLiteral("the port %1 is out of range (1-65535)").arg(text));
    const int port = text.toInt();
    if (port < 1 || port > 65535)
        return makeError(QStringLiteral("the port %1 is out of range (1-65535)").arg(text));
    return port;
}

} // namespace

Result<HostSpec> HostSpec::parse(const QString& text)
{
    auto fail = [&text](const QString& why) {
        return makeError(QStringLiteral("Invalid host \"%1\": %2").arg(text, why));
    };
    if (text.isEmpty())
        return makeError(QStringLiteral("Invalid host: the host is empty (expected [USER@]ADDRESS[:PORT])"));
    // Whitespace, quotes and shell metacharacters can never be part of a spec: refuse them first
    // with a message that names the character.
    for (QChar c : text) {
        const bool allowed = isAsciiAlnum(c) || c == QLatin1Char('.') || c == QLatin1Char('-') ||
                             c == QLatin1Char('_') || c == QLatin1Char(':') || c == QLatin1Char('@') ||
                             c == QLatin1Char('[') || c == QLatin1Char(']') || c == QLatin1Char('%');
        if (!allowed)
            return fail(QStringLiteral("contains %1, which is not allowed").arg(describeChar(c)));
    }

    HostSpec spec;
    QString rest = text;
    const qsizetype at = rest.indexOf(QLatin1Char('@'));
    if (at >= 0) {
        if (rest.indexOf(QLatin1Char('@'), at + 1) >= 0)
            return fail(QStringLiteral("contains more than one '@'"));
        spec.user = rest.left(at);
        if (auto checked = checkUser(spec.user); !checked)
            return fail(checked.errorMessage());
        rest = rest.mid(at + 1);
    }
    if (rest.isEmpty())
        return fail(QStringLiteral("the address is empty"));

    QString portText;
    bool hasPort = false;
    if (rest.startsWith(QLatin1Char('['))) {
        const qsizetype close = rest.indexOf(QLatin1Char(']'));
        if (close < 0)
            return fail(QStringLiteral("'[' without a closing ']'"));
        spec.address = rest.mid(1, close - 1);
        if (spec.address.isEmpty())
            return fail(QStringLiteral("the address between '[' and ']' is empty"));
        if (!isIPv6(spec.address))
            return fail(QStringLiteral("\"%1\" between brackets is not an IPv6 address").arg(spec.address));
        const QString after = rest.mid(close + 1);
        if (!after.isEmpty()) {
            if (!after.startsWith(QLatin1Char(':')))
                return fail(QStringLiteral("unexpected text after ']': expected ':PORT'"));
            hasPort = true;
            portText = after.mid(1);
        }
    } else {
        if (rest.contains(QLatin1Char('[')) || rest.contains(QLatin1Char(']')))
            return fail(QStringLiteral("brackets are only allowed around an IPv6 address, e.g. [::1]:22"));
        const qsizetype colon = rest.indexOf(QLatin1Char(':'));
        if (colon >= 0 && rest.indexOf(QLatin1Char(':'), colon + 1) >= 0)
            return fail(QStringLiteral("an IPv6 address must be written in brackets, e.g. [%1]:22").arg(rest));
        if (colon >= 0) {
            hasPort = true;
            portText = rest.mid(colon + 1);
            rest.truncate(colon);
        }
        if (rest.isEmpty())
            return fail(QStringLiteral("the address is empty"));
        if (rest.contains(QLatin1Char('%')))
            return fail(QStringLiteral("'%' is only allowed in a bracketed IPv6 address"));
        if (rest.contains(QLatin1Char('_')))
            return fail(QStringLiteral("'_' is not allowed in a host name"));
        if (auto checked = checkHostName(rest); !checked)
            return fail(checked.errorMessage());
        spec.address = rest;
    }
    if (spec.address.contains(QLatin1Char('_')))
        return fail(QStringLiteral("'_' is not allowed in an address"));

    if (hasPort) {
        auto port = parsePort(portText);
        if (!port)
            return fail(port.errorMessage());
        spec.port = port.value();
    }
    return spec;
}

QString HostSpec::toString() const
{
    const QString host = address.contains(QLatin1Char(':')) ? QLatin1Char('[') + address + QLatin1Char(']') : address;
    const QString withPort = host + QLatin1Char(':') + QString::number(port);
    return user.isEmpty() ? withPort : user + QLatin1Char('@') + withPort;
}

QString HostSpec::displayName() const
{
    if (port == 22)
        return address;
    const QString host = address.contains(QLatin1Char(':')) ? QLatin1Char('[') + address + QLatin1Char(']') : address;
    return host + QLatin1Char(':') + QString::number(port);
}

} // namespace bulkhead
