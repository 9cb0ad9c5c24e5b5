// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "checks/FindingReview.h"
#include "domain/Finding.h"
#include "domain/Scan.h"

#include <QHash>
#include <QMap>
#include <QString>
#include <QVector>

namespace bulkhead {

// The scores of one set of reviewed findings, whole and broken down the ways an auditor reads them: per tip
// (1-10; 0 for a check the catalog does not know), per zone (by name; "" for hosts in no zone) and per host
// (by id). The dashboard, the binder and `bulkhead-cli score` show the same figures.
struct ScoreBreakdown
{
    ComplianceScore all;
    QMap<int, ComplianceScore> byTip;
    QMap<QString, ComplianceScore> byZone;
    QMap<qint64, ComplianceScore> byHost;

    // `hosts` names each finding's zone (a host not among them counts in zone "").
    static ScoreBreakdown of(const QVector<Finding>& findings, const QVector<HostRecord>& hosts);
};

} // namespace bulkhead
