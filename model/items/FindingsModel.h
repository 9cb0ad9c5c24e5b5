// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "domain/Finding.h"

#include <QAbstractTableModel>
#include <QVector>

#include <optional>

namespace bulkhead {

class Workspace;

// The current findings, narrowed to a host and/or a check. One row per (check, subject).
// Texts come back exactly as stored: escaping them for display is the view's job.
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

    void setFilter(std::optional<qint64> hostId, const QString& checkId = QString());
    // Only findings with one of these statuses (as reviewed); empty: every status.
    void setStatusFilter(const QVector<Status>& statuses);
    QVector<Status> statusFilter() const { return m_statusFilter; }
    std::optional<qint64> hostFilter() const { return m_hostFilter; }
    QString checkFilter() const { return m_checkFilter; }

    const Finding* findingAt(int row) const;
    QModelIndex indexOfFinding(qint64 findingId, int column = SubjectColumn) const;
    const QVector<Finding>& allFindings() const { return m_all; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    void refilter();

    QVector<Finding> m_all;
    QVector<int> m_visible; // indexes into m_all
    std::optional<qint64> m_hostFilter;
    QString m_checkFilter;
    QVector<Status> m_statusFilter;
};

} // namespace bulkhead
