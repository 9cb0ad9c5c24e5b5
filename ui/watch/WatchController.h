// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "domain/Finding.h"
#include "watch/FleetWatcher.h"

#include <QObject>
#include <QThread>

#include <atomic>
#include <functional>
#include <optional>

class QAction;
class QLabel;
class QWidget;

namespace bulkhead {

class WatchWorker;
class Workspace;

// The "Watch container lifecycle" toggle: while checked, FleetWatcher follows `docker events` on the
// hosts the window names (requestProvider) on a worker thread and stores each event as evidence; the
// status label counts the events stored. Unchecking it, or destroying the controller (window close),
// stops the watch: the atomic stop flag is set, the thread is asked to quit and joined. One watch at
// a time. Host text reaches the label escaped (SafeText), never as markup.
class WatchController : public QObject
{
    Q_OBJECT
public:
    explicit WatchController(QWidget* parent);
    ~WatchController() override;

    QAction* toggleAction() const { return m_action; }
    QLabel* statusLabel() const { return m_label; }

    // What to watch when the action is checked: the workspace, the hosts and how to reach them. An
    // error is shown and the action unchecked.
    using RequestProvider = std::function<Result<WatchRequest>()>;
    void setRequestProvider(RequestProvider provider) { m_provider = std::move(provider); }

    bool isRunning() const { return m_running; }
    int eventsStored() const { return m_events; }
    Result<void> start(const WatchRequest& request);
    void stop();

    // The newest lifecycle artifacts (at most `max`, newest first) of the workspace's latest watch, of
    // one host or all: each with its event (`/event`) as the excerpt, for EvidencePane::showArtifacts.
    static Result<QVector<EvidenceRef>> latestEvidence(const Workspace& workspace, std::optional<qint64> hostId,
                                                       int max = 50);

signals:
    void eventStored(int total);
    // The watch ended; error is empty unless the workspace failed. Problems are in the outcome.
    void finished(const bulkhead::WatchOutcome& outcome, const QString& error);
    void failedToStart(const QString& error);

private:
    void onToggled(bool checked);
    void onWatching(const QString& host);
    void onEventStored(int total, const QString& host, const QString& action, const QString& name);
    void onProblem(const QString& host, const QString& text);
    void onFinished(const WatchOutcome& outcome, const QString& error);
    void setChecked(bool checked);

    QThread m_thread;
    WatchWorker* m_worker = nullptr; // lives on m_thread; deleted after the thread stopped
    std::atomic<bool> m_stop{false};
    bool m_running = false;
    int m_events = 0;
    int m_problems = 0;
    int m_hosts = 0;
    QAction* m_action = nullptr;
    QLabel* m_label = nullptr;
    RequestProvider m_provider;
};

} // namespace bulkhead
