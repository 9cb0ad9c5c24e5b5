// SPDX-License-Identifier: GPL-3.0-or-later
#include "secrets/SecretRedactor.h"

#include "core/JsonPointer.h"
#include "facts/StrictJson.h"

#include <QRegularExpression>
#include <QSet>
#include <QStringList>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <iterator>
#include <string>

// How secrets are recognised (classifyEnv):
//
// 1. By value, whatever the name: AWS access key ids (AKIA/ASIA + 16), GitHub tokens (ghp_, gho_,
//    ghs_, ghu_, ghr_, github_pat_), Slack tokens (xoxb- ...), PEM private keys, JWTs and URLs
//    with a password (scheme://user:password@host). A 40-character base64 value is an AWS
//    secret key when the name mentions AWS or SECRET.
// 2. By name: PASSWORD, PASSWD, PASSPHRASE, PASS or PWD as a word (PWD alone is the working
//    directory and OLDPWD its predecessor: never secrets), SECRET, TOKEN, API_KEY/APIKEY,
//    PRIVATE_KEY, ACCESS_KEY, CREDENTIAL(S), and ENCRYPTION/SIGNING/MASTER keys. A name match
//    fires for any non-empty value except:
//    - references to a secret kept elsewhere: /run/secrets/..., /var/run/secrets/..., file:...,
//      vault:..., AWS Secrets Manager / SSM ARNs, and a bare ${VAR} or $VAR;
//    - booleans (true, no, on, ...) and small numbers (up to 4 digits): switches and lengths;
//    - names whose last word says the value is about the secret, not the secret: *_FILE, *_PATH,
//      *_DIR when the value is a path; *_URL, *_TTL, *_LENGTH, *_NAME, *_ID, ... always.
//    Placeholders such as `changeme` DO fire: in a deployed container a placeholder is the
//    credential in effect, and a weak one at that. An auditor can waive a finding; a missed
//    secret cannot be taken back.
//
// Where (redactInspect): every Env array (Config, ContainerConfig), every Labels object, and
// NAME=VALUE or --name=value words inside Cmd, Entrypoint and Args strings (the legacy builder
// records `ENV API_TOKEN=...` in ContainerConfig.Cmd, and Args repeats the command line).
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

bool isMarker(const QString& value)
{
    return value.startsWith(MarkerPrefix) && value.endsWith(QLatin1Char(']'));
}

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
    struct Pattern
    {
        const char* rule;
        const char* regex;
    };
    static constexpr Pattern patterns[] = {
        {"aws-access-key-id", R"((?<![A-Z0-9])(AKIA|ASIA)[0-9A-Z]{16}(?![A-Z0-9]))"},
        {"github-token", R"((?<![A-Za-z0-9_])(gh[posur]_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9_]{22,}))"},
        {"slack-token", R"((?<![A-Za-z0-9])xox[baprs]-[A-Za-z0-9-]{10,})"},
        {"private-key", R"(-----BEGIN ([A-Z0-9]+ )*PRIVATE KEY( BLOCK)?-----)"},
        {"jwt", R"((?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,})"},
    };
    // Cheap substring tests first: most values carry none of these and skip every expression.
    static constexpr const char* hints[] = {"AKIA", "ASIA", "gh", "xox", "-----BEGIN", "eyJ", "://"};
    if (std::none_of(std::begin(hints), std::end(hints),
                     [&value](const char* hint) { return value.contains(QLatin1String(hint)); }))
        return {};
    for (const Pattern& pattern : patterns) {
        if (re(pattern.regex).match(value).hasMatch())
            return QLatin1String(pattern.rule);
    }
    // scheme://user:password@host, unless the password is itself a ${VAR} reference.
    const QRegularExpressionMatch url = re(R"([A-Za-z][A-Za-z0-9+.-]*://[^/\s:@]*:([^/\s@]+)@)").match(value);
    if (url.hasMatch() && !re(R"(^\$\{?[A-Za-z_][A-Za-z0-9_]*\}?$)").match(url.captured(1)).hasMatch())
        return QStringLiteral("credentials-in-url");
    return {};
}

QString nameRule(const QString& upper, const QStringList& words)
{
    const QSet<QString> wordSet(words.cbegin(), words.cend());
    if (upper.contains(QLatin1String("PASSWORD")) || upper.contains(QLatin1String("PASSWD")) ||
        upper.contains(QLatin1String("PASSPHRASE")) || wordSet.contains(QStringLiteral("PASS")) ||
        (wordSet.contains(QStringLiteral("PWD")) && words.size() > 1))
        return QStringLiteral("password-by-name");
    if (upper.contains(QLatin1String("PRIVATE_KEY")) || upper.contains(QLatin1String("PRIVATEKEY")))
        return QStringLiteral("private-key-by-name");
    if (upper.contains(QLatin1String("SECRET")))
        return QStringLiteral("secret-by-name");
    if (upper.contains(QLatin1String("TOKEN")))
        return QStringLiteral("token-by-name");
    if (upper.contains(QLatin1String("API_KEY")) || upper.contains(QLatin1String("APIKEY")))
        return QStringLiteral("api-key-by-name");
    if (upper.contains(QLatin1String("ACCESS_KEY")) || upper.contains(QLatin1String("ACCESSKEY")))
        return QStringLiteral("access-key-by-name");
    if (upper.contains(QLatin1String("CREDENTIAL")))
        return QStringLiteral("credential-by-name");
    for (const char* kind : {"ENCRYPTION_KEY", "SIGNING_KEY", "MASTER_KEY"}) {
        if (upper.contains(QLatin1String(kind)))
            return QStringLiteral("key-by-name");
    }
    return {};
}

bool isReference(const QString& value)
{
    for (const char* prefix :
         {"/run/secrets/", "/var/run/secrets/", "file:", "vault:", "arn:aws:secretsmanager:", "arn:aws:ssm:"}) {
        if (value.startsWith(QLatin1String(prefix)))
            return true;
    }
    return re(R"(^\$\{?[A-Za-z_][A-Za-z0-9_]*\}?$)").match(value).hasMatch();
}

bool isSwitchOrSmallNumber(const QString& value)
{
    static const QSet<QString> switches{
        QStringLiteral("true"),    QStringLiteral("false"),    QStringLiteral("yes"),    QStringLiteral("no"),
        QStringLiteral("on"),      QStringLiteral("off"),      QStringLiteral("y"),      QStringLiteral("n"),
        QStringLiteral("enabled"), QStringLiteral("disabled"), QStringLiteral("enable"), QStringLiteral("disable"),
        QStringLiteral("none"),    QStringLiteral("null"),     QStringLiteral("nil"),
    };
    return switches.contains(value.toLower()) || re(R"(^-?[0-9]{1,4}$)").match(value).hasMatch();
}

bool looksLikePath(const QString& value)
{
    return re(R"(^(/|\./|\.\./|~/|[A-Za-z]:\\)\S*$)").match(value).hasMatch();
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
    QVector<SecretHit> hits;

    void walk(Json& node, const QString& pointer, const std::string& key)
    {
        if (node.is_object()) {
            const bool labels = key == "Labels";
            for (auto& [childKey, child] : node.items()) {
                const QString childPointer = JsonPointer::append(pointer, QString::fromStdString(childKey));
                if (labels && child.is_string())
                    redactPair(child, childPointer, QString::fromStdString(childKey));
                else
                    walk(child, childPointer, childKey);
            }
        } else if (node.is_array()) {
            const bool env = key == "Env";
            const bool command = key == "Cmd" || key == "Entrypoint" || key == "Args";
            for (std::size_t i = 0; i < node.size(); ++i) {
                Json& child = node[i];
                const QString childPointer = JsonPointer::append(pointer, static_cast<qsizetype>(i));
                if (env && child.is_string())
                    redactEnvEntry(child, childPointer);
                else if (command && child.is_string())
                    redactCommandWord(child, childPointer);
                else
                    walk(child, childPointer, std::string());
            }
        }
    }

private:
    void redactEnvEntry(Json& entry, const QString& pointer)
    {
        const QString text = QString::fromStdString(entry.get<std::string>());
        const qsizetype equals = text.indexOf(QLatin1Char('='));
        if (equals <= 0)
            return;
        const QString name = text.left(equals);
        const QString rule = SecretRedactor::classifyEnv(name, text.mid(equals + 1));
        if (rule.isEmpty())
            return;
        entry = QString(name + QLatin1Char('=') + QString::fromLatin1(SecretRedactor::markerFor(rule))).toStdString();
        hits.append(SecretHit{pointer, name, rule});
    }

    void redactPair(Json& value, const QString& pointer, const QString& key)
    {
        const QString rule = SecretRedactor::classifyEnv(key, QString::fromStdString(value.get<std::string>()));
        if (rule.isEmpty())
            return;
        value = std::string(SecretRedactor::markerFor(rule).constData());
        hits.append(SecretHit{pointer, key, rule});
    }

    void redactCommandWord(Json& word, const QString& pointer)
    {
        QString text = QString::fromStdString(word.get<std::string>());
        const QVector<Assignment> assignments = findAssignments(text);
        bool changed = false;
        // Back to front, so earlier offsets stay valid while replacing.
        for (auto it = assignments.crbegin(); it != assignments.crend(); ++it) {
            const QString value = unquote(text.mid(it->valueStart, it->valueLength));
            const QString rule = SecretRedactor::classifyEnv(it->name, value);
            if (rule.isEmpty())
                continue;
            text.replace(it->valueStart, it->valueLength, QString::fromLatin1(SecretRedactor::markerFor(rule)));
            hits.append(SecretHit{pointer, it->name, rule});
            changed = true;
        }
        if (changed)
            word = text.toStdString();
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

Redaction redactRaw(const QByteArray& input)
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
                    replacements.append({raw.begin, raw.end, SecretRedactor::markerFor(rule)});
                    result.hits.append(SecretHit{QString(), key, rule});
                    continue;
                }
            }
        }
        // "NAME=VALUE": keep NAME=, replace the value bytes.
        const QRegularExpressionMatch env = re(R"(^([A-Za-z_][A-Za-z0-9_]*)=)").match(text);
        if (env.hasMatch()) {
            const QString rule = SecretRedactor::classifyEnv(env.captured(1), text.mid(env.capturedEnd(0)));
            if (!rule.isEmpty()) {
                const qsizetype equals = input.indexOf('=', raw.begin);
                replacements.append({equals + 1, raw.end, SecretRedactor::markerFor(rule)});
                result.hits.append(SecretHit{QString(), env.captured(1), rule});
                continue;
            }
        }
        // Any other string that carries a secret assignment or a secret-shaped value: all of it.
        QString rule = valueRule(text);
        QString key;
        if (rule.isEmpty()) {
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
            replacements.append({raw.begin, raw.end, SecretRedactor::markerFor(rule)});
            result.hits.append(SecretHit{QString(), key, rule});
        } else if (raw.end >= input.size() && raw.end > raw.begin &&
                   !(text.endsWith(QLatin1Char(']')) && text.contains(MarkerPrefix))) { // (not a second pass)
            const QString cut = QStringLiteral("cut-off");
            replacements.append({raw.begin, raw.end, SecretRedactor::markerFor(cut)});
            result.hits.append(SecretHit{QString(), QString(), cut});
        }
    }
    result.malformed = !input.trimmed().isEmpty();
    result.output = input;
    for (auto it = replacements.crbegin(); it != replacements.crend(); ++it)
        result.output.replace(it->begin, it->end - it->begin, it->bytes);
    return result;
}

} // namespace

QByteArray SecretRedactor::markerFor(const QString& rule)
{
    return "[REDACTED:" + rule.toLatin1() + ']';
}

QString SecretRedactor::classifyEnv(const QString& name, const QString& value)
{
    if (value.isEmpty() || isMarker(value))
        return {};
    if (QString rule = valueRule(value); !rule.isEmpty())
        return rule;

    const QString upper = name.toUpper();
    const QStringList words = upper.split(re(R"([^A-Z0-9]+)"), Qt::SkipEmptyParts);
    if ((upper.contains(QLatin1String("AWS")) || upper.contains(QLatin1String("SECRET"))) &&
        re(R"(^[A-Za-z0-9/+=]{40}$)").match(value).hasMatch())
        return QStringLiteral("aws-secret-key");

    const QString rule = nameRule(upper, words);
    if (rule.isEmpty() || words.isEmpty())
        return {};
    if (isReference(value) || isSwitchOrSmallNumber(value))
        return {};
    static const QSet<QString> pathWords{QStringLiteral("FILE"), QStringLiteral("PATH"), QStringLiteral("DIR"),
                                         QStringLiteral("FOLDER"), QStringLiteral("LOCATION")};
    static const QSet<QString> aboutWords{
        QStringLiteral("URL"),        QStringLiteral("URI"),      QStringLiteral("ENDPOINT"),
        QStringLiteral("HOST"),       QStringLiteral("PORT"),     QStringLiteral("LENGTH"),
        QStringLiteral("LEN"),        QStringLiteral("MIN"),      QStringLiteral("MAX"),
        QStringLiteral("TTL"),        QStringLiteral("EXPIRY"),   QStringLiteral("EXPIRES"),
        QStringLiteral("EXPIRATION"), QStringLiteral("TIMEOUT"),  QStringLiteral("LIFETIME"),
        QStringLiteral("AGE"),        QStringLiteral("ENABLED"),  QStringLiteral("ENABLE"),
        QStringLiteral("DISABLED"),   QStringLiteral("REQUIRED"), QStringLiteral("SIZE"),
        QStringLiteral("COUNT"),      QStringLiteral("ROUNDS"),   QStringLiteral("ALGORITHM"),
        QStringLiteral("ALG"),        QStringLiteral("TYPE"),     QStringLiteral("MODE"),
        QStringLiteral("NAME"),       QStringLiteral("HEADER"),   QStringLiteral("ISSUER"),
        QStringLiteral("AUDIENCE"),   QStringLiteral("POLICY"),   QStringLiteral("ID"),
        QStringLiteral("USER"),       QStringLiteral("USERNAME"), QStringLiteral("PROVIDER"),
        QStringLiteral("METHOD"),     QStringLiteral("FORMAT"),   QStringLiteral("VERSION"),
        QStringLiteral("REGION"),
    };
    const QString& last = words.constLast();
    if (pathWords.contains(last))
        return looksLikePath(value) ? QString() : rule;
    if (aboutWords.contains(last))
        return {};
    return rule;
}

Redaction SecretRedactor::redactInspect(const QByteArray& inspectJson)
{
    Json document;
    try {
        document = Json::parse(inspectJson.constBegin(), inspectJson.constEnd(), rejectDuplicateKeys<Json>());
    } catch (const DuplicateJsonKey&) {
        return redactRaw(inspectJson); // the walk would see only the last of the repeated values
    } catch (const Json::exception&) {
        return redactRaw(inspectJson);
    }
    Walker walker;
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
        return redactRaw(inspectJson);
    }
    return result;
}

Redaction SecretRedactor::redactProbeOutput(const QString& probe, const QByteArray& output)
{
    if (probe == QLatin1String("docker.containers.inspect") || probe == QLatin1String("docker.images.inspect"))
        return redactInspect(output);
    return Redaction{output, {}};
}

} // namespace bulkhead
