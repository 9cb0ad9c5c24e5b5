// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "scan/FleetScanner.h"

#include <QObject>

#include <atomic>

namespace bulkhead {

// Lives on the scan thread: runs FleetScanner::run there and reports through signals, which
// reach the GUI thread queued. progress() is emitted from the scanner's host workers (other threads
// than this object's; the scanner calls its callback one at a time), so its connections must be
// queued or direct to thread-safe code. Holds no state between scans.
class ScanWorker : public QObject
{
    Q_OBJECT
public:
    explicit ScanWorker(const std::atomic<bool>* cancel);

    // Call through a queued invocation so it runs on the worker's thread.
    void run(const bulkhead::ScanRequest& request);

signals:
    void progress(int hostIndex, const QString& host, const QString& step, double fraction);
    void finished(const bulkhead::ScanOutcome& outcome, const QString& error);

private:
    const std::atomic<bool>* m_cancel;
};

} // namespace bulkhead
