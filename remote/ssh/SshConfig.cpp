// SPDX-License-Identifier: GPL-3.0-or-later
#include "ssh/SshConfig.h"

#include "ssh/Endpoint.h"
#include "ssh/SshProxy.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <glob.h>
#include <pwd.h>
#include <unistd.h>

#include <map>

namespace bulkhead {

namespace {

constexpr int MaxIncludeDepth = 16; // as OpenSSH's READCONF_MAX_DEPTH
constexpr qint64 MaxFileBytes = 4 << 20;

// OpenSSH's match_pattern(): '*' any run, '?' one character; case-insensitive here because
// host names are.
bool globMatch(const QString& text, const QString& pattern)
{
    qsizetype t = 0;
    qsizetype p = 0;
    qsizetype starP = -1;
    qsizetype starT = 0;
    while (t < text.size()) {
        if (p < pattern.size() &&
            (pattern.at(p) == QLatin1Char('?') || pattern.at(p).toLower() == text.at(t).toLower())) {
            ++t;
            ++p;
        } else if (p < pattern.size() && pattern.at(p) == QLatin1Char('*')) {
            starP = p++;
            starT = t;
        } else if (starP >= 0) {
            p = starP + 1;
            t = ++starT;
        } else {
            return false;
        }
    }
    while (p < pattern.size() && pattern.at(p) == QLatin1Char('*')) {
        ++p;
    }
    return p == pattern.size();
}

// A pattern list (Host's arguments, or Match's comma-separated list): true when a positive
// pattern matches and no negated one does.
bool matchPatternList(const QString& text, const QStringList& patterns)
{
    bool matched = false;
    for (const QString& pattern : patterns) {
        if (pattern.startsWith(QLatin1Char('!'))) {
            if (globMatch(text, pattern.mid(1))) {
                return false;
            }
        } else if (globMatch(text, pattern)) {
            matched = true;
        }
    }
    return matched;
}

// ssh_config's word splitting: whitespace separates, double or single quotes group, a backslash
// escapes a quote, a backslash or a space, '#' at the start of a word ends the line.
std::optional<QStringList> splitWords(const QString& text)
{
    QStringList words;
    QString word;
    bool inWord = false;
    QChar quote;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (c == QLatin1Char('\\') && i + 1 < text.size()) {
            const QChar next = text.at(i + 1);
            if (next == QLatin1Char('\\') || next == QLatin1Char('"') || next == QLatin1Char('\'') ||
                (next == QLatin1Char(' ') && quote.isNull())) {
                word += next;
                inWord = true;
                ++i;
                continue;
            }
        }
        if (!quote.isNull()) {
            if (c == quote) {
                quote = QChar();
            } else {
                word += c;
            }
            continue;
        }
        if (c == QLatin1Char('"') || c == QLatin1Char('\'')) {
            quote = c;
            inWord = true;
            continue;
        }
        if (c.isSpace()) {
            if (inWord) {
                words << word;
                word.clear();
                inWord = false;
            }
            continue;
        }
        if (c == QLatin1Char('#') && !inWord) {
            break;
        }
        word += c;
        inWord = true;
    }
    if (!quote.isNull()) {
        return std::nullopt;
    }
    if (inWord) {
        words << word;
    }
    return words;
}

QString localHostName()
{
    char name[256] = {};
    if (::gethostname(name, sizeof(name) - 1) != 0) {
        return {};
    }
    return QString::fromLocal8Bit(name);
}

QString homeOf(const QString& user)
{
    // getpwnam_r: scan workers resolve hosts at the same time.
    const QByteArray name = user.toLocal8Bit();
    passwd entry{};
    passwd* found = nullptr;
    char buffer[4096];
    if (getpwnam_r(name.constData(), &entry, buffer, sizeof(buffer), &found) == 0 && found != nullptr &&
        found->pw_dir != nullptr) {
        return QFile::decodeName(found->pw_dir);
    }
    return {};
}

// Keywords that are read but deliberately not applied, with the reason shown to the user.
const std::map<QString, QString>& ignoredKeywords()
{
    static const std::map<QString, QString> reasons = {
        {QStringLiteral("stricthostkeychecking"),
         QStringLiteral("host keys are always checked strictly against Bulkhead's known_hosts file")},
        {QStringLiteral("userknownhostsfile"), QStringLiteral("Bulkhead uses its own known_hosts file")},
        {QStringLiteral("globalknownhostsfile"), QStringLiteral("Bulkhead uses its own known_hosts file")},
        {QStringLiteral("knownhostscommand"), QStringLiteral("Bulkhead uses its own known_hosts file")},
        {QStringLiteral("hostkeyalias"), QStringLiteral("host keys are looked up under the host name")},
        {QStringLiteral("checkhostip"), QStringLiteral("host keys are looked up under the host name")},
        {QStringLiteral("verifyhostkeydns"), QStringLiteral("host keys come from the known_hosts file only")},
        {QStringLiteral("updatehostkeys"), QStringLiteral("the known_hosts file changes only with --accept-new")},
        {QStringLiteral("forwardagent"), QStringLiteral("Bulkhead never forwards the agent")},
        {QStringLiteral("forwardx11"), QStringLiteral("Bulkhead opens no forwarding")},
        {QStringLiteral("localforward"), QStringLiteral("Bulkhead opens no forwarding")},
        {QStringLiteral("remoteforward"), QStringLiteral("Bulkhead opens no forwarding")},
        {QStringLiteral("dynamicforward"), QStringLiteral("Bulkhead opens no forwarding")},
        {QStringLiteral("localcommand"), QStringLiteral("Bulkhead runs no local command")},
        {QStringLiteral("permitlocalcommand"), QStringLiteral("Bulkhead runs no local command")},
        {QStringLiteral("controlmaster"), QStringLiteral("each scan opens its own connection")},
        {QStringLiteral("controlpath"), QStringLiteral("each scan opens its own connection")},
        {QStringLiteral("identitiesonly"),
         QStringLiteral("libssh 0.10 cannot choose which agent keys to offer: identity files go first, then the "
                        "agent")},
        {QStringLiteral("certificatefile"), QStringLiteral("certificates are not supported")},
        {QStringLiteral("pkcs11provider"), QStringLiteral("PKCS#11 keys are not supported")},
        {QStringLiteral("securitykeyprovider"), QStringLiteral("security keys are not supported")},
        {QStringLiteral("canonicalizehostname"), QStringLiteral("host names are not canonicalized")},
        {QStringLiteral("addressfamily"), QStringLiteral("not supported")},
        {QStringLiteral("bindaddress"), QStringLiteral("not supported")},
    };
    return reasons;
}

} // namespace

// Walks the configuration for one alias, keeping OpenSSH's rules: directives apply while the
// current Host/Match block matches; the first value of a keyword wins; Include applies in place.
class SshConfigResolver
{
public:
    SshConfigResolver(const SshConfig& config, const QString& alias, const QString& commandLineUser,
                      int commandLinePort)
        : m_config(config)
        , m_commandLineUser(commandLineUser)
        , m_commandLinePort(commandLinePort)
    {
        m_result.alias = alias;
    }

    SshConfig::Resolved run()
    {
        for (const int root : m_config.m_roots) {
            bool active = true; // lines before the first Host apply to every host
            walk(root, active, 0);
        }
        finish();
        return m_result;
    }

private:
    QString localUser() const { return m_config.m_options.localUser; }
    QString remoteUser() const
    {
        if (!m_commandLineUser.isEmpty()) {
            return m_commandLineUser;
        }
        return m_result.user.isEmpty() ? localUser() : m_result.user;
    }
    QString currentHost() const { return m_result.hostName.isEmpty() ? m_result.alias : m_result.hostName; }

    void note(const SshConfig::Line& line, const QString& why)
    {
        const QString text =
            QStringLiteral("%1 %2 (%3): %4")
                .arg(line.keyword, line.arguments.join(QLatin1Char(' ')), m_config.location(line), why);
        if (!m_result.ignored.contains(text)) {
            m_result.ignored << text;
        }
    }
    void applied(const SshConfig::Line& line, const QString& keyword, const QString& value)
    {
        m_result.applied << QStringLiteral("%1 %2 (%3)").arg(keyword, value, m_config.location(line));
    }

    void walk(int fileIndex, bool& active, int depth)
    {
        const auto& file = m_config.m_files.at(fileIndex);
        for (const auto& line : file.lines) {
            if (line.keyword == QLatin1String("host")) {
                active = matchPatternList(m_result.alias, line.arguments);
                continue;
            }
            if (line.keyword == QLatin1String("match")) {
                active = evaluateMatch(line);
                continue;
            }
            if (!active) {
                continue;
            }
            if (line.keyword == QLatin1String("include")) {
                for (const int included : line.includes) {
                    if (depth + 1 < MaxIncludeDepth) {
                        bool nested = active;
                        walk(included, nested, depth + 1);
                    }
                }
                continue;
            }
            apply(line);
        }
    }

    bool evaluateMatch(const SshConfig::Line& line)
    {
        const QStringList& words = line.arguments;
        if (words.isEmpty()) {
            note(line, QStringLiteral("Match without criteria never matches"));
            return false;
        }
        bool result = true;
        for (qsizetype i = 0; i < words.size(); ++i) {
            QString criterion = words.at(i).toLower();
            bool negate = false;
            if (criterion.startsWith(QLatin1Char('!'))) {
                negate = true;
                criterion.remove(0, 1);
            }
            bool matched = false;
            if (criterion == QLatin1String("all") || criterion == QLatin1String("canonical") ||
                criterion == QLatin1String("final")) {
                matched = true; // one pass, no canonicalization: "final" and "canonical" are this pass
            } else {
                if (i + 1 >= words.size()) {
                    note(line, QStringLiteral("Match %1 needs an argument; the block never matches").arg(criterion));
                    return false;
                }
                const QStringList list = words.at(++i).split(QLatin1Char(','), Qt::SkipEmptyParts);
                if (criterion == QLatin1String("host")) {
                    matched = matchPatternList(currentHost(), list);
                } else if (criterion == QLatin1String("originalhost")) {
                    matched = matchPatternList(m_result.alias, list);
                } else if (criterion == QLatin1String("user")) {
                    matched = matchPatternList(remoteUser(), list);
                } else if (criterion == QLatin1String("localuser")) {
                    matched = matchPatternList(localUser(), list);
                } else if (criterion == QLatin1String("exec")) {
                    note(line, QStringLiteral("Match exec is never run by Bulkhead (resolving a host runs nothing); "
                                              "the block does not match"));
                    return false;
                } else {
                    note(line, QStringLiteral("Match %1 is not supported; the block does not match").arg(criterion));
                    return false;
                }
            }
            if (matched == negate) {
                result = false;
            }
        }
        return result;
    }

    std::optional<int> number(const SshConfig::Line& line, int minimum, int maximum)
    {
        bool ok = false;
        const int value = line.arguments.value(0).toInt(&ok);
        if (!ok || value < minimum || value > maximum) {
            note(line, QStringLiteral("not a number between %1 and %2; ignored").arg(minimum).arg(maximum));
            return std::nullopt;
        }
        return value;
    }

    void apply(const SshConfig::Line& line)
    {
        const QString& keyword = line.keyword;
        if (line.arguments.isEmpty()) {
            note(line, QStringLiteral("no value; ignored"));
            return;
        }
        const QString& value = line.arguments.front();
        if (keyword == QLatin1String("hostname")) {
            if (!m_seen.contains(keyword)) {
                m_seen << keyword;
                // %h is the alias; other tokens are not defined for HostName.
                QString expanded = value;
                expanded.replace(QLatin1String("%%"), QStringLiteral("\x01"));
                expanded.replace(QLatin1String("%h"), m_result.alias);
                expanded.replace(QStringLiteral("\x01"), QStringLiteral("%"));
                m_result.hostName = expanded;
                applied(line, QStringLiteral("HostName"), expanded);
            }
        } else if (keyword == QLatin1String("user")) {
            if (!m_seen.contains(keyword)) {
                m_seen << keyword;
                m_result.user = value;
                applied(line, QStringLiteral("User"), value);
            }
        } else if (keyword == QLatin1String("port")) {
            if (!m_seen.contains(keyword)) {
                m_seen << keyword;
                if (const auto port = number(line, 1, 65535)) {
                    m_result.port = *port;
                    applied(line, QStringLiteral("Port"), value);
                }
            }
        } else if (keyword == QLatin1String("identityfile")) {
            m_identityLines.append(line); // expanded once User, HostName and Port are final
        } else if (keyword == QLatin1String("identityagent")) {
            if (!m_seen.contains(keyword)) {
                m_seen << keyword;
                m_identityAgentLine = line;
            }
        } else if (keyword == QLatin1String("proxyjump") || keyword == QLatin1String("proxycommand")) {
            // Whichever of the two comes first wins; "none" still counts as set.
            if (!m_seen.contains(QStringLiteral("proxy"))) {
                m_seen << QStringLiteral("proxy");
                m_proxyLine = line;
            }
        } else if (keyword == QLatin1String("connecttimeout")) {
            if (!m_seen.contains(keyword)) {
                m_seen << keyword;
                if (const auto seconds = number(line, 1, 3600)) {
                    m_result.connectTimeoutSeconds = *seconds;
                    applied(line, QStringLiteral("ConnectTimeout"), value);
                }
            }
        } else if (keyword == QLatin1String("serveraliveinterval")) {
            if (!m_seen.contains(keyword)) {
                m_seen << keyword;
                if (const auto seconds = number(line, 0, 86400)) {
                    m_result.serverAliveInterval = *seconds;
                    applied(line, QStringLiteral("ServerAliveInterval"), value);
                }
            }
        } else if (keyword == QLatin1String("serveralivecountmax")) {
            if (!m_seen.contains(keyword)) {
                m_seen << keyword;
                if (const auto count = number(line, 1, 1000)) {
                    m_result.serverAliveCountMax = *count;
                    applied(line, QStringLiteral("ServerAliveCountMax"), value);
                }
            }
        } else if (const auto reason = ignoredKeywords().find(keyword); reason != ignoredKeywords().end()) {
            note(line, QStringLiteral("ignored: %1").arg(reason->second));
        }
        // Any other keyword (ciphers, SendEnv, ...) has no effect on what Bulkhead does.
    }

    // ssh_config's TOKENS for IdentityFile, IdentityAgent and ProxyCommand.
    std::optional<QString> expand(const SshConfig::Line& line, const QString& text, const QString& allowed)
    {
        const int port = m_commandLinePort > 0 ? m_commandLinePort : m_result.port.value_or(22);
        QString out;
        for (qsizetype i = 0; i < text.size(); ++i) {
            const QChar c = text.at(i);
            if (c != QLatin1Char('%')) {
                out += c;
                continue;
            }
            if (i + 1 >= text.size()) {
                note(line, QStringLiteral("ends with a lone %; ignored"));
                return std::nullopt;
            }
            const QChar token = text.at(++i);
            if (token != QLatin1Char('%') && !allowed.contains(token)) {
                note(line, QStringLiteral("the token %%1 is not supported here; ignored").arg(token));
                return std::nullopt;
            }
            switch (token.toLatin1()) {
            case '%':
                out += QLatin1Char('%');
                break;
            case 'd':
                out += m_config.m_options.homeDir;
                break;
            case 'u':
                out += localUser();
                break;
            case 'h':
                out += currentHost();
                break;
            case 'n':
                out += m_result.alias;
                break;
            case 'r':
                out += remoteUser();
                break;
            case 'p':
                out += QString::number(port);
                break;
            case 'i':
                out += QString::number(getuid());
                break;
            case 'l':
                out += localHostName().section(QLatin1Char('.'), 0, 0);
                break;
            case 'L':
                out += localHostName();
                break;
            case 'C':
                out += QString::fromLatin1(
                    QCryptographicHash::hash(
                        (localHostName() + currentHost() + QString::number(port) + remoteUser()).toUtf8(),
                        QCryptographicHash::Sha1)
                        .toHex());
                break;
            default:
                note(line, QStringLiteral("the token %%1 is not supported; ignored").arg(token));
                return std::nullopt;
            }
        }
        return out;
    }

    // ~ and ~user at the start, ${VAR} anywhere (as OpenSSH does for IdentityFile and IdentityAgent).
    std::optional<QString> expandPath(const SshConfig::Line& line, const QString& text)
    {
        QString path = text;
        if (path == QLatin1String("~") || path.startsWith(QLatin1String("~/"))) {
            path = m_config.m_options.homeDir + path.mid(1);
        } else if (path.startsWith(QLatin1Char('~'))) {
            const qsizetype slash = path.indexOf(QLatin1Char('/'));
            const QString user = path.mid(1, slash < 0 ? -1 : slash - 1);
            const QString home = homeOf(user);
            if (home.isEmpty()) {
                note(line, QStringLiteral("unknown user ~%1; ignored").arg(user));
                return std::nullopt;
            }
            path = home + (slash < 0 ? QString() : path.mid(slash));
        }
        qsizetype start = 0;
        while ((start = path.indexOf(QLatin1String("${"), start)) >= 0) {
            const qsizetype end = path.indexOf(QLatin1Char('}'), start);
            if (end < 0) {
                note(line, QStringLiteral("unterminated ${; ignored"));
                return std::nullopt;
            }
            const QString name = path.mid(start + 2, end - start - 2);
            if (!qEnvironmentVariableIsSet(name.toLocal8Bit().constData())) {
                note(line, QStringLiteral("environment variable %1 is not set; ignored").arg(name));
                return std::nullopt;
            }
            const QString value = qEnvironmentVariable(name.toLocal8Bit().constData());
            path.replace(start, end - start + 1, value);
            start += value.size();
        }
        return path;
    }

    void finish()
    {
        if (m_result.hostName.isEmpty()) {
            m_result.hostName = m_result.alias;
        }
        const QString pathTokens = QStringLiteral("dhilLnpruC");
        for (const auto& line : m_identityLines) {
            if (auto expanded = expand(line, line.arguments.front(), pathTokens)) {
                if (auto path = expandPath(line, *expanded)) {
                    if (!m_result.identityFiles.contains(*path)) {
                        m_result.identityFiles << *path;
                        applied(line, QStringLiteral("IdentityFile"), *path);
                    }
                }
            }
        }
        if (m_identityAgentLine) {
            const SshConfig::Line& line = *m_identityAgentLine;
            const QString value = line.arguments.front();
            if (value == QLatin1String("none") || value == QLatin1String("SSH_AUTH_SOCK")) {
                m_result.identityAgent = value;
                applied(line, QStringLiteral("IdentityAgent"), value);
            } else if (value.startsWith(QLatin1Char('$'))) {
                const QString name = value.mid(1);
                m_result.identityAgent = qEnvironmentVariable(name.toLocal8Bit().constData());
                applied(line, QStringLiteral("IdentityAgent"), m_result.identityAgent);
            } else if (auto expanded = expand(line, value, pathTokens)) {
                if (auto path = expandPath(line, *expanded)) {
                    m_result.identityAgent = *path;
                    applied(line, QStringLiteral("IdentityAgent"), *path);
                }
            }
        }
        if (m_proxyLine) {
            const SshConfig::Line& line = *m_proxyLine;
            if (line.keyword == QLatin1String("proxyjump")) {
                const QString value = line.arguments.join(QLatin1Char(' '));
                if (value != QLatin1String("none")) {
                    m_result.proxyJump = value;
                    applied(line, QStringLiteral("ProxyJump"), value);
                }
            } else {
                // The command is the rest of the line, as the user wrote it (quotes are the shell's).
                const QString value = line.arguments.join(QLatin1Char(' '));
                if (value != QLatin1String("none")) {
                    if (auto expanded = expand(line, value, QStringLiteral("hnpr"))) {
                        m_result.proxyCommand = *expanded;
                        applied(line, QStringLiteral("ProxyCommand"), *expanded);
                    }
                }
            }
        }
    }

    const SshConfig& m_config;
    QString m_commandLineUser;
    int m_commandLinePort = 0;
    SshConfig::Resolved m_result;
    QStringList m_seen;
    QVector<SshConfig::Line> m_identityLines;
    std::optional<SshConfig::Line> m_identityAgentLine;
    std::optional<SshConfig::Line> m_proxyLine;
};

QString SshConfig::defaultPath()
{
    return QDir::home().filePath(QStringLiteral(".ssh/config"));
}

QString SshConfig::location(const Line& line) const
{
    return QStringLiteral("%1 line %2").arg(m_files.at(line.file).path).arg(line.number);
}

int SshConfig::parseFile(const QString& path, const QByteArray& text, int depth)
{
    const int index = static_cast<int>(m_files.size());
    File file;
    file.path = path;
    m_files.append(file);

    const QList<QByteArray> rawLines = text.split('\n');
    QVector<Line> lines;
    for (qsizetype i = 0; i < rawLines.size(); ++i) {
        QString content = QString::fromUtf8(rawLines.at(i)).trimmed();
        if (content.isEmpty() || content.startsWith(QLatin1Char('#'))) {
            continue;
        }
        // "Keyword value", "Keyword=value", "Keyword = value"
        qsizetype split = 0;
        while (split < content.size() && !content.at(split).isSpace() && content.at(split) != QLatin1Char('=')) {
            ++split;
        }
        Line line;
        line.file = index;
        line.number = static_cast<int>(i) + 1;
        line.keyword = content.left(split).toLower();
        QString rest = content.mid(split).trimmed();
        if (rest.startsWith(QLatin1Char('='))) {
            rest = rest.mid(1).trimmed();
        }
        const auto words = splitWords(rest);
        if (!words) {
            m_warnings << QStringLiteral("%1 line %2: unbalanced quotes; line ignored").arg(path).arg(line.number);
            continue;
        }
        line.arguments = *words;
        if (line.keyword == QLatin1String("proxycommand")) {
            // Keep the command exactly as written: it is a shell command line.
            line.arguments = QStringList{rest};
        }
        lines.append(line);
    }
    m_files[index].lines = lines;
    loadIncludes(index, depth);
    return index;
}

void SshConfig::loadIncludes(int fileIndex, int depth)
{
    for (qsizetype i = 0; i < m_files.at(fileIndex).lines.size(); ++i) {
        if (m_files.at(fileIndex).lines.at(i).keyword != QLatin1String("include")) {
            continue;
        }
        const Line line = m_files.at(fileIndex).lines.at(i);
        QVector<int> included;
        if (depth + 1 >= MaxIncludeDepth) {
            m_warnings << QStringLiteral("%1: Include nested too deeply; ignored").arg(location(line));
            continue;
        }
        for (QString pattern : line.arguments) {
            if (pattern.startsWith(QLatin1String("~/"))) {
                pattern = m_options.homeDir + pattern.mid(1);
            } else if (!QDir::isAbsolutePath(pattern)) {
                pattern = QDir(m_options.homeDir).filePath(QStringLiteral(".ssh/") + pattern);
            }
            glob_t matches{};
            const QByteArray encoded = QFile::encodeName(pattern);
            const int rc = ::glob(encoded.constData(), 0, nullptr, &matches);
            if (rc == GLOB_NOMATCH) {
                m_warnings << QStringLiteral("%1: Include %2 matches no file").arg(location(line), pattern);
            }
            for (size_t m = 0; rc == 0 && m < matches.gl_pathc; ++m) {
                const QString path = QFile::decodeName(matches.gl_pathv[m]);
                QFile file(path);
                if (!QFileInfo(path).isFile() || !file.open(QIODevice::ReadOnly)) {
                    m_warnings << QStringLiteral("%1: cannot read included file %2").arg(location(line), path);
                    continue;
                }
                included << parseFile(path, file.read(MaxFileBytes), depth + 1);
            }
            globfree(&matches);
        }
        m_files[fileIndex].lines[i].includes = included;
    }
}

SshConfig SshConfig::fromText(const QByteArray& text, const QString& path, const LoadOptions& options)
{
    SshConfig config;
    config.m_path = path;
    config.m_options = options;
    if (config.m_options.homeDir.isEmpty()) {
        config.m_options.homeDir = QDir::homePath();
    }
    if (config.m_options.localUser.isEmpty()) {
        config.m_options.localUser = Endpoint::localUserName();
    }
    config.m_roots << config.parseFile(path, text, 0);
    if (!options.systemConfig.isEmpty()) {
        QFile system(options.systemConfig);
        if (system.open(QIODevice::ReadOnly)) {
            config.m_roots << config.parseFile(options.systemConfig, system.read(MaxFileBytes), 0);
        }
    }
    return config;
}

Result<SshConfig> SshConfig::load(const QString& path, const LoadOptions& options)
{
    QFile file(path);
    if (!QFileInfo(path).isFile() || !file.open(QIODevice::ReadOnly)) {
        return makeError(QStringLiteral("cannot read the SSH configuration %1: %2")
                             .arg(path, file.exists() ? file.errorString() : QStringLiteral("no such file")));
    }
    return fromText(file.read(MaxFileBytes), path, options);
}

SshConfig::Resolved SshConfig::resolve(const QString& alias, const QString& commandLineUser, int commandLinePort) const
{
    return SshConfigResolver(*this, alias, commandLineUser, commandLinePort).run();
}

QStringList SshConfig::hostAliases() const
{
    QStringList aliases;
    for (const auto& file : m_files) {
        for (const auto& line : file.lines) {
            if (line.keyword != QLatin1String("host")) {
                continue;
            }
            for (const QString& name : line.arguments) {
                if (!name.contains(QLatin1Char('*')) && !name.contains(QLatin1Char('?')) &&
                    !name.startsWith(QLatin1Char('!')) && !aliases.contains(name)) {
                    aliases << name;
                }
            }
        }
    }
    return aliases;
}

Result<void> SshConfig::apply(const HostSpec& given, SshOptions& options, bool connectTimeoutGiven) const
{
    const HostSpec host = given; // a copy: callers pass options.host, which changes below
    // Port 22 cannot be told apart from "no port given": the file's Port wins over it.
    const Resolved resolved = resolve(host.address, host.user, host.port == 22 ? 0 : host.port);
    // HostName comes from a file: it must still be a host name or address, nothing a shell or
    // libssh could read as more (it reaches the ProxyCommand's %h and known_hosts lookups).
    const bool ipv6 = resolved.hostName.contains(QLatin1Char(':'));
    const QString spec = ipv6 ? QStringLiteral("[%1]").arg(resolved.hostName) : resolved.hostName;
    const auto checked = HostSpec::parse(spec);
    if (!checked || !checked->user.isEmpty() || checked->address != resolved.hostName) {
        return makeError(QStringLiteral("%1: HostName \"%2\" from %3 is not a valid host name or address")
                             .arg(host.address, resolved.hostName, m_path));
    }
    options.host.address = resolved.hostName;
    if (host.user.isEmpty() && !resolved.user.isEmpty()) {
        options.host.user = resolved.user;
    }
    if (host.port == 22 && resolved.port) {
        options.host.port = *resolved.port;
    }
    options.configAlias = host.address;
    options.configFile = m_path;
    for (const QString& file : resolved.identityFiles) {
        if (file != options.identityFile && !options.identityFiles.contains(file)) {
            options.identityFiles << file;
        }
    }
    if (resolved.identityFiles.isEmpty() && options.identityFile.isEmpty()) {
        // No IdentityFile anywhere: ssh's default keys, those that exist.
        for (const char* name : {"id_rsa", "id_ecdsa", "id_ecdsa_sk", "id_ed25519", "id_ed25519_sk", "id_dsa"}) {
            const QString file = QDir(m_options.homeDir).filePath(QStringLiteral(".ssh/") + QLatin1String(name));
            if (QFileInfo::exists(file) && !options.identityFiles.contains(file)) {
                options.identityFiles << file;
            }
        }
    }
    if (resolved.identityAgent == QLatin1String("none")) {
        options.useAgent = false;
    } else if (!resolved.identityAgent.isEmpty() && resolved.identityAgent != QLatin1String("SSH_AUTH_SOCK")) {
        options.agentSocket = resolved.identityAgent;
    }
    if (resolved.connectTimeoutSeconds && !connectTimeoutGiven) {
        options.connectTimeoutMs = *resolved.connectTimeoutSeconds * 1000;
    }
    if (resolved.serverAliveInterval) {
        options.keepaliveIntervalMs = *resolved.serverAliveInterval * 1000;
    }
    if (resolved.serverAliveCountMax) {
        options.keepaliveCountMax = *resolved.serverAliveCountMax;
    }
    options.configApplied = resolved.applied;
    options.configIgnored = resolved.ignored;
    options.proxyJump = resolved.proxyJump;
    options.proxyCommand = resolved.proxyCommand;
    if (!options.proxyJump.isEmpty()) {
        // Refuse a jump list `ssh -J` would not take, now rather than at connect time.
        if (auto hops = SshProxy::parseJumps(options.proxyJump); !hops) {
            return makeError(QStringLiteral("%1: %2").arg(host.address, hops.errorMessage()));
        }
    }
    return {};
}

} // namespace bulkhead
