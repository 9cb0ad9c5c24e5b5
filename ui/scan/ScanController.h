// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "scan/FleetScanner.h"

#include <QObject>
#include <QThread>

#include <atomic>

namespace bulkhead {

class ScanProgressModel;
class ScanWorker;

// Runs scans off the GUI thread: a ScanWorker on a QThread owned here, results and progress back
// as queued signals, cancellation through an atomic the scanner polls (and passes on to every one
// of its host workers). One scan at a time, of one host or a whole fleet (request.jobs at once).
// progressModel() follows the scan host by host. The destructor cancels a running scan and joins
// the thread (quit() + wait()).
class ScanController : public QObject
{
    Q_OBJECT
public:
    explicit ScanController(QObject* parent = nullptr);
    ~ScanController() override;

    bool isRunning() const { return m_running; }
    // False (and nothing happens) while a scan is running.
    bool start(const ScanRequest& request);
    void cancel();
    bool isCancelling() const { return m_running && m_cancel.load(); }

    // One row per host of the current (or last) scan; updated before progress() is emitted.
    ScanProgressModel* progressModel() const { return m_progressModel; }

signals:
    void started();
    // A step of one host; fraction is that host's own (progressModel()->overallFraction() is the scan's).
    void progress(int hostIndex, const QString& host, const QString& step, double fraction);
    void finished(const bulkhead::ScanOutcome& outcome, const QString& error);

private:
    void onWorkerProgress(int hostIndex, const QString& host, const QString& step, double fraction);
    void onWorkerFinished(const ScanOutcome& outcome, const QString& error);

    QThread m_thread;
    ScanWorker* m_worker = nullptr; // lives on m_thread; deleted after the thread stopped
    ScanProgressModel* m_progressModel = nullptr;
    std::atomic<bool> m_cancel{false};
    bool m_running = false;
};

} // namespace bulkhead
