// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "remediate/RemediationRunner.h"

#include <QObject>
#include <QString>

#include <atomic>
#include <memory>
#include <optional>

class QThread;

namespace bulkhead {

// Runs one confirmed remediation (or the undo of one) off the GUI thread: RemediationRunner on a thread of
// its own, with its own workspace connection and SSH session; each progress line and the outcome come back
// as signals in the GUI thread. Cancel reaches SSH. The destructor cancels and joins the thread.
class RemediationController : public QObject
{
    Q_OBJECT
public:
    explicit RemediationController(QObject* parent = nullptr);
    ~RemediationController() override;

    bool isRunning() const { return m_running; }
    // False (and nothing happens) while one is running.
    bool run(const RemediationRequest& request);
    bool undo(qint64 remediationId, const ScanRequest& target);
    void cancel();

signals:
    void line(const QString& text);
    // error: the workspace failed (what happened on the host is in the outcome's record otherwise).
    void finished(const bulkhead::RemediationOutcome& outcome, const QString& error);

private:
    bool start(std::function<Result<RemediationOutcome>(const RemediationProgress&, const std::atomic<bool>*)> work);

    std::unique_ptr<QThread> m_thread;
    std::atomic<bool> m_cancel{false};
    bool m_running = false;
};

} // namespace bulkhead

Q_DECLARE_METATYPE(bulkhead::RemediationOutcome)
