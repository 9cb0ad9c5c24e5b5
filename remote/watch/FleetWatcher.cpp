// SPDX-License-Identifier: GPL-3.0-or-later
#include "watch/FleetWatcher.h"

#include "ssh/Endpoint.h"
#include "ssh/SshSession.h"
#include "store/Workspace.h"
#include "watch/LifecycleWatcher.h"

#include <QDeadlineTimer>
#include <QSet>
#include <QStringList>

#include <chrono>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace bulkhead {

bool WatchOutcome::allWatched() const
{
    if (cancelled)
        return false;
    for (const HostOutcome& host : hosts) {
        if (host.state != HostScanState::Done)
            return false;
    }
    return true;
}

namespace {

constexpr std::chrono::milliseconds StopPoll{50};

QLatin1String plural(int count)
{
    return count == 1 ? QLatin1String("") : QLatin1String("s");
}

class WatchRun
{
public:
    WatchRun(const WatchRequest& request, const WatchNotify& notify, const std::atomic<bool>* cancel)
        : m_request(request)
        , m_notify(notify)
        , m_cancel(cancel)
    {}

    Result<WatchOutcome> run();

private:
    void notify(WatchNotice notice)
    {
        if (!m_notify)
            return;
        const std::lock_guard lock(m_notifyMutex);
        notice.host = m_request.target.hosts.at(notice.hostIndex);
        m_notify(notice);
    }
    void fail(const QString& error)
    {
        {
            const std::lock_guard lock(m_stateMutex);
            if (m_storageError.isEmpty())
                m_storageError = error;
        }
        m_stop = true;
    }
    void worker(int index);
    Result<void> watchHost(Workspace& workspace, int index);
    Result<void> record(Workspace& workspace, HostScanRecord& record, int index, HostScanState state,
                        const QString& message)
    {
        record.state = state;
        record.message = message;
        if (state != HostScanState::Running)
            record.finishedUtc = QDateTime::currentDateTimeUtc();
        const std::lock_guard lock(m_writeMutex); // also guards the outcome's state, read by run()
        HostOutcome& outcome = m_outcomes[static_cast<std::size_t>(index)];
        outcome.state = state;
        outcome.message = message;
        return workspace.setHostScan(record);
    }

    const WatchRequest& m_request;
    const WatchNotify& m_notify;
    const std::atomic<bool>* m_cancel;
    qint64 m_watchId = 0;
    qint64 m_since = 0;
    std::vector<qint64> m_hostIds;       // per request index; 0: a repeat of an earlier host
    std::vector<HostOutcome> m_outcomes; // a worker writes only its own host's element
    std::atomic<bool> m_stop{false};
    std::atomic<int> m_events{0};
    std::atomic<bool> m_limitReached{false};
    std::mutex m_notifyMutex;
    std::mutex m_writeMutex; // as FleetScanner: the hosts' writes take turns before SQLite's lock
    std::mutex m_stateMutex;
    QString m_storageError;
};

Result<void> WatchRun::watchHost(Workspace& workspace, int index)
{
    const HostSpec& host = m_request.target.hosts.at(index);
    HostScanRecord window;
    window.scanId = m_watchId;
    window.hostId = m_hostIds.at(static_cast<std::size_t>(index));
    window.startedUtc = QDateTime::currentDateTimeUtc();
    if (auto running = record(workspace, window, index, HostScanState::Running, {}); !running)
        return running;

    auto options = m_request.target.sshOptionsFor(host);
    auto session =
        options ? SshSession::connect(options.value(), &m_stop) : Result<std::unique_ptr<SshSession>>(options.error());
    if (!session) {
        const bool stopped = m_stop.load();
        const HostScanState state = stopped ? HostScanState::Cancelled : HostScanState::Failed;
        const QString message = stopped ? QStringLiteral("stopped while connecting") : session.errorMessage();
        notify(WatchNotice{WatchNotice::Kind::Ended, index, {}, {}, 0, m_events.load(), message, state});
        return record(workspace, window, index, state, message);
    }
    window.hostKeyFingerprint = session.value()->serverFingerprint();
    if (auto connected = record(workspace, window, index, HostScanState::Running, {}); !connected)
        return connected;
    notify(WatchNotice{WatchNotice::Kind::Watching,
                       index,
                       {},
                       {},
                       0,
                       m_events.load(),
                       window.hostKeyFingerprint,
                       HostScanState::Running});

    LifecycleWatcher::Options watchOptions;
    watchOptions.access = m_request.target.accessFor(index);
    watchOptions.sinceEpochMs = m_since;
    watchOptions.salt = workspace.secretSalt();
    HostOutcome& outcome = m_outcomes[static_cast<std::size_t>(index)];
    const auto sink = [&](const LifecycleEvent& event, Artifact& artifact) -> Result<bool> {
        if (m_limitReached.load())
            return false;
        artifact.scanId = m_watchId;
        artifact.hostId = window.hostId;
        auto stored = [&] {
            const std::lock_guard lock(m_writeMutex);
            return workspace.addArtifact(artifact);
        }();
        if (!stored)
            return stored.error();
        ++outcome.artifacts;
        const int total = ++m_events;
        notify(
            WatchNotice{WatchNotice::Kind::Event, index, {}, event, stored.value(), total, {}, HostScanState::Running});
        if (m_request.maxEvents > 0 && total >= m_request.maxEvents) {
            m_limitReached = true;
            m_stop = true;
            return false;
        }
        return true;
    };
    const auto problem = [&](const QString& text) {
        notify(
            WatchNotice{WatchNotice::Kind::Problem, index, {}, {}, 0, m_events.load(), text, HostScanState::Running});
    };
    auto watched = LifecycleWatcher::watch(*session.value(), watchOptions, sink, problem, &m_stop);
    if (!watched)
        return watched.error();
    const LifecycleWatcher::Summary& summary = watched.value();

    QStringList notes;
    notes << QStringLiteral("%1 event%2 stored").arg(outcome.artifacts).arg(plural(outcome.artifacts));
    const int skipped = summary.rejected + summary.malformed;
    if (skipped > 0) {
        notes << QStringLiteral("%1 line%2 not stored (%3 rejected, %4 malformed; first: %5)")
                     .arg(skipped)
                     .arg(plural(skipped))
                     .arg(summary.rejected)
                     .arg(summary.malformed)
                     .arg(summary.problems.value(0));
    }
    HostScanState state = skipped > 0 ? HostScanState::Partial : HostScanState::Done;
    if (!summary.transportError.isEmpty()) {
        notes.prepend(summary.transportError);
        state = HostScanState::Failed;
    }
    const QString message = notes.join(QLatin1String("; "));
    notify(WatchNotice{WatchNotice::Kind::Ended, index, {}, {}, 0, m_events.load(), message, state});
    return record(workspace, window, index, state, message);
}

void WatchRun::worker(int index)
{
    // No exception may leave a thread (std::terminate): it stops the watch like a storage failure.
    try {
        auto opened = Workspace::open(m_request.target.workspacePath, Workspace::OpenMode::ExistingOnly);
        if (!opened) {
            fail(opened.errorMessage());
            return;
        }
        if (auto watched = watchHost(*opened.value(), index); !watched)
            fail(watched.errorMessage());
    } catch (const std::exception& e) {
        fail(QStringLiteral("the watch stopped on an internal error: %1").arg(QString::fromUtf8(e.what())));
    } catch (...) {
        fail(QStringLiteral("the watch stopped on an internal error"));
    }
}

Result<WatchOutcome> WatchRun::run()
{
    if (m_request.target.hosts.isEmpty())
        return makeError(QStringLiteral("no hosts to watch"));
    auto opened = Workspace::open(m_request.target.workspacePath);
    if (!opened)
        return opened.error();
    Workspace& workspace = *opened.value();
    auto watchId =
        workspace.beginScan(QStringLiteral("bulkhead %1 watch").arg(QLatin1String(BULKHEAD_VERSION)), ScanKind::Watch);
    if (!watchId)
        return watchId.error();
    m_watchId = watchId.value();
    m_since = QDateTime::currentMSecsSinceEpoch();

    const auto count = static_cast<std::size_t>(m_request.target.hosts.size());
    m_hostIds.assign(count, 0);
    m_outcomes.resize(count);
    QSet<QString> seen;
    std::vector<int> queue;
    for (int i = 0; i < m_request.target.hosts.size(); ++i) {
        const HostSpec& host = m_request.target.hosts.at(i);
        m_outcomes[static_cast<std::size_t>(i)].host = host;
        const QString key = Endpoint::userAtLabel(host);
        if (seen.contains(key)) {
            m_outcomes[static_cast<std::size_t>(i)].state = HostScanState::Done;
            m_outcomes[static_cast<std::size_t>(i)].message = QStringLiteral("listed twice; watched once");
            continue;
        }
        seen.insert(key);
        auto hostId = workspace.upsertHost(host);
        if (!hostId)
            return hostId.error();
        m_hostIds[static_cast<std::size_t>(i)] = hostId.value();
        queue.push_back(i);
    }

    std::vector<std::thread> threads;
    {
        struct Joiner
        {
            std::atomic<bool>& stop;
            std::vector<std::thread>& threads;
            ~Joiner()
            {
                stop = true;
                for (std::thread& thread : threads) {
                    if (thread.joinable())
                        thread.join();
                }
            }
        } joiner{m_stop, threads};
        for (int index : queue)
            threads.emplace_back([this, index] { worker(index); });

        // The workers poll m_stop; the caller's cancel and the duration are passed on from here.
        const QDeadlineTimer deadline =
            m_request.durationMs > 0 ? QDeadlineTimer(m_request.durationMs) : QDeadlineTimer(QDeadlineTimer::Forever);
        while (true) {
            if (m_cancel != nullptr && m_cancel->load())
                m_stop = true;
            if (deadline.hasExpired())
                m_stop = true;
            bool running = false;
            for (int index : queue) {
                const HostScanState state = [&] {
                    const std::lock_guard lock(m_writeMutex);
                    return m_outcomes[static_cast<std::size_t>(index)].state;
                }();
                running = running || state == HostScanState::Running || state == HostScanState::Pending;
            }
            if (!running || m_stop.load())
                break;
            std::this_thread::sleep_for(StopPoll);
        }
    } // joins every worker

    WatchOutcome outcome;
    outcome.watchId = m_watchId;
    outcome.events = m_events.load();
    outcome.cancelled = m_cancel != nullptr && m_cancel->load() && !m_limitReached.load();
    for (const HostOutcome& host : m_outcomes)
        outcome.hosts.append(host);
    int failed = 0;
    int done = 0;
    for (const HostOutcome& host : outcome.hosts) {
        failed += host.state == HostScanState::Failed ? 1 : 0;
        done += host.state == HostScanState::Done ? 1 : 0;
    }
    ScanState state = done == outcome.hosts.size() ? ScanState::Complete : ScanState::Partial;
    if (!m_storageError.isEmpty() || failed == outcome.hosts.size())
        state = ScanState::Failed;
    auto finished = workspace.finishScan(m_watchId, state);
    if (!m_storageError.isEmpty())
        return makeError(QStringLiteral("the watch stopped: %1").arg(m_storageError));
    if (!finished)
        return finished.error();
    return outcome;
}

} // namespace

Result<WatchOutcome> FleetWatcher::run(const WatchRequest& request, const WatchNotify& notify,
                                       const std::atomic<bool>* cancel)
{
    try {
        WatchRun watch(request, notify, cancel);
        return watch.run();
    } catch (const std::exception& e) {
        return makeError(QStringLiteral("the watch stopped on an internal error: %1").arg(QString::fromUtf8(e.what())));
    } catch (...) {
        return makeError(QStringLiteral("the watch stopped on an internal error"));
    }
}

} // namespace bulkhead
