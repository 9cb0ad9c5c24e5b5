// SPDX-License-Identifier: GPL-3.0-or-later
#include "secrets/SecretRules.h"

#include <QFile>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cmath>

namespace bulkhead {

namespace {

using Json = nlohmann::json;

// Overlap of the scan windows of a long value: longer than any token a value rule matches, so a token
// that straddles two windows is whole in one of them.
constexpr qsizetype WindowOverlap = 1024;

const QString MarkerPrefix = QStringLiteral("[REDACTED:");

QString normalisedName(const QString& name)
{
    QString upper = name.toUpper();
    upper.replace(QLatin1Char('.'), QLatin1Char('_'));
    upper.replace(QLatin1Char('-'), QLatin1Char('_'));
    return upper;
}

QStringList nameWords(const QString& upper)
{
    static const QRegularExpression separators(QStringLiteral("[^A-Z0-9]+"));
    return upper.split(separators, Qt::SkipEmptyParts);
}

// A tiny reader over nlohmann values that records the first problem instead of throwing.
class Reader
{
public:
    QString error;

    QString string(const Json& object, const char* key, bool required = true)
    {
        const auto it = object.find(key);
        if (it == object.end() || !it->is_string()) {
            if (required)
                fail(QStringLiteral("\"%1\" is missing or not a string").arg(QLatin1String(key)));
            return {};
        }
        return QString::fromStdString(it->get<std::string>());
    }
    QStringList strings(const Json& object, const char* key)
    {
        QStringList out;
        const auto it = object.find(key);
        if (it == object.end())
            return out;
        if (!it->is_array()) {
            fail(QStringLiteral("\"%1\" is not an array").arg(QLatin1String(key)));
            return out;
        }
        for (const Json& item : *it) {
            if (!item.is_string()) {
                fail(QStringLiteral("\"%1\" holds a value that is not a string").arg(QLatin1String(key)));
                return out;
            }
            out << QString::fromStdString(item.get<std::string>());
        }
        return out;
    }
    QRegularExpression regex(const QString& pattern)
    {
        QRegularExpression compiled(pattern);
        if (!compiled.isValid())
            fail(QStringLiteral("the regex %1 is invalid: %2").arg(pattern, compiled.errorString()));
        // Compiled (and JIT-compiled) now, once: scan workers then only match, from any thread.
        compiled.optimize();
        return compiled;
    }
    template <typename T> T number(const Json& object, const char* key, T fallback)
    {
        const auto it = object.find(key);
        return it != object.end() && it->is_number() ? it->get<T>() : fallback;
    }
    void fail(const QString& why)
    {
        if (error.isEmpty())
            error = why;
    }
};

bool decodesToText(const QString& value)
{
    // Base64 of configuration (a JSON blob, a PEM certificate) is encoded text, not a random key.
    const QByteArray latin = value.toLatin1();
    for (const auto encoding : {QByteArray::Base64Encoding, QByteArray::Base64UrlEncoding}) {
        const auto decoded = QByteArray::fromBase64Encoding(latin, encoding | QByteArray::AbortOnBase64DecodingErrors);
        if (!decoded || decoded.decoded.size() < 8)
            continue;
        const qsizetype printable = std::count_if(decoded.decoded.cbegin(), decoded.decoded.cend(), [](char c) {
            const auto u = static_cast<unsigned char>(c);
            return (u >= 0x20 && u < 0x7f) || u == '\n' || u == '\r' || u == '\t';
        });
        if (printable * 100 >= decoded.decoded.size() * 95)
            return true;
    }
    return false;
}

// Base64 of DER whose outer SEQUENCE starts with another SEQUENCE: a certificate (tbsCertificate) or a
// public key (SubjectPublicKeyInfo's AlgorithmIdentifier). A private key (PKCS#1, PKCS#8, SEC1) starts
// with its version INTEGER instead, and stays a secret.
bool isPublicDer(const QString& value)
{
    const auto decoded = QByteArray::fromBase64Encoding(value.toLatin1(), QByteArray::Base64Encoding |
                                                                              QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded || decoded.decoded.size() < 4 || static_cast<unsigned char>(decoded.decoded.at(0)) != 0x30)
        return false;
    const auto lengthByte = static_cast<unsigned char>(decoded.decoded.at(1));
    const qsizetype inner = lengthByte < 0x80 ? 2 : 2 + (lengthByte & 0x7f);
    return inner < decoded.decoded.size() && static_cast<unsigned char>(decoded.decoded.at(inner)) == 0x30;
}

} // namespace

const SecretRules& SecretRules::instance()
{
    static const SecretRules rules = [] {
        QFile file(QStringLiteral(":/bulkhead/secrets/rules.json"));
        if (!file.open(QIODevice::ReadOnly))
            return SecretRules(QByteArray());
        return SecretRules(file.readAll());
    }();
    return rules;
}

SecretRules::SecretRules(const QByteArray& json)
{
    if (json.isEmpty()) {
        m_loadError = QStringLiteral("The secret rule set resource is missing from this build");
        return;
    }
    Json document;
    try {
        document = Json::parse(json.constBegin(), json.constEnd());
    } catch (const Json::exception& e) {
        m_loadError = QStringLiteral("The secret rule set is not valid JSON: %1").arg(QString::fromUtf8(e.what()));
        return;
    }
    Reader read;
    if (!document.is_object()) {
        m_loadError = QStringLiteral("The secret rule set is not a JSON object");
        return;
    }
    m_maxScan = std::max<qsizetype>(2 * WindowOverlap, read.number<qsizetype>(document, "maxScan", 8192));
    for (const Json& rule : document.value("valueRules", Json::array())) {
        ValueRule value;
        value.id = read.string(rule, "id");
        value.description = read.string(rule, "description");
        value.hints = read.strings(rule, "hints");
        value.caseInsensitiveHints = rule.value("caseInsensitiveHints", false);
        value.regex = read.regex(read.string(rule, "regex"));
        value.unlessReference = read.number<int>(rule, "unlessReference", 0);
        value.secretGroup = read.number<int>(rule, "secretGroup", 0);
        m_valueRules.append(value);
    }
    for (const Json& rule : document.value("keyedValueRules", Json::array())) {
        KeyedRule keyed;
        keyed.id = read.string(rule, "id");
        keyed.nameContains = read.strings(rule, "nameContains");
        keyed.regex = read.regex(read.string(rule, "regex"));
        m_keyedRules.append(keyed);
    }
    const Json references = document.value("references", Json::object());
    m_referencePrefixes = read.strings(references, "prefixes");
    for (const QString& pattern : read.strings(references, "regexes"))
        m_referenceRegexes.append(read.regex(pattern));
    for (const QString& word : read.strings(document, "switches"))
        m_switches.insert(word.toLower());
    for (const Json& entry : document.value("allowlist", Json::array())) {
        AllowEntry allow;
        allow.id = read.string(entry, "id");
        for (const QString& name : read.strings(entry, "names"))
            allow.names.insert(normalisedName(name));
        for (const QString& suffix : read.strings(entry, "nameSuffixes"))
            allow.nameSuffixes << normalisedName(suffix);
        if (const QString value = read.string(entry, "value", false); !value.isEmpty())
            allow.value = read.regex(value);
        m_allowlist.append(allow);
    }
    for (const Json& rule : document.value("nameRules", Json::array())) {
        NameRule name;
        name.id = read.string(rule, "id");
        name.description = read.string(rule, "description");
        name.contains = read.strings(rule, "contains");
        name.words = read.strings(rule, "words");
        name.wordsWithOthers = read.strings(rule, "wordsWithOthers");
        m_nameRules.append(name);
    }
    const Json lastWords = document.value("notSecretLastWords", Json::object());
    for (const QString& word : read.strings(lastWords, "pathWords"))
        m_pathWords.insert(word);
    for (const QString& word : read.strings(lastWords, "aboutWords"))
        m_aboutWords.insert(word);
    const Json entropy = document.value("entropy", Json::object());
    m_entropy.id = read.string(entropy, "id");
    m_entropy.minLength = read.number<qsizetype>(entropy, "minLength", m_entropy.minLength);
    m_entropy.maxLength = read.number<qsizetype>(entropy, "maxLength", m_entropy.maxLength);
    m_entropy.base64MinBits = read.number<double>(entropy, "base64MinBitsPerChar", m_entropy.base64MinBits);
    m_entropy.hexMinLength = read.number<qsizetype>(entropy, "hexMinLength", m_entropy.hexMinLength);
    m_entropy.hexMinBits = read.number<double>(entropy, "hexMinBitsPerChar", m_entropy.hexMinBits);
    for (const QString& word : read.strings(entropy, "keyWords"))
        m_entropy.keyWords.insert(word);
    m_entropy.publicNameContains = read.strings(entropy, "publicNameContains");
    const Json flags = document.value("commandFlags", Json::object());
    for (const Json& program : flags.value("programs", Json::array())) {
        CommandFlag flag;
        flag.flags = read.strings(program, "flags");
        flag.attached = program.value("attached", false);
        flag.separate = program.value("separate", false);
        flag.valueContains = read.string(program, "valueContains", false);
        for (const QString& name : read.strings(program, "names"))
            m_commandFlags.insert(name, flag);
    }
    if (read.error.isEmpty() && (m_valueRules.isEmpty() || m_nameRules.isEmpty()))
        read.fail(QStringLiteral("it has no value rules or no name rules"));
    if (!read.error.isEmpty())
        m_loadError = QStringLiteral("The secret rule set is invalid: %1").arg(read.error);
}

QStringList SecretRules::ruleIds() const
{
    QStringList ids;
    for (const ValueRule& rule : m_valueRules)
        ids << rule.id;
    for (const KeyedRule& rule : m_keyedRules)
        ids << rule.id;
    for (const NameRule& rule : m_nameRules)
        ids << rule.id;
    ids << m_entropy.id << QStringLiteral("password-option");
    return ids;
}

bool SecretRules::isReference(const QString& value) const
{
    for (const QString& prefix : m_referencePrefixes) {
        if (value.startsWith(prefix))
            return true;
    }
    return std::any_of(m_referenceRegexes.cbegin(), m_referenceRegexes.cend(),
                       [&value](const QRegularExpression& re) { return re.match(value).hasMatch(); });
}

QString SecretRules::allowed(const QString& name, const QString& value) const
{
    const QString upper = normalisedName(name);
    for (const AllowEntry& entry : m_allowlist) {
        const bool named = entry.names.contains(upper) ||
                           std::any_of(entry.nameSuffixes.cbegin(), entry.nameSuffixes.cend(),
                                       [&upper](const QString& suffix) { return upper.endsWith(suffix); });
        if (named && (!entry.value || entry.value->match(value).hasMatch()))
            return entry.id;
    }
    return {};
}

QString SecretRules::valueRule(const QString& text) const
{
    for (const ValueRule& rule : m_valueRules) {
        const Qt::CaseSensitivity cs = rule.caseInsensitiveHints ? Qt::CaseInsensitive : Qt::CaseSensitive;
        if (!rule.hints.isEmpty() && std::none_of(rule.hints.cbegin(), rule.hints.cend(),
                                                  [&](const QString& hint) { return text.contains(hint, cs); }))
            continue;
        // Windows bound the work of one match attempt on a hostile value; they overlap by more than
        // any token's length, so a token is whole in at least one of them.
        for (qsizetype from = 0; from < text.size(); from += m_maxScan - WindowOverlap) {
            const QStringView window = QStringView(text).mid(from, m_maxScan);
            const QRegularExpressionMatch match = rule.regex.match(window);
            if (match.hasMatch()) {
                if (rule.unlessReference > 0 && isReference(match.captured(rule.unlessReference)))
                    break;
                return rule.id;
            }
            if (from + m_maxScan >= text.size())
                break;
        }
    }
    return {};
}

bool SecretRules::mentionsSecretName(QStringView text) const
{
    const bool named = std::any_of(m_nameRules.cbegin(), m_nameRules.cend(), [text](const NameRule& rule) {
        return std::any_of(rule.contains.cbegin(), rule.contains.cend(),
                           [text](const QString& part) { return text.contains(part, Qt::CaseInsensitive); });
    });
    if (named)
        return true;
    // A program that takes its password as an option (mysql -pVALUE) counts as a mention.
    for (auto it = m_commandFlags.cbegin(); it != m_commandFlags.cend(); ++it) {
        if (text.contains(it.key()))
            return true;
    }
    return false;
}

std::optional<SecretRules::CommandFlag> SecretRules::passwordFlag(const QString& program) const
{
    const QString base = program.section(QLatin1Char('/'), -1);
    const auto it = m_commandFlags.constFind(base);
    if (it == m_commandFlags.cend())
        return std::nullopt;
    return it.value();
}

double SecretRules::shannonBitsPerChar(QStringView value)
{
    if (value.isEmpty())
        return 0;
    QHash<char16_t, int> counts;
    for (const QChar c : value)
        ++counts[c.unicode()];
    double bits = 0;
    const double n = static_cast<double>(value.size());
    for (const int count : std::as_const(counts)) {
        const double p = count / n;
        bits -= p * std::log2(p);
    }
    return bits;
}

QString SecretRules::entropyRule(const QString& upperName, const QStringList& words, const QString& value) const
{
    if (words.isEmpty() || value.size() < m_entropy.minLength || value.size() > m_entropy.maxLength)
        return {};
    if (std::any_of(m_entropy.publicNameContains.cbegin(), m_entropy.publicNameContains.cend(),
                    [&upperName](const QString& part) { return upperName.contains(part); }))
        return {}; // a public key or certificate: random-looking and meant to be shared
    bool upper = false;
    bool lower = false;
    bool digit = false;
    bool hexOnly = true;
    for (const QChar c : value) {
        const char16_t u = c.unicode();
        if (u >= 'A' && u <= 'Z')
            upper = true;
        else if (u >= 'a' && u <= 'z')
            lower = true;
        else if (u >= '0' && u <= '9')
            digit = true;
        else if (u != '+' && u != '/' && u != '_' && u != '=' && u != '-')
            return {}; // not a token: prose, paths with dots, URLs, lists
        if (!c.isDigit() && !((u >= 'a' && u <= 'f') || (u >= 'A' && u <= 'F')))
            hexOnly = false;
    }
    if (value.startsWith(QLatin1Char('/')) || value.startsWith(QLatin1Char('-')))
        return {}; // a path or an option
    static const QRegularExpression uuid(
        QStringLiteral("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"));
    if (uuid.match(value).hasMatch())
        return {}; // an identifier
    const double bits = shannonBitsPerChar(value);
    if (hexOnly) {
        // Hex is what digests, commit ids and identifiers look like: only a key-like name makes it a key.
        const bool keyName = std::any_of(words.cbegin(), words.cend(),
                                         [this](const QString& word) { return m_entropy.keyWords.contains(word); });
        return keyName && value.size() >= m_entropy.hexMinLength && bits >= m_entropy.hexMinBits ? m_entropy.id
                                                                                                 : QString();
    }
    if (!(upper && lower && digit) || bits < m_entropy.base64MinBits || decodesToText(value) || isPublicDer(value))
        return {};
    return m_entropy.id;
}

QString SecretRules::classify(const QString& name, const QString& value) const
{
    // A marker is what a first pass left: never a secret, also when a parser of a second pass cut it
    // (an assignment's value may end at the marker's own ':').
    if (value.isEmpty() || value.startsWith(MarkerPrefix))
        return {};
    if (!m_loadError.isEmpty())
        return QStringLiteral("rules-unavailable");
    if (QString rule = valueRule(value); !rule.isEmpty())
        return rule;
    // A marker inside the name ("X=[REDACTED:slack-token:...]" used as a key) is what a first pass left of
    // a NAME=VALUE text: the name it was judged by is gone, so only the value's own shape counts (judging
    // what is left of the name would find "PASSWORD" where the first pass read "PASSWORD=...ID", and call
    // the value a secret on the second pass only). Found twice by fuzz_secret_redactor.
    if (name.contains(MarkerPrefix))
        return {};
    if (name.isEmpty())
        return {};

    const QString upper = name.toUpper();
    const QStringList words = nameWords(upper);
    for (const KeyedRule& rule : m_keyedRules) {
        const bool named = std::any_of(rule.nameContains.cbegin(), rule.nameContains.cend(),
                                       [&upper](const QString& part) { return upper.contains(part); });
        if (named && value.size() <= 256 && rule.regex.match(value).hasMatch())
            return rule.id;
    }
    if (!allowed(name, value).isEmpty())
        return {};
    static const QRegularExpression smallNumber(QStringLiteral("^-?[0-9]{1,4}$"));
    if (isReference(value) || m_switches.contains(value.toLower()) || smallNumber.match(value).hasMatch())
        return {};

    const QSet<QString> wordSet(words.cbegin(), words.cend());
    for (const NameRule& rule : m_nameRules) {
        const bool named =
            std::any_of(rule.contains.cbegin(), rule.contains.cend(),
                        [&upper](const QString& part) { return upper.contains(part); }) ||
            std::any_of(rule.words.cbegin(), rule.words.cend(),
                        [&wordSet](const QString& word) { return wordSet.contains(word); }) ||
            (words.size() > 1 && std::any_of(rule.wordsWithOthers.cbegin(), rule.wordsWithOthers.cend(),
                                             [&wordSet](const QString& word) { return wordSet.contains(word); }));
        if (!named || words.isEmpty())
            continue;
        const QString& last = words.constLast();
        if (m_pathWords.contains(last)) {
            static const QRegularExpression path(QStringLiteral(R"(^(/|\./|\.\./|~/|[A-Za-z]:\\)\S*$)"));
            return path.match(value).hasMatch() ? QString() : rule.id;
        }
        if (m_aboutWords.contains(last))
            return {};
        return rule.id;
    }
    return entropyRule(upper, words, value);
}

} // namespace bulkhead
