// SPDX-License-Identifier: GPL-3.0-or-later
#include "scan/ScanController.h"

#include "scan/ScanProgressModel.h"
#include "scan/ScanWorker.h"

#include <QMetaObject>

namespace bulkhead {

ScanController::ScanController(QObject* parent)
    : QObject(parent)
{
    qRegisterMetaType<ScanOutcome>("bulkhead::ScanOutcome");
    m_progressModel = new ScanProgressModel(this);
    m_thread.setObjectName(QStringLiteral("bulkhead-scan"));
    m_worker = new ScanWorker(&m_cancel);
    m_worker->moveToThread(&m_thread);
    // Worker signals are emitted on the scan thread: these connections are queued.
    connect(m_worker, &ScanWorker::progress, this, &ScanController::onWorkerProgress, Qt::QueuedConnection);
    connect(m_worker, &ScanWorker::finished, this, &ScanController::onWorkerFinished);
    m_thread.start();
}

ScanController::~ScanController()
{
    m_cancel = true;
    m_thread.quit(); // handled after a running scan returned: the scanner polls m_cancel
    m_thread.wait();
    delete m_worker;
}

bool ScanController::start(const ScanRequest& request)
{
    if (m_running)
        return false;
    m_running = true;
    m_cancel = false;
    m_progressModel->start(request.hosts);
    ScanWorker* worker = m_worker;
    QMetaObject::invokeMethod(
        worker, [worker, request] { worker->run(request); }, Qt::QueuedConnection);
    emit started();
    return true;
}

void ScanController::cancel()
{
    if (m_running)
        m_cancel = true;
}

void ScanController::onWorkerProgress(int hostIndex, const QString& host, const QString& step, double fraction)
{
    m_progressModel->update(hostIndex, step, fraction);
    emit progress(hostIndex, host, step, fraction);
}

void ScanController::onWorkerFinished(const ScanOutcome& outcome, const QString& error)
{
    m_running = false;
    m_progressModel->finish(outcome);
    emit finished(outcome, error);
}

} // namespace bulkhead
