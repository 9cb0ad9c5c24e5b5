// SPDX-License-Identifier: GPL-3.0-or-later
#include "scan/ScanWorker.h"

namespace bulkhead {

ScanWorker::ScanWorker(const std::atomic<bool>* cancel)
    : m_cancel(cancel)
{}

void ScanWorker::run(const ScanRequest& request)
{
    const ScanProgress report = [this](int hostIndex, const HostSpec& host, const QString& step, double fraction) {
        emit progress(hostIndex, host.displayName(), step, fraction);
    };
    Result<ScanOutcome> outcome = FleetScanner::run(request, report, m_cancel);
    if (outcome)
        emit finished(outcome.value(), QString());
    else
        emit finished(ScanOutcome{}, outcome.errorMessage());
}

} // namespace bulkhead
