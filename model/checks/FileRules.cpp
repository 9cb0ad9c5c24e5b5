// SPDX-License-Identifier: GPL-3.0-or-later
#include "checks/FileRules.h"

#include "checks/CheckText.h"
#include "facts/FileStatParser.h"

namespace bulkhead {

namespace {

const QString StatProbe = QStringLiteral("docker.files.stat");

QString octal(uint mode)
{
    return QString::number(mode & 07777, 8).rightJustified(4, QLatin1Char('0'));
}

Finding fileFinding(const FileRule& rule, const FileStat& stat, const Artifact& artifact)
{
    Finding finding;
    finding.checkId = QLatin1String(rule.id);
    finding.subject = Subject{SubjectKind::Host, stat.path, stat.path};
    finding.evidence << EvidenceRef{artifact.id, QStringLiteral("lines %1-%1").arg(stat.line), stat.text, QString()};
    return finding;
}

Finding judgeOwner(const FileRule& rule, const FileStat& stat, const Artifact& artifact)
{
    Finding finding = fileFinding(rule, stat, artifact);
    const QString owner = rule.user ? QLatin1String(rule.user) : QStringLiteral("root");
    finding.expected = QStringLiteral("owner %1, group %2").arg(owner, rule.groups.join(QStringLiteral(" or ")));
    finding.actual = QStringLiteral("%1:%2 (uid %3, gid %4)")
                         .arg(CheckText::printable(stat.user, 64), CheckText::printable(stat.group, 64))
                         .arg(stat.uid)
                         .arg(stat.gid);
    // root is recognised by uid 0 whatever its name; another owner only by name (its uid differs per host).
    const bool userOk = rule.user ? stat.user == owner : stat.uid == 0;
    const bool groupOk =
        rule.groups.contains(stat.group) || (stat.gid == 0 && rule.groups.contains(QStringLiteral("root")));
    finding.status = userOk && groupOk ? Status::Pass : Status::Fail;
    const QString path = CheckText::quoted(stat.path);
    finding.message =
        finding.status == Status::Pass
            ? QStringLiteral("%1 (%2) is owned by %3").arg(QLatin1String(rule.label), path, finding.actual)
            : QStringLiteral("%1 (%2) is owned by %3: whoever owns it can change it")
                  .arg(QLatin1String(rule.label), path, finding.actual);
    return finding;
}

Finding judgeMode(const FileRule& rule, const FileStat& stat, const Artifact& artifact)
{
    Finding finding = fileFinding(rule, stat, artifact);
    finding.expected = QStringLiteral("mode %1 or stricter (no permission outside it)").arg(octal(rule.allowed));
    finding.actual = QStringLiteral("mode %1").arg(octal(stat.mode));
    const uint extra = stat.mode & ~rule.allowed & 07777;
    finding.status = extra == 0 ? Status::Pass : Status::Fail;
    const QString path = CheckText::quoted(stat.path);
    finding.message =
        extra == 0 ? QStringLiteral("%1 (%2) has mode %3").arg(QLatin1String(rule.label), path, octal(stat.mode))
                   : QStringLiteral("%1 (%2) has mode %3, which allows %4 beyond %5")
                         .arg(QLatin1String(rule.label), path, octal(stat.mode), octal(extra), octal(rule.allowed));
    return finding;
}

Finding hostFinding(const FileRule& rule, Status status, const QString& message, const QVector<EvidenceRef>& evidence)
{
    Finding finding;
    finding.checkId = QLatin1String(rule.id);
    finding.subject = Subject{SubjectKind::Host, QString(), QString()};
    finding.status = status;
    finding.message = message;
    finding.evidence = evidence;
    return finding;
}

} // namespace

const QVector<FileRule>& FileRules::all()
{
    using K = FileRule::Kind;
    const QStringList root{QStringLiteral("root")};
    static const QVector<FileRule> rules{
        {"file.docker-service.owner", "docker.service", "docker.service", K::Owner, root, 0},
        {"file.docker-service.mode", "docker.service", "docker.service", K::Mode, {}, 0644},
        {"file.docker-socket-unit.owner", "docker.socket", "docker.socket", K::Owner, root, 0},
        {"file.docker-socket-unit.mode", "docker.socket", "docker.socket", K::Mode, {}, 0644},
        {"file.etc-docker.owner", "etc-docker", "/etc/docker", K::Owner, root, 0},
        {"file.etc-docker.mode", "etc-docker", "/etc/docker", K::Mode, {}, 0755},
        {"file.registry-certs.owner", "registry-cert", "A registry certificate", K::Owner, root, 0},
        {"file.registry-certs.mode", "registry-cert", "A registry certificate", K::Mode, {}, 0444},
        {"file.tls-ca.owner", "tlscacert", "The TLS CA certificate", K::Owner, root, 0},
        {"file.tls-ca.mode", "tlscacert", "The TLS CA certificate", K::Mode, {}, 0444},
        {"file.tls-cert.owner", "tlscert", "The daemon's TLS certificate", K::Owner, root, 0},
        {"file.tls-cert.mode", "tlscert", "The daemon's TLS certificate", K::Mode, {}, 0444},
        {"file.tls-key.owner", "tlskey", "The daemon's TLS key", K::Owner, root, 0},
        {"file.tls-key.mode", "tlskey", "The daemon's TLS key", K::Mode, {}, 0400},
        {"file.docker-sock.owner",
         "docker.sock",
         "The Docker socket",
         K::Owner,
         {QStringLiteral("docker"), QStringLiteral("root")},
         0},
        {"file.docker-sock.mode", "docker.sock", "The Docker socket", K::Mode, {}, 0660},
        {"file.daemon-json.owner", "daemon.json", "daemon.json", K::Owner, root, 0},
        {"file.daemon-json.mode", "daemon.json", "daemon.json", K::Mode, {}, 0644},
        {"file.default-docker.owner", "default-docker", "/etc/default/docker", K::Owner, root, 0},
        {"file.default-docker.mode", "default-docker", "/etc/default/docker", K::Mode, {}, 0644},
        {"file.sysconfig-docker.mode", "sysconfig-docker", "/etc/sysconfig/docker", K::Mode, {}, 0644},
        {"file.sysconfig-docker.owner", "sysconfig-docker", "/etc/sysconfig/docker", K::Owner, root, 0},
        {"file.containerd-sock.owner", "containerd.sock", "The containerd socket", K::Owner, root, 0},
        {"file.containerd-sock.mode", "containerd.sock", "The containerd socket", K::Mode, {}, 0660},
    };
    return rules;
}

QVector<Finding> FileRules::judge(const FileRule& rule, const HostEvidence& evidence)
{
    const QString probe = rule.probe ? QLatin1String(rule.probe) : StatProbe;
    if (auto gap = evidence.gap(probe))
        return {gap->finding(QLatin1String(rule.id))};
    const Artifact& artifact = *evidence.artifact(probe);
    auto stats = FileStatParser::parse(artifact.output);
    if (!stats)
        return {EvidenceGap::unreadable(artifact, stats.errorMessage()).finding(QLatin1String(rule.id))};
    QVector<Finding> findings;
    QStringList seen; // a socket listed under /var/run and /run is one file
    for (const FileStat& stat : FileStatParser::withRole(stats.value(), QLatin1String(rule.role))) {
        if (stat.state == QLatin1String("missing"))
            continue;
        if (stat.state == QLatin1String("denied")) {
            Finding finding = fileFinding(rule, stat, artifact);
            finding.status = Status::Error;
            finding.actual = QStringLiteral("permission denied");
            finding.message = QStringLiteral("%1 (%2) could not be examined: permission denied")
                                  .arg(QLatin1String(rule.label), CheckText::quoted(stat.path));
            findings << finding;
            continue;
        }
        // /var/run is /run on current systems: the socket listed under both is judged once, under the
        // first path listed, unless the two really differ.
        QString identity = stat.path;
        if (identity.startsWith(QLatin1String("/var/run/")))
            identity.remove(0, 4);
        identity += QStringLiteral("|%1:%2:%3:%4").arg(stat.uid).arg(stat.gid).arg(stat.mode).arg(stat.type);
        if (seen.contains(identity))
            continue;
        seen << identity;
        findings << (rule.kind == FileRule::Kind::Owner ? judgeOwner(rule, stat, artifact)
                                                        : judgeMode(rule, stat, artifact));
    }
    if (findings.isEmpty())
        findings << hostFinding(rule, Status::NotApplicable,
                                QStringLiteral("%1 does not exist on this host").arg(QLatin1String(rule.label)),
                                {EvidenceRef{artifact.id, QString(), QString(), QString()}});
    return findings;
}

} // namespace bulkhead
