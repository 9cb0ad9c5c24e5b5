// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "checks/ScanDiff.h"

#include <QAbstractTableModel>
#include <QVector>

namespace bulkhead {

// What changed between two scans, one row per (host, check, subject) that moved (ScanDiff), for the scan
// comparison view. Texts come back as stored: escaping them is the view's job.
class ScanDiffModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column
    {
        ChangeColumn,
        HostColumn,
        SubjectColumn,
        CheckColumn,
        BeforeColumn,
        AfterColumn,
        ColumnCount,
    };

    explicit ScanDiffModel(QObject* parent = nullptr);

    void setDeltas(const QVector<FindingDelta>& deltas);
    const QVector<FindingDelta>& deltas() const { return m_deltas; }
    int count(FindingChange change) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QVector<FindingDelta> m_deltas;
};

} // namespace bulkhead
