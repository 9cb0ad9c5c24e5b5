// SPDX-License-Identifier: GPL-3.0-or-later
#include "remediate/RemediationRunner.h"

#include "collect/HostCollector.h"
#include "probes/ProbeCommands.h"
#include "remediation/RemediationPlanner.h"
#include "ssh/SshSession.h"
#include "store/Workspace.h"

#include <exception>

namespace bulkhead {

namespace {

bool isSet(const std::atomic<bool>* flag)
{
    return flag != nullptr && flag->load();
}

QString tool(const QString& what)
{
    return QStringLiteral("bulkhead %1 %2").arg(QLatin1String(BULKHEAD_VERSION), what);
}

class Run
{
public:
    Run(const ScanRequest& target, const RemediationProgress& progress, const std::atomic<bool>* cancel)
        : m_target(target)
        , m_progress(progress)
        , m_cancel(cancel)
    {}

    // `replan`: make the plan again from the before-evidence and refuse a different one (not for an undo).
    Result<RemediationOutcome> execute(RemediationRecord record, const RemediationPlan& plan,
                                       const std::optional<RemediationSetting>& setting, bool replan);

private:
    void say(const QString& line) const
    {
        if (m_progress)
            m_progress(line);
    }
    Result<void> collectBefore(Workspace& workspace, SshSession& session, RemediationRecord& record,
                               const QStringList& probes, QVector<Artifact>& fresh);
    Result<void> recheck(Workspace& workspace, RemediationRecord& record, const QStringList& probes);
    Result<RemediationOutcome> finish(Workspace& workspace, RemediationRecord& record, RemediationState state,
                                      const QString& message, bool ran);

    const ScanRequest& m_target;
    const RemediationProgress& m_progress;
    const std::atomic<bool>* m_cancel;
};

Result<void> Run::collectBefore(Workspace& workspace, SshSession& session, RemediationRecord& record,
                                const QStringList& probes, QVector<Artifact>& fresh)
{
    QVector<Probe> wanted;
    for (const Probe& probe : ProbeCommands::plan(m_target.accessFor(0))) {
        if (probes.contains(probe.name))
            wanted << probe;
    }
    const auto sink = [&](Artifact& artifact) -> Result<void> {
        artifact.scanId = record.beforeScanId;
        artifact.hostId = record.hostId;
        auto stored = workspace.addArtifact(artifact);
        if (!stored)
            return stored.error();
        artifact.id = stored.value();
        record.beforeArtifacts << artifact.id;
        fresh << artifact;
        return {};
    };
    auto collected = HostCollector::collect(session, wanted, m_target.limits, sink, {}, m_cancel,
                                            HostCollector::DefaultChannels, workspace.secretSalt());
    if (!collected)
        return collected.error();
    if (collected->cancelled)
        return makeError(QStringLiteral("cancelled while collecting the evidence before"));
    if (!collected->transportError.isEmpty())
        return makeError(collected->transportError);
    say(QStringLiteral("before: %1 artifact(s) stored (scan %2)").arg(collected->artifacts).arg(record.beforeScanId));
    return {};
}

Result<void> Run::recheck(Workspace& workspace, RemediationRecord& record, const QStringList& probes)
{
    ScanRequest again = m_target;
    again.kind = ScanKind::Remediation;
    again.tool = tool(QStringLiteral("remediation %1 re-check").arg(record.id));
    again.jobs = 1;
    say(QStringLiteral("re-check: scanning the host again"));
    auto scanned = FleetScanner::run(again, {}, m_cancel);
    if (!scanned)
        return scanned.error();
    record.afterScanId = scanned->scanId;
    auto index = workspace.artifactIndex(record.afterScanId);
    if (!index)
        return index.error();
    for (const ArtifactInfo& info : index.value()) {
        if (probes.contains(info.probe))
            record.afterArtifacts << info.id;
    }
    auto findings = workspace.findings(record.afterScanId, false);
    if (!findings)
        return findings.error();
    for (const Finding& finding : findings.value()) {
        if (finding.checkId == record.checkId && finding.subject.kind == record.subject.kind &&
            finding.subject.id == record.subject.id) {
            record.findingStatus = finding.status;
            break;
        }
    }
    if (!scanned->hosts.isEmpty() && !scanned->hosts.front().message.isEmpty())
        say(QStringLiteral("re-check scan: %1").arg(scanned->hosts.front().message));
    return {};
}

Result<RemediationOutcome> Run::finish(Workspace& workspace, RemediationRecord& record, RemediationState state,
                                       const QString& message, bool ran)
{
    record.state = state;
    record.message = message;
    if (auto finished = workspace.finishRemediation(record); !finished)
        return finished.error();
    auto stored = workspace.remediation(record.id);
    if (!stored)
        return stored.error();
    return RemediationOutcome{stored.value(), ran};
}

Result<RemediationOutcome> Run::execute(RemediationRecord record, const RemediationPlan& plan,
                                        const std::optional<RemediationSetting>& setting, bool replan)
{
    if (m_target.hosts.size() != 1)
        return makeError(QStringLiteral("a remediation runs on exactly one host"));
    auto opened = Workspace::open(m_target.workspacePath, Workspace::OpenMode::ExistingOnly);
    if (!opened)
        return opened.error();
    Workspace& workspace = *opened.value();
    auto hostId = workspace.upsertHost(m_target.hosts.front());
    if (!hostId)
        return hostId.error();
    if (hostId.value() != record.hostId)
        return makeError(QStringLiteral("the host to connect to is not the finding's host"));

    // On record before anything runs: who asked for what, when.
    auto id = workspace.addRemediation(record);
    if (!id)
        return id.error();
    record.id = id.value();
    say(QStringLiteral("remediation %1 recorded").arg(record.id));

    auto before =
        workspace.beginScan(tool(QStringLiteral("remediation %1 before").arg(record.id)), ScanKind::Remediation);
    if (!before)
        return before.error();
    record.beforeScanId = before.value();
    HostScanRecord hostScan;
    hostScan.scanId = record.beforeScanId;
    hostScan.hostId = record.hostId;
    hostScan.state = HostScanState::Running;
    hostScan.startedUtc = QDateTime::currentDateTimeUtc();
    if (auto started = workspace.setHostScan(hostScan); !started)
        return started.error();
    const auto endBefore = [&](HostScanState state, const QString& message) -> Result<void> {
        hostScan.state = state;
        hostScan.message = message;
        hostScan.finishedUtc = QDateTime::currentDateTimeUtc();
        if (auto done = workspace.setHostScan(hostScan); !done)
            return done;
        return workspace.finishScan(record.beforeScanId,
                                    state == HostScanState::Done ? ScanState::Complete : ScanState::Failed);
    };

    // Before any command: the before-scan failed, and the record says nothing ran (or that it was cancelled).
    const auto nothingRan = [&](const QString& why) -> Result<RemediationOutcome> {
        if (auto ended = endBefore(HostScanState::Failed, why); !ended)
            return ended.error();
        return finish(workspace, record, isSet(m_cancel) ? RemediationState::Cancelled : RemediationState::Failed,
                      QStringLiteral("nothing ran: %1").arg(why), false);
    };

    say(QStringLiteral("connecting to %1").arg(m_target.hosts.front().toString()));
    auto options = m_target.sshOptionsFor(m_target.hosts.front());
    auto session =
        options ? SshSession::connect(options.value(), m_cancel) : Result<std::unique_ptr<SshSession>>(options.error());
    if (!session)
        return nothingRan(session.errorMessage());
    hostScan.hostKeyFingerprint = session.value()->serverFingerprint();

    QVector<Artifact> fresh;
    if (auto collected = collectBefore(workspace, *session.value(), record, plan.probes, fresh); !collected)
        return nothingRan(collected.errorMessage());
    if (auto ended = endBefore(HostScanState::Done, {}); !ended)
        return ended.error();

    if (replan) {
        // What was confirmed must be what the host's state now calls for.
        Finding finding;
        finding.id = plan.findingId;
        finding.scanId = plan.scanId;
        finding.hostId = plan.hostId;
        finding.hostName = plan.hostName;
        finding.checkId = plan.checkId;
        finding.subject = plan.subject;
        finding.status = Status::Fail;
        RemediationContext context;
        context.artifacts = fresh;
        context.setting = setting;
        context.access = m_target.accessFor(0);
        context.planTimeUtc = plan.planTimeUtc;
        auto now = RemediationPlanner::plan(finding, context);
        if (!now || !now->sameCommands(plan)) {
            const QString why =
                now ? QStringLiteral("the plan made from the host's current state differs") : now.errorMessage();
            return finish(workspace, record, RemediationState::Failed,
                          QStringLiteral("nothing ran: the host changed since the scan (%1); scan it again and "
                                         "confirm the new plan")
                              .arg(why),
                          false);
        }
    }

    bool ran = false;
    bool failed = false;
    QString message;
    for (RemediationStepResult& step : record.steps) {
        if (isSet(m_cancel)) {
            message = QStringLiteral("cancelled before: %1").arg(step.step.purpose);
            break;
        }
        say(QStringLiteral("$ %1").arg(step.step.command));
        auto result = session.value()->run(step.step.command, m_target.limits, m_cancel, step.step.input);
        ran = true;
        step.ran = true;
        if (!result) {
            step.errorOutput = result.errorMessage().toUtf8();
            failed = true;
            message = QStringLiteral("%1: %2").arg(step.step.purpose, result.errorMessage());
            break;
        }
        step.output = result->output;
        step.errorOutput = result->errorOutput;
        step.exitStatus = result->exitStatus;
        step.exitSignal = result->exitSignal;
        step.timedOut = result->timedOut;
        say(QStringLiteral("  exit %1%2")
                .arg(result->exitStatus)
                .arg(result->errorOutput.isEmpty()
                         ? QString()
                         : QStringLiteral(": ") + QString::fromUtf8(result->errorOutput.trimmed()).left(300)));
        if (result->exitStatus != 0 || result->timedOut) {
            failed = true;
            message = QStringLiteral("%1 failed (exit %2); the commands after it did not run")
                          .arg(step.step.purpose)
                          .arg(result->exitStatus);
            break;
        }
    }
    session.value().reset(); // the re-check connects on its own, like any scan
    // A cancel ends it here: the host is not scanned again (the next scan shows where it stands).
    if (isSet(m_cancel))
        return finish(workspace, record, RemediationState::Cancelled,
                      message.isEmpty() ? QStringLiteral("cancelled") : QStringLiteral("cancelled: ") + message, ran);

    if (auto checked = recheck(workspace, record, plan.probes); !checked) {
        if (isSet(m_cancel))
            return finish(workspace, record, RemediationState::Cancelled,
                          QStringLiteral("cancelled during the re-check"), ran);
        return finish(workspace, record, RemediationState::Failed,
                      QStringLiteral("the host could not be re-checked: %1").arg(checked.errorMessage()), ran);
    }
    const QString verdict =
        record.findingStatus ? statusToString(*record.findingStatus) : QStringLiteral("no finding for it any more");
    say(QStringLiteral("re-check: %1").arg(verdict));
    if (failed)
        return finish(workspace, record, RemediationState::Failed,
                      QStringLiteral("%1; re-check: %2").arg(message, verdict), ran);
    return finish(workspace, record, RemediationState::Done, QStringLiteral("re-check: %1").arg(verdict), ran);
}

RemediationRecord recordOf(const RemediationPlan& plan, const QVector<RemediationStep>& steps)
{
    RemediationRecord record;
    record.findingId = plan.findingId;
    record.checkId = plan.checkId;
    record.subject = plan.subject;
    record.hostId = plan.hostId;
    record.kind = plan.kind;
    record.setting = plan.setting;
    record.summary = plan.summary;
    for (const RemediationStep& step : steps) {
        RemediationStepResult result;
        result.step = step;
        record.steps << result;
    }
    record.undo = plan.undo;
    record.changedFile = plan.changedFile;
    record.backupPath = plan.backupPath;
    return record;
}

QString internalError(const std::exception* e)
{
    return e ? QStringLiteral("the remediation stopped on an internal error: %1").arg(QString::fromUtf8(e->what()))
             : QStringLiteral("the remediation stopped on an internal error");
}

} // namespace

Result<RemediationOutcome> RemediationRunner::run(const RemediationRequest& request,
                                                  const RemediationProgress& progress, const std::atomic<bool>* cancel)
{
    if (request.plan.steps.isEmpty())
        return makeError(QStringLiteral("the plan has no command"));
    try {
        Run run(request.target, progress, cancel);
        return run.execute(recordOf(request.plan, request.plan.steps), request.plan, request.setting, true);
    } catch (const std::exception& e) {
        return makeError(internalError(&e));
    } catch (...) {
        return makeError(internalError(nullptr));
    }
}

Result<RemediationOutcome> RemediationRunner::undo(qint64 remediationId, ScanRequest target,
                                                   const RemediationProgress& progress, const std::atomic<bool>* cancel)
{
    try {
        RemediationRecord original;
        {
            auto opened = Workspace::open(target.workspacePath, Workspace::OpenMode::ExistingOnly);
            if (!opened)
                return opened.error();
            auto stored = opened.value()->remediation(remediationId);
            if (!stored)
                return stored.error();
            original = stored.value();
            if (original.undoOf > 0)
                return makeError(QStringLiteral("remediation %1 is itself an undo").arg(remediationId));
            if (original.undoneBy > 0)
                return makeError(QStringLiteral("remediation %1 was already undone by %2")
                                     .arg(remediationId)
                                     .arg(original.undoneBy));
            if (original.undo.isEmpty())
                return makeError(QStringLiteral("remediation %1 cannot be undone").arg(remediationId));
            auto hosts = opened.value()->hosts();
            if (!hosts)
                return hosts.error();
            target.hosts.clear();
            for (const HostRecord& host : hosts.value()) {
                if (host.id == original.hostId)
                    target.hosts << host.spec;
            }
        }
        RemediationPlan plan;
        plan.kind = original.kind;
        plan.checkId = original.checkId;
        plan.findingId = original.findingId;
        plan.hostId = original.hostId;
        plan.subject = original.subject;
        plan.setting = QStringLiteral("undo of remediation %1").arg(remediationId);
        plan.summary = QStringLiteral("Undo remediation %1: %2").arg(remediationId).arg(original.summary);
        plan.changedFile = original.changedFile;
        plan.backupPath = original.backupPath;
        plan.probes = RemediationPlanner::probesFor(original.kind);
        RemediationRecord record = recordOf(plan, original.undo);
        record.undo.clear();
        record.undoOf = remediationId;
        Run run(target, progress, cancel);
        return run.execute(record, plan, std::nullopt, false);
    } catch (const std::exception& e) {
        return makeError(internalError(&e));
    } catch (...) {
        return makeError(internalError(nullptr));
    }
}

} // namespace bulkhead
