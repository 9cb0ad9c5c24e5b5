// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "checks/FindingReview.h"
#include "domain/Finding.h"
#include "domain/Scan.h"
#include "domain/Status.h"
#include "inventory/Zone.h"

#include <QDateTime>
#include <QWidget>

class QLabel;

namespace bulkhead {

// The compliance dashboard (Qt Charts): the score without and with waivers, compliance per tip, per zone
// and per host (both scores side by side), the severity of what still fails, and the trend across scans.
// Clicking a bar or a slice asks the window to narrow the checklist to it (the signals); the view itself
// only draws what setData gave it.
class DashboardView : public QWidget
{
    Q_OBJECT
public:
    struct TrendPoint
    {
        qint64 scanId = 0;
        QDateTime whenUtc;
        ComplianceScore score;
    };

    explicit DashboardView(QWidget* parent = nullptr);

    // `findings` as the auditor sees them (reviewed), of the hosts' latest scans; `trend` oldest first.
    void setData(const QVector<Finding>& findings, const QVector<HostRecord>& hosts, const QVector<Zone>& zones,
                 const QVector<TrendPoint>& trend);
    void clear();

    // What each chart shows, for tests and screenshots: category labels in order.
    QStringList tipCategories() const { return m_tipCategories; }
    QStringList zoneCategories() const { return m_zoneCategories; }
    QStringList hostCategories() const { return m_hostCategories; }

    // As a click on that bar or slice does.
    void activateTip(int index);
    void activateZone(int index);
    void activateHost(int index);
    void activateSeverity(Severity severity);

signals:
    void tipActivated(int tip);
    void zoneActivated(const QString& zone);
    void hostActivated(qint64 hostId);
    void severityActivated(bulkhead::Severity severity);

private:
    QWidget* m_charts = nullptr;
    QLabel* m_summary = nullptr;
    QLabel* m_empty = nullptr;
    QStringList m_tipCategories;
    QVector<int> m_tips;
    QStringList m_zoneCategories;
    QStringList m_zones;
    QStringList m_hostCategories;
    QVector<qint64> m_hostIds;
};

} // namespace bulkhead
