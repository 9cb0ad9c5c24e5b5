// SPDX-License-Identifier: GPL-3.0-or-later
#include "watch/WatchWorker.h"

namespace bulkhead {

WatchWorker::WatchWorker(const std::atomic<bool>* stop)
    : m_stop(stop)
{}

void WatchWorker::run(const WatchRequest& request)
{
    const WatchNotify notify = [this](const WatchNotice& notice) {
        const QString host = notice.host.toString();
        switch (notice.kind) {
        case WatchNotice::Kind::Watching:
            emit watching(host);
            break;
        case WatchNotice::Kind::Event:
            emit eventStored(notice.eventsStored, host, notice.event.action, notice.event.name);
            break;
        case WatchNotice::Kind::Problem:
            emit problem(host, notice.text);
            break;
        case WatchNotice::Kind::Ended:
            break;
        }
    };
    Result<WatchOutcome> outcome = FleetWatcher::run(request, notify, m_stop);
    if (!outcome) {
        emit finished(WatchOutcome(), outcome.errorMessage());
        return;
    }
    emit finished(outcome.value(), QString());
}

} // namespace bulkhead
