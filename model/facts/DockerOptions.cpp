// SPDX-License-Identifier: GPL-3.0-or-later
#include "facts/DockerOptions.h"

namespace bulkhead {

namespace {

bool isDigits(QStringView text)
{
    if (text.isEmpty())
        return false;
    for (const QChar c : text) {
        if (c < QLatin1Char('0') || c > QLatin1Char('9'))
            return false;
    }
    return true;
}

std::optional<int> portNumber(QStringView text)
{
    if (!isDigits(text) || text.size() > 5)
        return std::nullopt;
    const int port = text.toInt();
    if (port > 65535)
        return std::nullopt;
    return port;
}

} // namespace

QString DockerOptions::normalizedCapability(const QString& capability)
{
    const QString upper = capability.toUpper();
    if (upper == QLatin1String("ALL") || upper.startsWith(QLatin1String("CAP_")))
        return upper;
    return QStringLiteral("CAP_") + upper;
}

bool DockerOptions::containsCapability(const QStringList& capabilities, const QString& capability)
{
    const QString wanted = normalizedCapability(capability);
    for (const QString& entry : capabilities) {
        const QString normalized = normalizedCapability(entry);
        if (normalized == wanted || normalized == QLatin1String("ALL"))
            return true;
    }
    return false;
}

std::optional<QString> DockerOptions::securityOptValue(const QStringList& securityOpt, const QString& key)
{
    std::optional<QString> value;
    for (const QString& entry : securityOpt) {
        // The engine splits on the first '=' and, when there is none, on the first ':' (legacy).
        qsizetype separator = entry.indexOf(QLatin1Char('='));
        if (separator < 0)
            separator = entry.indexOf(QLatin1Char(':'));
        const QString name = separator < 0 ? entry : entry.left(separator);
        if (name == key)
            value = separator < 0 ? QString() : entry.mid(separator + 1);
    }
    return value;
}

std::optional<bool> DockerOptions::noNewPrivileges(const QStringList& securityOpt)
{
    const std::optional<QString> value = securityOptValue(securityOpt, QStringLiteral("no-new-privileges"));
    if (!value)
        return std::nullopt;
    static const QStringList yes = {QString(),
                                    QStringLiteral("1"),
                                    QStringLiteral("t"),
                                    QStringLiteral("T"),
                                    QStringLiteral("TRUE"),
                                    QStringLiteral("true"),
                                    QStringLiteral("True")};
    static const QStringList no = {QStringLiteral("0"),     QStringLiteral("f"),     QStringLiteral("F"),
                                   QStringLiteral("FALSE"), QStringLiteral("false"), QStringLiteral("False")};
    if (yes.contains(*value))
        return true;
    if (no.contains(*value))
        return false;
    return std::nullopt;
}

bool DockerOptions::isAllInterfaces(const QString& hostIp)
{
    QString address = hostIp.toLower();
    if (address.startsWith(QLatin1Char('[')) && address.endsWith(QLatin1Char(']')))
        address = address.mid(1, address.size() - 2);
    const qsizetype zone = address.indexOf(QLatin1Char('%'));
    if (zone >= 0)
        address.truncate(zone);
    if (address.isEmpty())
        return true;
    for (const QLatin1String mapped : {QLatin1String("::ffff:"), QLatin1String("0:0:0:0:0:ffff:")}) {
        if (address.startsWith(mapped)) {
            address = address.mid(mapped.size());
            break;
        }
    }
    // Only zeros and separators: an unspecified address however it is spelt (forms the engine
    // would refuse count too: a listener check should rather look too close than miss one).
    for (const QChar c : address) {
        if (c != QLatin1Char('0') && c != QLatin1Char(':') && c != QLatin1Char('.'))
            return false;
    }
    return true;
}

std::optional<int> DockerOptions::lowestHostPort(const QString& hostPort)
{
    const qsizetype dash = hostPort.indexOf(QLatin1Char('-'));
    const QStringView first = dash < 0 ? QStringView(hostPort) : QStringView(hostPort).left(dash);
    const std::optional<int> low = portNumber(first);
    if (!low || *low == 0)
        return std::nullopt;
    if (dash >= 0) {
        const std::optional<int> high = portNumber(QStringView(hostPort).mid(dash + 1));
        if (!high || *high < *low)
            return std::nullopt;
    }
    return low;
}

} // namespace bulkhead
