// SPDX-License-Identifier: GPL-3.0-or-later
#include "checks/HostRules.h"

#include "checks/CheckText.h"
#include "checks/LineEvidence.h"
#include "facts/EngineFactsParser.h"
#include "facts/HostFactsParser.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <QHash>
#include <QSet>

namespace bulkhead {

namespace {

const QString OnlyRootUid0 = QStringLiteral("host.only-root-uid0");
const QString DockerGroup = QStringLiteral("host.docker-group-members");
const QString SecurityUpdates = QStringLiteral("host.security-updates");
const QString AccountsApproved = QStringLiteral("host.accounts-approved");
const QString EngineCurrent = QStringLiteral("host.engine-current");

// A Docker Engine release line from resources/checks/docker-releases.json.
struct ReleaseLine
{
    int major = 0;
    QString version;
    QDate released;
};

struct ReleaseCatalog
{
    QVector<ReleaseLine> lines; // oldest first
    QString updated;
    QString error; // the file could not be read
};

const ReleaseCatalog& releaseCatalog()
{
    static const ReleaseCatalog catalog = [] {
        ReleaseCatalog c;
        QFile file(QStringLiteral(":/bulkhead/checks/docker-releases.json"));
        if (!file.open(QIODevice::ReadOnly)) {
            c.error = QStringLiteral("the release catalog is missing from this build");
            return c;
        }
        const QJsonObject root = QJsonDocument::fromJson(file.readAll()).object();
        c.updated = root.value(QStringLiteral("updated")).toString();
        for (const QJsonValue& value : root.value(QStringLiteral("lines")).toArray()) {
            const QJsonObject line = value.toObject();
            c.lines << ReleaseLine{line.value(QStringLiteral("major")).toInt(),
                                   line.value(QStringLiteral("version")).toString(),
                                   QDate::fromString(line.value(QStringLiteral("released")).toString(), Qt::ISODate)};
        }
        std::sort(c.lines.begin(), c.lines.end(),
                  [](const ReleaseLine& a, const ReleaseLine& b) { return a.major < b.major; });
        if (c.lines.isEmpty())
            c.error = QStringLiteral("the release catalog lists no release");
        return c;
    }();
    return catalog;
}

// The zone's approved users, or empty when there is no list to judge by.
const QStringList* approvedUsers(const ZonePolicy& policy)
{
    return policy.zone && !policy.zone->approvedUsers.isEmpty() ? &policy.zone->approvedUsers : nullptr;
}

// Why no account list can be judged here, for a `manual` message.
QString noApprovedList(const ZonePolicy& policy)
{
    return policy.zone ? QStringLiteral("zone %1 lists no approved users").arg(CheckText::quoted(policy.zone->name))
                       : QStringLiteral("the host is in no zone");
}

Finding hostFinding(const QString& id)
{
    Finding finding;
    finding.checkId = id;
    finding.subject = Subject{SubjectKind::Host, QString(), QString()};
    return finding;
}

// The line of `artifact` that starts with `prefix`, as evidence.
EvidenceRef lineRef(const Artifact& artifact, const QByteArray& prefix)
{
    return LineEvidence::startingWith(artifact, prefix).value_or(LineEvidence::whole(artifact));
}

Finding onlyRootUid0(const HostEvidence& evidence)
{
    const QString probe = QStringLiteral("host.passwd");
    if (auto gap = evidence.gap(probe))
        return gap->finding(OnlyRootUid0);
    const Artifact& artifact = *evidence.artifact(probe);
    auto passwd = HostFactsParser::passwd(artifact.output);
    if (!passwd)
        return EvidenceGap::unreadable(artifact, passwd.errorMessage()).finding(OnlyRootUid0);
    Finding finding = hostFinding(OnlyRootUid0);
    finding.expected = QStringLiteral("root is the only account with UID 0");
    QStringList others;
    for (const PasswdEntry& entry : passwd.value()) {
        if (entry.uid != 0)
            continue;
        finding.evidence << lineRef(artifact, entry.name.toUtf8() + ':');
        if (entry.name != QLatin1String("root"))
            others << CheckText::printable(entry.name, 64);
    }
    if (others.isEmpty()) {
        finding.status = Status::Pass;
        finding.actual = QStringLiteral("UID 0: root");
        finding.message = QStringLiteral("Only root has UID 0");
        if (finding.evidence.isEmpty())
            finding.evidence << EvidenceRef{artifact.id, QString(), QString(), QString()};
        return finding;
    }
    finding.status = Status::Fail;
    finding.actual = QStringLiteral("UID 0: root, %1").arg(others.join(QStringLiteral(", ")));
    finding.message = QStringLiteral("Other accounts have UID 0, so they are root under another name: %1")
                          .arg(others.join(QStringLiteral(", ")));
    return finding;
}

Finding dockerGroup(const HostEvidence& evidence, const ZonePolicy& policy)
{
    const QString groupProbe = QStringLiteral("host.group");
    const QString passwdProbe = QStringLiteral("host.passwd");
    if (auto gap = evidence.gap(groupProbe))
        return gap->finding(DockerGroup);
    const Artifact& groupArtifact = *evidence.artifact(groupProbe);
    auto groups = HostFactsParser::groups(groupArtifact.output);
    if (!groups)
        return EvidenceGap::unreadable(groupArtifact, groups.errorMessage()).finding(DockerGroup);
    Finding finding = hostFinding(DockerGroup);
    finding.expected = QStringLiteral("Only approved accounts in the docker group (it is root on this host)");
    const GroupEntry* docker = nullptr;
    for (const GroupEntry& group : groups.value()) {
        if (group.name == QLatin1String("docker"))
            docker = &group;
    }
    if (!docker) {
        finding.status = Status::NotApplicable;
        finding.actual = QStringLiteral("no docker group");
        finding.message = QStringLiteral("There is no docker group on this host");
        finding.evidence << EvidenceRef{groupArtifact.id, QString(), QString(), QString()};
        return finding;
    }
    finding.evidence << lineRef(groupArtifact, "docker:");
    QStringList members = docker->members;
    // Accounts whose primary group is docker are members too, without being listed in /etc/group.
    if (!evidence.gap(passwdProbe)) {
        const Artifact& passwdArtifact = *evidence.artifact(passwdProbe);
        if (auto passwd = HostFactsParser::passwd(passwdArtifact.output)) {
            for (const PasswdEntry& entry : passwd.value()) {
                if (entry.gid == docker->gid && !members.contains(entry.name)) {
                    members << entry.name;
                    finding.evidence << lineRef(passwdArtifact, entry.name.toUtf8() + ':');
                }
            }
        }
    }
    members.removeAll(QString());
    for (QString& member : members)
        member = CheckText::printable(member, 64);
    if (members.isEmpty()) {
        finding.status = Status::Pass;
        finding.actual = QStringLiteral("no members");
        finding.message = QStringLiteral("No account is in the docker group: only root controls Docker");
        return finding;
    }
    finding.actual = members.join(QStringLiteral(", "));
    if (const QStringList* approved = approvedUsers(policy)) {
        QStringList unapproved;
        for (const QString& member : std::as_const(members)) {
            if (!approved->contains(member))
                unapproved << member;
        }
        finding.status = unapproved.isEmpty() ? Status::Pass : Status::Fail;
        finding.message = unapproved.isEmpty()
                              ? QStringLiteral("Every member of the docker group is approved for zone %1")
                                    .arg(CheckText::quoted(policy.zone->name))
                              : QStringLiteral("Accounts zone %1 does not approve can control Docker, which is root "
                                               "on this host: %2")
                                    .arg(CheckText::quoted(policy.zone->name), unapproved.join(QStringLiteral(", ")));
        return finding;
    }
    finding.status = Status::Manual;
    finding.message = QStringLiteral("%1 account(s) can control Docker, which is root on this host: %2. Confirm each "
                                     "is approved (%3)")
                          .arg(members.size())
                          .arg(finding.actual, noApprovedList(policy));
    return finding;
}

// Every account that can log in, is root, controls Docker or may use sudo, against the zone's approved
// users. The sudoers files need privilege: without them a host whose other accounts are all approved
// cannot be called clean (error), while an unapproved account found elsewhere still fails.
Finding accountsApproved(const HostEvidence& evidence, const ZonePolicy& policy)
{
    const QString passwdProbe = QStringLiteral("host.passwd");
    const QString groupProbe = QStringLiteral("host.group");
    const QString sudoersProbe = QStringLiteral("host.sudoers");
    if (auto gap = evidence.gap(passwdProbe))
        return gap->finding(AccountsApproved);
    const Artifact& passwdArtifact = *evidence.artifact(passwdProbe);
    auto passwd = HostFactsParser::passwd(passwdArtifact.output);
    if (!passwd)
        return EvidenceGap::unreadable(passwdArtifact, passwd.errorMessage()).finding(AccountsApproved);
    QVector<GroupEntry> groups;
    const Artifact* groupArtifact = evidence.gap(groupProbe) ? nullptr : evidence.artifact(groupProbe);
    if (groupArtifact) {
        if (auto parsed = HostFactsParser::groups(groupArtifact->output))
            groups = std::move(parsed).value();
        else
            groupArtifact = nullptr;
    }
    std::optional<Sudoers> sudoers;
    const Artifact* sudoersArtifact = evidence.gap(sudoersProbe) ? nullptr : evidence.artifact(sudoersProbe);
    if (sudoersArtifact) {
        if (auto parsed = HostFactsParser::sudoers(sudoersArtifact->output); parsed && parsed->unreadable.isEmpty())
            sudoers = std::move(parsed).value();
    }

    // Account -> why it matters, in passwd order.
    QStringList order;
    QHash<QString, QStringList> why;
    const auto note = [&](const QString& account, const QString& reason) {
        if (account.isEmpty())
            return;
        if (!why.contains(account))
            order << account;
        if (!why[account].contains(reason))
            why[account] << reason;
    };
    QHash<int, QString> groupByGid;
    for (const GroupEntry& group : std::as_const(groups))
        groupByGid.insert(group.gid, group.name);
    const auto membersOf = [&](const QString& groupName) {
        QStringList members;
        for (const GroupEntry& group : std::as_const(groups)) {
            if (group.name == groupName)
                members += group.members;
        }
        for (const PasswdEntry& entry : passwd.value()) {
            if (groupByGid.value(entry.gid) == groupName)
                members << entry.name;
        }
        return members;
    };
    for (const PasswdEntry& entry : passwd.value()) {
        if (entry.uid == 0)
            note(entry.name, QStringLiteral("UID 0"));
        if (entry.loginShell())
            note(entry.name, QStringLiteral("login shell"));
    }
    for (const QString& member : membersOf(QStringLiteral("docker")))
        note(member, QStringLiteral("docker group"));
    if (sudoers) {
        for (const SudoRule& rule : std::as_const(sudoers->rules)) {
            if (rule.principal.isEmpty() || rule.principal.startsWith(QLatin1Char('#')))
                continue;
            if (rule.group) {
                for (const QString& member : membersOf(rule.principal.mid(rule.principal.startsWith(u'%') ? 1 : 0)))
                    note(member, QStringLiteral("sudo"));
            } else if (rule.principal.at(0).isLower() || rule.principal == QLatin1String("root")) {
                note(rule.principal, QStringLiteral("sudo")); // upper case: a User_Alias, not an account
            }
        }
    }

    Finding finding = hostFinding(AccountsApproved);
    const QStringList* approved = approvedUsers(policy);
    finding.expected = approved ? QStringLiteral("only %1").arg(approved->join(QStringLiteral(", ")))
                                : QStringLiteral("only approved accounts can log in, are root, control Docker or sudo");
    QStringList listed;
    QStringList unapproved;
    for (const QString& account : std::as_const(order)) {
        const QString entry = QStringLiteral("%1 (%2)").arg(CheckText::printable(account, 64),
                                                            why.value(account).join(QStringLiteral(", ")));
        listed << entry;
        if (approved && !approved->contains(account)) {
            unapproved << entry;
            finding.evidence << lineRef(passwdArtifact, account.toUtf8() + ':');
        }
    }
    finding.actual = CheckText::printable(listed.join(QStringLiteral("; ")), 600);
    if (!approved) {
        finding.status = Status::Manual;
        finding.evidence << LineEvidence::whole(passwdArtifact);
        finding.message =
            QStringLiteral("%1 account(s) can log in or hold privilege: %2. Confirm each is approved (%3)")
                .arg(listed.size())
                .arg(finding.actual, noApprovedList(policy));
        return finding;
    }
    if (!unapproved.isEmpty()) {
        finding.status = Status::Fail;
        finding.message = QStringLiteral("Accounts zone %1 does not approve: %2")
                              .arg(CheckText::quoted(policy.zone->name),
                                   CheckText::printable(unapproved.join(QStringLiteral("; ")), 600));
        return finding;
    }
    if (!sudoers || !groupArtifact) {
        finding.status = Status::Error;
        finding.message = !sudoers ? QStringLiteral("Every account in /etc/passwd is approved, but the sudoers files "
                                                    "could not be read (scan with --sudo), so sudo rights are unknown")
                                   : QStringLiteral("Every account in /etc/passwd is approved, but /etc/group could "
                                                    "not be read, so group members are unknown");
        finding.evidence.clear();
        return finding;
    }
    finding.status = Status::Pass;
    finding.evidence << LineEvidence::whole(passwdArtifact) << LineEvidence::whole(*groupArtifact)
                     << LineEvidence::whole(*sudoersArtifact);
    finding.message = QStringLiteral("Every account that can log in or holds privilege is approved for zone %1")
                          .arg(CheckText::quoted(policy.zone->name));
    return finding;
}

// Tip 1, CIS 1.2.2: the running engine against the newest release line the catalog knows, with its age.
// On the newest line: pass; one line behind: warn; older: fail (distribution packages may carry
// backported fixes: that is what a waiver with the vendor's support statement records).
Finding engineCurrent(const HostEvidence& evidence, const QDate& today)
{
    const QString probe = QStringLiteral("docker.version");
    if (auto gap = evidence.gap(probe)) {
        Finding finding = gap->finding(EngineCurrent);
        finding.subject = Subject{SubjectKind::Daemon, QString(), QStringLiteral("dockerd")};
        return finding;
    }
    const Artifact& artifact = *evidence.artifact(probe);
    Finding finding = hostFinding(EngineCurrent);
    finding.subject = Subject{SubjectKind::Daemon, QString(), QStringLiteral("dockerd")};
    auto version = EngineFactsParser::version(artifact.output);
    if (!version || version->serverVersion.isEmpty()) {
        const EvidenceGap gap = EvidenceGap::unreadable(
            artifact, version ? QStringLiteral("docker version names no Engine") : version.errorMessage());
        finding.status = gap.status;
        finding.message = gap.message;
        finding.evidence = gap.evidence;
        return finding;
    }
    const ReleaseCatalog& catalog = releaseCatalog();
    if (!catalog.error.isEmpty()) {
        finding.status = Status::Error;
        finding.message = QStringLiteral("The engine's age cannot be judged: %1").arg(catalog.error);
        return finding;
    }
    const QString running = version->serverVersion;
    finding.evidence << LineEvidence::whole(artifact);
    if (const auto cited = LineEvidence::containing(artifact, running.toUtf8()))
        finding.evidence = {*cited};
    bool ok = false;
    const int major = running.section(QLatin1Char('.'), 0, 0).toInt(&ok);
    const ReleaseLine& newest = catalog.lines.constLast();
    finding.expected = QStringLiteral("the newest release line (%1, released %2; catalog of %3)")
                           .arg(newest.version, newest.released.toString(Qt::ISODate), catalog.updated);
    if (!ok) {
        finding.status = Status::Error;
        finding.actual = CheckText::printable(running, 60);
        finding.message = QStringLiteral("The engine version %1 cannot be read as a release").arg(finding.actual);
        return finding;
    }
    const ReleaseLine* line = nullptr;
    for (const ReleaseLine& candidate : catalog.lines) {
        if (candidate.major == major)
            line = &candidate;
    }
    const auto years = [&](const QDate& from) { return QString::number(from.daysTo(today) / 365.25, 'f', 1); };
    finding.actual = line ? QStringLiteral("%1 (the %2 line, released %3, %4 years ago)")
                                .arg(CheckText::printable(running, 60), line->version,
                                     line->released.toString(Qt::ISODate), years(line->released))
                          : CheckText::printable(running, 60);
    if (major >= newest.major) {
        finding.status = Status::Pass;
        finding.message = major > newest.major ? QStringLiteral("The engine is newer than every line the catalog knows")
                                               : QStringLiteral("The engine is on the newest release line");
        return finding;
    }
    const qsizetype behind = std::count_if(catalog.lines.cbegin(), catalog.lines.cend(),
                                           [&](const ReleaseLine& l) { return l.major > major; });
    finding.status = behind <= 1 ? Status::Warn : Status::Fail;
    finding.message = QStringLiteral("The engine is %1 release line(s) behind %2 (released %3): upgrade, or record "
                                     "the vendor's support of this version in a waiver")
                          .arg(behind)
                          .arg(newest.version, newest.released.toString(Qt::ISODate));
    return finding;
}

Finding securityUpdates(const HostEvidence& evidence)
{
    const QString probe = QStringLiteral("host.updates");
    if (auto gap = evidence.gap(probe))
        return gap->finding(SecurityUpdates);
    const Artifact& artifact = *evidence.artifact(probe);
    auto updates = HostFactsParser::updates(artifact.output);
    if (!updates)
        return EvidenceGap::unreadable(artifact, updates.errorMessage()).finding(SecurityUpdates);
    Finding finding = hostFinding(SecurityUpdates);
    finding.expected = QStringLiteral("No pending security update");
    finding.evidence << EvidenceRef{artifact.id, QString(), QString(), QString()};
    const int security = updates->securityCount();
    const qsizetype all = updates->updates.size();
    QStringList names;
    for (const PendingUpdate& update : updates->updates) {
        if (update.security && names.size() < 10)
            names << CheckText::printable(update.package, 64);
    }
    finding.actual = QStringLiteral("%1 pending (%2 security) from %3")
                         .arg(all)
                         .arg(security)
                         .arg(CheckText::printable(updates->manager, 20));
    if (security > 0) {
        finding.status = Status::Fail;
        finding.message =
            QStringLiteral("%1 security update(s) pending: %2%3")
                .arg(security)
                .arg(names.join(QStringLiteral(", ")), security > names.size() ? QStringLiteral(", ...") : QString());
        return finding;
    }
    finding.status = all > 0 ? Status::Warn : Status::Pass;
    finding.message = all > 0 ? QStringLiteral("No security update pending; %1 other update(s) pending").arg(all)
                              : QStringLiteral("The host is up to date");
    return finding;
}

} // namespace

QStringList HostRules::ids()
{
    return {OnlyRootUid0, DockerGroup, AccountsApproved, SecurityUpdates, EngineCurrent};
}

QVector<Finding> HostRules::evaluate(const HostEvidence& evidence, const ZonePolicy& policy)
{
    return {onlyRootUid0(evidence), dockerGroup(evidence, policy), accountsApproved(evidence, policy),
            securityUpdates(evidence), engineCurrent(evidence, QDate::currentDate())};
}

} // namespace bulkhead
