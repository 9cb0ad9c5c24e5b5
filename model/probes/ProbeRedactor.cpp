// SPDX-License-Identifier: GPL-3.0-or-later
#include "probes/ProbeRedactor.h"

#include "facts/StrictJson.h"
#include "secrets/SecretRules.h"

#include <QRegularExpression>

#include <nlohmann/json.hpp>

#include <algorithm>

namespace bulkhead {

namespace {

using OrderedJson = nlohmann::ordered_json;

struct Span
{
    qsizetype start = 0;
    qsizetype length = 0;
    QString rule;
    QString key;
    bool quote = false; // write the marker in double quotes (a bare YAML value: [ would start a list)
};

QString unquoted(QString value)
{
    value = value.trimmed();
    if (value.endsWith(QLatin1Char(',')))
        value.chop(1);
    if (value.size() >= 2 && (value.front() == QLatin1Char('"') || value.front() == QLatin1Char('\'')) &&
        value.back() == value.front())
        return value.mid(1, value.size() - 2);
    return value;
}

// kubeconfig keys that hold key material under names the env rules do not know.
QString extraKeyRule(const QString& key)
{
    const QString lower = key.toLower();
    if (lower.endsWith(QLatin1String("key-data")) || lower == QLatin1String("client-key-data"))
        return QStringLiteral("private-key-by-name");
    return {};
}

QString classify(const QString& name, const QString& value)
{
    if (value.isEmpty() || value.startsWith(QLatin1String("[REDACTED:")) ||
        value.startsWith(QLatin1String("\"[REDACTED:")))
        return {};
    if (QString rule = extraKeyRule(name); !rule.isEmpty())
        return rule;
    return SecretRedactor::classifyEnv(name, value);
}

// Extent of a value starting at `from`: to its closing quote when quoted, else to white space.
qsizetype valueEnd(const QString& line, qsizetype from)
{
    if (from < line.size() && (line.at(from) == QLatin1Char('"') || line.at(from) == QLatin1Char('\''))) {
        const qsizetype close = line.indexOf(line.at(from), from + 1);
        return close < 0 ? line.size() : close + 1;
    }
    qsizetype end = from;
    while (end < line.size() && !line.at(end).isSpace() && line.at(end) != QChar(0))
        ++end;
    return end;
}

// Spans that overlap become one, their union, named after the first rule: a value that one rule takes whole
// ("--password VALUE") and another takes in part ("...DB_PASSWORD=x" inside it) is redacted whole. Keeping
// only the first would leave the rest of the outer value, which a second pass would then redact.
void addSpan(QVector<Span>& spans, Span span)
{
    if (span.length <= 0)
        return;
    qsizetype start = span.start;
    qsizetype end = span.start + span.length;
    qsizetype first = -1;
    for (qsizetype i = 0; i < spans.size(); ++i) {
        const Span& other = spans.at(i);
        if (span.start < other.start + other.length && other.start < span.start + span.length) {
            start = qMin(start, other.start);
            end = qMax(end, other.start + other.length);
            if (first < 0)
                first = i;
        }
    }
    if (first < 0) {
        spans.append(span);
        return;
    }
    // The spans taken so far never overlap one another, so one pass finds all that the new one touches.
    Span merged = spans.at(first);
    merged.start = start;
    merged.length = end - start;
    spans.erase(
        std::remove_if(spans.begin(), spans.end(),
                       [&](const Span& other) { return other.start < end && start < other.start + other.length; }),
        spans.end());
    spans.append(merged);
}

// Bounds that keep one hostile line (up to the output cap, e.g. "x=x=x=..." or a thousand `mysql -p`s)
// linear: a line longer than MaxDetailedLine, or with more assignments or secrets than the limits, is
// judged whole (wholeLine); a value is classified by its first ValueCap characters (its span still covers
// all of it; token shapes further in are found by the word pass, which sees every word whole).
constexpr qsizetype MaxDetailedLine = 64 * 1024;
constexpr int MaxAssignmentsPerLine = 512;
constexpr qsizetype MaxSpansPerLine = 512;
constexpr qsizetype ValueCap = 4096;

// A line too long or too dense to take apart in bounded time: redacted whole when a token shape or a
// secret-like name appears anywhere in it (over-redaction of hostile output, never a leak).
QVector<Span> wholeLine(const QString& line)
{
    const SecretRules& rules = SecretRules::instance();
    QString rule = rules.valueRule(line);
    if (rule.isEmpty() && rules.mentionsSecretName(line))
        rule = QStringLiteral("long-line");
    if (rule.isEmpty())
        return {};
    return {Span{0, line.size(), rule, QString(), false}};
}

QVector<Span> spansIn(const QString& line, QString* envName)
{
    if (line.size() > MaxDetailedLine)
        return wholeLine(line);
    QVector<Span> spans;

    // key: value, key = value, "key": "value" (YAML, INI, JSON in a file), one per line. KEY=value
    // without spaces is left to the assignment rule below: a shell line goes on after the value.
    static const QRegularExpression setting(
        QStringLiteral(R"(^\s*(?:-\s+)?(["']?)([A-Za-z_][A-Za-z0-9_.-]*)\1(\s*:\s*|\s+=\s*|\s*=\s+)(\S.*?)\s*$)"));
    if (const auto match = setting.match(line); match.hasMatch()) {
        const QString key = match.captured(2);
        const QString raw = match.captured(4);
        QString value = unquoted(raw);
        const bool colon = match.captured(3).contains(QLatin1Char(':'));
        if (envName != nullptr && key == QLatin1String("name") && colon) {
            *envName = value;
        } else {
            QString rule;
            QString ruleKey = key;
            if (envName != nullptr && key == QLatin1String("value") && !envName->isEmpty()) {
                ruleKey = *envName;
                rule = classify(ruleKey, value);
            }
            if (rule.isEmpty() && key != QLatin1String("value"))
                rule = classify(key, value);
            if (!rule.isEmpty()) {
                qsizetype start = match.capturedStart(4);
                qsizetype length = match.capturedLength(4);
                if (raw.endsWith(QLatin1Char(',')))
                    --length;
                const bool quotedValue =
                    length >= 2 && (raw.front() == QLatin1Char('"') || raw.front() == QLatin1Char('\''));
                if (quotedValue) {
                    ++start;
                    length -= 2;
                }
                addSpan(spans, Span{start, length, rule, ruleKey, !quotedValue && colon});
            }
            if (envName != nullptr && key == QLatin1String("value"))
                envName->clear();
        }
    }

    // NAME=VALUE and --name=value anywhere (shell lines, command lines, systemd Environment=).
    static const QRegularExpression assignment(
        QStringLiteral(R"((?<![^\s"'=,;({\[\x{0}|])-{0,2}([A-Za-z_][A-Za-z0-9_.-]*)=)"));
    // Where each unquoted value ends (the next white space or NUL), computed once: nested assignments
    // ("--env=A=b") share their end.
    QVector<qsizetype> breakAt;
    int assignments = 0;
    for (auto it = assignment.globalMatch(line); it.hasNext();) {
        const auto match = it.next();
        if (++assignments > MaxAssignmentsPerLine || spans.size() >= MaxSpansPerLine)
            return wholeLine(line);
        const qsizetype start = match.capturedEnd(0);
        if (breakAt.isEmpty()) {
            breakAt.resize(line.size() + 1);
            breakAt[line.size()] = line.size();
            for (qsizetype i = line.size() - 1; i >= 0; --i)
                breakAt[i] = line.at(i).isSpace() || line.at(i) == QChar(0) ? i : breakAt[i + 1];
        }
        const bool quotedValue =
            start < line.size() && (line.at(start) == QLatin1Char('"') || line.at(start) == QLatin1Char('\''));
        qsizetype end = quotedValue ? valueEnd(line, start) : breakAt[start];
        // "NAME=value" inside quotes (a JSON string, Environment="A=b c"): the value ends at the quote.
        const qsizetype before = match.capturedStart(0) - 1;
        if (before >= 0 && (line.at(before) == QLatin1Char('"') || line.at(before) == QLatin1Char('\''))) {
            const qsizetype close = line.indexOf(line.at(before), start);
            end = close < 0 ? line.size() : close;
        }
        const QString rule = classify(match.captured(1), unquoted(line.mid(start, qMin(end - start, ValueCap))));
        if (!rule.isEmpty())
            addSpan(spans, Span{start, end - start, rule, match.captured(1), false});
    }

    // --password VALUE: a flag whose name says secret, then its value as the next word.
    static const QRegularExpression flagPair(
        QStringLiteral(R"((?<![^\s\x{0}])--?([A-Za-z][A-Za-z0-9_.-]*)[\s\x{0}]+([^\s\x{0}-][^\s\x{0}]*))"));
    for (auto it = flagPair.globalMatch(line); it.hasNext();) {
        const auto match = it.next();
        if (spans.size() >= MaxSpansPerLine)
            return wholeLine(line);
        const QString rule = classify(match.captured(1), unquoted(match.captured(2)));
        if (!rule.isEmpty())
            addSpan(spans, Span{match.capturedStart(2), match.capturedLength(2), rule, match.captured(1), false});
    }

    // Rules whose secret spans words (an Authorization header: scheme, then credential): the credential.
    for (const SecretRules::ValueRule& rule : SecretRules::instance().valueRules()) {
        if (rule.secretGroup <= 0)
            continue;
        const Qt::CaseSensitivity cs = rule.caseInsensitiveHints ? Qt::CaseInsensitive : Qt::CaseSensitive;
        if (!rule.hints.isEmpty() && std::none_of(rule.hints.cbegin(), rule.hints.cend(),
                                                  [&](const QString& hint) { return line.contains(hint, cs); }))
            continue;
        for (auto it = rule.regex.globalMatch(line); it.hasNext();) {
            const auto match = it.next();
            if (spans.size() >= MaxSpansPerLine)
                return wholeLine(line);
            addSpan(spans, Span{match.capturedStart(rule.secretGroup), match.capturedLength(rule.secretGroup), rule.id,
                                QString(), false});
        }
    }

    // A known program's password option: mysql -pVALUE, sshpass -p VALUE, redis-cli -a VALUE. The
    // program's arguments run to the next shell separator.
    {
        const SecretRules& rules = SecretRules::instance();
        static const QRegularExpression token(QStringLiteral(R"([^\s\x{0}]+)"));
        std::optional<SecretRules::CommandFlag> flag;
        bool pending = false;
        QString pendingOption;
        for (auto it = token.globalMatch(line); it.hasNext();) {
            const auto match = it.next();
            if (spans.size() >= MaxSpansPerLine)
                return wholeLine(line);
            QString text = match.captured(0);
            while (!text.isEmpty() && (text.front() == QLatin1Char('"') || text.front() == QLatin1Char('\'')))
                text.remove(0, 1); // sh -c "mysql ...": the program is the quoted word
            const qsizetype lead = match.capturedLength(0) - text.size();
            if (pending) {
                pending = false;
                const QString value = unquoted(text);
                if (flag->takes(value) && !text.startsWith(QLatin1Char('-')) && !rules.isReference(value)) {
                    addSpan(spans, Span{match.capturedStart(0) + lead, text.size(), QStringLiteral("password-option"),
                                        pendingOption, false});
                    continue;
                }
            }
            if (text == QLatin1String(";") || text == QLatin1String("&&") || text == QLatin1String("||") ||
                text == QLatin1String("|")) {
                flag.reset();
                continue;
            }
            if (const auto program = rules.passwordFlag(text)) {
                flag = program;
                continue;
            }
            const QString option = flag ? flag->optionIn(text) : QString();
            if (option.isEmpty()) {
                // not this program's password option
            } else if (text == option) {
                pending = flag->separate;
                pendingOption = option;
            } else {
                qsizetype end = text.size();
                while (end > option.size() &&
                       (text.at(end - 1) == QLatin1Char(';') || text.at(end - 1) == QLatin1Char('"') ||
                        text.at(end - 1) == QLatin1Char('\'')))
                    --end;
                const QString value = unquoted(text.mid(option.size(), end - option.size()));
                if (flag->takes(value) && !rules.isReference(value))
                    addSpan(spans, Span{match.capturedStart(0) + lead + option.size(), end - option.size(),
                                        QStringLiteral("password-option"), option, false});
            }
            if (text.endsWith(QLatin1Char(';')))
                flag.reset();
        }
    }

    // Values that are secrets by their shape, whatever surrounds them.
    static const QRegularExpression word(QStringLiteral(R"([^\s\x{0}"',;()\[\]{}<>|]+)"));
    for (auto it = word.globalMatch(line); it.hasNext();) {
        const auto match = it.next();
        if (spans.size() >= MaxSpansPerLine)
            return wholeLine(line);
        const QString rule = SecretRedactor::classifyEnv(QString(), match.captured(0));
        if (!rule.isEmpty())
            addSpan(spans, Span{match.capturedStart(0), match.capturedLength(0), rule, QString(), false});
    }
    std::sort(spans.begin(), spans.end(), [](const Span& a, const Span& b) { return a.start < b.start; });
    return spans;
}

// The secret itself, for its fingerprint: without the quotes that delimit it.
QString spanValue(const QString& line, const Span& span)
{
    return unquoted(line.mid(span.start, span.length));
}

QString markerText(const Span& span, const QString& value, const SecretSalt& salt)
{
    const QString marker = QString::fromLatin1(SecretRedactor::markerOf(span.rule, value, salt));
    return span.quote ? QLatin1Char('"') + marker + QLatin1Char('"') : marker;
}

void walkStrings(OrderedJson& node, QVector<SecretHit>& hits, int lineNumber, const SecretSalt& salt)
{
    if (node.is_string()) {
        QVector<SecretHit> found;
        const QString text = QString::fromStdString(node.get<std::string>());
        const QString redacted = ProbeRedactor::redactLine(text, found, nullptr, salt);
        if (!found.isEmpty()) {
            node = redacted.toStdString();
            for (SecretHit& hit : found) {
                hit.location = QStringLiteral("line %1").arg(lineNumber);
                hits.append(hit);
            }
        }
        return;
    }
    if (node.is_object() || node.is_array()) {
        for (auto& child : node)
            walkStrings(child, hits, lineNumber, salt);
    }
}

} // namespace

QString ProbeRedactor::redactLine(const QString& line, QVector<SecretHit>& hits, QString* envName,
                                  const SecretSalt& salt)
{
    const QVector<Span> spans = spansIn(line, envName);
    if (spans.isEmpty())
        return line;
    QString out = line;
    for (auto it = spans.crbegin(); it != spans.crend(); ++it) {
        const QString value = spanValue(line, *it);
        out.replace(it->start, it->length, markerText(*it, value, salt));
        hits.prepend(SecretHit{QString(), it->key, it->rule, salt.fingerprint(value)});
    }
    return out;
}

Redaction ProbeRedactor::redactText(const QByteArray& text, bool sectioned, const SecretSalt& salt)
{
    Redaction result;
    // Latin-1 keeps one character per byte, so offsets in the view are offsets in the bytes and
    // every byte outside a redacted value (invalid UTF-8 included) is stored as it came.
    const QString view = QString::fromLatin1(text);
    struct Replacement
    {
        qsizetype start;
        qsizetype length;
        QByteArray bytes;
    };
    QVector<Replacement> replacements;
    static const QRegularExpression pemBegin(QStringLiteral("-----BEGIN ([A-Z0-9]+ )*PRIVATE KEY( BLOCK)?-----"));
    static const QRegularExpression pemEnd(QStringLiteral("-----END [A-Z0-9 ]*-----"));
    const auto pemBlock = [&](qsizetype start, qsizetype end, const QString& location) {
        // The fingerprint is the key's, without the "|" that prefixes each line of a sectioned file.
        QString key = QString::fromUtf8(text.mid(start, end - start));
        if (sectioned)
            key.replace(QStringLiteral("\n|"), QStringLiteral("\n"));
        const QString rule = QStringLiteral("private-key");
        replacements.append({start, end - start, SecretRedactor::markerOf(rule, key, salt)});
        result.hits.append(SecretHit{location, QString(), rule, salt.fingerprint(key)});
    };
    QString envName;
    qsizetype pemStart = -1;
    int lineNumber = 0;
    qsizetype offset = 0;
    while (offset <= view.size()) {
        qsizetype end = view.indexOf(QLatin1Char('\n'), offset);
        if (end < 0)
            end = view.size();
        ++lineNumber;
        qsizetype contentStart = offset;
        if (sectioned && contentStart < end && view.at(contentStart) == QLatin1Char('|'))
            ++contentStart;
        if (sectioned && offset < end && view.at(offset) != QLatin1Char('|'))
            envName.clear(); // a header or status line: a new file starts
        const QString line = view.mid(contentStart, end - contentStart);
        if (pemStart < 0) {
            if (const auto begin = pemBegin.match(line); begin.hasMatch()) {
                pemStart = contentStart + begin.capturedStart(0);
                if (const auto close = pemEnd.match(line, begin.capturedEnd(0)); close.hasMatch()) {
                    pemBlock(pemStart, contentStart + close.capturedEnd(0), QStringLiteral("line %1").arg(lineNumber));
                    pemStart = -1;
                }
            } else {
                QVector<SecretHit> hits;
                const QVector<Span> spans = spansIn(line, &envName);
                for (const Span& span : spans) {
                    // The view is Latin-1 (one character per byte): the value's own bytes are UTF-8.
                    const QString value = QString::fromUtf8(spanValue(line, span).toLatin1());
                    replacements.append(
                        {contentStart + span.start, span.length, markerText(span, value, salt).toLatin1()});
                    result.hits.append(SecretHit{QStringLiteral("line %1").arg(lineNumber), span.key, span.rule,
                                                 salt.fingerprint(value)});
                }
            }
        } else if (const auto close = pemEnd.match(line); close.hasMatch()) {
            // The whole block, header to footer, prefixes of sectioned lines included, is one marker.
            pemBlock(pemStart, contentStart + close.capturedEnd(0), QStringLiteral("line %1").arg(lineNumber));
            pemStart = -1;
        }
        offset = end + 1;
    }
    if (pemStart >= 0) {
        // A key block that never ends (cut output): everything after its header goes.
        pemBlock(pemStart, view.size(), QString());
    }
    result.output = text;
    std::sort(replacements.begin(), replacements.end(),
              [](const Replacement& a, const Replacement& b) { return a.start < b.start; });
    for (auto it = replacements.crbegin(); it != replacements.crend(); ++it)
        result.output.replace(it->start, it->length, it->bytes);
    return result;
}

Redaction ProbeRedactor::redactJsonLines(const QByteArray& text, const SecretSalt& salt)
{
    Redaction result;
    const QList<QByteArray> lines = text.split('\n');
    QList<QByteArray> out;
    int lineNumber = 0;
    for (const QByteArray& line : lines) {
        ++lineNumber;
        if (line.trimmed().isEmpty()) {
            out << line;
            continue;
        }
        OrderedJson document;
        try {
            // A key repeated in one object would hide the first value from the walk: the byte-level pass.
            document = OrderedJson::parse(line.constBegin(), line.constEnd(), rejectDuplicateKeys<OrderedJson>());
        } catch (const std::exception&) {
            Redaction raw = SecretRedactor::redactInspect(line, salt);
            result.hits += raw.hits;
            result.malformed = result.malformed || raw.malformed;
            out << raw.output;
            continue;
        }
        QVector<SecretHit> hits;
        walkStrings(document, hits, lineNumber, salt);
        if (hits.isEmpty()) {
            out << line;
            continue;
        }
        result.hits += hits;
        try {
            out << QByteArray::fromStdString(document.dump(-1, ' ', false, OrderedJson::error_handler_t::replace));
        } catch (const OrderedJson::exception&) {
            Redaction raw = SecretRedactor::redactInspect(line, salt);
            out << raw.output;
        }
    }
    result.output = out.join('\n');
    return result;
}

Redaction ProbeRedactor::redactProcessArgs(const QByteArray& text, const SecretSalt& salt)
{
    // Each record is a header naming its length, then that many bytes: a redacted record gets a
    // header with its new length, so the framing still holds.
    static const QRegularExpression header(QStringLiteral(R"(^==> pid=(\d+) uid=(\S+) comm=(\S+) bytes=(\d+) <==$)"));
    Redaction result;
    qsizetype offset = 0;
    while (offset < text.size()) {
        const qsizetype newline = text.indexOf('\n', offset);
        const auto match = header.match(QString::fromLatin1(text.mid(offset, newline < 0 ? -1 : newline - offset)));
        bool lengthOk = false;
        const qsizetype length = match.hasMatch() ? match.captured(4).toLongLong(&lengthOk) : -1;
        // Against what is left, not newline + 1 + length: a stated length near the maximum must not overflow.
        if (newline < 0 || !lengthOk || length < 0 || length > text.size() - (newline + 1))
            return redactText(text, false, salt); // not our framing: the parser will say so; redact anyway
        const QByteArray args = text.mid(newline + 1, length);
        Redaction redacted = redactText(args, false, salt);
        if (redacted.hits.isEmpty()) {
            result.output += text.mid(offset, newline + 1 + length - offset);
        } else {
            result.output += QStringLiteral("==> pid=%1 uid=%2 comm=%3 bytes=%4 <==\n")
                                 .arg(match.captured(1), match.captured(2), match.captured(3))
                                 .arg(redacted.output.size())
                                 .toLatin1();
            result.output += redacted.output;
            result.hits += redacted.hits;
        }
        offset = newline + 1 + length;
        // The record ends with a newline of its own.
        if (offset < text.size() && text.at(offset) == '\n') {
            result.output += '\n';
            ++offset;
        }
    }
    return result;
}

Redaction ProbeRedactor::redact(const Probe& probe, const QByteArray& output, const SecretSalt& salt)
{
    // The catalog's own probes are redacted by their catalog format, whatever the caller's copy says.
    const Probe* known = ProbeCatalog::find(probe.name);
    switch (known != nullptr ? known->format : probe.format) {
    case ProbeFormat::Json:
        return SecretRedactor::redactInspect(output, salt);
    case ProbeFormat::JsonLines:
        return redactJsonLines(output, salt);
    case ProbeFormat::Sections:
        return redactText(output, true, salt);
    case ProbeFormat::ProcessArgs:
        return redactProcessArgs(output, salt);
    case ProbeFormat::StatLines:
    case ProbeFormat::KeyValue:
    case ProbeFormat::Text:
        return redactText(output, false, salt);
    }
    return Redaction{output, {}};
}

} // namespace bulkhead
