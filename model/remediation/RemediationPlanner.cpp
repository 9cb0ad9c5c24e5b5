// SPDX-License-Identifier: GPL-3.0-or-later
#include "remediation/RemediationPlanner.h"

#include "checks/AuditWatchRules.h"
#include "checks/CheckText.h"
#include "facts/ContainerInspectParser.h"
#include "facts/FileStatParser.h"
#include "facts/SectionsParser.h"
#include "probes/ProbeOutcome.h"
#include "remediation/DaemonJsonEditor.h"
#include "remediation/RemediationCatalog.h"

#include <QRegularExpression>

namespace bulkhead {

namespace {

const QString InspectProbe = QStringLiteral("docker.containers.inspect");
const QString DaemonJsonProbe = QStringLiteral("docker.daemon.json");
const QString CmdlineProbe = QStringLiteral("docker.dockerd.cmdline");
const QString InfoProbe = QStringLiteral("docker.info");
const QString StatProbe = QStringLiteral("docker.files.stat");
const QString LoadedProbe = QStringLiteral("audit.rules.loaded");
const QString FilesProbe = QStringLiteral("audit.rules.files");

// Marks what a secret redaction left in stored evidence: such a file cannot be rewritten from it.
const QString RedactedMarker = QStringLiteral("[REDACTED");

const Artifact* findArtifact(const QVector<Artifact>& artifacts, const QString& probe)
{
    for (const Artifact& artifact : artifacts) {
        if (artifact.probe == probe)
            return &artifact;
    }
    return nullptr;
}

QString wrap(const QString& script, AccessMode access)
{
    return access == AccessMode::Sudo ? QStringLiteral("sudo -n -- sh -c ") + RemediationPlanner::quoted(script)
                                      : script;
}

RemediationStep step(const QString& script, AccessMode access, const QString& purpose, const QByteArray& input = {})
{
    return RemediationStep{wrap(script, access), input, purpose};
}

QString backupPathOf(const QString& path, const QDateTime& planTimeUtc)
{
    return path + QStringLiteral(".bulkhead-") + planTimeUtc.toUTC().toString(QStringLiteral("yyyyMMdd'T'HHmmss'Z'"));
}

// The three file steps of a rewrite: a backup when the file exists, the new content through a temporary
// file in the same directory (so the file is never half-written), then `after` (a reload).
QVector<RemediationStep> rewriteSteps(const QString& path, const QString& backup, const QString& mode,
                                      const QByteArray& content, AccessMode access)
{
    const QString directory = path.left(path.lastIndexOf(QLatin1Char('/')));
    const QString fresh = path + QStringLiteral(".bulkhead-new");
    return {
        step(QStringLiteral("if [ -e %1 ]; then cp -p %1 %2; fi")
                 .arg(RemediationPlanner::quoted(path), RemediationPlanner::quoted(backup)),
             access, QStringLiteral("Back up %1 (when it exists)").arg(path)),
        step(QStringLiteral("umask 077 && mkdir -p %1 && cat > %2 && chmod %3 %2 && mv -f %2 %4")
                 .arg(RemediationPlanner::quoted(directory), RemediationPlanner::quoted(fresh), mode,
                      RemediationPlanner::quoted(path)),
             access, QStringLiteral("Write the new %1 (%2 bytes, read from stdin)").arg(path).arg(content.size()),
             content),
    };
}

RemediationStep restoreStep(const QString& path, const QString& backup, AccessMode access)
{
    return step(QStringLiteral("if [ -e %2 ]; then cp -p %2 %1; else rm -f %1; fi")
                    .arg(RemediationPlanner::quoted(path), RemediationPlanner::quoted(backup)),
                access, QStringLiteral("Put back %1 as it was (remove it if there was none)").arg(path));
}

// ---------------------------------------------------------------------------------------------------
// Containers

QString containerLabel(const ContainerFacts& container)
{
    return QStringLiteral("%1 (id %2)").arg(CheckText::printable(container.name, 80), container.id.left(12));
}

Result<ContainerFacts> containerOf(const Finding& finding, const QVector<Artifact>& artifacts)
{
    if (finding.subject.kind != SubjectKind::Container || !RemediationPlanner::isContainerId(finding.subject.id))
        return makeError(QStringLiteral("the finding's container id is not 64 lowercase hex digits: refused"));
    const Artifact* inspect = findArtifact(artifacts, InspectProbe);
    if (!inspect)
        return makeError(QStringLiteral("the scan holds no docker container inspect of this host"));
    auto containers = ContainerInspectParser::parse(inspect->output);
    if (!containers)
        return makeError(QStringLiteral("the stored inspect cannot be read: %1").arg(containers.errorMessage()));
    for (const ContainerFacts& container : containers.value()) {
        if (container.id == finding.subject.id)
            return container;
    }
    return makeError(
        QStringLiteral("container %1 is not in the host's evidence any more").arg(finding.subject.id.left(12)));
}

// A restart policy as `docker update --restart` takes it, from the fixed names only.
std::optional<QString> restartValue(const RestartPolicy& policy)
{
    if (policy.name.isEmpty() || policy.name == QLatin1String("no"))
        return QStringLiteral("no");
    if (policy.name == QLatin1String("always") || policy.name == QLatin1String("unless-stopped"))
        return policy.name == QLatin1String("always") ? QStringLiteral("always") : QStringLiteral("unless-stopped");
    if (policy.name == QLatin1String("on-failure")) {
        if (policy.maximumRetryCount > 0 && policy.maximumRetryCount <= RemediationSetting::MaxRetries)
            return QStringLiteral("on-failure:%1").arg(policy.maximumRetryCount);
        return QStringLiteral("on-failure");
    }
    return std::nullopt;
}

QString dockerUpdate(const QString& options, const QString& id)
{
    return QStringLiteral("docker update %1 -- %2").arg(options, RemediationPlanner::quoted(id));
}

Result<RemediationPlan> containerUpdate(RemediationPlan plan, const Finding& finding, const RemediationEntry& entry,
                                        const RemediationContext& context)
{
    auto found = containerOf(finding, context.artifacts);
    if (!found)
        return found.error();
    const ContainerFacts& c = found.value();
    std::optional<RemediationSetting> setting =
        context.setting ? context.setting : RemediationCatalog::defaultSetting(finding.checkId);
    if (!setting || setting->name != *entry.setting)
        return makeError(QStringLiteral("%1 takes --set %2=VALUE")
                             .arg(finding.checkId, RemediationSetting::nameText(*entry.setting)));
    const QString id = c.id;
    const QString value = RemediationPlanner::quoted(setting->value());
    plan.setting = setting->toString();
    plan.containers << containerLabel(c);
    plan.probes = RemediationPlanner::probesFor(plan.kind);
    const AccessMode access = context.access;
    switch (setting->name) {
    case RemediationSetting::Name::Memory:
        plan.summary = QStringLiteral("Limit the memory of %1 to %2 bytes (%3 MiB)")
                           .arg(containerLabel(c), setting->value())
                           .arg(setting->number / (1024 * 1024));
        plan.steps << step(dockerUpdate(QStringLiteral("--memory %1 --memory-swap %1").arg(value), id), access,
                           QStringLiteral("Set the memory limit (and memory+swap to the same, so no swap)"));
        plan.undoNote = QStringLiteral("Docker cannot remove a memory limit from an existing container: recreate "
                                       "the container to undo it");
        break;
    case RemediationSetting::Name::Pids: {
        plan.summary = QStringLiteral("Limit %1 to %2 processes").arg(containerLabel(c), setting->value());
        plan.steps << step(dockerUpdate(QStringLiteral("--pids-limit %1").arg(value), id), access,
                           QStringLiteral("Set the process limit"));
        const qint64 before = c.pidsLimit.value_or(0);
        const QString undoValue = before > 0 ? QString::number(before) : QStringLiteral("-1");
        plan.undo << step(
            dockerUpdate(QStringLiteral("--pids-limit %1").arg(RemediationPlanner::quoted(undoValue)), id), access,
            QStringLiteral("Put back the process limit it had (%1)")
                .arg(before > 0 ? undoValue : QStringLiteral("none")));
        break;
    }
    case RemediationSetting::Name::CpuShares: {
        plan.summary = QStringLiteral("Give %1 a CPU weight of %2").arg(containerLabel(c), setting->value());
        plan.steps << step(dockerUpdate(QStringLiteral("--cpu-shares %1").arg(value), id), access,
                           QStringLiteral("Set the CPU weight"));
        const qint64 before = c.cpuShares.value_or(0);
        const QString undoValue = before > 0 ? QString::number(before) : QStringLiteral("1024");
        plan.undo << step(
            dockerUpdate(QStringLiteral("--cpu-shares %1").arg(RemediationPlanner::quoted(undoValue)), id), access,
            before > 0 ? QStringLiteral("Put back the CPU weight it had (%1)").arg(undoValue)
                       : QStringLiteral("Put back the default weight 1024 (Docker cannot unset it)"));
        break;
    }
    case RemediationSetting::Name::Restart: {
        plan.summary = QStringLiteral("Set the restart policy of %1 to %2").arg(containerLabel(c), setting->value());
        plan.steps << step(dockerUpdate(QStringLiteral("--restart %1").arg(value), id), access,
                           QStringLiteral("Set the restart policy"));
        const std::optional<QString> before = c.restartPolicy ? restartValue(*c.restartPolicy) : std::nullopt;
        if (before)
            plan.undo << step(dockerUpdate(QStringLiteral("--restart %1").arg(RemediationPlanner::quoted(*before)), id),
                              access, QStringLiteral("Put back the restart policy it had (%1)").arg(*before));
        else
            plan.undoNote = QStringLiteral("the restart policy it had is not one Bulkhead knows: no undo");
        break;
    }
    }
    return plan;
}

Result<RemediationPlan> stopContainer(RemediationPlan plan, const Finding& finding, const RemediationContext& context)
{
    auto found = containerOf(finding, context.artifacts);
    if (!found)
        return found.error();
    const ContainerFacts& c = found.value();
    const QString id = c.id;
    const AccessMode access = context.access;
    plan.containers << containerLabel(c);
    plan.probes = RemediationPlanner::probesFor(plan.kind);
    plan.summary = QStringLiteral("Stop the privileged container %1 and keep it stopped").arg(containerLabel(c));
    plan.steps << step(dockerUpdate(QStringLiteral("--restart 'no'"), id), access,
                       QStringLiteral("Restart policy no, so neither Docker nor a reboot starts it again"))
               << step(QStringLiteral("docker stop -- %1").arg(RemediationPlanner::quoted(id)), access,
                       QStringLiteral("Stop it (a stopped container is left as it is)"));
    const std::optional<QString> before = c.restartPolicy ? restartValue(*c.restartPolicy) : std::nullopt;
    if (before)
        plan.undo << step(dockerUpdate(QStringLiteral("--restart %1").arg(RemediationPlanner::quoted(*before)), id),
                          access, QStringLiteral("Put back the restart policy it had (%1)").arg(*before));
    if (c.stateStatus == QLatin1String("running"))
        plan.undo << step(QStringLiteral("docker start -- %1").arg(RemediationPlanner::quoted(id)), access,
                          QStringLiteral("Start it again (it was running)"));
    plan.recheckNote =
        QStringLiteral(
            "Docker cannot take --privileged away from an existing container: the re-check still fails until the "
            "container is recreated without it. This stops the container (state: %1 before) and keeps it down.")
            .arg(CheckText::printable(c.stateStatus, 20));
    return plan;
}

// ---------------------------------------------------------------------------------------------------
// Audit rules

// Where Docker's files are installed, by distribution: a watch is written only for a path of this list
// that the host has (docker.files.stat), so the rules file holds fixed text only.
QStringList knownPaths(const AuditWatchRule& rule)
{
    const QString path = QLatin1String(rule.defaultPath);
    const QString name = path.mid(path.lastIndexOf(QLatin1Char('/')) + 1);
    if (path.startsWith(QLatin1String("/usr/bin/")))
        return {path, QStringLiteral("/usr/sbin/") + name, QStringLiteral("/usr/local/bin/") + name,
                QStringLiteral("/bin/") + name, QStringLiteral("/sbin/") + name};
    if (path.startsWith(QLatin1String("/lib/systemd/system/")))
        return {path, QStringLiteral("/usr/lib/systemd/system/") + name, QStringLiteral("/etc/systemd/system/") + name};
    return {path};
}

QString watchLine(const QString& path)
{
    return QStringLiteral("-w %1 -p wa -k docker").arg(path);
}

Result<RemediationPlan> auditRules(RemediationPlan plan, const Finding& finding, const RemediationContext& context)
{
    const Artifact* loaded = findArtifact(context.artifacts, LoadedProbe);
    if (!loaded)
        return makeError(QStringLiteral("the scan holds no audit rules of this host"));
    if (ProbeOutcome::of(*loaded).notPresent())
        return makeError(QStringLiteral("auditd is not installed on this host: install and start it first (apt "
                                        "install auditd); Bulkhead does not install packages"));
    const Artifact* statArtifact = findArtifact(context.artifacts, StatProbe);
    if (!statArtifact)
        return makeError(QStringLiteral("the scan holds no file list (docker.files.stat) of this host"));
    auto stats = FileStatParser::parse(statArtifact->output);
    if (!stats)
        return makeError(QStringLiteral("the stored file list cannot be read: %1").arg(stats.errorMessage()));

    QStringList wanted; // fixed catalog paths the host has
    for (const AuditWatchRule& rule : AuditWatchRules::all()) {
        const QStringList known = knownPaths(rule);
        // The first existing candidate is the one the check judges (AuditWatchRules::judge).
        for (const FileStat& stat : FileStatParser::withRole(stats.value(), QLatin1String(rule.role))) {
            if (!stat.exists())
                continue;
            const qsizetype at = known.indexOf(stat.path);
            if (at >= 0)
                wanted << known.at(at);
            break;
        }
    }
    const QString path = QLatin1String(RemediationPlanner::AuditRulesPath);
    if (!wanted.contains(finding.subject.id))
        return makeError(QStringLiteral("%1 is not where Bulkhead knows Docker's files to be: write its rule by hand")
                             .arg(CheckText::quoted(finding.subject.id)));

    // The file as it is, kept line by line; only the missing watches are added.
    QStringList lines;
    if (const Artifact* files = findArtifact(context.artifacts, FilesProbe); files && files->exitStatus == 0) {
        auto sections = SectionsParser::parse(files->output);
        if (!sections)
            return makeError(
                QStringLiteral("the stored audit rules files cannot be read: %1").arg(sections.errorMessage()));
        if (const Section* current = SectionsParser::find(sections.value(), path); current && current->readable())
            lines = current->lines;
    }
    if (lines.join(QLatin1Char('\n')).contains(RedactedMarker))
        return makeError(
            QStringLiteral("%1 holds redacted values: Bulkhead never stored them and cannot rewrite it").arg(path));
    QStringList added;
    for (const QString& watch : wanted) {
        const QString line = watchLine(watch);
        bool present = false;
        for (const QString& existing : lines)
            present = present || existing.simplified() == line;
        if (!present)
            added << line;
    }
    while (!lines.isEmpty() && lines.constLast().trimmed().isEmpty())
        lines.removeLast();
    if (!added.isEmpty()) {
        if (!lines.isEmpty())
            lines << QString();
        lines << QStringLiteral("## Docker watches (CIS Docker Benchmark 1.1), added by Bulkhead %1")
                     .arg(context.planTimeUtc.toUTC().toString(Qt::ISODate));
        lines << added;
    }
    const QByteArray content = (lines.join(QLatin1Char('\n')) + QLatin1Char('\n')).toUtf8();

    const AccessMode access = context.access;
    plan.changedFile = path;
    plan.backupPath = backupPathOf(path, context.planTimeUtc);
    plan.probes = RemediationPlanner::probesFor(plan.kind);
    plan.setting = QStringLiteral("%1 watch rule(s) added").arg(added.size());
    plan.summary = added.isEmpty()
                       ? QStringLiteral("Load the audit rules already written in %1").arg(path)
                       : QStringLiteral("Add %1 Docker watch rule(s) to %2 and load them").arg(added.size()).arg(path);
    const RemediationStep load =
        step(QStringLiteral("PATH=\"$PATH:/usr/sbin:/sbin\"; if command -v augenrules >/dev/null 2>&1; then augenrules "
                            "--load; else echo 'augenrules not found: the rules load when auditd next starts' >&2; fi"),
             access, QStringLiteral("Load the rules (augenrules --load, where installed)"));
    plan.steps << rewriteSteps(path, plan.backupPath, QStringLiteral("0640"), content, access) << load;
    plan.undo << restoreStep(path, plan.backupPath, access) << load;
    return plan;
}

// ---------------------------------------------------------------------------------------------------
// daemon.json

Result<RemediationPlan> daemonJson(RemediationPlan plan, const RemediationEntry& entry,
                                   const RemediationContext& context)
{
    const QString key = QLatin1String(entry.daemonKey);
    const QString path = QLatin1String(RemediationPlanner::DaemonJsonPath);
    const Artifact* cmdline = findArtifact(context.artifacts, CmdlineProbe);
    const Artifact* file = findArtifact(context.artifacts, DaemonJsonProbe);
    if (!cmdline || !file)
        return makeError(QStringLiteral("the scan holds no dockerd command line or daemon.json of this host"));
    if (cmdline->output.contains("--config-file"))
        return makeError(QStringLiteral("dockerd reads its configuration from another file (--config-file): "
                                        "Bulkhead only rewrites %1")
                             .arg(path));
    if (cmdline->output.contains(QByteArray(QByteArray("--") + key.toUtf8())))
        return makeError(QStringLiteral("dockerd sets --%1 on its command line, which daemon.json cannot override "
                                        "(dockerd refuses both): change the service's command line")
                             .arg(key));
    QByteArray before;
    bool existed = false;
    if (!ProbeOutcome::of(*file).notPresent()) {
        if (file->exitStatus != 0)
            return makeError(QStringLiteral("daemon.json could not be read in the scan"));
        auto sections = SectionsParser::parse(file->output);
        if (!sections)
            return makeError(QStringLiteral("the stored daemon.json cannot be read: %1").arg(sections.errorMessage()));
        if (!sections->isEmpty()) {
            const Section& section = sections->front();
            if (section.name != path)
                return makeError(QStringLiteral("dockerd reads %1, not %2: Bulkhead only rewrites %2")
                                     .arg(CheckText::quoted(section.name), path));
            if (!section.readable())
                return makeError(QStringLiteral("daemon.json could not be read in the scan (%1)").arg(section.status));
            before = section.text().toUtf8();
            existed = true;
        }
    }
    if (QString::fromUtf8(before).contains(RedactedMarker))
        return makeError(QStringLiteral("daemon.json holds redacted values: Bulkhead never stored them and cannot "
                                        "rewrite it"));
    const QByteArray value(entry.daemonValue);
    auto after = value.isEmpty() ? DaemonJsonEditor::remove(before, key) : DaemonJsonEditor::set(before, key, value);
    if (!after)
        return after.error();

    const AccessMode access = context.access;
    plan.changedFile = path;
    plan.backupPath = backupPathOf(path, context.planTimeUtc);
    plan.probes = RemediationPlanner::probesFor(plan.kind);
    plan.setting = value.isEmpty() ? QString(key + QStringLiteral(" removed"))
                                   : QString(key + QLatin1Char('=') + QString::fromUtf8(value));
    plan.summary = QStringLiteral("%1 in %2 (%3), then reload dockerd")
                       .arg(value.isEmpty() ? QStringLiteral("Remove \"%1\"").arg(key)
                                            : QStringLiteral("Set \"%1\": %2").arg(key, QString::fromUtf8(value)),
                            path, existed ? QStringLiteral("backed up first") : QStringLiteral("a new file"));
    // systemd's reload of docker.service is this same SIGHUP; without systemd (the test fleet, other init
    // systems) the signal goes to the pid dockerd wrote. Both leave every container running.
    const RemediationStep reload = step(
        QStringLiteral("if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet docker 2>/dev/null; "
                       "then systemctl reload docker; else kill -HUP \"$(cat /var/run/docker.pid)\"; fi && sleep 2"),
        access, QStringLiteral("Reload dockerd (SIGHUP: it rereads daemon.json; containers keep running)"));
    plan.steps << rewriteSteps(path, plan.backupPath, QStringLiteral("0644"), after.value(), access) << reload;

    // A reload applies only the keys the file has: a key that was not there before keeps its new value in
    // the running daemon unless the engine's default is set first, then the backup is put back.
    auto withDefault = DaemonJsonEditor::set(before, key, QByteArray(entry.daemonDefault));
    const bool keyWasSet = existed && DaemonJsonEditor::has(before, key);
    if (!keyWasSet && withDefault) {
        const QString fresh = path + QStringLiteral(".bulkhead-new");
        plan.undo << step(QStringLiteral("umask 077 && cat > %1 && chmod 0644 %1 && mv -f %1 %2")
                              .arg(RemediationPlanner::quoted(fresh), RemediationPlanner::quoted(path)),
                          access,
                          QStringLiteral("Set \"%1\" to the engine's default %2 for one reload")
                              .arg(key, QString::fromLatin1(entry.daemonDefault)),
                          withDefault.value())
                  << reload;
    }
    plan.undo << restoreStep(path, plan.backupPath, access) << reload;
    return plan;
}

} // namespace

QStringList RemediationPlanner::probesFor(RemediationKind kind)
{
    switch (kind) {
    case RemediationKind::ContainerUpdate:
    case RemediationKind::StopContainer:
        return {InspectProbe};
    case RemediationKind::AuditRules:
        return {FilesProbe, LoadedProbe, StatProbe};
    case RemediationKind::DaemonJson:
        return {DaemonJsonProbe, InfoProbe, CmdlineProbe};
    }
    return {};
}

bool RemediationPlanner::isContainerId(const QString& text)
{
    static const QRegularExpression hex64(QStringLiteral("^[0-9a-f]{64}$"));
    return hex64.match(text).hasMatch();
}

QString RemediationPlanner::quoted(const QString& text)
{
    QString inner = text;
    inner.replace(QLatin1Char('\''), QStringLiteral("'\\''"));
    return QLatin1Char('\'') + inner + QLatin1Char('\'');
}

Result<RemediationPlan> RemediationPlanner::plan(const Finding& finding, const RemediationContext& context)
{
    const RemediationEntry* entry = RemediationCatalog::find(finding.checkId);
    if (!entry)
        return makeError(QStringLiteral("Bulkhead has no remediation for %1").arg(finding.checkId));
    if (finding.status != Status::Fail && finding.status != Status::Warn)
        return makeError(QStringLiteral("the finding is %1: only a failed or warned finding is remediated")
                             .arg(statusToString(finding.status)));
    if (!context.planTimeUtc.isValid())
        return makeError(QStringLiteral("a plan needs its time (it names the backup)"));
    if (context.setting && entry->kind != RemediationKind::ContainerUpdate)
        return makeError(QStringLiteral("%1 takes no --set value").arg(finding.checkId));
    RemediationPlan plan;
    plan.kind = entry->kind;
    plan.checkId = finding.checkId;
    plan.findingId = finding.id;
    plan.scanId = finding.scanId;
    plan.hostId = finding.hostId;
    plan.hostName = finding.hostName;
    plan.subject = finding.subject;
    plan.planTimeUtc = context.planTimeUtc.toUTC();
    switch (entry->kind) {
    case RemediationKind::ContainerUpdate:
        return containerUpdate(plan, finding, *entry, context);
    case RemediationKind::StopContainer:
        return stopContainer(plan, finding, context);
    case RemediationKind::AuditRules:
        return auditRules(plan, finding, context);
    case RemediationKind::DaemonJson:
        return daemonJson(plan, *entry, context);
    }
    return makeError(QStringLiteral("unknown remediation"));
}

} // namespace bulkhead
