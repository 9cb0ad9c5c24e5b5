// SPDX-License-Identifier: GPL-3.0-or-later
#include "inventory/SshConfigImporter.h"

#include "inventory/Inventory.h"
#include "inventory/InventoryText.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QSet>

namespace bulkhead {

namespace {

constexpr qsizetype MaxFileBytes = 1024 * 1024;
constexpr int MaxIncludeDepth = 16; // what OpenSSH allows (READCONF_MAX_DEPTH)
constexpr int MaxFiles = 256;
constexpr int MaxLines = 200000;

struct Option
{
    QString keyword; // lower case
    QStringList arguments;
    QString file;
    int line = 0;
};

struct Block
{
    enum class Kind
    {
        Global, // before the first Host/Match line, or "Match all": applies to every host
        Host,
        Match, // cannot be evaluated offline: never applies
    };
    Kind kind = Kind::Global;
    QStringList patterns;
    // From a file included inside a Host block: those patterns must match too (ssh's conditional
    // Include). Inside a Match block: the block never applies (Match cannot be evaluated here).
    QVector<QStringList> guards;
    bool never = false;
    QVector<Option> options;
    QString file;
    int line = 0;
};

// ssh_config's tokenizer: whitespace separates, double quotes group, `keyword=value` works, a token
// starting with '#' ends the line.
QStringList tokenize(const QString& line, bool* unterminated)
{
    QStringList tokens;
    QString current;
    bool inQuotes = false;
    bool hasToken = false;
    bool sawEquals = false;
    for (qsizetype i = 0; i < line.size(); ++i) {
        const QChar c = line.at(i);
        if (inQuotes) {
            if (c == u'"')
                inQuotes = false;
            else
                current += c;
            continue;
        }
        if (c == u'"') {
            inQuotes = true;
            hasToken = true;
        } else if (c.isSpace() || (c == u'=' && tokens.isEmpty() && !sawEquals)) {
            // "Keyword value", "Keyword=value" and "Keyword = value" are all the same.
            if (c == u'=')
                sawEquals = true;
            if (hasToken) {
                tokens << current;
                current.clear();
                hasToken = false;
            }
        } else if (c == u'=' && tokens.size() == 1 && !hasToken && !sawEquals) {
            sawEquals = true;
        } else if (c == u'#' && !hasToken) {
            break;
        } else {
            current += c;
            hasToken = true;
        }
    }
    if (hasToken)
        tokens << current;
    *unterminated = inQuotes;
    return tokens;
}

// ssh's match_pattern: '*' any run, '?' one character, case-insensitive for host names.
bool globMatch(QStringView pattern, QStringView text)
{
    qsizetype p = 0;
    qsizetype t = 0;
    qsizetype starP = -1;
    qsizetype starT = 0;
    while (t < text.size()) {
        if (p < pattern.size() && (pattern[p] == u'?' || pattern[p].toLower() == text[t].toLower())) {
            ++p;
            ++t;
        } else if (p < pattern.size() && pattern[p] == u'*') {
            starP = p++;
            starT = t;
        } else if (starP >= 0) {
            p = starP + 1;
            t = ++starT;
        } else {
            return false;
        }
    }
    while (p < pattern.size() && pattern[p] == u'*')
        ++p;
    return p == pattern.size();
}

bool patternsMatch(const QStringList& patterns, const QString& alias)
{
    bool matched = false;
    for (const QString& pattern : patterns) {
        if (pattern.startsWith(u'!')) {
            if (globMatch(QStringView(pattern).mid(1), alias))
                return false; // a negated match excludes the block whatever else matches
        } else if (globMatch(pattern, alias)) {
            matched = true;
        }
    }
    return matched;
}

// Whether the block's settings apply to `alias`.
bool applies(const Block& block, const QString& alias)
{
    if (block.never || block.kind == Block::Kind::Match)
        return false;
    for (const QStringList& guard : block.guards) {
        if (!patternsMatch(guard, alias))
            return false;
    }
    return block.kind == Block::Kind::Global || patternsMatch(block.patterns, alias);
}

bool isLiteralAlias(const QString& pattern)
{
    return !pattern.isEmpty() && !pattern.contains(u'*') && !pattern.contains(u'?') && !pattern.startsWith(u'!');
}

class Reader
{
public:
    explicit Reader(const SshConfigImporter::Options& options)
        : m_options(options)
    {
        if (m_options.homeDir.isEmpty())
            m_options.homeDir = QDir::homePath();
        if (m_options.includeBase.isEmpty())
            m_options.includeBase = QDir(m_options.homeDir).filePath(QStringLiteral(".ssh"));
        m_blocks.append(Block{}); // options before the first Host line apply to every host
    }

    Result<HostImport> run(const QByteArray& bytes, const QString& file)
    {
        if (bytes.size() > MaxFileBytes)
            return makeError(
                QStringLiteral("%1 is larger than 1 MiB; that is not an ssh configuration").arg(label(file)));
        int badLine = 0;
        const auto text = InventoryText::decodeUtf8(bytes, &badLine);
        if (!text)
            return makeError(
                InventoryDiagnostic::error(file, badLine, 0, QStringLiteral("the file is not UTF-8 text")).toString());
        if (!file.isEmpty())
            m_files.insert(QFileInfo(file).absoluteFilePath());
        readText(*text, file, 0);
        HostImport result;
        resolve(result);
        result.diagnostics = m_diagnostics + result.diagnostics;
        return result;
    }

private:
    static QString label(const QString& file)
    {
        return file.isEmpty() ? QStringLiteral("the ssh configuration") : file;
    }

    void warn(const QString& file, int line, const QString& message)
    {
        m_diagnostics << InventoryDiagnostic::warning(file, line, 0, message);
    }

    QString expandHome(const QString& path) const
    {
        if (path == QLatin1String("~"))
            return m_options.homeDir;
        if (path.startsWith(QLatin1String("~/")))
            return m_options.homeDir + path.mid(1);
        return path;
    }

    void readText(const QString& text, const QString& file, int depth)
    {
        const QStringList lines = text.split(u'\n');
        for (qsizetype i = 0; i < lines.size(); ++i) {
            if (++m_lines > MaxLines) {
                if (m_lines == MaxLines + 1)
                    warn(file, static_cast<int>(i + 1),
                         QStringLiteral("more than %1 lines; the rest is ignored").arg(MaxLines));
                return;
            }
            const int lineNumber = static_cast<int>(i + 1);
            QString line = lines.at(i);
            if (line.endsWith(u'\r'))
                line.chop(1);
            bool unterminated = false;
            QStringList tokens = tokenize(line, &unterminated);
            if (tokens.isEmpty())
                continue;
            if (unterminated) {
                warn(file, lineNumber, QStringLiteral("unterminated quote; the line is ignored"));
                continue;
            }
            const QString keyword = tokens.takeFirst().toLower();
            if (keyword == QLatin1String("host")) {
                Block block;
                block.kind = Block::Kind::Host;
                block.patterns = tokens;
                block.file = file;
                block.line = lineNumber;
                block.guards = m_guards;
                block.never = m_never;
                m_blocks.append(block);
            } else if (keyword == QLatin1String("match")) {
                Block block;
                const bool all =
                    tokens.size() == 1 && tokens.front().compare(QLatin1String("all"), Qt::CaseInsensitive) == 0;
                block.kind = all ? Block::Kind::Global : Block::Kind::Match;
                block.file = file;
                block.line = lineNumber;
                block.guards = m_guards;
                block.never = m_never;
                if (!all) {
                    warn(file, lineNumber,
                         QStringLiteral("'Match %1' cannot be evaluated without connecting; the "
                                        "settings of this block are not imported")
                             .arg(tokens.join(u' ').left(80)));
                }
                m_blocks.append(block);
            } else if (keyword == QLatin1String("include")) {
                if (m_options.followIncludes)
                    include(tokens, file, lineNumber, depth);
                else
                    warn(file, lineNumber, QStringLiteral("Include is not followed here"));
            } else {
                m_blocks.last().options.append(Option{keyword, tokens, file, lineNumber});
            }
        }
    }

    void include(const QStringList& patterns, const QString& file, int line, int depth)
    {
        if (depth + 1 > MaxIncludeDepth) {
            warn(file, line, QStringLiteral("Include nested more than %1 deep; not followed").arg(MaxIncludeDepth));
            return;
        }
        for (const QString& pattern : patterns) {
            QString path = expandHome(pattern);
            if (QFileInfo(path).isRelative())
                path = QDir(m_options.includeBase).filePath(path);
            const QFileInfo info(path);
            QStringList matches;
            const QString dirPath = info.path();
            if (dirPath.contains(u'*') || dirPath.contains(u'?')) {
                warn(file, line, QStringLiteral("Include %1: wildcards in folder names are not followed").arg(pattern));
                continue;
            }
            const QString name = info.fileName();
            if (name.contains(u'*') || name.contains(u'?')) {
                const QDir dir(dirPath);
                for (const QString& entry : dir.entryList(QDir::Files, QDir::Name)) {
                    if (globMatch(name, entry))
                        matches << dir.filePath(entry);
                }
            } else if (info.exists()) {
                matches << path;
            }
            // ssh ignores an Include that matches nothing; say so, since the import is then incomplete.
            if (matches.isEmpty())
                warn(file, line, QStringLiteral("Include %1 matches no file").arg(pattern));
            for (const QString& match : matches)
                includeFile(match, file, line, depth);
        }
    }

    void includeFile(const QString& path, const QString& from, int line, int depth)
    {
        const QString canonical = QFileInfo(path).absoluteFilePath();
        if (m_files.contains(canonical)) {
            warn(from, line, QStringLiteral("Include %1 again: not followed (a loop or a repeat)").arg(path));
            return;
        }
        if (m_files.size() >= MaxFiles) {
            warn(from, line, QStringLiteral("more than %1 included files; %2 is not followed").arg(MaxFiles).arg(path));
            return;
        }
        m_files.insert(canonical);
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly)) {
            warn(from, line, QStringLiteral("cannot read included %1: %2").arg(path, file.errorString()));
            return;
        }
        const QByteArray bytes = file.read(MaxFileBytes + 1);
        if (bytes.size() > MaxFileBytes) {
            warn(from, line, QStringLiteral("included %1 is larger than 1 MiB; not followed").arg(path));
            return;
        }
        int badLine = 0;
        const auto text = InventoryText::decodeUtf8(bytes, &badLine);
        if (!text) {
            warn(path, badLine, QStringLiteral("not UTF-8 text; the file is not followed"));
            return;
        }
        // Lines of the included file start in the block of the Include line (ssh evaluates them in
        // that context); after the file, the including block continues.
        const qsizetype before = m_blocks.size();
        const Block enclosing = m_blocks.last();
        const QVector<QStringList> savedGuards = m_guards;
        const bool savedNever = m_never;
        if (enclosing.kind == Block::Kind::Host)
            m_guards.append(enclosing.patterns);
        m_never = m_never || enclosing.kind == Block::Kind::Match;
        readText(*text, path, depth + 1);
        m_guards = savedGuards;
        m_never = savedNever;
        if (m_blocks.size() != before) {
            Block resumed = enclosing;
            resumed.options.clear();
            m_blocks.append(resumed);
        }
    }

    // The first value of `keyword` among the blocks that apply to `alias`.
    const Option* first(const QString& alias, QLatin1String keyword) const
    {
        for (const Block& block : m_blocks) {
            if (!applies(block, alias))
                continue;
            for (const Option& option : block.options) {
                if (option.keyword == keyword)
                    return &option;
            }
        }
        return nullptr;
    }

    // %-tokens as ssh expands them for HostName and IdentityFile; unknown ones make the value unusable.
    std::optional<QString> expandTokens(const QString& value, const QString& alias, const QString& user, bool identity,
                                        const Option& option, const QString& hostAlias)
    {
        QString out;
        for (qsizetype i = 0; i < value.size(); ++i) {
            const QChar c = value.at(i);
            if (c != u'%' || i + 1 >= value.size()) {
                out += c;
                continue;
            }
            const QChar token = value.at(++i);
            if (token == u'%')
                out += u'%';
            else if (token == u'h')
                out += alias;
            else if (identity && token == u'd')
                out += QStringLiteral("~");
            else if (identity && token == u'r' && !user.isEmpty())
                out += user;
            else {
                warn(option.file, option.line,
                     QStringLiteral("host '%1': %2 uses the token %%%3, which Bulkhead cannot "
                                    "expand offline; the host is skipped")
                         .arg(hostAlias, option.keyword, InventoryText::shown(QString(token))));
                return std::nullopt;
            }
        }
        return out;
    }

    void resolve(HostImport& result)
    {
        QStringList aliases;
        QHash<QString, const Block*> firstBlock;
        for (const Block& block : m_blocks) {
            if (block.kind != Block::Kind::Host)
                continue;
            for (const QString& pattern : block.patterns) {
                if (!isLiteralAlias(pattern) || firstBlock.contains(pattern.toLower()))
                    continue;
                firstBlock.insert(pattern.toLower(), &block);
                aliases << pattern;
            }
        }
        for (const QString& alias : aliases) {
            const Block* block = firstBlock.value(alias.toLower());
            if (const auto bad = InventoryText::unsafeCharacter(alias)) {
                warn(block->file, block->line, QStringLiteral("a Host alias contains %1; skipped").arg(*bad));
                continue;
            }
            // A Host line that also negates this very alias, or sits in a file included under a
            // Host or Match that excludes it, never applies: ssh would not use it either.
            if (!applies(*block, alias)) {
                warn(block->file, block->line,
                     QStringLiteral("host '%1' is skipped: its Host block never applies to "
                                    "it (a negated pattern, or an Include under Match or "
                                    "another Host)")
                         .arg(alias));
                continue;
            }
            InventoryHost host;
            host.name = alias;
            host.where.object = SourcePosition{block->line, 0};
            bool usable = true;

            if (const Option* user = first(alias, QLatin1String("user"))) {
                host.user = user->arguments.value(0);
                if (host.user.contains(u'%')) {
                    warn(user->file, user->line,
                         QStringLiteral("host '%1': User %2 uses %%-tokens; the host is "
                                        "imported without a user")
                             .arg(alias, InventoryText::quoted(host.user)));
                    host.user.clear();
                }
            }
            if (const Option* hostName = first(alias, QLatin1String("hostname"))) {
                const auto expanded =
                    expandTokens(hostName->arguments.value(0), alias, host.user, false, *hostName, alias);
                if (!expanded)
                    usable = false;
                else if (*expanded != alias)
                    host.address = *expanded;
            }
            if (const Option* port = first(alias, QLatin1String("port"))) {
                bool ok = false;
                const QString text = port->arguments.value(0);
                const int number = text.toInt(&ok);
                if (!ok || number < 1 || number > 65535 || text.size() > 5) {
                    warn(port->file, port->line,
                         QStringLiteral("host '%1': Port %2 is not a port number; the host is skipped")
                             .arg(alias, InventoryText::quoted(text)));
                    usable = false;
                } else {
                    host.port = number;
                }
            }
            if (const Option* identity = first(alias, QLatin1String("identityfile"))) {
                const QString value = identity->arguments.value(0);
                if (value.compare(QLatin1String("none"), Qt::CaseInsensitive) != 0) {
                    const auto expanded = expandTokens(value, alias, host.user, true, *identity, alias);
                    if (!expanded)
                        usable = false;
                    else
                        host.identity = *expanded;
                }
            }
            if (const Option* jump = first(alias, QLatin1String("proxyjump"))) {
                const QString value = jump->arguments.value(0);
                if (value.compare(QLatin1String("none"), Qt::CaseInsensitive) != 0) {
                    // ssh:// URIs are ssh's other spelling of a hop; Bulkhead keeps [user@]host[:port].
                    host.proxyJump = value;
                    if (value.contains(QLatin1String("://"))) {
                        warn(jump->file, jump->line,
                             QStringLiteral("host '%1': ProxyJump %2 uses ssh:// URIs; write "
                                            "[user@]host[:port] hops. The host is skipped")
                                 .arg(alias, InventoryText::quoted(value)));
                        usable = false;
                    }
                }
            }
            if (const Option* command = first(alias, QLatin1String("proxycommand"))) {
                if (command->arguments.value(0).compare(QLatin1String("none"), Qt::CaseInsensitive) != 0) {
                    warn(command->file, command->line,
                         QStringLiteral("host '%1' uses ProxyCommand; Bulkhead never runs a proxy command, so the host "
                                        "is imported without it (use ProxyJump if it is a jump host)")
                             .arg(alias));
                }
            }
            if (!usable)
                continue;
            if (const QString problem = validateAlone(host); !problem.isEmpty()) {
                warn(block->file, block->line, QStringLiteral("host '%1' is skipped: %2").arg(alias, problem));
                continue;
            }
            result.hosts << host;
        }
    }

    // The inventory rules for one host (address, port, user, jump hosts, text), zone aside.
    static QString validateAlone(const InventoryHost& host)
    {
        Inventory single;
        Zone zone;
        zone.name = QStringLiteral("import");
        zone.scope = ZoneScope::In;
        zone.rationale = QStringLiteral("import");
        single.zones << zone;
        InventoryHost copy = host;
        copy.zone = zone.name;
        copy.where = {};
        single.hosts << copy;
        const InventoryDiagnostics problems = single.validate();
        QStringList errors;
        for (const InventoryDiagnostic& problem : problems) {
            if (problem.level == InventoryDiagnostic::Level::Error)
                errors << problem.message;
        }
        return errors.join(QStringLiteral("; "));
    }

    SshConfigImporter::Options m_options;
    QVector<Block> m_blocks;
    QVector<QStringList> m_guards; // while reading an included file: see Block::guards
    bool m_never = false;
    QSet<QString> m_files;
    InventoryDiagnostics m_diagnostics;
    int m_lines = 0;
};

} // namespace

Result<HostImport> SshConfigImporter::parse(const QByteArray& text, const QString& file, const Options& options)
{
    return Reader(options).run(text, file);
}

Result<HostImport> SshConfigImporter::parse(const QByteArray& text, const QString& file)
{
    return parse(text, file, Options{});
}

Result<HostImport> SshConfigImporter::importFile(const QString& path, const Options& options)
{
    const QString shown = QDir::toNativeSeparators(path);
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return makeError(QStringLiteral("Cannot read %1: %2").arg(shown, file.errorString()));
    const QByteArray bytes = file.read(MaxFileBytes + 1);
    if (file.error() != QFileDevice::NoError)
        return makeError(QStringLiteral("Cannot read %1: %2").arg(shown, file.errorString()));
    return parse(bytes, shown, options);
}

Result<HostImport> SshConfigImporter::importFile(const QString& path)
{
    return importFile(path, Options{});
}

} // namespace bulkhead
