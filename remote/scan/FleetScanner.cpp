// SPDX-License-Identifier: GPL-3.0-or-later
#include "scan/FleetScanner.h"

#include "checks/Evaluator.h"
#include "collect/HostCollector.h"
#include "probes/Probe.h"
#include "probes/ProbeCommands.h"
#include "ssh/Endpoint.h"
#include "ssh/SshSession.h"
#include "store/Workspace.h"

#include <QHash>
#include <QStringList>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <system_error>
#include <thread>
#include <vector>

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

// How often the coordinating thread passes the caller's cancel flag on to the workers.
constexpr std::chrono::milliseconds CancelPoll{20};

bool isSet(const std::atomic<bool>* flag)
{
    return flag != nullptr && flag->load();
}

QString internalError(const std::exception* e)
{
    return e != nullptr ? QStringLiteral("the scan stopped on an internal error: %1").arg(QString::fromUtf8(e->what()))
                        : QStringLiteral("the scan stopped on an internal error");
}

class ScanRun
{
public:
    ScanRun(const ScanRequest& request, const ScanProgress& progress, const std::atomic<bool>* cancel)
        : m_request(request)
        , m_progress(progress)
        , m_cancel(cancel)
        , m_directProbes(ProbeCommands::plan(AccessMode::Direct))
        , m_sudoProbes(ProbeCommands::plan(AccessMode::Sudo))
    {}

    Result<ScanOutcome> run();

private:
    // Steps per host for its fraction: connect, each probe, evaluate.
    int stepsPerHost(int hostIndex) const { return static_cast<int>(probesFor(hostIndex).size()) + 2; }
    const QVector<Probe>& probesFor(int hostIndex) const
    {
        return m_request.accessFor(hostIndex) == AccessMode::Sudo ? m_sudoProbes : m_directProbes;
    }
    void report(int hostIndex, const QString& step, int stepIndex)
    {
        if (!m_progress) {
            return;
        }
        const double fraction = std::clamp(static_cast<double>(stepIndex) / stepsPerHost(hostIndex), 0.0, 1.0);
        const std::lock_guard lock(m_progressMutex);
        m_progress(hostIndex, m_request.hosts.at(hostIndex), step, fraction);
        // A cancel from the callback itself takes effect before this worker's next command starts.
        if (isSet(m_cancel)) {
            m_stop = true;
        }
    }
    void reportEnd(int hostIndex, HostScanState state)
    {
        report(hostIndex, hostScanStateToString(state), stepsPerHost(hostIndex));
    }

    int firstIndexOf(int index) const { return m_firstIndex.at(static_cast<std::size_t>(index)); }

    // Stops every worker: the caller cancelled, or the workspace failed (the first error is kept).
    void fail(const QString& storageError)
    {
        {
            const std::lock_guard lock(m_stateMutex);
            if (m_storageError.isEmpty()) {
                m_storageError = storageError;
            }
        }
        m_stop = true;
    }
    bool storageFailed()
    {
        const std::lock_guard lock(m_stateMutex);
        return !m_storageError.isEmpty();
    }
    QString stoppedWord() { return storageFailed() ? QStringLiteral("stopped") : QStringLiteral("cancelled"); }

    void worker();
    void workerBody();
    // Scans one host. An error here is a workspace failure, which stops the whole scan.
    Result<void> scanHost(Workspace& workspace, int index, HostOutcome& outcome);
    Result<void> record(Workspace& workspace, HostScanRecord& record, HostOutcome& outcome, HostScanState state,
                        const QString& message);

    const ScanRequest& m_request;
    const ScanProgress& m_progress;
    const std::atomic<bool>* m_cancel;
    // The catalog with each command as it runs under each access mode.
    const QVector<Probe> m_directProbes;
    const QVector<Probe> m_sudoProbes;
    qint64 m_scanId = 0;

    // Fixed before the workers start, read-only while they run.
    std::vector<int> m_firstIndex; // per request index: where that host is first listed
    std::vector<int> m_queue;      // indexes of the distinct hosts, in request order
    std::vector<qint64> m_hostIds; // per request index
    // One element per request index; a worker writes only the elements of the hosts it took.
    std::vector<HostOutcome> m_outcomes;

    std::atomic<bool> m_stop{false}; // what SSH and the collector poll: caller's cancel or a storage failure
    std::atomic<std::size_t> m_next{0};
    std::mutex m_progressMutex;
    // The workers' writes take turns here before SQLite's own lock: SQLite makes a waiting writer
    // poll with growing sleeps and gives up after the busy timeout (5 s), so many writers of one
    // process can starve each other (measured: 64 connections writing at once hit "database is
    // locked"; 16 waited up to 2.9 s). Reads stay parallel, each on its worker's connection; the
    // busy timeout is left for other processes writing the same workspace.
    std::mutex m_writeMutex;
    std::mutex m_stateMutex; // m_storageError, m_running
    std::condition_variable m_workerEnded;
    QString m_storageError;
    int m_running = 0;
};

Result<void> ScanRun::record(Workspace& workspace, HostScanRecord& record, HostOutcome& outcome, HostScanState state,
                             const QString& message)
{
    record.state = state;
    record.message = message;
    if (state != HostScanState::Running) {
        record.finishedUtc = QDateTime::currentDateTimeUtc();
    }
    outcome.state = state;
    outcome.message = message;
    const std::lock_guard lock(m_writeMutex);
    return workspace.setHostScan(record);
}

Result<void> ScanRun::scanHost(Workspace& workspace, int index, HostOutcome& outcome)
{
    const HostSpec& host = m_request.hosts.at(index);
    HostScanRecord hostScan;
    hostScan.scanId = m_scanId;
    hostScan.hostId = m_hostIds.at(static_cast<std::size_t>(index));
    hostScan.startedUtc = QDateTime::currentDateTimeUtc();
    if (auto running = record(workspace, hostScan, outcome, HostScanState::Running, {}); !running) {
        return running;
    }

    report(index, QStringLiteral("connecting"), 0);
    auto options = m_request.sshOptionsFor(host);
    auto session =
        options ? SshSession::connect(options.value(), &m_stop) : Result<std::unique_ptr<SshSession>>(options.error());
    if (!session) {
        if (m_stop.load()) {
            reportEnd(index, HostScanState::Cancelled);
            return record(workspace, hostScan, outcome, HostScanState::Cancelled,
                          QStringLiteral("%1 while connecting").arg(stoppedWord()));
        }
        reportEnd(index, HostScanState::Failed);
        return record(workspace, hostScan, outcome, HostScanState::Failed, session.errorMessage());
    }
    hostScan.hostKeyFingerprint = session.value()->serverFingerprint();
    if (auto verified = record(workspace, hostScan, outcome, HostScanState::Running, {}); !verified) {
        return verified;
    }

    const qint64 scanId = m_scanId;
    const auto sink = [&](Artifact& artifact) -> Result<void> {
        artifact.scanId = scanId;
        artifact.hostId = hostScan.hostId;
        auto stored = [&] {
            const std::lock_guard lock(m_writeMutex);
            return workspace.addArtifact(artifact);
        }();
        if (!stored) {
            return stored.error();
        }
        artifact.id = stored.value();
        ++outcome.artifacts;
        return {};
    };
    const auto step = [&](int probeIndex, const Probe& probe) { report(index, probe.name, 1 + probeIndex); };
    auto collected = HostCollector::collect(*session.value(), probesFor(index), m_request.limits, sink, step, &m_stop,
                                            HostCollector::DefaultChannels, workspace.secretSalt());
    if (!collected) {
        return collected.error();
    }
    const HostCollector::Summary& summary = collected.value();
    if (summary.cancelled) {
        // What was stored stays as evidence; it is not evaluated, the host's scan is incomplete.
        reportEnd(index, HostScanState::Cancelled);
        return record(workspace, hostScan, outcome, HostScanState::Cancelled,
                      QStringLiteral("%1 after %2 of %3 probes")
                          .arg(stoppedWord())
                          .arg(summary.artifacts)
                          .arg(probesFor(index).size()));
    }

    // Collect once, evaluate from stored evidence: what the findings cite is exactly what was stored.
    // A host whose connection broke half-way is evaluated too: its checks without evidence come out
    // as errors, and the host is marked partial with the reason.
    report(index, QStringLiteral("evaluating"), stepsPerHost(index) - 1);
    auto stored = workspace.artifacts(m_scanId, hostScan.hostId);
    if (!stored) {
        return stored.error();
    }
    // Judged by the host's zone as the workspace holds it now (approved lists, baseline).
    auto policy = workspace.policyForHost(hostScan.hostId);
    if (!policy) {
        return policy.error();
    }
    QVector<Finding> findings = Evaluator::evaluateHost(stored.value(), policy.value());
    for (Finding& finding : findings) {
        finding.scanId = m_scanId;
        finding.hostId = hostScan.hostId;
    }
    auto replaced = [&] {
        const std::lock_guard lock(m_writeMutex);
        return workspace.replaceFindings(m_scanId, hostScan.hostId, findings);
    }();
    if (!replaced) {
        return replaced;
    }
    outcome.findings = static_cast<int>(findings.size());

    QStringList problems = summary.problems;
    if (!summary.transportError.isEmpty()) {
        problems.prepend(summary.transportError);
    }
    const HostScanState state = problems.isEmpty() ? HostScanState::Done : HostScanState::Partial;
    if (auto done = record(workspace, hostScan, outcome, state, problems.join(QLatin1String("; "))); !done) {
        return done;
    }
    reportEnd(index, state);
    return {};
}

void ScanRun::workerBody()
{
    // Each worker has its own connection: a Workspace is used only by the thread that opened it.
    // Every write is one short transaction taken in turn (m_writeMutex), so the hosts' artifacts
    // interleave one by one and each is committed as it arrives.
    auto opened = Workspace::open(m_request.workspacePath, Workspace::OpenMode::ExistingOnly);
    if (!opened) {
        fail(opened.errorMessage());
        return;
    }
    Workspace& workspace = *opened.value();
    while (!m_stop.load()) {
        const std::size_t slot = m_next.fetch_add(1);
        if (slot >= m_queue.size()) {
            return;
        }
        const int index = m_queue.at(slot);
        if (auto scanned = scanHost(workspace, index, m_outcomes.at(static_cast<std::size_t>(index))); !scanned) {
            fail(scanned.errorMessage());
            return;
        }
    }
}

void ScanRun::worker()
{
    // No exception may leave a thread (std::terminate): it stops the scan like a storage failure.
    try {
        workerBody();
    } catch (const std::exception& e) {
        fail(internalError(&e));
    } catch (...) {
        fail(internalError(nullptr));
    }
    const std::lock_guard lock(m_stateMutex);
    --m_running;
    m_workerEnded.notify_all();
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
    Workspace& workspace = *opened.value();
    auto scanId = workspace.beginScan(
        m_request.tool.isEmpty() ? QStringLiteral("bulkhead %1").arg(QLatin1String(BULKHEAD_VERSION)) : m_request.tool,
        m_request.kind);
    if (!scanId) {
        return scanId.error();
    }
    m_scanId = scanId.value();

    // Hosts are recorded here, in request order, so their ids do not depend on which worker ran first.
    const auto count = static_cast<std::size_t>(m_request.hosts.size());
    m_outcomes.resize(count);
    m_hostIds.resize(count);
    m_firstIndex.resize(count);
    QHash<QString, int> firstByKey;
    for (int i = 0; i < m_request.hosts.size(); ++i) {
        const QString key = Endpoint::userAtLabel(m_request.hosts.at(i));
        auto found = firstByKey.constFind(key);
        m_firstIndex[static_cast<std::size_t>(i)] = found != firstByKey.constEnd() ? found.value() : i;
        if (found == firstByKey.constEnd()) {
            firstByKey.insert(key, i);
        }
    }
    for (int i = 0; i < m_request.hosts.size(); ++i) {
        const auto at = static_cast<std::size_t>(i);
        m_outcomes[at].host = m_request.hosts.at(i);
        // A host listed twice is scanned once: a second pass would double its evidence in this scan.
        if (firstIndexOf(i) != i) {
            continue;
        }
        auto hostId = workspace.upsertHost(m_request.hosts.at(i));
        if (!hostId) {
            fail(hostId.errorMessage());
            break;
        }
        m_hostIds[at] = hostId.value();
        m_queue.push_back(i);
    }

    const int jobs = std::clamp(m_request.jobs, 1, ScanRequest::MaxJobs);
    const auto workers = std::min(static_cast<std::size_t>(jobs), m_queue.size());
    std::vector<std::thread> threads;
    threads.reserve(workers);
    // Should anything below throw, the workers are stopped and joined before they lose this object.
    struct Joiner
    {
        std::atomic<bool>& stop;
        std::vector<std::thread>& threads;
        ~Joiner()
        {
            for (std::thread& thread : threads) {
                if (thread.joinable()) {
                    stop = true;
                    thread.join();
                }
            }
        }
    } joiner{m_stop, threads};
    for (std::size_t i = 0; i < workers && !m_stop.load(); ++i) {
        {
            const std::lock_guard lock(m_stateMutex);
            ++m_running;
        }
        try {
            threads.emplace_back([this] { worker(); });
        } catch (const std::system_error& e) {
            const std::lock_guard lock(m_stateMutex);
            --m_running;
            if (threads.empty()) {
                m_storageError = QStringLiteral("cannot start a scan thread: %1").arg(QString::fromUtf8(e.what()));
                m_stop = true;
            }
            break; // fewer workers than asked for: the ones running take the whole queue
        }
    }
    {
        // The workers poll m_stop, not the caller's flag (SSH takes one flag): pass a cancel on.
        std::unique_lock lock(m_stateMutex);
        while (m_running > 0) {
            m_workerEnded.wait_for(lock, CancelPoll);
            if (isSet(m_cancel)) {
                m_stop = true;
            }
        }
    }
    for (std::thread& thread : threads) {
        thread.join();
    }

    ScanOutcome outcome;
    outcome.scanId = m_scanId;
    outcome.cancelled = isSet(m_cancel);
    const QString storageError = m_storageError;
    for (int i = 0; i < m_request.hosts.size(); ++i) {
        const int first = firstIndexOf(i);
        HostOutcome host = m_outcomes.at(static_cast<std::size_t>(first));
        if (first != i) {
            host.host = m_request.hosts.at(i);
            host.message = QStringLiteral("same host as #%1; scanned once").arg(first + 1);
        }
        if (host.state == HostScanState::Pending) {
            host.state = HostScanState::Cancelled;
            host.message = outcome.cancelled ? QStringLiteral("not scanned: the scan was cancelled")
                                             : QStringLiteral("not scanned: the workspace failed");
        }
        outcome.hosts.append(host);
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
    auto finished = workspace.finishScan(m_scanId, state);
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
    // Worker threads catch their own; by the time an exception gets here, every worker has been joined.
    try {
        ScanRun scan(request, progress, cancel);
        return scan.run();
    } catch (const std::exception& e) {
        return makeError(internalError(&e));
    } catch (...) {
        return makeError(internalError(nullptr));
    }
}

} // namespace bulkhead
