// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "scan/FleetScanner.h"

#include <QObject>

#include <atomic>

namespace bulkhead {

// Lives on the scan thread: runs FleetScanner::run there and reports through signals, which
// reach the GUI thread queued. Holds no state between scans.
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
