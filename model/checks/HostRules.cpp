// SPDX-License-Identifier: GPL-3.0-or-later
#include "checks/HostRules.h"

#include "checks/CheckText.h"
#include "facts/HostFactsParser.h"

#include <QSet>

namespace bulkhead {

namespace {

const QString OnlyRootUid0 = QStringLiteral("host.only-root-uid0");
const QString DockerGroup = QStringLiteral("host.docker-group-members");
const QString SecurityUpdates = QStringLiteral("host.security-updates");

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
    const QList<QByteArray> lines = artifact.output.split('\n');
    for (qsizetype i = 0; i < lines.size(); ++i) {
        if (lines.at(i).startsWith(prefix))
            return EvidenceRef{artifact.id, QStringLiteral("lines %1-%1").arg(i + 1), QString::fromUtf8(lines.at(i)),
                               QString()};
    }
    return EvidenceRef{artifact.id, QString(), QString(), QString()};
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

Finding dockerGroup(const HostEvidence& evidence)
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
    finding.status = Status::Manual;
    finding.actual = members.join(QStringLiteral(", "));
    finding.message = QStringLiteral("%1 account(s) can control Docker, which is root on this host: %2. Confirm each "
                                     "is approved")
                          .arg(members.size())
                          .arg(finding.actual);
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
    return {OnlyRootUid0, DockerGroup, SecurityUpdates};
}

QVector<Finding> HostRules::evaluate(const HostEvidence& evidence)
{
    return {onlyRootUid0(evidence), dockerGroup(evidence), securityUpdates(evidence)};
}

} // namespace bulkhead
