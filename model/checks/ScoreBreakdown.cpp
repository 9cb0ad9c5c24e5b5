// SPDX-License-Identifier: GPL-3.0-or-later
#include "checks/ScoreBreakdown.h"

#include "checks/CheckCatalog.h"

namespace bulkhead {

ScoreBreakdown ScoreBreakdown::of(const QVector<Finding>& findings, const QVector<HostRecord>& hosts)
{
    QHash<qint64, QString> zoneOf;
    for (const HostRecord& host : hosts)
        zoneOf.insert(host.id, host.zone);
    ScoreBreakdown scores;
    const CheckCatalog& catalog = CheckCatalog::instance();
    for (const Finding& finding : findings) {
        const CheckDefinition* check = catalog.find(finding.checkId);
        scores.all.add(finding);
        scores.byTip[check ? check->tip : 0].add(finding);
        scores.byZone[zoneOf.value(finding.hostId)].add(finding);
        scores.byHost[finding.hostId].add(finding);
    }
    return scores;
}

} // namespace bulkhead
