// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "watch/FleetWatcher.h"

#include <QObject>

#include <atomic>

namespace bulkhead {

// Lives on the watch thread: runs FleetWatcher::run there and reports through signals, which reach
// the GUI thread queued. eventStored() and problem() are emitted from the watcher's host threads (one
// at a time), so their connections must be queued. Holds no state between watches.
class WatchWorker : public QObject
{
    Q_OBJECT
public:
    explicit WatchWorker(const std::atomic<bool>* stop);

    // Call through a queued invocation so it runs on the worker's thread.
    void run(const bulkhead::WatchRequest& request);

signals:
    void watching(const QString& host);
    void eventStored(int total, const QString& host, const QString& action, const QString& name);
    void problem(const QString& host, const QString& text);
    void finished(const bulkhead::WatchOutcome& outcome, const QString& error);

private:
    const std::atomic<bool>* m_stop;
};

} // namespace bulkhead
