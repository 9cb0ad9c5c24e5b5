// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QRegularExpression>
#include <QSet>
#include <QString>
#include <QStringList>
#include <QVector>

#include <optional>

namespace bulkhead {

// The secret rule set, kept as data in resources/secrets/rules.json (embedded as
// :/bulkhead/secrets/rules.json). classify() decides whether NAME=VALUE holds a secret, in this order:
// value rules (a token format is a secret whatever its name), keyed value rules, the allow-list,
// references and switches, names, then entropy. Each step's "why" is in the JSON next to its data.
class SecretRules
{
public:
    struct ValueRule
    {
        QString id;
        QString description;
        QStringList hints; // cheap substring tests: a value without any of them skips the regex
        bool caseInsensitiveHints = false;
        QRegularExpression regex;
        int unlessReference = 0; // capture group that, when a ${VAR} reference, makes it no secret
        int secretGroup = 0;     // in a line of text, the capture group that is the secret (0: the word)
    };
    struct NameRule
    {
        QString id;
        QString description;
        QStringList contains;        // substrings of the upper-cased name
        QStringList words;           // whole words of the name
        QStringList wordsWithOthers; // whole words, only in a name of more than one word (PWD alone is the cwd)
    };
    struct AllowEntry
    {
        QString id;
        QSet<QString> names;                     // normalised: upper case, '.' and '-' as '_'
        QStringList nameSuffixes;                // idem
        std::optional<QRegularExpression> value; // when set, the value must match too
    };
    struct CommandFlag
    {
        QStringList flags;     // "-p"; "-u", "--user"
        bool attached = false; // -pVALUE (a long option takes --user=VALUE, always)
        bool separate = false; // -p VALUE
        QString valueContains; // when set, only a value containing it is a password (curl -u user:password)

        bool takes(QStringView value) const
        {
            return !value.isEmpty() && (valueContains.isEmpty() || value.contains(valueContains));
        }
        // What of `word` is the option: the flag itself ("-p", "--user"), "--user=" for a long option
        // with its value attached, "-p" for -pVALUE; empty when the word is not this option.
        QString optionIn(QStringView word) const
        {
            for (const QString& flag : flags) {
                if (flag.startsWith(QLatin1String("--"))) {
                    if (word == flag)
                        return flag;
                    if (word.startsWith(flag) && word.size() > flag.size() && word.at(flag.size()) == QLatin1Char('='))
                        return flag + QLatin1Char('=');
                } else if (word.startsWith(flag) && (word.size() == flag.size() || attached)) {
                    return flag;
                }
            }
            return {};
        }
    };

    static const SecretRules& instance();
    // For tests: parse a rule file. Empty loadError() on success.
    explicit SecretRules(const QByteArray& json);

    QString loadError() const { return m_loadError; }
    const QVector<ValueRule>& valueRules() const { return m_valueRules; }
    const QVector<NameRule>& nameRules() const { return m_nameRules; }
    QStringList ruleIds() const; // every id classify() can return

    // The rule id when NAME=VALUE holds a secret, else empty. An empty name classifies the value by its
    // shape only (value rules). Rules that failed to load classify every non-empty value as a secret
    // ("rules-unavailable"): redaction fails closed.
    QString classify(const QString& name, const QString& value) const;
    // The id of the first value rule matching anywhere in `text` (any length: scanned in windows).
    QString valueRule(const QString& text) const;
    // The short password option of a program (basename of argv[0]), if it has one.
    std::optional<CommandFlag> passwordFlag(const QString& program) const;
    // Whether `text` contains, in any case, what a name rule looks for (PASSWORD, SECRET, TOKEN, ...) or
    // the name of a program with a password option: the linear test for text too long to take apart.
    bool mentionsSecretName(QStringView text) const;
    // Whether the value is a reference to a secret kept elsewhere (${VAR}, /run/secrets/..., ...).
    bool isReference(const QString& value) const;
    // The allow-list entry NAME=VALUE falls under, or empty.
    QString allowed(const QString& name, const QString& value) const;

    static double shannonBitsPerChar(QStringView value);

private:
    QString entropyRule(const QString& upperName, const QStringList& words, const QString& value) const;

    QString m_loadError;
    qsizetype m_maxScan = 8192;
    QVector<ValueRule> m_valueRules;
    struct KeyedRule
    {
        QString id;
        QStringList nameContains;
        QRegularExpression regex;
    };
    QVector<KeyedRule> m_keyedRules;
    QStringList m_referencePrefixes;
    QVector<QRegularExpression> m_referenceRegexes;
    QSet<QString> m_switches;
    QVector<AllowEntry> m_allowlist;
    QVector<NameRule> m_nameRules;
    QSet<QString> m_pathWords;
    QSet<QString> m_aboutWords;
    struct Entropy
    {
        QString id;
        qsizetype minLength = 20;
        qsizetype maxLength = 4096;
        double base64MinBits = 4.0;
        qsizetype hexMinLength = 32;
        double hexMinBits = 3.0;
        QSet<QString> keyWords;
        QStringList publicNameContains;
    } m_entropy;
    QHash<QString, CommandFlag> m_commandFlags;
};

} // namespace bulkhead
