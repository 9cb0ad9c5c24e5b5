// SPDX-License-Identifier: GPL-3.0-or-later
#include "watch/WatchController.h"

#include "core/DisplayText.h"
#include "core/JsonPointer.h"
#include "store/Workspace.h"
#include "watch/LifecycleEvidence.h"
#include "watch/WatchWorker.h"

#include <QAction>
#include <QIcon>
#include <QLabel>
#include <QMetaObject>
#include <QSignalBlocker>

namespace bulkhead {

WatchController::WatchController(QWidget* parent)
    : QObject(parent)
{
    qRegisterMetaType<WatchOutcome>("bulkhead::WatchOutcome");
    m_action =
        new QAction(QIcon(QStringLiteral(":/bulkhead/icons/reload.svg")), tr("&Watch container lifecycle"), this);
    m_action->setObjectName(QStringLiteral("watchAction"));
    m_action->setCheckable(true);
    m_action->setToolTip(tr("Store every container create, start, die and stop on the selected hosts, with the "
                            "container's inspect, until unchecked"));
    connect(m_action, &QAction::toggled, this, &WatchController::onToggled);

    m_label = new QLabel(parent);
    m_label->setObjectName(QStringLiteral("watchStatus"));
    m_label->setTextFormat(Qt::PlainText);
    m_label->hide();

    m_thread.setObjectName(QStringLiteral("bulkhead-watch"));
    m_worker = new WatchWorker(&m_stop);
    m_worker->moveToThread(&m_thread);
    // Worker signals come from the watch thread or the watcher's host threads: queued.
    connect(m_worker, &WatchWorker::watching, this, &WatchController::onWatching, Qt::QueuedConnection);
    connect(m_worker, &WatchWorker::eventStored, this, &WatchController::onEventStored, Qt::QueuedConnection);
    connect(m_worker, &WatchWorker::problem, this, &WatchController::onProblem, Qt::QueuedConnection);
    connect(m_worker, &WatchWorker::finished, this, &WatchController::onFinished, Qt::QueuedConnection);
    m_thread.start();
}

WatchController::~WatchController()
{
    m_stop = true;
    m_thread.quit(); // handled once a running watch returned: the watcher polls m_stop
    m_thread.wait();
    delete m_worker;
}

Result<void> WatchController::start(const WatchRequest& request)
{
    if (m_running)
        return makeError(tr("A watch is already running."));
    if (request.target.hosts.isEmpty())
        return makeError(tr("Select a host to watch."));
    m_running = true;
    m_stop = false;
    m_events = 0;
    m_problems = 0;
    m_hosts = static_cast<int>(request.target.hosts.size());
    m_label->setText(tr("Watching %n host(s): connecting", nullptr, m_hosts));
    m_label->show();
    setChecked(true);
    WatchWorker* worker = m_worker;
    QMetaObject::invokeMethod(
        worker, [worker, request] { worker->run(request); }, Qt::QueuedConnection);
    return {};
}

void WatchController::stop()
{
    if (m_running) {
        m_stop = true;
        m_label->setText(tr("Stopping the watch: %n event(s) stored", nullptr, m_events));
    }
}

void WatchController::onToggled(bool checked)
{
    if (!checked) {
        stop();
        return;
    }
    if (m_running)
        return;
    Result<WatchRequest> request = m_provider ? m_provider() : Result<WatchRequest>(makeError(tr("Nothing to watch.")));
    Result<void> started = request ? start(request.value()) : Result<void>(request.error());
    if (!started) {
        setChecked(false);
        emit failedToStart(started.errorMessage());
    }
}

void WatchController::onWatching(const QString& host)
{
    m_label->setText(tr("Watching %1: %n event(s) stored", nullptr, m_events).arg(DisplayText::shown(host, 60)));
}

void WatchController::onEventStored(int total, const QString& host, const QString& action, const QString& name)
{
    m_events = total;
    m_label->setText(tr("Watching %n host(s): %1 event(s) stored; last: %2 %3 on %4", nullptr, m_hosts)
                         .arg(total)
                         .arg(action, DisplayText::quoted(name, 40), DisplayText::shown(host, 60)));
    emit eventStored(total);
}

void WatchController::onProblem(const QString& host, const QString& text)
{
    ++m_problems;
    m_label->setToolTip(tr("%1: %2").arg(DisplayText::shown(host, 60), DisplayText::shown(text, 200)));
}

void WatchController::onFinished(const WatchOutcome& outcome, const QString& error)
{
    m_running = false;
    m_events = outcome.events;
    setChecked(false);
    m_label->setText(error.isEmpty() ? tr("Watch ended: %n event(s) stored", nullptr, outcome.events)
                                     : tr("Watch failed: %1").arg(DisplayText::shown(error, 200)));
    emit finished(outcome, error);
}

Result<QVector<EvidenceRef>> WatchController::latestEvidence(const Workspace& workspace, std::optional<qint64> hostId,
                                                             int max)
{
    auto scans = workspace.scans();
    if (!scans)
        return scans.error();
    std::optional<qint64> watchId;
    for (const ScanRecord& scan : scans.value()) {
        if (scan.kind == ScanKind::Watch)
            watchId = scan.id;
    }
    QVector<EvidenceRef> refs;
    if (!watchId)
        return refs;
    auto index = workspace.artifactIndex(watchId);
    if (!index)
        return index.error();
    for (auto it = index->crbegin(); it != index->crend() && refs.size() < max; ++it) {
        if (it->probe != QLatin1String(LifecycleEvidence::ProbeName) || (hostId && *hostId != it->hostId))
            continue;
        auto artifact = workspace.artifact(it->id);
        if (!artifact)
            return artifact.error();
        EvidenceRef ref;
        ref.artifactId = it->id;
        ref.locator = QStringLiteral("/event");
        ref.excerpt = QString::fromUtf8(JsonPointer::excerpt(artifact->output, ref.locator));
        ref.sha256 = it->sha256;
        refs.append(ref);
    }
    return refs;
}

void WatchController::setChecked(bool checked)
{
    const QSignalBlocker blocker(m_action);
    m_action->setChecked(checked);
}

} // namespace bulkhead
