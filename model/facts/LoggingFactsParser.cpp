// SPDX-License-Identifier: GPL-3.0-or-later
#include "facts/LoggingFactsParser.h"
#include "core/DisplayText.h"

#include "facts/HostFactsParser.h"
#include "facts/SectionsParser.h"

#include <QRegularExpression>

#include <algorithm>

namespace bulkhead {

namespace {

Result<QVector<Section>> sectionsOf(const QByteArray& output, const QString& what)
{
    auto sections = SectionsParser::parse(output);
    if (!sections)
        return makeError(QStringLiteral("%1: %2").arg(what, sections.errorMessage()));
    return sections;
}

QString stripComment(const QString& line)
{
    const qsizetype hash = line.indexOf(QLatin1Char('#'));
    return (hash < 0 ? line : line.left(hash)).trimmed();
}

bool truthy(const QString& value)
{
    static const QStringList yes{QStringLiteral("yes"), QStringLiteral("true"), QStringLiteral("1"),
                                 QStringLiteral("on")};
    return yes.contains(value.toLower());
}

} // namespace

bool JournaldConfig::persistent() const
{
    const QString mode = storage().toLower();
    return mode == QLatin1String("persistent") || (mode == QLatin1String("auto") && persistentDirectory);
}

bool JournaldConfig::forwardsToSyslog() const
{
    return truthy(settings.value(QStringLiteral("ForwardToSyslog")));
}

bool LogrotateStanza::mentions(const QString& text) const
{
    return std::any_of(paths.cbegin(), paths.cend(), [&](const QString& path) { return path.contains(text); });
}

QVector<LogrotateStanza> LogrotateConfig::dockerStanzas() const
{
    QVector<LogrotateStanza> found;
    for (const LogrotateStanza& stanza : stanzas) {
        if (stanza.mentions(QStringLiteral("docker")) || stanza.mentions(QStringLiteral("containerd")) ||
            stanza.mentions(QStringLiteral("/containers/")))
            found.append(stanza);
    }
    return found;
}

QVector<AuditRule> AuditRules::forPath(const QString& path) const
{
    QVector<AuditRule> found;
    for (const AuditRule& rule : rules) {
        if (rule.path == path || (!rule.path.isEmpty() && path.startsWith(rule.path + QLatin1Char('/'))))
            found.append(rule);
    }
    return found;
}

Result<JournaldConfig> LoggingFactsParser::journald(const QByteArray& output)
{
    auto sections = sectionsOf(output, QStringLiteral("journald"));
    if (!sections)
        return sections.error();
    JournaldConfig config;
    // systemd applies journald.conf, then every drop-in sorted by file name whatever its directory.
    QVector<const Section*> dropIns;
    const Section* main = nullptr;
    for (const Section& section : sections.value()) {
        if (section.name == QLatin1String("/var/log/journal")) {
            config.persistentDirectory = section.status == QLatin1String("directory");
            continue;
        }
        if (section.isDirectory() || !section.readable())
            continue;
        if (section.name == QLatin1String("/etc/systemd/journald.conf"))
            main = &section;
        else
            dropIns.append(&section);
    }
    std::stable_sort(dropIns.begin(), dropIns.end(), [](const Section* a, const Section* b) {
        return a->name.section(QLatin1Char('/'), -1) < b->name.section(QLatin1Char('/'), -1);
    });
    if (main)
        dropIns.prepend(main);
    for (const Section* section : dropIns) {
        config.files << section->name;
        bool inJournal = false;
        for (const QString& raw : section->lines) {
            const QString line = raw.trimmed();
            if (line.isEmpty() || line.startsWith(QLatin1Char('#')) || line.startsWith(QLatin1Char(';')))
                continue;
            if (line.startsWith(QLatin1Char('['))) {
                inJournal = line == QLatin1String("[Journal]");
                continue;
            }
            const qsizetype equals = line.indexOf(QLatin1Char('='));
            if (equals <= 0)
                return makeError(QStringLiteral("journald: malformed line in %1: %2")
                                     .arg(DisplayText::shown(section->name, 200), DisplayText::quoted(line, 80)));
            if (inJournal)
                config.settings.insert(line.left(equals).trimmed(), line.mid(equals + 1).trimmed());
        }
    }
    return config;
}

Result<SyslogConfig> LoggingFactsParser::rsyslog(const QByteArray& output)
{
    auto sections = sectionsOf(output, QStringLiteral("rsyslog"));
    if (!sections)
        return sections.error();
    SyslogConfig config;
    config.daemon = QStringLiteral("rsyslog");
    // Legacy: *.* @host:514 (UDP), @@host (TCP), :omrelp:host:port. RainerScript: action(type="omfwd"
    // target="host" protocol="tcp") and omrelp.
    static const QRegularExpression legacy(
        QStringLiteral(R"((?:^|\s)(@@?|:omrelp:)(\(?[^\s;]*?\)?)?([A-Za-z0-9_.\-\[\]:]+)(?:;\S*)?\s*$)"));
    static const QRegularExpression action(QStringLiteral(R"re(type\s*=\s*"(omfwd|omrelp)")re"));
    static const QRegularExpression target(QStringLiteral(R"re(target\s*=\s*"([^"]+)")re"));
    static const QRegularExpression port(QStringLiteral(R"re(port\s*=\s*"([^"]+)")re"));
    static const QRegularExpression protocol(QStringLiteral(R"re(protocol\s*=\s*"([^"]+)")re"));
    for (const Section& section : sections.value()) {
        if (section.isDirectory() || !section.readable())
            continue;
        config.files << section.name;
        QString statement; // a RainerScript action(...) may span lines
        int statementLine = 0;
        for (qsizetype i = 0; i < section.lines.size(); ++i) {
            const QString line = stripComment(section.lines.at(i));
            if (line.isEmpty())
                continue;
            if (!statement.isEmpty() || line.contains(QLatin1String("action("))) {
                if (statement.isEmpty())
                    statementLine = static_cast<int>(i) + 1;
                statement += line + QLatin1Char(' ');
                if (!line.contains(QLatin1Char(')')))
                    continue;
                if (const auto type = action.match(statement); type.hasMatch()) {
                    LogForward forward;
                    forward.file = section.name;
                    forward.line = statementLine;
                    forward.protocol = type.captured(1) == QLatin1String("omrelp")
                                           ? QStringLiteral("relp")
                                           : protocol.match(statement).captured(1).toLower();
                    if (forward.protocol.isEmpty())
                        forward.protocol = QStringLiteral("udp");
                    forward.target = target.match(statement).captured(1);
                    if (const QString p = port.match(statement).captured(1); !p.isEmpty())
                        forward.target += QLatin1Char(':') + p;
                    config.forwards.append(forward);
                }
                statement.clear();
                continue;
            }
            if (line.startsWith(QLatin1Char('$')) || line.startsWith(QLatin1String("module(")) ||
                line.startsWith(QLatin1String("input(")))
                continue;
            if (const auto match = legacy.match(line); match.hasMatch()) {
                LogForward forward;
                forward.file = section.name;
                forward.line = static_cast<int>(i) + 1;
                const QString kind = match.captured(1);
                forward.protocol = kind == QLatin1String("@@")  ? QStringLiteral("tcp")
                                   : kind == QLatin1String("@") ? QStringLiteral("udp")
                                                                : QStringLiteral("relp");
                forward.target = match.captured(3);
                config.forwards.append(forward);
            }
        }
    }
    return config;
}

Result<SyslogConfig> LoggingFactsParser::syslogNg(const QByteArray& output)
{
    auto sections = sectionsOf(output, QStringLiteral("syslog-ng"));
    if (!sections)
        return sections.error();
    SyslogConfig config;
    config.daemon = QStringLiteral("syslog-ng");
    static const QRegularExpression driver(
        QStringLiteral(R"re(\b(network|tcp6?|udp6?|syslog)\s*\(\s*"?([A-Za-z0-9_.:\-\[\]]+)"?)re"));
    for (const Section& section : sections.value()) {
        if (section.isDirectory() || !section.readable())
            continue;
        config.files << section.name;
        bool inDestination = false;
        for (qsizetype i = 0; i < section.lines.size(); ++i) {
            const QString line = stripComment(section.lines.at(i));
            if (line.startsWith(QLatin1String("destination")))
                inDestination = true;
            if (inDestination) {
                for (auto it = driver.globalMatch(line); it.hasNext();) {
                    const auto match = it.next();
                    config.forwards.append(
                        LogForward{section.name, static_cast<int>(i) + 1, match.captured(1), match.captured(2)});
                }
            }
            if (line.contains(QLatin1String("};")))
                inDestination = false;
        }
    }
    return config;
}

Result<LogrotateConfig> LoggingFactsParser::logrotate(const QByteArray& output)
{
    auto sections = sectionsOf(output, QStringLiteral("logrotate"));
    if (!sections)
        return sections.error();
    LogrotateConfig config;
    for (const Section& section : sections.value()) {
        if (section.isDirectory() || !section.readable())
            continue;
        config.files << section.name;
        LogrotateStanza current;
        bool inStanza = false;
        bool inScript = false;
        QStringList pendingPaths;
        for (const QString& raw : section.lines) {
            const QString line = stripComment(raw);
            if (line.isEmpty())
                continue;
            if (inScript) {
                if (line == QLatin1String("endscript"))
                    inScript = false;
                continue;
            }
            if (line.endsWith(QLatin1Char('{'))) {
                if (inStanza)
                    return makeError(
                        QStringLiteral("logrotate: nested block in %1").arg(DisplayText::shown(section.name, 200)));
                inStanza = true;
                current = LogrotateStanza{};
                current.file = section.name;
                current.paths = pendingPaths + line.chopped(1).split(QLatin1Char(' '), Qt::SkipEmptyParts);
                pendingPaths.clear();
                continue;
            }
            if (line == QLatin1String("}")) {
                if (!inStanza)
                    return makeError(
                        QStringLiteral("logrotate: unbalanced } in %1").arg(DisplayText::shown(section.name, 200)));
                config.stanzas.append(current);
                inStanza = false;
                continue;
            }
            static const QStringList scripts{QStringLiteral("postrotate"), QStringLiteral("prerotate"),
                                             QStringLiteral("firstaction"), QStringLiteral("lastaction"),
                                             QStringLiteral("preremove")};
            if (scripts.contains(line)) {
                inScript = true;
                continue;
            }
            if (inStanza)
                current.directives << line;
            else if (line.startsWith(QLatin1Char('/')) || line.startsWith(QLatin1Char('"')))
                pendingPaths << line.split(QLatin1Char(' '), Qt::SkipEmptyParts); // paths before a lone {
            else
                config.globalDirectives << line;
        }
        if (inStanza)
            return makeError(
                QStringLiteral("logrotate: unterminated block in %1").arg(DisplayText::shown(section.name, 200)));
    }
    return config;
}

Result<AuditRule> LoggingFactsParser::auditRule(const QString& text, const QString& source)
{
    AuditRule rule;
    rule.source = source;
    rule.text = text;
    const QStringList words = text.split(QLatin1Char(' '), Qt::SkipEmptyParts);
    if (words.isEmpty() || !words.front().startsWith(QLatin1Char('-')))
        return makeError(QStringLiteral("not an audit rule: %1").arg(DisplayText::quoted(text, 80)));
    const QString& first = words.front();
    if (first == QLatin1String("-w") || first == QLatin1String("-W"))
        rule.kind = QStringLiteral("watch");
    else if (first == QLatin1String("-a") || first == QLatin1String("-A"))
        rule.kind = QStringLiteral("syscall");
    else
        rule.kind = QStringLiteral("control");
    for (qsizetype i = 0; i < words.size(); ++i) {
        const QString& word = words.at(i);
        const QString next = i + 1 < words.size() ? words.at(i + 1) : QString();
        if ((word == QLatin1String("-w") || word == QLatin1String("-W")) && !next.isEmpty())
            rule.path = next;
        else if (word == QLatin1String("-p") && !next.isEmpty())
            rule.permissions = next;
        else if (word == QLatin1String("-k") && !next.isEmpty())
            rule.key = next;
        else if (word == QLatin1String("-F") && !next.isEmpty()) {
            const qsizetype equals = next.indexOf(QLatin1Char('='));
            const QString field = equals < 0 ? QString() : next.left(equals);
            const QString value = equals < 0 ? QString() : next.mid(equals + 1);
            if (field == QLatin1String("path") || field == QLatin1String("dir"))
                rule.path = value;
            else if (field == QLatin1String("perm"))
                rule.permissions = value;
            else if (field == QLatin1String("key"))
                rule.key = value;
        }
    }
    if (rule.kind == QLatin1String("watch") && rule.path.isEmpty())
        return makeError(QStringLiteral("a watch rule without a path: %1").arg(DisplayText::quoted(text, 80)));
    return rule;
}

Result<AuditRules> LoggingFactsParser::loadedAuditRules(const QByteArray& output)
{
    AuditRules rules;
    for (const QString& raw : QString::fromUtf8(output).split(QLatin1Char('\n'))) {
        const QString line = raw.trimmed();
        if (line.isEmpty() || line == QLatin1String("No rules"))
            continue;
        auto rule = auditRule(line, QStringLiteral("loaded"));
        if (!rule)
            return makeError(QStringLiteral("auditctl -l: %1").arg(rule.errorMessage()));
        rules.rules.append(rule.value());
    }
    return rules;
}

Result<AuditRules> LoggingFactsParser::auditRuleFiles(const QByteArray& output)
{
    auto sections = sectionsOf(output, QStringLiteral("audit rules"));
    if (!sections)
        return sections.error();
    AuditRules rules;
    for (const Section& section : sections.value()) {
        if (section.status == QLatin1String("denied"))
            rules.unreadable << section.name;
        if (section.isDirectory() || !section.readable())
            continue;
        rules.files << section.name;
        for (const QString& raw : section.lines) {
            const QString line = raw.trimmed();
            if (line.isEmpty() || line.startsWith(QLatin1Char('#')))
                continue;
            auto rule = auditRule(line, section.name);
            if (!rule)
                return makeError(
                    QStringLiteral("%1: %2").arg(DisplayText::shown(section.name, 200), rule.errorMessage()));
            rules.rules.append(rule.value());
        }
    }
    return rules;
}

Result<AuditdState> LoggingFactsParser::auditdState(const QByteArray& output)
{
    auto blocks = HostFactsParser::keyValueBlocks(output);
    if (!blocks)
        return makeError(QStringLiteral("auditd state: %1").arg(blocks.errorMessage()));
    if (blocks->size() != 1 || !blocks->front().contains(QStringLiteral("installed")))
        return makeError(QStringLiteral("auditd state: expected installed=, pids= and systemd="));
    const auto& values = blocks->front();
    AuditdState state;
    state.installed = values.value(QStringLiteral("installed")) == QLatin1String("yes");
    state.pids = values.value(QStringLiteral("pids")).split(QLatin1Char(' '), Qt::SkipEmptyParts);
    state.systemd = values.value(QStringLiteral("systemd"));
    return state;
}

} // namespace bulkhead
