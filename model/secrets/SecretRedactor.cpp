// SPDX-License-Identifier: GPL-3.0-or-later
#include "secrets/SecretRedactor.h"

#include "core/JsonPointer.h"
#include "facts/StrictJson.h"
#include "probes/ProbeRedactor.h"
#include "secrets/SecretRules.h"

#include <QRegularExpression>
#include <QSet>
#include <QStringList>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <iterator>
#include <string>
#include <vector>

// How secrets are recognised (classifyEnv): by the rule set in resources/secrets/rules.json
// (SecretRules): token formats whatever the name, then the allow-list, references and switches, names
// that say secret, then entropy. Placeholders such as `changeme` DO fire: in a deployed container a
// placeholder is the credential in effect, and a weak one at that. An auditor can waive a finding; a
// missed secret cannot be taken back.
//
// Where (redactInspect): every Env array (Config, ContainerConfig), every Labels object, and the
// words of Cmd, Entrypoint and Args: each word as a line of shell (ProbeRedactor::redactLine:
// assignments, --password=VALUE, shapes; the legacy builder records `ENV API_TOKEN=...` in
// ContainerConfig.Cmd), a secret-named option and its value in the next word ("--password", "x"), and a
// program's password option (mysql -pVALUE, redis-cli -a VALUE; SecretRules::passwordFlag).
//
// Output that nlohmann cannot parse (truncated at the output cap, or not UTF-8) is not stored
// as it is: a byte-level pass redacts every JSON string that looks like NAME=VALUE, every
// "key": "value" pair whose key is secret-like, and every string holding a secret-looking
// assignment, keeping all other bytes. A string that the end of the output cuts off goes whole
// ("cut-off"): half a token no longer has the shape that gives it away, and the name that would
// have may not have arrived. It over-redacts rather than lets a value through; the parsers then
// report the output as invalid, so no check passes on it.

namespace bulkhead {

using Json = nlohmann::ordered_json;

namespace {

const QString MarkerPrefix = QStringLiteral("[REDACTED:");

const QRegularExpression& re(const char* pattern)
{
    // Callers pass string literals; each gets one compiled expression for the process lifetime.
    static thread_local QHash<const char*, QRegularExpression> cache;
    auto it = cache.find(pattern);
    if (it == cache.end())
        it = cache.insert(pattern, QRegularExpression(QLatin1String(pattern)));
    return it.value();
}

QString valueRule(const QString& value)
{
    return SecretRules::instance().valueRule(value);
}

// NAME=VALUE and --name=value words in a command line. Returns (name, value start, value length)
// for each assignment, with quoted values taken to their closing quote.
struct Assignment
{
    QString name;
    qsizetype valueStart = 0;
    qsizetype valueLength = 0;
};

QVector<Assignment> findAssignments(const QString& text)
{
    QVector<Assignment> found;
    static const QRegularExpression word(QStringLiteral(R"((?<![^\s"'])(-{0,2})([A-Za-z_][A-Za-z0-9_.-]*)=)"));
    auto it = word.globalMatch(text);
    while (it.hasNext()) {
        const QRegularExpressionMatch match = it.next();
        Assignment assignment;
        assignment.name = match.captured(2);
        qsizetype start = match.capturedEnd(0);
        qsizetype end = start;
        if (start < text.size() && (text.at(start) == QLatin1Char('"') || text.at(start) == QLatin1Char('\''))) {
            const QChar quote = text.at(start);
            const qsizetype close = text.indexOf(quote, start + 1);
            end = close < 0 ? text.size() : close + 1;
        } else {
            while (end < text.size() && !text.at(end).isSpace())
                ++end;
        }
        assignment.valueStart = start;
        assignment.valueLength = end - start;
        found.append(assignment);
    }
    return found;
}

QString unquote(const QString& value)
{
    if (value.size() >= 2 && (value.front() == QLatin1Char('"') || value.front() == QLatin1Char('\'')) &&
        value.back() == value.front())
        return value.mid(1, value.size() - 2);
    return value;
}

class Walker
{
public:
    explicit Walker(const SecretSalt& salt)
        : m_salt(salt)
    {}

    QVector<SecretHit> hits;

    void walk(Json& node, const QString& pointer, const std::string& key)
    {
        if (node.is_object()) {
            const bool labels = key == "Labels";
            if (labels)
                redactKeys(node, pointer);
            for (auto& [childKey, child] : node.items()) {
                const QString childPointer = JsonPointer::append(pointer, QString::fromStdString(childKey));
                if (labels && child.is_string())
                    redactPair(child, childPointer, QString::fromStdString(childKey));
                else if ((childKey == "Cmd" || childKey == "Entrypoint" || childKey == "Args") && child.is_array())
                    redactCommand(child, childPointer, programOf(node, childKey));
                else
                    walk(child, childPointer, childKey);
            }
        } else if (node.is_array()) {
            const bool env = key == "Env";
            for (std::size_t i = 0; i < node.size(); ++i) {
                Json& child = node[i];
                const QString childPointer = JsonPointer::append(pointer, static_cast<qsizetype>(i));
                if (env && child.is_string())
                    redactEnvEntry(child, childPointer);
                else
                    walk(child, childPointer, std::string());
            }
        }
    }

private:
    const SecretSalt& m_salt;

    void hit(const QString& pointer, const QString& key, const QString& rule, QStringView value)
    {
        hits.append(SecretHit{pointer, key, rule, m_salt.fingerprint(value)});
    }

    // argv[0] of a command array: its own first word; for Args (which docker lists without it) Path; for a
    // Cmd that follows an Entrypoint (its words are the entrypoint's arguments) the Entrypoint's first word.
    static QString programOf(const Json& parent, const std::string& key)
    {
        const auto first = [&parent](const char* name) {
            const auto it = parent.find(name);
            if (it == parent.end())
                return QString();
            if (it->is_string())
                return QString::fromStdString(it->get<std::string>());
            if (it->is_array() && !it->empty() && it->front().is_string())
                return QString::fromStdString(it->front().get<std::string>());
            return QString();
        };
        if (key == "Args")
            return first("Path");
        if (key == "Cmd")
            return first("Entrypoint");
        return {};
    }

    void redactEnvEntry(Json& entry, const QString& pointer)
    {
        const QString text = QString::fromStdString(entry.get<std::string>());
        const qsizetype equals = text.indexOf(QLatin1Char('='));
        if (equals <= 0)
            return;
        const QString name = text.left(equals);
        const QString value = text.mid(equals + 1);
        const QString rule = SecretRedactor::classifyEnv(name, value);
        if (rule.isEmpty())
            return;
        const QByteArray marker = SecretRedactor::markerOf(rule, value, m_salt);
        entry = QString(name + QLatin1Char('=') + QString::fromLatin1(marker)).toStdString();
        hit(pointer, name, rule, value);
    }

    // A label's key can hold a secret too ("com.acme.token=ghp_...", or a token as the key itself): such a
    // key is renamed to what it would be with the secret redacted, keeping the label's place and value.
    void redactKeys(Json& object, const QString& pointer)
    {
        std::vector<std::string> keys;
        bool renamed = false;
        for (const auto& [childKey, child] : object.items()) {
            keys.push_back(redactedKey(QString::fromStdString(childKey), pointer).toStdString());
            renamed = renamed || keys.back() != childKey;
        }
        if (!renamed)
            return;
        Json out = Json::object();
        std::size_t at = 0;
        for (auto& [childKey, child] : object.items()) {
            std::string newKey = keys.at(at++);
            while (out.contains(newKey)) // two keys that redact alike (no salt): both kept
                newKey += '_';
            out[newKey] = std::move(child);
        }
        object = std::move(out);
    }

    QString redactedKey(const QString& name, const QString& pointer)
    {
        if (name.contains(QLatin1String("[REDACTED:")))
            return name; // a first pass's work
        const qsizetype equals = name.indexOf(QLatin1Char('='));
        if (equals > 0) {
            const QString value = name.mid(equals + 1);
            if (const QString rule = SecretRedactor::classifyEnv(name.left(equals), value); !rule.isEmpty()) {
                const QString redacted =
                    name.left(equals + 1) + QString::fromLatin1(SecretRedactor::markerOf(rule, value, m_salt));
                hit(JsonPointer::append(pointer, redacted), QStringLiteral("label key"), rule, value);
                return redacted;
            }
        }
        if (const QString rule = SecretRules::instance().valueRule(name); !rule.isEmpty()) {
            const QString redacted = QString::fromLatin1(SecretRedactor::markerOf(rule, name, m_salt));
            hit(JsonPointer::append(pointer, redacted), QStringLiteral("label key"), rule, name);
            return redacted;
        }
        return name;
    }

    void redactPair(Json& value, const QString& pointer, const QString& key)
    {
        const QString text = QString::fromStdString(value.get<std::string>());
        const QString rule = SecretRedactor::classifyEnv(key, text);
        if (rule.isEmpty())
            return;
        value = std::string(SecretRedactor::markerOf(rule, text, m_salt).constData());
        hit(pointer, key, rule, text);
    }

    void redactCommand(Json& array, const QString& pointer, QString program)
    {
        const SecretRules& rules = SecretRules::instance();
        std::optional<SecretRules::CommandFlag> flag = rules.passwordFlag(program);
        QString pendingName; // a secret-named option or a password flag whose value is the next word
        QString pendingRule;
        for (std::size_t i = 0; i < array.size(); ++i) {
            Json& word = array[i];
            const QString wordPointer = JsonPointer::append(pointer, static_cast<qsizetype>(i));
            if (!word.is_string()) {
                walk(word, wordPointer, std::string());
                pendingName.clear();
                continue;
            }
            const QString text = QString::fromStdString(word.get<std::string>());
            if (!pendingName.isEmpty()) {
                const bool password = flag && flag->takes(text) && !rules.isReference(text);
                // A value that is a secret by its shape anyway goes through redactWord below, which replaces
                // only the token (`sh -c "curl -H 'Authorization: Bearer ...' ..."` keeps the rest).
                const bool byShape = pendingRule.isEmpty() && !rules.valueRule(text).isEmpty();
                QString rule;
                if (!pendingRule.isEmpty())
                    rule = password ? pendingRule : QString();
                else if (!byShape)
                    rule = SecretRedactor::classifyEnv(pendingName, text);
                pendingName.clear();
                pendingRule.clear();
                if (!rule.isEmpty() && !text.startsWith(QLatin1Char('-'))) {
                    word = std::string(SecretRedactor::markerOf(rule, text, m_salt).constData());
                    hit(wordPointer, QString(), rule, text);
                    continue;
                }
            }
            if (i == 0 && program.isEmpty()) {
                program = text;
                flag = rules.passwordFlag(program);
            } else if (const auto other = rules.passwordFlag(text)) {
                flag = other; // `sh -c` aside, a wrapper (env, exec, gosu) runs the program in a later word
                continue;
            }
            if (const QString option = flag ? flag->optionIn(text) : QString(); !option.isEmpty()) {
                if (text.size() > option.size()) {
                    const QString value = text.mid(option.size());
                    if (flag->takes(value) && !rules.isReference(value)) {
                        const QString rule = QStringLiteral("password-option");
                        word = QString(option + QString::fromLatin1(SecretRedactor::markerOf(rule, value, m_salt)))
                                   .toStdString();
                        hit(wordPointer, option, rule, value);
                    }
                    continue;
                }
                if (flag->separate) {
                    pendingName = option;
                    pendingRule = QStringLiteral("password-option");
                    continue;
                }
            }
            static const QRegularExpression optionWord(QStringLiteral(R"(^--?([A-Za-z][A-Za-z0-9_.-]*)$)"));
            if (const QRegularExpressionMatch match = optionWord.match(text); match.hasMatch()) {
                pendingName = match.captured(1);
                continue;
            }
            redactWord(word, wordPointer, text);
        }
    }

    void redactWord(Json& word, const QString& pointer, const QString& text)
    {
        QVector<SecretHit> found;
        const QString redacted = ProbeRedactor::redactLine(text, found, nullptr, m_salt);
        if (found.isEmpty())
            return;
        word = redacted.toStdString();
        for (SecretHit& one : found) {
            one.location = pointer;
            hits.append(one);
        }
    }
};

// --- byte-level pass for output nlohmann cannot parse -------------------------------------------

struct RawString
{
    qsizetype begin = 0; // index of the first content byte (after the opening quote)
    qsizetype end = 0;   // index of the closing quote, or the input size when it is missing
};

// JSON string unescape, lenient: invalid UTF-8 becomes U+FFFD, unknown escapes stay as they are.
QString decodeRaw(const QByteArray& bytes, const RawString& raw)
{
    QByteArray out;
    out.reserve(raw.end - raw.begin);
    for (qsizetype i = raw.begin; i < raw.end; ++i) {
        const char c = bytes.at(i);
        if (c != '\\' || i + 1 >= raw.end) {
            out.append(c);
            continue;
        }
        const char e = bytes.at(++i);
        switch (e) {
        case 'n':
            out.append('\n');
            break;
        case 't':
            out.append('\t');
            break;
        case 'r':
            out.append('\r');
            break;
        case 'b':
            out.append('\b');
            break;
        case 'f':
            out.append('\f');
            break;
        case 'u':
            if (i + 4 < raw.end) {
                bool ok = false;
                const uint code = bytes.mid(i + 1, 4).toUInt(&ok, 16);
                if (ok) {
                    out.append(QString(QChar(static_cast<char16_t>(code))).toUtf8());
                    i += 4;
                    break;
                }
            }
            out.append("\\u");
            break;
        default:
            out.append(e);
        }
    }
    return QString::fromUtf8(out);
}

// Longer strings are judged whole by the byte-level pass (see ProbeRedactor's MaxDetailedLine).
constexpr qsizetype MaxDetailedString = 64 * 1024;

Redaction redactRaw(const QByteArray& input, const SecretSalt& salt)
{
    // Find every string literal first; then replace back to front so offsets stay valid.
    QVector<RawString> strings;
    for (qsizetype i = 0; i < input.size(); ++i) {
        if (input.at(i) != '"')
            continue;
        RawString raw;
        raw.begin = i + 1;
        qsizetype j = raw.begin;
        while (j < input.size() && input.at(j) != '"')
            j += input.at(j) == '\\' ? 2 : 1;
        raw.end = qMin(j, input.size());
        strings.append(raw);
        i = raw.end;
    }

    struct Replacement
    {
        qsizetype begin;
        qsizetype end;
        QByteArray bytes;
    };
    QVector<Replacement> replacements;
    Redaction result;
    for (qsizetype s = 0; s < strings.size(); ++s) {
        const RawString& raw = strings.at(s);
        const QString text = decodeRaw(input, raw);
        // A value whose key is the previous string: "key": "value".
        if (s > 0) {
            const RawString& keyRaw = strings.at(s - 1);
            const QByteArray between = input.mid(keyRaw.end + 1, raw.begin - 1 - (keyRaw.end + 1)).trimmed();
            if (between == ":") {
                const QString key = decodeRaw(input, keyRaw);
                const QString rule = SecretRedactor::classifyEnv(key, text);
                if (!rule.isEmpty()) {
                    replacements.append({raw.begin, raw.end, SecretRedactor::markerOf(rule, text, salt)});
                    result.hits.append(SecretHit{QString(), key, rule, salt.fingerprint(text)});
                    continue;
                }
            }
        }
        // "NAME=VALUE": keep NAME=, replace the value bytes.
        const QRegularExpressionMatch env = re(R"(^([A-Za-z_][A-Za-z0-9_]*)=)").match(text);
        if (env.hasMatch()) {
            const QString value = text.mid(env.capturedEnd(0));
            const QString rule = SecretRedactor::classifyEnv(env.captured(1), value);
            if (!rule.isEmpty()) {
                const qsizetype equals = input.indexOf('=', raw.begin);
                replacements.append({equals + 1, raw.end, SecretRedactor::markerOf(rule, value, salt)});
                result.hits.append(SecretHit{QString(), env.captured(1), rule, salt.fingerprint(value)});
                continue;
            }
        }
        // Any other string that carries a secret assignment or a secret-shaped value: all of it.
        QString rule = valueRule(text);
        QString key;
        if (rule.isEmpty() && text.size() > MaxDetailedString) {
            // Too long to take apart in bounded time ("x=x=x=..."): whole, when a secret-like name is in it.
            if (SecretRules::instance().mentionsSecretName(text))
                rule = QStringLiteral("long-line");
        } else if (rule.isEmpty()) {
            for (const Assignment& assignment : findAssignments(text)) {
                rule = SecretRedactor::classifyEnv(assignment.name,
                                                   unquote(text.mid(assignment.valueStart, assignment.valueLength)));
                if (!rule.isEmpty()) {
                    key = assignment.name;
                    break;
                }
            }
        }
        if (!rule.isEmpty()) {
            replacements.append({raw.begin, raw.end, SecretRedactor::markerOf(rule, text, salt)});
            result.hits.append(SecretHit{QString(), key, rule, salt.fingerprint(text)});
        } else if (raw.end >= input.size() && raw.end > raw.begin &&
                   !(text.endsWith(QLatin1Char(']')) && text.contains(MarkerPrefix))) { // (not a second pass)
            const QString cut = QStringLiteral("cut-off");
            replacements.append({raw.begin, raw.end, SecretRedactor::markerFor(cut)});
            result.hits.append(SecretHit{QString(), QString(), cut, QString()});
        }
    }
    result.malformed = !input.trimmed().isEmpty();
    result.output = input;
    for (auto it = replacements.crbegin(); it != replacements.crend(); ++it)
        result.output.replace(it->begin, it->end - it->begin, it->bytes);
    return result;
}

} // namespace

QByteArray SecretRedactor::markerFor(const QString& rule, const QString& fingerprint)
{
    return "[REDACTED:" + rule.toLatin1() + (fingerprint.isEmpty() ? QByteArray() : ':' + fingerprint.toLatin1()) + ']';
}

QByteArray SecretRedactor::markerOf(const QString& rule, QStringView value, const SecretSalt& salt)
{
    return markerFor(rule, salt.fingerprint(value));
}

QVector<SecretMarker> SecretRedactor::markersIn(const QString& text)
{
    static const QRegularExpression marker(QStringLiteral(R"(\[REDACTED:([a-z0-9-]+)(?::([0-9a-f]{16}))?\])"));
    QVector<SecretMarker> found;
    for (auto it = marker.globalMatch(text); it.hasNext();) {
        const QRegularExpressionMatch match = it.next();
        found.append(
            SecretMarker{match.capturedStart(0), match.capturedLength(0), match.captured(1), match.captured(2)});
    }
    return found;
}

QString SecretRedactor::classifyEnv(const QString& name, const QString& value)
{
    return SecretRules::instance().classify(name, value);
}

Redaction SecretRedactor::redactInspect(const QByteArray& inspectJson, const SecretSalt& salt)
{
    Json document;
    try {
        document = Json::parse(inspectJson.constBegin(), inspectJson.constEnd(), rejectDuplicateKeys<Json>());
    } catch (const DuplicateJsonKey&) {
        return redactRaw(inspectJson, salt); // the walk would see only the last of the repeated values
    } catch (const Json::exception&) {
        return redactRaw(inspectJson, salt);
    }
    Walker walker(salt);
    walker.walk(document, QString(), std::string());
    Redaction result;
    result.hits = walker.hits;
    if (walker.hits.isEmpty()) {
        result.output = inspectJson; // untouched bytes: exactly what the host printed
        return result;
    }
    // Docker prints inspect output with four-space indentation and a final newline; keeping key
    // order (ordered_json) and layout keeps the stored artifact readable next to the original.
    try {
        const std::string text = document.dump(4, ' ', false, Json::error_handler_t::replace);
        result.output = QByteArray::fromStdString(text) + '\n';
    } catch (const Json::exception&) {
        return redactRaw(inspectJson, salt);
    }
    return result;
}

Redaction SecretRedactor::redactProbeOutput(const QString& probe, const QByteArray& output, const SecretSalt& salt)
{
    if (probe == QLatin1String("docker.containers.inspect") || probe == QLatin1String("docker.images.inspect"))
        return redactInspect(output, salt);
    return Redaction{output, {}};
}

} // namespace bulkhead
