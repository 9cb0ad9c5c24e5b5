// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "domain/Scan.h"
#include "scan/FleetScanner.h"
#include "watch/LifecycleEvent.h"

#include <QString>
#include <QVector>

#include <atomic>
#include <functional>

namespace bulkhead {

// What to watch: the hosts and how to reach them (the same settings as a scan: workspacePath, hosts,
// keys, known_hosts, ssh config, access, keepalive), and when to stop besides `cancel`.
struct WatchRequest
{
    ScanRequest target;
    qint64 durationMs = 0; // 0: until cancelled
    int maxEvents = 0;     // events stored over all hosts; 0: no limit
};

// Something that happened during a watch, for a live display. Calls come from the hosts' threads
// but never two at a time (serialized); they must return quickly.
struct WatchNotice
{
    enum class Kind
    {
        Watching, // connected; `text` is the host key fingerprint
        Event,    // an event was stored as artifactId
        Problem,  // a line was rejected or malformed (`text`, safe to show)
        Ended,    // the host's watch ended: `state`, `text` says why
    };
    Kind kind = Kind::Watching;
    int hostIndex = 0;
    HostSpec host;
    LifecycleEvent event;
    qint64 artifactId = 0;
    int eventsStored = 0; // over all hosts, so far
    QString text;
    HostScanState state = HostScanState::Running;
};
using WatchNotify = std::function<void(const WatchNotice& notice)>;

struct WatchOutcome
{
    qint64 watchId = 0;         // the scan row of kind Watch
    QVector<HostOutcome> hosts; // artifacts = events stored; in request order
    int events = 0;
    bool cancelled = false;  // `cancel` ended it (not the duration or the event limit)
    bool allWatched() const; // every host watched until the end, without problems
};

// Watches container lifecycle events on several hosts at once, each on its own thread with its own SSH
// session (LifecycleWatcher) and its own workspace connection, and stores each event as an artifact
// the moment it arrives (one committed transaction each: a killed process keeps what was stored).
// The watch is a scan row of kind Watch; each host's row in host_scans is its time window (started,
// finished), state and message. Blocks until every host's watch has ended: `cancel`, the duration,
// the event limit, or every host failing.
class FleetWatcher
{
public:
    static Result<WatchOutcome> run(const WatchRequest& request, const WatchNotify& notify = {},
                                    const std::atomic<bool>* cancel = nullptr);
};

} // namespace bulkhead
