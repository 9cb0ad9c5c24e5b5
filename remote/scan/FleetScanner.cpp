// SPDX-License-Identifier: GPL-3.0-or-later
#include "scan/FleetScanner.h"

#include "checks/Evaluator.h"
#include "collect/HostCollector.h"
#include "probes/Probe.h"
#include "ssh/Endpoint.h"
#include "ssh/SshSession.h"
#include "store/Workspace.h"

#include <QStringList>

#include <exception>

namespace bulkhead {

bool ScanOutcome::allScanned() const
{
    if (cancelled) {
        return false;
    }
    for (const auto& host : hosts) {
        const bool scanned =
            host.state == HostScanState::Done || (host.state == HostScanState::Partial && host.artifacts > 0);
        if (!scanned) {
            return false;
        }
    }
    return true;
}

namespace {

bool isCancelled(const std::atomic<bool>* cancel)
{
    return cancel != nullptr && cancel->load();
}

class ScanRun
{
public:
    ScanRun(const ScanRequest& request, const ScanProgress& progress, const std::atomic<bool>* cancel)
        : m_request(request)
        , m_progress(progress)
        , m_cancel(cancel)
        , m_probes(ProbeCatalog::dockerProbes())
    {}

    Result<ScanOutcome> run();

private:
    // Steps per host for the progress fraction: connect, each probe, evaluate.
    int stepsPerHost() const { return static_cast<int>(m_probes.size()) + 2; }
    void report(int hostIndex, const QString& step, int stepIndex)
    {
        if (!m_progress) {
            return;
        }
        const double total = static_cast<double>(m_request.hosts.size()) * stepsPerHost();
        const double done = static_cast<double>(hostIndex) * stepsPerHost() + stepIndex;
        m_progress(hostIndex, m_request.hosts.at(hostIndex), step, total > 0 ? std::min(1.0, done / total) : 1.0);
    }

    int firstIndexOf(int index) const
    {
        const QString key = Endpoint::userAtLabel(m_request.hosts.at(index));
        for (int i = 0; i < index; ++i) {
            if (Endpoint::userAtLabel(m_request.hosts.at(i)) == key) {
                return i;
            }
        }
        return index;
    }

    // Scans one host. An error here is a workspace failure, which ends the whole scan.
    Result<void> scanHost(int index, HostOutcome& outcome);
    Result<void> record(HostScanRecord& record, HostOutcome& outcome, HostScanState state, const QString& message);

    const ScanRequest& m_request;
    const ScanProgress& m_progress;
    const std::atomic<bool>* m_cancel;
    const QVector<Probe>& m_probes;
    std::unique_ptr<Workspace> m_workspace;
    qint64 m_scanId = 0;
};

Result<void> ScanRun::record(HostScanRecord& record, HostOutcome& outcome, HostScanState state, const QString& message)
{
    record.state = state;
    record.message = message;
    if (state != HostScanState::Running) {
        record.finishedUtc = QDateTime::currentDateTimeUtc();
    }
    outcome.state = state;
    outcome.message = message;
    return m_workspace->setHostScan(record);
}

Result<void> ScanRun::scanHost(int index, HostOutcome& outcome)
{
    const HostSpec& host = m_request.hosts.at(index);
    auto hostId = m_workspace->upsertHost(host);
    if (!hostId) {
        return hostId.error();
    }
    HostScanRecord hostScan;
    hostScan.scanId = m_scanId;
    hostScan.hostId = hostId.value();
    hostScan.startedUtc = QDateTime::currentDateTimeUtc();
    if (auto running = record(hostScan, outcome, HostScanState::Running, {}); !running) {
        return running;
    }

    report(index, QStringLiteral("connecting"), 0);
    SshOptions options;
    options.host = host;
    options.identityFile = m_request.identityFile;
    options.knownHostsFile = m_request.knownHostsFile;
    options.acceptNew = m_request.acceptNew;
    options.connectTimeoutMs = m_request.connectTimeoutMs;
    auto session = SshSession::connect(options, m_cancel);
    if (!session) {
        if (isCancelled(m_cancel)) {
            return record(hostScan, outcome, HostScanState::Cancelled, QStringLiteral("cancelled while connecting"));
        }
        report(index, QStringLiteral("failed"), stepsPerHost());
        return record(hostScan, outcome, HostScanState::Failed, session.errorMessage());
    }
    hostScan.hostKeyFingerprint = session.value()->serverFingerprint();
    if (auto verified = record(hostScan, outcome, HostScanState::Running, {}); !verified) {
        return verified;
    }

    const qint64 scanId = m_scanId;
    Workspace& workspace = *m_workspace;
    const auto sink = [&](Artifact& artifact) -> Result<void> {
        artifact.scanId = scanId;
        artifact.hostId = hostScan.hostId;
        auto stored = workspace.addArtifact(artifact);
        if (!stored) {
            return stored.error();
        }
        artifact.id = stored.value();
        ++outcome.artifacts;
        return {};
    };
    const auto step = [&](int probeIndex, const Probe& probe) { report(index, probe.name, 1 + probeIndex); };
    auto collected = HostCollector::collect(*session.value(), m_probes, m_request.limits, sink, step, m_cancel);
    if (!collected) {
        return collected.error();
    }
    const HostCollector::Summary& summary = collected.value();
    if (summary.cancelled) {
        // What was stored stays as evidence; it is not evaluated, the host's scan is incomplete.
        return record(hostScan, outcome, HostScanState::Cancelled,
                      QStringLiteral("cancelled after %1 of %2 probes").arg(summary.artifacts).arg(m_probes.size()));
    }

    // Collect once, evaluate from stored evidence: what the findings cite is exactly what was stored.
    report(index, QStringLiteral("evaluating"), stepsPerHost() - 1);
    auto stored = m_workspace->artifacts(m_scanId, hostScan.hostId);
    if (!stored) {
        return stored.error();
    }
    QVector<Finding> findings = Evaluator::evaluateHost(stored.value());
    for (Finding& finding : findings) {
        finding.scanId = m_scanId;
        finding.hostId = hostScan.hostId;
    }
    if (auto replaced = m_workspace->replaceFindings(m_scanId, hostScan.hostId, findings); !replaced) {
        return replaced;
    }
    outcome.findings = static_cast<int>(findings.size());

    QStringList problems = summary.problems;
    if (!summary.transportError.isEmpty()) {
        problems.prepend(summary.transportError);
    }
    const HostScanState state = problems.isEmpty() ? HostScanState::Done : HostScanState::Partial;
    if (auto done = record(hostScan, outcome, state, problems.join(QLatin1String("; "))); !done) {
        return done;
    }
    report(index, QStringLiteral("done"), stepsPerHost());
    return {};
}

Result<ScanOutcome> ScanRun::run()
{
    if (m_request.hosts.isEmpty()) {
        return makeError(QStringLiteral("no hosts to scan"));
    }
    auto opened = Workspace::open(m_request.workspacePath);
    if (!opened) {
        return opened.error();
    }
    m_workspace = std::move(opened).value();
    auto scanId = m_workspace->beginScan(QStringLiteral("bulkhead %1").arg(QLatin1String(BULKHEAD_VERSION)));
    if (!scanId) {
        return scanId.error();
    }
    m_scanId = scanId.value();

    ScanOutcome outcome;
    outcome.scanId = m_scanId;
    for (const auto& host : m_request.hosts) {
        HostOutcome pending;
        pending.host = host;
        outcome.hosts.append(pending);
    }

    QString storageError;
    for (int i = 0; i < m_request.hosts.size(); ++i) {
        if (isCancelled(m_cancel)) {
            break;
        }
        // A host listed twice is scanned once: a second pass would double its evidence in this scan.
        const int first = firstIndexOf(i);
        if (first != i) {
            outcome.hosts[i] = outcome.hosts.at(first);
            outcome.hosts[i].host = m_request.hosts.at(i);
            outcome.hosts[i].message = QStringLiteral("same host as #%1; scanned once").arg(first + 1);
            continue;
        }
        if (auto scanned = scanHost(i, outcome.hosts[i]); !scanned) {
            storageError = scanned.errorMessage();
            break;
        }
    }
    outcome.cancelled = isCancelled(m_cancel);
    for (auto& host : outcome.hosts) {
        if (host.state == HostScanState::Pending) {
            host.state = HostScanState::Cancelled;
            host.message = outcome.cancelled ? QStringLiteral("not scanned: the scan was cancelled")
                                             : QStringLiteral("not scanned: the workspace failed");
        }
    }

    int done = 0;
    int withEvidence = 0;
    for (const auto& host : outcome.hosts) {
        done += host.state == HostScanState::Done ? 1 : 0;
        withEvidence += host.artifacts > 0 ? 1 : 0;
    }
    ScanState state = ScanState::Partial;
    if (!storageError.isEmpty()) {
        state = ScanState::Failed;
    } else if (done == outcome.hosts.size()) {
        state = ScanState::Complete;
    } else if (withEvidence == 0 && !outcome.cancelled) {
        state = ScanState::Failed;
    }
    auto finished = m_workspace->finishScan(m_scanId, state);
    if (!storageError.isEmpty()) {
        return makeError(QStringLiteral("the scan stopped: %1").arg(storageError));
    }
    if (!finished) {
        return finished.error();
    }
    return outcome;
}

} // namespace

Result<ScanOutcome> FleetScanner::run(const ScanRequest& request, const ScanProgress& progress,
                                      const std::atomic<bool>* cancel)
{
    // Last line of defence for the "no exception escapes" contract (bad_alloc, a throwing callback).
    try {
        ScanRun scan(request, progress, cancel);
        return scan.run();
    } catch (const std::exception& e) {
        return makeError(QStringLiteral("the scan stopped on an internal error: %1").arg(QString::fromUtf8(e.what())));
    } catch (...) {
        return makeError(QStringLiteral("the scan stopped on an internal error"));
    }
}

} // namespace bulkhead
