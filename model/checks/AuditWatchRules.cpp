// SPDX-License-Identifier: GPL-3.0-or-later
#include "checks/AuditWatchRules.h"

#include "checks/CheckText.h"
#include "checks/LineEvidence.h"
#include "facts/FileStatParser.h"
#include "facts/LoggingFactsParser.h"
#include "probes/ProbeOutcome.h"

namespace bulkhead {

namespace {

const QString StatProbe = QStringLiteral("docker.files.stat");
const QString LoadedProbe = QStringLiteral("audit.rules.loaded");
const QString FilesProbe = QStringLiteral("audit.rules.files");
const QString StateProbe = QStringLiteral("audit.auditd.state");

Finding hostFinding(const char* id, const QString& path)
{
    Finding finding;
    finding.checkId = QLatin1String(id);
    finding.subject = Subject{SubjectKind::Host, path, path};
    return finding;
}

// auditd absent: nothing is audited, which fails every audit check (it is not "not applicable").
std::optional<Finding> auditdAbsent(const char* id, const HostEvidence& evidence, const QString& probe)
{
    const Artifact* artifact = evidence.artifact(probe);
    if (!artifact)
        return std::nullopt;
    const ProbeOutcome outcome = ProbeOutcome::of(*artifact);
    if (!outcome.notPresent())
        return std::nullopt;
    Finding finding = hostFinding(id, QString());
    finding.status = Status::Fail;
    finding.expected = QStringLiteral("auditd installed, with the rule loaded");
    finding.actual = QStringLiteral("auditd is not installed");
    finding.message = QStringLiteral("auditd is not installed on this host: nothing is audited");
    finding.evidence << EvidenceRef{artifact->id, QStringLiteral("stderr"),
                                    CheckText::reasonFrom(artifact->errorOutput), QString()};
    return finding;
}

// The best of `rules`: one with w and a and a key, else the first; null when there is none. Points into
// `rules`, which must outlive the result.
const AuditRule* bestRule(const QVector<AuditRule>& rules)
{
    const AuditRule* best = nullptr;
    for (const AuditRule& rule : rules) {
        const bool wa = rule.permissions.contains(QLatin1Char('w')) && rule.permissions.contains(QLatin1Char('a'));
        if (wa && !rule.key.isEmpty())
            return &rule;
        if (!best)
            best = &rule;
    }
    return best;
}
const AuditRule* bestRule(QVector<AuditRule>&&) = delete; // the result would dangle

// Evidence for an audit rule: the line of the artifact that holds it.
EvidenceRef ruleRef(const Artifact& artifact, const AuditRule& rule)
{
    return LineEvidence::containing(artifact, rule.text.toUtf8()).value_or(LineEvidence::whole(artifact));
}

} // namespace

const QVector<AuditWatchRule>& AuditWatchRules::all()
{
    static const QVector<AuditWatchRule> rules{
        {"audit.watch-dockerd", "bin-dockerd", "/usr/bin/dockerd"},
        {"audit.watch-run-containerd", "run-containerd", "/run/containerd"},
        {"audit.watch-var-lib-docker", "var-lib-docker", "/var/lib/docker"},
        {"audit.watch-etc-docker", "etc-docker", "/etc/docker"},
        {"audit.watch-docker-service", "docker.service", "/lib/systemd/system/docker.service"},
        {"audit.watch-containerd-sock", "containerd.sock", "/run/containerd/containerd.sock"},
        {"audit.watch-docker-socket", "docker.socket", "/lib/systemd/system/docker.socket"},
        {"audit.watch-default-docker", "default-docker", "/etc/default/docker"},
        {"audit.watch-daemon-json", "daemon.json", "/etc/docker/daemon.json"},
        {"audit.watch-containerd-config", "containerd-config", "/etc/containerd/config.toml"},
        {"audit.watch-sysconfig-docker", "sysconfig-docker", "/etc/sysconfig/docker"},
        {"audit.watch-containerd", "bin-containerd", "/usr/bin/containerd"},
        {"audit.watch-containerd-shim", "bin-containerd-shim", "/usr/bin/containerd-shim"},
        {"audit.watch-containerd-shim-runc-v1", "bin-containerd-shim-runc-v1", "/usr/bin/containerd-shim-runc-v1"},
        {"audit.watch-containerd-shim-runc-v2", "bin-containerd-shim-runc-v2", "/usr/bin/containerd-shim-runc-v2"},
        {"audit.watch-runc", "bin-runc", "/usr/bin/runc"},
    };
    return rules;
}

Finding AuditWatchRules::judge(const AuditWatchRule& rule, const HostEvidence& evidence)
{
    // Where the target is on this host.
    if (auto gap = evidence.gap(StatProbe))
        return gap->finding(QLatin1String(rule.id));
    const Artifact& statArtifact = *evidence.artifact(StatProbe);
    auto stats = FileStatParser::parse(statArtifact.output);
    if (!stats)
        return EvidenceGap::unreadable(statArtifact, stats.errorMessage()).finding(QLatin1String(rule.id));
    const QVector<FileStat> candidates = FileStatParser::withRole(stats.value(), QLatin1String(rule.role));
    const FileStat* target = nullptr; // points into candidates
    for (const FileStat& stat : candidates) {
        if (stat.exists()) {
            target = &stat;
            break;
        }
    }
    if (!target) {
        Finding finding = hostFinding(rule.id, QLatin1String(rule.defaultPath));
        finding.status = Status::NotApplicable;
        finding.message = QStringLiteral("%1 does not exist on this host").arg(QLatin1String(rule.defaultPath));
        finding.evidence << EvidenceRef{statArtifact.id, QString(), QString(), QString()};
        return finding;
    }
    const QString path = target->path;
    const EvidenceRef targetRef{statArtifact.id, QStringLiteral("lines %1-%1").arg(target->line), target->text,
                                QString()};

    if (auto absent = auditdAbsent(rule.id, evidence, LoadedProbe)) {
        absent->subject = Subject{SubjectKind::Host, path, path};
        return *absent;
    }
    // The loaded rules decide what is audited now; without them there is no verdict (the files alone
    // may say something the kernel never loaded).
    if (auto gap = evidence.gap(LoadedProbe)) {
        Finding finding = gap->finding(QLatin1String(rule.id));
        finding.subject = Subject{SubjectKind::Host, path, path};
        return finding;
    }
    const Artifact& loadedArtifact = *evidence.artifact(LoadedProbe);
    auto loaded = LoggingFactsParser::loadedAuditRules(loadedArtifact.output);
    if (!loaded)
        return EvidenceGap::unreadable(loadedArtifact, loaded.errorMessage()).finding(QLatin1String(rule.id));
    std::optional<AuditRules> files;
    const Artifact* filesArtifact = evidence.artifact(FilesProbe);
    if (!evidence.gap(FilesProbe)) {
        auto parsed = LoggingFactsParser::auditRuleFiles(filesArtifact->output);
        if (parsed)
            files = std::move(parsed).value();
    }

    Finding finding = hostFinding(rule.id, path);
    finding.expected = QStringLiteral("-w %1 -p wa -k <key>, loaded and in /etc/audit/rules.d").arg(path);
    finding.evidence << targetRef;
    const QVector<AuditRule> liveRules = loaded->forPath(path); // bestRule points into these
    const QVector<AuditRule> keptRules = files ? files->forPath(path) : QVector<AuditRule>();
    const AuditRule* live = bestRule(liveRules);
    const AuditRule* kept = bestRule(keptRules);
    if (live)
        finding.evidence << ruleRef(loadedArtifact, *live);
    else
        finding.evidence << EvidenceRef{loadedArtifact.id, QString(), QString(), QString()};
    if (kept)
        finding.evidence << ruleRef(*filesArtifact, *kept);

    const QString quotedPath = CheckText::quoted(path);
    if (!live) {
        finding.status = Status::Fail;
        finding.actual = kept ? QStringLiteral("in the rules files only: %1").arg(CheckText::printable(kept->text))
                              : QStringLiteral("no rule");
        finding.message = kept ? QStringLiteral("The rule for %1 is written but not loaded, so nothing is audited "
                                                "until the rules are loaded (augenrules --load)")
                                     .arg(quotedPath)
                               : QStringLiteral("No audit rule watches %1").arg(quotedPath);
        // A rule for another path of the same program (a link, an old location) does not cover this one.
        return finding;
    }
    finding.actual = CheckText::printable(live->text);
    const bool wa = live->permissions.contains(QLatin1Char('w')) && live->permissions.contains(QLatin1Char('a'));
    if (!wa) {
        finding.status = Status::Fail;
        finding.message = QStringLiteral("The audit rule for %1 does not record writes and attribute changes (-p wa)")
                              .arg(quotedPath);
        return finding;
    }
    if (live->key.isEmpty()) {
        finding.status = Status::Warn;
        finding.message =
            QStringLiteral("%1 is audited, but without a key (-k) its records are hard to find").arg(quotedPath);
        return finding;
    }
    if (!kept) {
        finding.status = Status::Warn;
        finding.message = QStringLiteral("%1 is audited now, but no rules file has the rule: it is lost at the next "
                                         "reboot")
                              .arg(quotedPath);
        return finding;
    }
    finding.status = Status::Pass;
    finding.message = QStringLiteral("%1 is audited for writes and attribute changes (key %2)")
                          .arg(quotedPath, CheckText::quoted(live->key));
    return finding;
}

Finding AuditWatchRules::auditdRunning(const HostEvidence& evidence)
{
    if (auto gap = evidence.gap(StateProbe)) {
        if (gap->status == Status::NotApplicable) { // auditd absent: a failure for auditing
            Finding finding = gap->finding(QLatin1String(AuditdRunningId));
            finding.status = Status::Fail;
            finding.expected = QStringLiteral("auditd installed and running");
            finding.actual = QStringLiteral("not installed");
            finding.message = QStringLiteral("auditd is not installed on this host: nothing is audited");
            return finding;
        }
        return gap->finding(QLatin1String(AuditdRunningId));
    }
    const Artifact& artifact = *evidence.artifact(StateProbe);
    auto state = LoggingFactsParser::auditdState(artifact.output);
    if (!state)
        return EvidenceGap::unreadable(artifact, state.errorMessage()).finding(QLatin1String(AuditdRunningId));
    Finding finding = hostFinding(AuditdRunningId, QString());
    finding.expected = QStringLiteral("auditd installed and running");
    finding.actual = QStringLiteral("installed=%1, processes=%2, systemd=%3")
                         .arg(state->installed ? QLatin1String("yes") : QLatin1String("no"))
                         .arg(state->pids.size())
                         .arg(CheckText::printable(state->systemd, 40));
    finding.evidence << EvidenceRef{artifact.id, QString(), QString::fromUtf8(artifact.output.trimmed()), QString()};
    finding.status = state->running() ? Status::Pass : Status::Fail;
    finding.message = state->running() ? QStringLiteral("auditd is running")
                                       : QStringLiteral("auditd is installed but not running: no rule is enforced");
    return finding;
}

} // namespace bulkhead
