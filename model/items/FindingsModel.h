// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "domain/Finding.h"
#include "items/FindingFilter.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QVector>

#include <functional>
#include <optional>

namespace bulkhead {

class Workspace;

// The current findings, narrowed by a FindingFilter and sorted, without a proxy: a fleet of 200 hosts
// has 300,000 findings, and asking a proxy to compare QVariants row by row takes seconds. Each
// distinct text of a column is kept once (a pool), every row names its texts by number, so a filter
// tests each distinct text once and a sort compares numbers. Texts come back exactly as stored:
// escaping them for display is the view's job.
class FindingsModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column
    {
        HostColumn,
        CheckColumn,
        SubjectColumn,
        KindColumn,
        StatusColumn,
        ActualColumn,
        MessageColumn,
        ColumnCount,
    };

    explicit FindingsModel(QObject* parent = nullptr);

    Result<void> load(const Workspace& workspace);
    void setFindings(const QVector<Finding>& findings);
    void clear();

    // Host id -> zone name ("" for none): what a zone filter reads.
    void setHostZones(const QHash<qint64, QString>& zones);
    void setFilter(const FindingFilter& filter);
    const FindingFilter& filter() const { return m_filter; }
    // A shorthand that changes the host and check parts of the filter.
    void setFilter(std::optional<qint64> hostId, const QString& checkId = QString());

    const Finding* findingAt(int row) const;
    QModelIndex indexOfFinding(qint64 findingId, int column = SubjectColumn) const;
    const QVector<Finding>& allFindings() const { return m_all; }
    int sortColumn() const { return m_sortColumn; }
    Qt::SortOrder sortOrder() const { return m_sortOrder; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    // Stable: rows that compare equal keep the workspace's order (host, scan, finding).
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

private:
    static constexpr int TextColumns = ColumnCount;

    void buildPool();
    void buildOrder();
    QVector<int> filtered() const;
    void relayout(const std::function<void()>& change);
    quint32 textId(int finding, int column) const { return m_text[qsizetype(finding) * TextColumns + column]; }
    const QString& text(int finding, int column) const { return m_pool[textId(finding, column)]; }

    QVector<Finding> m_all;
    QVector<QString> m_pool; // every distinct text of every column, once
    QVector<quint32> m_text; // per finding, per column: its text in m_pool
    QVector<int> m_sortRank; // per pool text: its place in case-insensitive order (built on the first sort)
    QVector<int> m_order;    // every finding, sorted
    QVector<int> m_visible;  // the filtered part of m_order: indexes into m_all
    QHash<qint64, QString> m_hostZones;
    FindingFilter m_filter;
    int m_sortColumn = -1; // -1: the workspace's order
    Qt::SortOrder m_sortOrder = Qt::AscendingOrder;
};

} // namespace bulkhead
