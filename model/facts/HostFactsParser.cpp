// SPDX-License-Identifier: GPL-3.0-or-later
#include "facts/HostFactsParser.h"
#include "core/DisplayText.h"

#include "facts/SectionsParser.h"

#include <QFileInfo>
#include <QRegularExpression>

namespace bulkhead {

namespace {

QStringList textLines(const QByteArray& output)
{
    QStringList lines = QString::fromUtf8(output).split(QLatin1Char('\n'));
    if (!lines.isEmpty() && lines.last().isEmpty())
        lines.removeLast();
    return lines;
}

Error lineError(const QString& what, int number, const QString& why)
{
    return makeError(QStringLiteral("%1 line %2: %3").arg(what).arg(number).arg(why));
}

// The one command section of a sectioned tool output, by any of the given names.
Result<Section> commandSection(const QByteArray& output, const QStringList& names, const QString& what)
{
    auto sections = SectionsParser::parse(output);
    if (!sections)
        return makeError(QStringLiteral("%1: %2").arg(what, sections.errorMessage()));
    for (const Section& section : sections.value()) {
        if (names.contains(section.name))
            return section;
    }
    return makeError(QStringLiteral("%1: no output of %2").arg(what, names.join(QStringLiteral(" or "))));
}

QString unquote(const QString& value)
{
    if (value.size() >= 2 && (value.front() == QLatin1Char('"') || value.front() == QLatin1Char('\'')) &&
        value.back() == value.front())
        return value.mid(1, value.size() - 2);
    return value;
}

} // namespace

bool PasswdEntry::loginShell() const
{
    static const QStringList noLogin{QStringLiteral("nologin"), QStringLiteral("false"), QStringLiteral("sync"),
                                     QStringLiteral("halt"), QStringLiteral("shutdown")};
    return !shell.isEmpty() && !noLogin.contains(QFileInfo(shell).fileName());
}

QString ProcessEntry::command() const
{
    const QString first = args.section(QLatin1Char(' '), 0, 0);
    if (first.startsWith(QLatin1Char('[')))
        return first;
    return first.section(QLatin1Char('/'), -1);
}

bool ListeningSocket::allInterfaces() const
{
    return address == QLatin1String("0.0.0.0") || address == QLatin1String("::") || address == QLatin1String("*") ||
           address == QLatin1String("[::]");
}

int PendingUpdates::securityCount() const
{
    int count = 0;
    for (const PendingUpdate& update : updates)
        count += update.security ? 1 : 0;
    return count;
}

Result<QVector<PasswdEntry>> HostFactsParser::passwd(const QByteArray& output)
{
    QVector<PasswdEntry> entries;
    int number = 0;
    for (const QString& line : textLines(output)) {
        ++number;
        if (line.isEmpty() || line.startsWith(QLatin1Char('#')) || line.startsWith(QLatin1Char('+')))
            continue; // NIS compat markers carry no account of their own
        const QStringList fields = line.split(QLatin1Char(':'));
        if (fields.size() != 7)
            return lineError(QStringLiteral("passwd"), number, QStringLiteral("expected 7 fields"));
        PasswdEntry entry;
        bool okUid = false, okGid = false;
        entry.name = fields.at(0);
        entry.uid = fields.at(2).toInt(&okUid);
        entry.gid = fields.at(3).toInt(&okGid);
        if (entry.name.isEmpty() || !okUid || !okGid)
            return lineError(QStringLiteral("passwd"), number, QStringLiteral("bad name, uid or gid"));
        entry.gecos = fields.at(4);
        entry.home = fields.at(5);
        entry.shell = fields.at(6);
        entries.append(entry);
    }
    if (entries.isEmpty())
        return makeError(QStringLiteral("passwd: no accounts listed"));
    return entries;
}

Result<QVector<GroupEntry>> HostFactsParser::groups(const QByteArray& output)
{
    QVector<GroupEntry> groups;
    int number = 0;
    for (const QString& line : textLines(output)) {
        ++number;
        if (line.isEmpty() || line.startsWith(QLatin1Char('#')) || line.startsWith(QLatin1Char('+')))
            continue;
        const QStringList fields = line.split(QLatin1Char(':'));
        if (fields.size() != 4)
            return lineError(QStringLiteral("group"), number, QStringLiteral("expected 4 fields"));
        GroupEntry group;
        bool ok = false;
        group.name = fields.at(0);
        group.gid = fields.at(2).toInt(&ok);
        if (group.name.isEmpty() || !ok)
            return lineError(QStringLiteral("group"), number, QStringLiteral("bad name or gid"));
        group.members = fields.at(3).split(QLatin1Char(','), Qt::SkipEmptyParts);
        groups.append(group);
    }
    if (groups.isEmpty())
        return makeError(QStringLiteral("group: no groups listed"));
    return groups;
}

Result<OsRelease> HostFactsParser::osRelease(const QByteArray& output)
{
    auto sections = SectionsParser::parse(output);
    if (!sections)
        return makeError(QStringLiteral("os-release: %1").arg(sections.errorMessage()));
    for (const Section& section : sections.value()) {
        if (!section.readable())
            return makeError(
                QStringLiteral("os-release: %1 is %2").arg(DisplayText::shown(section.name, 200), section.status));
        OsRelease release;
        static const QRegularExpression assignment(QStringLiteral(R"(^([A-Z0-9_]+)=(.*)$)"));
        for (const QString& line : section.lines) {
            if (line.trimmed().isEmpty() || line.startsWith(QLatin1Char('#')))
                continue;
            const auto match = assignment.match(line);
            if (!match.hasMatch())
                return makeError(QStringLiteral("os-release: malformed line %1").arg(DisplayText::quoted(line, 80)));
            release.fields.insert(match.captured(1), unquote(match.captured(2)));
        }
        if (release.id().isEmpty() && release.prettyName().isEmpty())
            return makeError(QStringLiteral("os-release: neither ID nor PRETTY_NAME"));
        return release;
    }
    return makeError(QStringLiteral("os-release: no file in the output"));
}

Result<KernelInfo> HostFactsParser::kernel(const QByteArray& output)
{
    const QStringList lines = textLines(output);
    if (lines.isEmpty())
        return makeError(QStringLiteral("uname: the output is empty"));
    static const QRegularExpression first(QStringLiteral(R"(^[A-Za-z][A-Za-z0-9_-]* [0-9][^ ]* [A-Za-z0-9_]+$)"));
    if (!first.match(lines.at(0)).hasMatch())
        return makeError(QStringLiteral("uname: expected \"NAME RELEASE MACHINE\""));
    const QStringList words = lines.at(0).split(QLatin1Char(' '));
    KernelInfo kernel;
    kernel.name = words.at(0);
    kernel.release = words.at(1);
    kernel.machine = words.at(2);
    kernel.build = lines.size() > 1 ? lines.at(1) : QString();
    return kernel;
}

Result<QVector<ProcessEntry>> HostFactsParser::processes(const QByteArray& output)
{
    auto section = commandSection(output, {QStringLiteral("procps"), QStringLiteral("busybox")}, QStringLiteral("ps"));
    if (!section)
        return section.error();
    if (section->exitStatus != 0)
        return makeError(QStringLiteral("ps failed (exit status %1)").arg(section->exitStatus));
    const bool procps = section->name == QLatin1String("procps");
    static const QRegularExpression procpsLine(QStringLiteral(R"(^\s*(\d+)\s+(\d+)\s+(\d+)\s+(\S+)\s?(.*)$)"));
    static const QRegularExpression busyboxLine(QStringLiteral(R"(^\s*(\S+)\s+(\d+)\s+(\d+)\s?(.*)$)"));
    QVector<ProcessEntry> processes;
    int number = 0;
    for (const QString& line : section->lines) {
        ++number;
        if (line.trimmed().isEmpty())
            continue;
        ProcessEntry process;
        if (procps) {
            const auto match = procpsLine.match(line);
            if (!match.hasMatch())
                return lineError(QStringLiteral("ps"), number, QStringLiteral("not uid pid ppid user args"));
            process.uid = match.captured(1).toInt();
            process.pid = match.captured(2).toLongLong();
            process.ppid = match.captured(3).toLongLong();
            process.user = match.captured(4);
            process.args = match.captured(5).trimmed();
        } else {
            if (number == 1 && line.trimmed().startsWith(QLatin1String("USER")))
                continue; // busybox prints a header
            const auto match = busyboxLine.match(line);
            if (!match.hasMatch())
                return lineError(QStringLiteral("ps"), number, QStringLiteral("not user pid ppid args"));
            process.user = match.captured(1);
            process.pid = match.captured(2).toLongLong();
            process.ppid = match.captured(3).toLongLong();
            process.args = match.captured(4).trimmed();
        }
        processes.append(process);
    }
    if (processes.isEmpty())
        return makeError(QStringLiteral("ps listed no process"));
    return processes;
}

Result<QVector<ListeningSocket>> HostFactsParser::sockets(const QByteArray& output)
{
    auto section = commandSection(output, {QStringLiteral("ss"), QStringLiteral("netstat")}, QStringLiteral("sockets"));
    if (!section)
        return section.error();
    if (section->exitStatus != 0)
        return makeError(QStringLiteral("%1 failed (exit status %2)")
                             .arg(DisplayText::shown(section->name, 80))
                             .arg(section->exitStatus));
    const bool ss = section->name == QLatin1String("ss");
    static const QRegularExpression users(QStringLiteral(R"re(\(\("([^"]*)",pid=(\d+))re"));
    static const QRegularExpression pidProgram(QStringLiteral(R"(^(\d+)/(.*)$)"));
    QVector<ListeningSocket> sockets;
    int number = 0;
    for (const QString& line : section->lines) {
        ++number;
        const QStringList words = line.split(QLatin1Char(' '), Qt::SkipEmptyParts);
        if (words.isEmpty())
            continue;
        const QString first = words.at(0);
        if (first == QLatin1String("Netid") || first == QLatin1String("Active") || first == QLatin1String("Proto"))
            continue; // headers
        ListeningSocket socket;
        QString local;
        if (ss) {
            if (words.size() < 6)
                return lineError(QStringLiteral("ss"), number, QStringLiteral("too few columns"));
            socket.protocol = first;
            local = words.at(4);
            const auto match = users.match(line);
            if (match.hasMatch()) {
                socket.process = match.captured(1);
                socket.pid = match.captured(2).toLongLong();
            }
        } else {
            if (words.size() < 5)
                return lineError(QStringLiteral("netstat"), number, QStringLiteral("too few columns"));
            socket.protocol = first;
            local = words.at(3);
            const auto match = pidProgram.match(words.last());
            if (match.hasMatch()) {
                socket.pid = match.captured(1).toLongLong();
                socket.process = match.captured(2);
            }
        }
        const qsizetype colon = local.lastIndexOf(QLatin1Char(':'));
        bool okPort = false;
        socket.port = colon < 0 ? 0 : local.mid(colon + 1).toInt(&okPort);
        if (colon < 0 || !okPort)
            return lineError(section->name, number, QStringLiteral("no address:port"));
        socket.address = local.left(colon);
        if (const qsizetype percent = socket.address.indexOf(QLatin1Char('%')); percent >= 0)
            socket.address = socket.address.left(percent); // 127.0.0.53%lo
        if (socket.address.startsWith(QLatin1Char('[')) && socket.address.endsWith(QLatin1Char(']')) &&
            socket.address != QLatin1String("[::]"))
            socket.address = socket.address.mid(1, socket.address.size() - 2);
        sockets.append(socket);
    }
    return sockets;
}

Result<PendingUpdates> HostFactsParser::updates(const QByteArray& output)
{
    auto sections = SectionsParser::parse(output);
    if (!sections)
        return makeError(QStringLiteral("updates: %1").arg(sections.errorMessage()));
    if (sections->isEmpty())
        return makeError(QStringLiteral("updates: no package manager output"));
    PendingUpdates result;
    const Section& main = sections->front();
    result.manager = main.name;
    QStringList securityPackages;
    for (const Section& section : sections.value()) {
        const bool dnfLike =
            section.name.startsWith(QLatin1String("dnf")) || section.name.startsWith(QLatin1String("yum"));
        // dnf/yum check-update: 100 means "updates available", 0 none, anything else failed.
        const bool ok = section.exitStatus == 0 ||
                        (dnfLike && section.exitStatus == 100 && !section.name.endsWith(QLatin1String("-security")));
        if (!ok)
            return makeError(QStringLiteral("updates: %1 failed (exit status %2)%3")
                                 .arg(DisplayText::shown(section.name, 80))
                                 .arg(section.exitStatus)
                                 .arg(section.lines.isEmpty()
                                          ? QString()
                                          : QStringLiteral(": ") + DisplayText::shown(section.lines.last(), 160)));
        if (section.name.endsWith(QLatin1String("-security"))) {
            for (const QString& line : section.lines) {
                const QStringList words = line.split(QLatin1Char(' '), Qt::SkipEmptyParts);
                if (section.name.startsWith(QLatin1String("zypper"))) {
                    const QStringList cells = line.split(QLatin1Char('|'));
                    if (cells.size() >= 2 && !cells.at(1).trimmed().isEmpty())
                        securityPackages << cells.at(1).trimmed();
                } else if (words.size() >= 3) {
                    securityPackages << words.at(2);
                }
            }
        }
    }
    for (const QString& line : main.lines) {
        PendingUpdate update;
        const QStringList words = line.split(QLatin1Char(' '), Qt::SkipEmptyParts);
        if (result.manager == QLatin1String("apt") && words.size() >= 3 && words.at(0) == QLatin1String("Inst")) {
            // apt-get -s: Inst name [old] (new origin [arch])
            static const QRegularExpression inst(QStringLiteral(R"(^Inst (\S+) (?:\[([^\]]+)\] )?\((\S+) ([^\[)]*))"));
            const auto match = inst.match(line);
            if (!match.hasMatch())
                continue;
            update.package = match.captured(1);
            update.currentVersion = match.captured(2);
            update.newVersion = match.captured(3);
            update.origin = match.captured(4).trimmed();
            update.security =
                update.origin.contains(QLatin1String("-security")) || update.origin.contains(QLatin1String("Security"));
        } else if (result.manager == QLatin1String("apt")) {
            // apt list --upgradable: name/suite[,suite] version arch [upgradable from: old]
            if (words.size() < 3 || !words.at(0).contains(QLatin1Char('/')))
                continue; // "Listing...", warnings
            update.package = words.at(0).section(QLatin1Char('/'), 0, 0);
            update.origin = words.at(0).section(QLatin1Char('/'), 1);
            update.newVersion = words.at(1);
            static const QRegularExpression from(QStringLiteral(R"(\[upgradable from: ([^\]]+)\])"));
            if (const auto match = from.match(line); match.hasMatch())
                update.currentVersion = match.captured(1);
            update.security = update.origin.contains(QLatin1String("-security"));
        } else if (result.manager == QLatin1String("dnf") || result.manager == QLatin1String("yum")) {
            if (words.size() != 3 || !words.at(0).contains(QLatin1Char('.')))
                continue; // blank lines, "Obsoleting Packages", "Last metadata expiration ..."
            update.package = words.at(0).section(QLatin1Char('.'), 0, -2);
            update.newVersion = words.at(1);
            update.origin = words.at(2);
        } else if (result.manager == QLatin1String("zypper")) {
            const QStringList cells = line.split(QLatin1Char('|'));
            if (cells.size() < 6 || cells.at(0).trimmed() != QLatin1String("v"))
                continue;
            update.origin = cells.at(1).trimmed();
            update.package = cells.at(2).trimmed();
            update.currentVersion = cells.at(3).trimmed();
            update.newVersion = cells.at(4).trimmed();
        } else if (result.manager == QLatin1String("apk")) {
            // name-1.2-r0 < 1.3-r0
            if (words.size() < 3 || words.at(1) != QLatin1String("<"))
                continue;
            static const QRegularExpression nameVersion(QStringLiteral(R"(^(.+)-([^-]+-r\d+)$)"));
            const auto match = nameVersion.match(words.at(0));
            update.package = match.hasMatch() ? match.captured(1) : words.at(0);
            update.currentVersion = match.hasMatch() ? match.captured(2) : QString();
            update.newVersion = words.at(2);
        } else {
            return makeError(
                QStringLiteral("updates: unknown package manager %1").arg(DisplayText::shown(result.manager, 20)));
        }
        if (!update.security) {
            for (const QString& advisory : securityPackages) {
                if (advisory == update.package || advisory.startsWith(update.package + QLatin1Char('-')))
                    update.security = true;
            }
        }
        result.updates.append(update);
    }
    return result;
}

Result<Sudoers> HostFactsParser::sudoers(const QByteArray& output)
{
    auto sections = SectionsParser::parse(output);
    if (!sections)
        return makeError(QStringLiteral("sudoers: %1").arg(sections.errorMessage()));
    Sudoers result;
    static const QRegularExpression include(QStringLiteral(R"(^[@#](include|includedir)\s+(.+)$)"));
    static const QRegularExpression rule(QStringLiteral(R"(^(\S+)\s+(.+)$)"));
    for (const Section& section : sections.value()) {
        if (section.status == QLatin1String("denied")) {
            result.unreadable << section.name;
            continue;
        }
        if (!section.readable())
            continue;
        // sudo skips files in an included directory whose name ends in ~ or contains a dot.
        const QString base = section.name.section(QLatin1Char('/'), -1);
        if (section.name.startsWith(QLatin1String("/etc/sudoers.d/")) &&
            (base.endsWith(QLatin1Char('~')) || base.contains(QLatin1Char('.'))))
            continue;
        result.files << section.name;
        QString pending;
        for (const QString& raw : section.lines) {
            QString line = raw.trimmed();
            if (line.endsWith(QLatin1Char('\\'))) {
                pending += line.chopped(1) + QLatin1Char(' ');
                continue;
            }
            line = QString(pending + line).trimmed();
            pending.clear();
            if (line.isEmpty())
                continue;
            if (const auto match = include.match(line); match.hasMatch()) {
                result.includes << match.captured(2).trimmed();
                continue;
            }
            if (line.startsWith(QLatin1Char('#')))
                continue;
            if (line.startsWith(QLatin1String("Defaults"))) {
                result.defaults << line;
                continue;
            }
            if (line.contains(QLatin1String("_Alias"))) {
                result.aliases << line;
                continue;
            }
            const auto match = rule.match(line);
            if (!match.hasMatch())
                return makeError(QStringLiteral("sudoers: malformed rule in %1: %2")
                                     .arg(DisplayText::shown(section.name, 80), DisplayText::quoted(line, 80)));
            SudoRule entry;
            entry.file = section.name;
            entry.principal = match.captured(1);
            entry.group = entry.principal.startsWith(QLatin1Char('%'));
            entry.spec = match.captured(2);
            entry.noPassword = entry.spec.contains(QLatin1String("NOPASSWD:"));
            entry.allCommands =
                entry.spec.endsWith(QLatin1String(" ALL")) || entry.spec.endsWith(QLatin1String(":ALL"));
            result.rules.append(entry);
        }
    }
    if (result.files.isEmpty() && result.unreadable.isEmpty())
        return makeError(QStringLiteral("sudoers: no sudoers file was read"));
    return result;
}

Result<QVector<QMap<QString, QString>>> HostFactsParser::keyValueBlocks(const QByteArray& output)
{
    QVector<QMap<QString, QString>> blocks;
    QMap<QString, QString> current;
    int number = 0;
    for (const QString& line : textLines(output)) {
        ++number;
        if (line.isEmpty()) {
            if (!current.isEmpty())
                blocks.append(current);
            current.clear();
            continue;
        }
        const qsizetype equals = line.indexOf(QLatin1Char('='));
        if (equals <= 0)
            return lineError(QStringLiteral("key=value output"), number, QStringLiteral("no KEY="));
        current.insert(line.left(equals), line.mid(equals + 1));
    }
    if (!current.isEmpty())
        blocks.append(current);
    return blocks;
}

Result<QVector<SystemdUnit>> HostFactsParser::systemdUnits(const QByteArray& output)
{
    auto blocks = keyValueBlocks(output);
    if (!blocks)
        return makeError(QStringLiteral("systemctl show: %1").arg(blocks.errorMessage()));
    QVector<SystemdUnit> units;
    for (const auto& block : blocks.value()) {
        SystemdUnit unit;
        unit.properties = block;
        if (unit.id().isEmpty())
            return makeError(QStringLiteral("systemctl show: a unit without Id"));
        units.append(unit);
    }
    return units;
}

} // namespace bulkhead
