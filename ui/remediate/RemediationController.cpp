// SPDX-License-Identifier: GPL-3.0-or-later
#include "remediate/RemediationController.h"

#include <QThread>

namespace bulkhead {

RemediationController::RemediationController(QObject* parent)
    : QObject(parent)
{}

RemediationController::~RemediationController()
{
    if (m_thread) {
        m_cancel = true;
        m_thread->wait();
    }
}

bool RemediationController::run(const RemediationRequest& request)
{
    return start([request](const RemediationProgress& progress, const std::atomic<bool>* cancel) {
        return RemediationRunner::run(request, progress, cancel);
    });
}

bool RemediationController::undo(qint64 remediationId, const ScanRequest& target)
{
    return start([remediationId, target](const RemediationProgress& progress, const std::atomic<bool>* cancel) {
        return RemediationRunner::undo(remediationId, target, progress, cancel);
    });
}

void RemediationController::cancel()
{
    if (m_running)
        m_cancel = true;
}

bool RemediationController::start(
    std::function<Result<RemediationOutcome>(const RemediationProgress&, const std::atomic<bool>*)> work)
{
    if (m_running)
        return false;
    if (m_thread)
        m_thread->wait(); // the last one has signalled its end; let its thread finish before the next
    m_running = true;
    m_cancel = false;
    // Lines and the outcome are handed to this object's thread; a controller deleted meanwhile gets nothing
    // (its destructor waits for the thread, so `this` outlives every call made from it).
    m_thread.reset(QThread::create([this, work = std::move(work)] {
        const RemediationProgress progress = [this](const QString& text) {
            QMetaObject::invokeMethod(
                this, [this, text] { emit line(text); }, Qt::QueuedConnection);
        };
        Result<RemediationOutcome> outcome = work(progress, &m_cancel);
        const RemediationOutcome value = outcome ? outcome.value() : RemediationOutcome{};
        const QString error = outcome ? QString() : outcome.errorMessage();
        QMetaObject::invokeMethod(
            this,
            [this, value, error] {
                m_running = false;
                emit finished(value, error);
            },
            Qt::QueuedConnection);
    }));
    m_thread->setObjectName(QStringLiteral("remediation"));
    m_thread->start();
    return true;
}

} // namespace bulkhead
