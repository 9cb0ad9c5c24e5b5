// SPDX-License-Identifier: GPL-3.0-or-later
#include "inventory/AnsibleInventoryImporter.h"

#include "inventory/Inventory.h"
#include "inventory/InventoryText.h"
#include "inventory/YamlLoader.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QMap>
#include <QSet>

#include <algorithm>
#include <exception>
#include <functional>

namespace bulkhead {

namespace {

constexpr qsizetype MaxFileBytes = 8 * 1024 * 1024;
constexpr int MaxHosts = 20000;
constexpr int MaxGroupDepth = 64;
constexpr int MaxYamlNodes = 1000000;

const QString AllGroup = QStringLiteral("all");
const QString UngroupedGroup = QStringLiteral("ungrouped");

struct Variable
{
    QString value;
    bool structured = false; // a list or mapping (YAML): not a connection setting
    QString file;
    int line = 0;
};

using Variables = QMap<QString, Variable>;

struct Group
{
    QStringList hosts;     // direct members, in file order
    QSet<QString> hostSet; // the same, for membership tests in constant time
    QStringList children;
    Variables vars;
};

struct BudgetExceeded
{};

// Everything read from the file, before variables are merged.
class Model
{
public:
    explicit Model(QString file)
        : m_file(std::move(file))
    {
        m_groups[AllGroup];
    }

    void warn(int line, const QString& message)
    {
        m_diagnostics << InventoryDiagnostic::warning(m_file, line, 0, message);
    }

    bool addHost(const QString& group, const QString& host, int line)
    {
        if (!m_hostLine.contains(host)) {
            if (m_hostOrder.size() >= MaxHosts) {
                if (!m_tooMany)
                    warn(line, QStringLiteral("more than %1 hosts; the rest is ignored").arg(MaxHosts));
                m_tooMany = true;
                return false;
            }
            m_hostOrder << host;
            m_hostLine.insert(host, line);
        }
        Group& g = m_groups[group];
        if (!g.hostSet.contains(host)) {
            g.hostSet.insert(host);
            g.hosts << host;
        }
        return true;
    }

    void addChild(const QString& parent, const QString& child)
    {
        m_groups[child];
        Group& g = m_groups[parent];
        if (!g.children.contains(child))
            g.children << child;
    }

    void setGroupVar(const QString& group, const QString& key, const Variable& value)
    {
        m_groups[group].vars[key] = value;
    }
    void setHostVar(const QString& host, const QString& key, const Variable& value) { m_hostVars[host][key] = value; }
    void touchGroup(const QString& group) { m_groups[group]; }

    HostImport resolve();

private:
    // Groups reachable upwards from `group` (its parents, their parents, ...), `all` included.
    QHash<QString, QStringList> parentsByChild() const
    {
        QHash<QString, QStringList> parents;
        for (auto it = m_groups.cbegin(); it != m_groups.cend(); ++it) {
            for (const QString& child : it->children)
                parents[child] << it.key();
        }
        return parents;
    }

    QHash<QString, int> depths(const QHash<QString, QStringList>& parents)
    {
        // Ansible's group depth: distance from `all` along the longest chain of parents.
        QHash<QString, int> depth;
        QSet<QString> reportedCycles;
        std::function<int(const QString&, QSet<QString>&)> depthOf = [&](const QString& group,
                                                                         QSet<QString>& path) -> int {
            if (group == AllGroup)
                return 0;
            if (const auto it = depth.constFind(group); it != depth.cend())
                return *it;
            if (path.contains(group) || path.size() > MaxGroupDepth) {
                if (!reportedCycles.contains(group)) {
                    reportedCycles.insert(group);
                    warn(0, QStringLiteral("group '%1' is its own child (a cycle in children) or nested more than %2 "
                                           "deep; the cycle is ignored")
                                .arg(group)
                                .arg(MaxGroupDepth));
                }
                return 1;
            }
            path.insert(group);
            int best = 1; // a group without parents is a child of `all`
            for (const QString& parent : parents.value(group))
                best = std::max(best, depthOf(parent, path) + 1);
            path.remove(group);
            depth.insert(group, best);
            return best;
        };
        for (auto it = m_groups.cbegin(); it != m_groups.cend(); ++it) {
            QSet<QString> path;
            depthOf(it.key(), path);
        }
        return depth;
    }

    QString m_file;
    QMap<QString, Group> m_groups;
    QStringList m_hostOrder;
    QHash<QString, int> m_hostLine;
    QHash<QString, Variables> m_hostVars;
    InventoryDiagnostics m_diagnostics;
    bool m_tooMany = false;

    friend class Resolver;
};

bool isTruthy(const QString& value)
{
    static const QStringList yes{QStringLiteral("true"), QStringLiteral("yes"), QStringLiteral("on"),
                                 QStringLiteral("1"),    QStringLiteral("y"),   QStringLiteral("t")};
    return yes.contains(value.trimmed(), Qt::CaseInsensitive);
}

// Splits a shell-like argument string the way shlex does (enough for ansible_ssh_common_args).
QStringList shellSplit(const QString& text)
{
    QStringList words;
    QString current;
    bool has = false;
    QChar quote;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (!quote.isNull()) {
            if (c == quote)
                quote = QChar();
            else if (c == u'\\' && quote == u'"' && i + 1 < text.size())
                current += text.at(++i);
            else
                current += c;
        } else if (c == u'\'' || c == u'"') {
            quote = c;
            has = true;
        } else if (c == u'\\' && i + 1 < text.size()) {
            current += text.at(++i);
            has = true;
        } else if (c.isSpace()) {
            if (has)
                words << current;
            current.clear();
            has = false;
        } else {
            current += c;
            has = true;
        }
    }
    if (has)
        words << current;
    return words;
}

// ProxyJump from ssh arguments: "-J hop", "-Jhop", "-o ProxyJump=hop", "-oProxyJump hop".
QString proxyJumpFromArgs(const QString& args, bool* proxyCommand)
{
    const QStringList words = shellSplit(args);
    for (qsizetype i = 0; i < words.size(); ++i) {
        const QString& word = words.at(i);
        QString option;
        if (word == QLatin1String("-J") && i + 1 < words.size())
            return words.at(i + 1);
        if (word.startsWith(QLatin1String("-J")) && word.size() > 2)
            return word.mid(2);
        if (word == QLatin1String("-o") && i + 1 < words.size())
            option = words.at(++i);
        else if (word.startsWith(QLatin1String("-o")) && word.size() > 2)
            option = word.mid(2);
        if (option.isEmpty())
            continue;
        qsizetype split = option.indexOf(u'=');
        QString key = split >= 0 ? option.left(split) : option.section(u' ', 0, 0);
        QString value = split >= 0 ? option.mid(split + 1) : option.section(u' ', 1);
        key = key.trimmed();
        if (key.compare(QLatin1String("ProxyCommand"), Qt::CaseInsensitive) == 0)
            *proxyCommand = true;
        if (key.compare(QLatin1String("ProxyJump"), Qt::CaseInsensitive) == 0) {
            if (value.trimmed().isEmpty() && i + 1 < words.size())
                value = words.at(++i);
            return value.trimmed();
        }
    }
    return QString();
}

class Resolver
{
public:
    static HostImport run(Model& model);
};

HostImport Resolver::run(Model& model)
{
    HostImport result;
    const QHash<QString, QStringList> parents = model.parentsByChild();
    const QHash<QString, int> depth = model.depths(parents);

    QHash<QString, QStringList> directGroups;
    for (auto it = model.m_groups.cbegin(); it != model.m_groups.cend(); ++it) {
        for (const QString& host : it->hosts)
            directGroups[host] << it.key();
    }

    for (const QString& name : model.m_hostOrder) {
        const int line = model.m_hostLine.value(name);
        if (const auto bad = InventoryText::unsafeCharacter(name)) {
            model.warn(
                line,
                QStringLiteral("host %1 is skipped: its name contains %2").arg(InventoryText::quoted(name), *bad));
            continue;
        }
        // Every group the host is in, directly or through children, then ordered as Ansible
        // merges them: by depth, then by name; the host's own variables last.
        QSet<QString> groups{AllGroup};
        QStringList pending = directGroups.value(name);
        while (!pending.isEmpty()) {
            const QString group = pending.takeLast();
            if (groups.contains(group))
                continue;
            groups.insert(group);
            pending << parents.value(group);
        }
        QStringList ordered(groups.cbegin(), groups.cend());
        std::sort(ordered.begin(), ordered.end(), [&depth](const QString& a, const QString& b) {
            const int da = a == AllGroup ? 0 : depth.value(a, 1);
            const int db = b == AllGroup ? 0 : depth.value(b, 1);
            return da != db ? da < db : a < b;
        });
        Variables vars;
        for (const QString& group : ordered) {
            const Variables& groupVars = model.m_groups.value(group).vars;
            for (auto it = groupVars.cbegin(); it != groupVars.cend(); ++it)
                vars[it.key()] = it.value();
        }
        const Variables& own = model.m_hostVars.value(name);
        for (auto it = own.cbegin(); it != own.cend(); ++it)
            vars[it.key()] = it.value();

        InventoryHost host;
        host.name = name;
        host.where.object = SourcePosition{line, 0};
        bool usable = true;
        auto value = [&](std::initializer_list<const char*> keys, QString* out) -> const Variable* {
            for (const char* key : keys) {
                const auto it = vars.constFind(QLatin1String(key));
                if (it == vars.cend())
                    continue;
                if (it->structured) {
                    model.warn(it->line, QStringLiteral("host '%1': %2 is a list or mapping, not a value; ignored")
                                             .arg(name, QLatin1String(key)));
                    return nullptr;
                }
                if (it->value.contains(QLatin1String("{{")) || it->value.contains(QLatin1String("{%"))) {
                    model.warn(it->line, QStringLiteral("host '%1': %2 is a template (%3), which Bulkhead cannot "
                                                        "evaluate; the host is skipped")
                                             .arg(name, QLatin1String(key), InventoryText::quoted(it->value, 60)));
                    usable = false;
                    return nullptr;
                }
                *out = it->value;
                return &*it;
            }
            return nullptr;
        };

        QString text;
        if (value({"ansible_host", "ansible_ssh_host"}, &text) && text != name)
            host.address = text;
        text.clear();
        if (value({"ansible_user", "ansible_ssh_user"}, &text))
            host.user = text;
        text.clear();
        if (const Variable* port = value({"ansible_port", "ansible_ssh_port"}, &text)) {
            bool ok = false;
            const int number = text.toInt(&ok);
            if (!ok || number < 1 || number > 65535 || text.size() > 5) {
                model.warn(port->line, QStringLiteral("host '%1': ansible_port %2 is not a port number; the host is "
                                                      "skipped")
                                           .arg(name, InventoryText::quoted(text)));
                usable = false;
            } else {
                host.port = number;
            }
        }
        text.clear();
        if (value({"ansible_ssh_private_key_file", "ansible_private_key_file"}, &text))
            host.identity = text;
        text.clear();
        if (value({"ansible_become"}, &text) && isTruthy(text))
            host.access = AccessMode::Sudo;
        text.clear();
        if (const Variable* method = value({"ansible_become_method"}, &text)) {
            if (host.access == AccessMode::Sudo && text != QLatin1String("sudo")) {
                model.warn(method->line, QStringLiteral("host '%1' becomes root with '%2'; Bulkhead uses sudo -n")
                                             .arg(name, InventoryText::shown(text, 40)));
            }
        }
        text.clear();
        if (const Variable* connection = value({"ansible_connection"}, &text)) {
            if (text != QLatin1String("ssh") && text != QLatin1String("paramiko") && text != QLatin1String("smart")) {
                model.warn(connection->line,
                           QStringLiteral("host '%1' uses ansible_connection=%2; it is imported as an "
                                          "SSH host")
                               .arg(name, InventoryText::shown(text, 40)));
            }
        }
        for (const char* key : {"ansible_ssh_common_args", "ansible_ssh_extra_args"}) {
            text.clear();
            if (const Variable* args = value({key}, &text)) {
                bool proxyCommand = false;
                const QString jump = proxyJumpFromArgs(text, &proxyCommand);
                if (!jump.isEmpty() && host.proxyJump.isEmpty())
                    host.proxyJump = jump;
                if (proxyCommand) {
                    model.warn(args->line, QStringLiteral("host '%1' uses a ProxyCommand in %2; Bulkhead never runs a "
                                                          "proxy command, so the host is imported without it")
                                               .arg(name, QLatin1String(key)));
                }
            }
        }
        if (host.proxyJump.compare(QLatin1String("none"), Qt::CaseInsensitive) == 0)
            host.proxyJump.clear();

        QStringList memberOf;
        for (const QString& group : directGroups.value(name)) {
            if (group != AllGroup && group != UngroupedGroup)
                memberOf << group;
        }
        memberOf.sort();
        if (!memberOf.isEmpty())
            host.labels.insert(QStringLiteral("ansible_groups"), memberOf.join(u','));

        if (!usable)
            continue;
        // The inventory rules for this one host (address, port, user, jump hosts, text), zone aside.
        Inventory single;
        Zone zone;
        zone.name = QStringLiteral("import");
        zone.scope = ZoneScope::In;
        zone.rationale = zone.name;
        single.zones << zone;
        InventoryHost copy = host;
        copy.zone = zone.name;
        copy.where = {};
        single.hosts << copy;
        QStringList errors;
        for (const InventoryDiagnostic& problem : single.validate()) {
            if (problem.level == InventoryDiagnostic::Level::Error)
                errors << problem.message;
        }
        if (!errors.isEmpty()) {
            model.warn(
                line, QStringLiteral("host '%1' is skipped: %2").arg(name.left(80), errors.join(QStringLiteral("; "))));
            continue;
        }
        result.hosts << host;
    }
    result.diagnostics = model.m_diagnostics;
    return result;
}

// Expands Ansible host ranges: "web[01:03].example.com" → web01, web02, web03; "[a:c]" letters;
// "[1:9:2]" with a stride. Several ranges multiply. Empty on a malformed range.
std::optional<QStringList> expandRanges(const QString& pattern, QString* problem)
{
    const qsizetype open = pattern.indexOf(u'[');
    if (open < 0)
        return QStringList{pattern};
    const qsizetype close = pattern.indexOf(u']', open);
    if (close < 0) {
        *problem = QStringLiteral("'[' without ']'");
        return std::nullopt;
    }
    const QStringList parts = pattern.mid(open + 1, close - open - 1).split(u':');
    if (parts.size() < 2 || parts.size() > 3) {
        *problem = QStringLiteral("a range is [START:END] or [START:END:STEP]");
        return std::nullopt;
    }
    const QString head = pattern.left(open);
    const auto rest = expandRanges(pattern.mid(close + 1), problem);
    if (!rest)
        return std::nullopt;
    int step = 1;
    if (parts.size() == 3) {
        bool ok = false;
        step = parts.at(2).toInt(&ok);
        if (!ok || step < 1) {
            *problem = QStringLiteral("the step of a range must be a positive number");
            return std::nullopt;
        }
    }
    QStringList values;
    const QString& start = parts.at(0);
    const QString& end = parts.at(1);
    bool startNumeric = false;
    bool endNumeric = false;
    const int from = start.toInt(&startNumeric);
    const int to = end.toInt(&endNumeric);
    if (startNumeric && endNumeric && from >= 0 && to >= from) {
        if ((to - from) / step + 1 > MaxHosts) {
            *problem = QStringLiteral("the range has more than %1 hosts").arg(MaxHosts);
            return std::nullopt;
        }
        // Leading zeros in START give every number that width ([01:10] → 01 … 10).
        const int width = start.startsWith(u'0') ? static_cast<int>(start.size()) : 0;
        for (int i = from; i <= to; i += step)
            values << QString::number(i).rightJustified(width, u'0');
    } else if (start.size() == 1 && end.size() == 1 && start.front().isLetter() && end.front().isLetter() &&
               start.front() <= end.front() && start.front().unicode() < 128 && end.front().unicode() < 128) {
        for (char16_t c = start.front().unicode(); c <= end.front().unicode(); c = static_cast<char16_t>(c + step))
            values << QString(QChar(c));
    } else {
        *problem = QStringLiteral("[%1:%2] is not a range of numbers or letters").arg(start.left(20), end.left(20));
        return std::nullopt;
    }
    QStringList expanded;
    for (const QString& value : values) {
        for (const QString& tail : *rest) {
            if (expanded.size() >= MaxHosts) {
                *problem = QStringLiteral("the ranges make more than %1 hosts").arg(MaxHosts);
                return std::nullopt;
            }
            expanded << head + value + tail;
        }
    }
    return expanded;
}

// "host", "host:2222", "[2001:db8::1]:2222" (Ansible's INI form) → name and optional port.
void splitHostPort(const QString& pattern, QString* host, QString* port)
{
    // A range looks like a bracketed IPv6 address; only "]:digits" at the end is a port.
    const qsizetype colon = pattern.lastIndexOf(u':');
    if (colon > 0) {
        const QString tail = pattern.mid(colon + 1);
        bool digits = !tail.isEmpty();
        for (QChar c : tail)
            digits = digits && c.isDigit();
        const QString head = pattern.left(colon);
        // Colons inside a range ("web[01:09]") do not count; IPv6 without brackets has more colons
        // outside them, and then the last group is not a port.
        QString outsideRanges;
        int nesting = 0;
        for (QChar c : head) {
            if (c == u'[')
                ++nesting;
            else if (c == u']')
                nesting = std::max(0, nesting - 1);
            else if (nesting == 0)
                outsideRanges += c;
        }
        if (digits && (!outsideRanges.contains(u':') || (head.startsWith(u'[') && head.endsWith(u']')))) {
            *host = head.startsWith(u'[') && head.endsWith(u']') && head.contains(u':') ? head.mid(1, head.size() - 2)
                                                                                        : head;
            *port = tail;
            return;
        }
    }
    *host = pattern;
    port->clear();
}

class IniReader
{
public:
    IniReader(Model& model, QString file)
        : m_model(model)
        , m_file(std::move(file))
    {}

    void read(const QString& text)
    {
        const QStringList lines = text.split(u'\n');
        enum class Section
        {
            Hosts,
            Vars,
            Children,
            Ignored
        };
        Section section = Section::Hosts;
        QString group = UngroupedGroup;
        for (qsizetype i = 0; i < lines.size(); ++i) {
            const int lineNumber = static_cast<int>(i + 1);
            const QString line = lines.at(i).trimmed();
            if (line.isEmpty() || line.startsWith(u'#') || line.startsWith(u';'))
                continue;
            if (line.startsWith(u'[') && line.endsWith(u']') && !line.contains(QLatin1String("]["))) {
                // A section header "[name]" or "[name:vars]"; a host range "[01:02]" never spans the line.
                const QString header = line.mid(1, line.size() - 2).trimmed();
                const qsizetype colon = header.indexOf(u':');
                group = colon >= 0 ? header.left(colon) : header;
                const QString kind = colon >= 0 ? header.mid(colon + 1) : QString();
                if (!validGroupName(group, lineNumber)) {
                    section = Section::Ignored;
                    continue;
                }
                m_model.touchGroup(group);
                if (kind.isEmpty()) {
                    section = Section::Hosts;
                } else if (kind == QLatin1String("vars")) {
                    section = Section::Vars;
                } else if (kind == QLatin1String("children")) {
                    section = Section::Children;
                } else {
                    m_model.warn(lineNumber, QStringLiteral("section [%1:%2] is not hosts, :vars or :children; ignored")
                                                 .arg(group, kind.left(40)));
                    section = Section::Ignored;
                }
                continue;
            }
            switch (section) {
            case Section::Hosts:
                hostLine(group, line, lineNumber);
                break;
            case Section::Vars:
                varLine(group, line, lineNumber);
                break;
            case Section::Children:
                if (validGroupName(line, lineNumber))
                    m_model.addChild(group, line);
                break;
            case Section::Ignored:
                break;
            }
        }
    }

private:
    bool validGroupName(const QString& name, int line)
    {
        if (name.isEmpty() || name.contains(u' ') || name.contains(u'\t') || InventoryText::unsafeCharacter(name) ||
            name.size() > 256) {
            m_model.warn(line, QStringLiteral("%1 is not a group name; ignored").arg(InventoryText::quoted(name, 60)));
            return false;
        }
        return true;
    }

    void varLine(const QString& group, const QString& line, int lineNumber)
    {
        const qsizetype equals = line.indexOf(u'=');
        if (equals <= 0) {
            m_model.warn(lineNumber, QStringLiteral("[%1:vars] expects key=value; line ignored").arg(group));
            return;
        }
        const QString key = line.left(equals).trimmed();
        QString value = line.mid(equals + 1).trimmed();
        m_model.setGroupVar(group, key, Variable{unquote(value), false, m_file, lineNumber});
    }

    static QString unquote(const QString& value)
    {
        if (value.size() >= 2 &&
            ((value.startsWith(u'"') && value.endsWith(u'"')) || (value.startsWith(u'\'') && value.endsWith(u'\''))))
            return value.mid(1, value.size() - 2);
        return value;
    }

    void hostLine(const QString& group, const QString& line, int lineNumber)
    {
        const QStringList words = shellSplit(line);
        if (words.isEmpty())
            return;
        QString name;
        QString port;
        splitHostPort(words.front(), &name, &port);
        QString problem;
        const auto names = expandRanges(name, &problem);
        if (!names) {
            m_model.warn(
                lineNumber,
                QStringLiteral("host %1: %2; line ignored").arg(InventoryText::quoted(words.front(), 60), problem));
            return;
        }
        Variables vars;
        if (!port.isEmpty())
            vars.insert(QStringLiteral("ansible_port"), Variable{port, false, m_file, lineNumber});
        for (qsizetype i = 1; i < words.size(); ++i) {
            const QString& word = words.at(i);
            const qsizetype equals = word.indexOf(u'=');
            if (equals <= 0) {
                m_model.warn(lineNumber,
                             QStringLiteral("host %1: %2 is not key=value; ignored")
                                 .arg(InventoryText::quoted(words.front(), 60), InventoryText::quoted(word, 40)));
                continue;
            }
            vars.insert(word.left(equals), Variable{word.mid(equals + 1), false, m_file, lineNumber});
        }
        for (const QString& host : *names) {
            if (!m_model.addHost(group, host, lineNumber))
                return;
            for (auto it = vars.cbegin(); it != vars.cend(); ++it)
                m_model.setHostVar(host, it.key(), it.value());
        }
    }

    Model& m_model;
    QString m_file;
};

class YamlReader
{
public:
    YamlReader(Model& model, QString file)
        : m_model(model)
        , m_file(std::move(file))
    {}

    void read(const YAML::Node& root)
    {
        if (YamlLoader::isNull(root))
            return;
        if (!root.IsMap()) {
            m_model.warn(YamlLoader::position(root).line,
                         QStringLiteral("an Ansible YAML inventory is a mapping of groups (all:), not %1")
                             .arg(YamlLoader::kind(root)));
            return;
        }
        for (auto it = root.begin(); it != root.end(); ++it) {
            visit();
            if (!it->first.IsScalar())
                continue;
            group(YamlLoader::text(it->first), it->second, YamlLoader::position(it->first).line, 0);
        }
    }

private:
    void visit()
    {
        if (++m_nodes > MaxYamlNodes)
            throw BudgetExceeded{};
    }

    Variable variable(const YAML::Node& node, int line)
    {
        visit();
        if (node.IsScalar())
            return Variable{YamlLoader::text(node), false, m_file, line};
        if (YamlLoader::isNull(node))
            return Variable{QString(), false, m_file, line};
        return Variable{QString(), true, m_file, line};
    }

    void group(const QString& name, const YAML::Node& node, int line, int depth)
    {
        visit();
        if (depth > MaxGroupDepth) {
            m_model.warn(line, QStringLiteral("groups nested more than %1 deep; '%2' and below are ignored")
                                   .arg(MaxGroupDepth)
                                   .arg(name.left(80)));
            return;
        }
        if (name.isEmpty() || InventoryText::unsafeCharacter(name)) {
            m_model.warn(line, QStringLiteral("%1 is not a group name; ignored").arg(InventoryText::quoted(name, 60)));
            return;
        }
        m_model.touchGroup(name);
        if (YamlLoader::isNull(node))
            return;
        if (!node.IsMap()) {
            m_model.warn(line, QStringLiteral("group '%1' must be a mapping (hosts:, vars:, children:), not %2")
                                   .arg(name.left(80), YamlLoader::kind(node)));
            return;
        }
        for (auto it = node.begin(); it != node.end(); ++it) {
            visit();
            const QString key = YamlLoader::text(it->first);
            const int keyLine = YamlLoader::position(it->first).line;
            const YAML::Node value = it->second;
            if (key == QLatin1String("hosts")) {
                hosts(name, value, keyLine);
            } else if (key == QLatin1String("vars")) {
                if (value.IsMap()) {
                    for (auto var = value.begin(); var != value.end(); ++var) {
                        visit();
                        const int varLine = YamlLoader::position(var->first).line;
                        m_model.setGroupVar(name, YamlLoader::text(var->first), variable(var->second, varLine));
                    }
                } else if (!YamlLoader::isNull(value)) {
                    m_model.warn(keyLine,
                                 QStringLiteral("group '%1': vars must be a mapping; ignored").arg(name.left(80)));
                }
            } else if (key == QLatin1String("children")) {
                if (value.IsMap()) {
                    for (auto child = value.begin(); child != value.end(); ++child) {
                        visit();
                        const QString childName = YamlLoader::text(child->first);
                        const int childLine = YamlLoader::position(child->first).line;
                        if (!childName.isEmpty() && !InventoryText::unsafeCharacter(childName))
                            m_model.addChild(name, childName);
                        group(childName, child->second, childLine, depth + 1);
                    }
                } else if (!YamlLoader::isNull(value)) {
                    m_model.warn(keyLine,
                                 QStringLiteral("group '%1': children must be a mapping; ignored").arg(name.left(80)));
                }
            } else {
                m_model.warn(keyLine,
                             QStringLiteral("group '%1': unknown key %2 (Ansible knows hosts, vars, children); "
                                            "ignored")
                                 .arg(name.left(80), InventoryText::quoted(key, 40)));
            }
        }
    }

    void hosts(const QString& groupName, const YAML::Node& node, int line)
    {
        if (YamlLoader::isNull(node))
            return;
        if (!node.IsMap()) {
            m_model.warn(
                line,
                QStringLiteral("group '%1': hosts must be a mapping of host names; ignored").arg(groupName.left(80)));
            return;
        }
        for (auto it = node.begin(); it != node.end(); ++it) {
            visit();
            const int hostLine = YamlLoader::position(it->first).line;
            if (!it->first.IsScalar())
                continue;
            QString name;
            QString port;
            splitHostPort(YamlLoader::text(it->first), &name, &port);
            QString problem;
            const auto names = expandRanges(name, &problem);
            if (!names) {
                m_model.warn(hostLine,
                             QStringLiteral("host %1: %2; ignored").arg(InventoryText::quoted(name, 60), problem));
                continue;
            }
            const YAML::Node vars = it->second;
            if (!YamlLoader::isNull(vars) && !vars.IsMap()) {
                m_model.warn(hostLine, QStringLiteral("host %1: its variables must be a mapping; ignored")
                                           .arg(InventoryText::quoted(name, 60)));
            }
            for (const QString& host : *names) {
                if (!m_model.addHost(groupName, host, hostLine))
                    return;
                if (!port.isEmpty())
                    m_model.setHostVar(host, QStringLiteral("ansible_port"), Variable{port, false, m_file, hostLine});
                if (!vars.IsMap())
                    continue;
                for (auto var = vars.begin(); var != vars.end(); ++var) {
                    visit();
                    const int varLine = YamlLoader::position(var->first).line;
                    m_model.setHostVar(host, YamlLoader::text(var->first), variable(var->second, varLine));
                }
            }
        }
    }

    Model& m_model;
    QString m_file;
    int m_nodes = 0;
};

} // namespace

AnsibleInventoryImporter::Format AnsibleInventoryImporter::detect(const QByteArray& text, const QString& file)
{
    const QString suffix = QFileInfo(file).suffix().toLower();
    if (suffix == QLatin1String("yml") || suffix == QLatin1String("yaml") || suffix == QLatin1String("json"))
        return Format::Yaml;
    if (suffix == QLatin1String("ini") || suffix == QLatin1String("cfg"))
        return Format::Ini;
    // The first meaningful line decides: "[group]" or "host var=x" is INI; "all:", "---" or "{" YAML.
    const QList<QByteArray> lines = text.split('\n');
    for (const QByteArray& raw : lines) {
        const QByteArray line = raw.trimmed();
        if (line.isEmpty() || line.startsWith('#') || line.startsWith(';'))
            continue;
        if (line.startsWith('[') || line.contains('='))
            return Format::Ini;
        if (line.startsWith("---") || line.startsWith('{') || line.endsWith(':') || line.contains(": "))
            return Format::Yaml;
        return Format::Ini;
    }
    return Format::Ini;
}

Result<HostImport> AnsibleInventoryImporter::parse(const QByteArray& text, const QString& file, Format format)
{
    if (format == Format::Auto)
        format = detect(text, file);
    const QString label = file.isEmpty() ? QStringLiteral("the Ansible inventory") : file;
    Model model(file);
    if (format == Format::Yaml) {
        auto root = YamlLoader::load(text, file);
        if (!root)
            return root.error();
        try {
            YamlReader(model, file).read(root.value());
        } catch (const BudgetExceeded&) {
            return makeError(QStringLiteral("%1 is too large (more than %2 YAML nodes, counting aliases)")
                                 .arg(label)
                                 .arg(MaxYamlNodes));
        } catch (const YAML::Exception& error) {
            return makeError(QStringLiteral("Cannot read %1: %2").arg(label, QString::fromStdString(error.msg)));
        } catch (const std::exception& error) {
            return makeError(QStringLiteral("Cannot read %1: %2").arg(label, QString::fromUtf8(error.what())));
        }
    } else {
        if (text.size() > MaxFileBytes)
            return makeError(QStringLiteral("%1 is larger than 8 MiB; that is not an inventory").arg(label));
        int badLine = 0;
        const auto decoded = InventoryText::decodeUtf8(text, &badLine);
        if (!decoded) {
            return makeError(
                InventoryDiagnostic::error(file, badLine, 0, QStringLiteral("the file is not UTF-8 text")).toString());
        }
        QString clean = *decoded;
        clean.replace(QLatin1String("\r\n"), QLatin1String("\n"));
        IniReader(model, file).read(clean);
    }
    return Resolver::run(model);
}

Result<HostImport> AnsibleInventoryImporter::importFile(const QString& path, Format format)
{
    const QString shown = QDir::toNativeSeparators(path);
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return makeError(QStringLiteral("Cannot read %1: %2").arg(shown, file.errorString()));
    const QByteArray bytes = file.read(MaxFileBytes + 1);
    if (file.error() != QFileDevice::NoError)
        return makeError(QStringLiteral("Cannot read %1: %2").arg(shown, file.errorString()));
    return parse(bytes, shown, format);
}

} // namespace bulkhead
