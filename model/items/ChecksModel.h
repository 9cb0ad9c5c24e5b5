// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "domain/CheckDefinition.h"
#include "domain/Finding.h"

#include <QAbstractTableModel>
#include <QSet>
#include <QVector>

#include <array>
#include <optional>

namespace bulkhead {

class Workspace;

// The checks of the catalog with per-status counts of the current findings, for one host or the
// whole fleet. Every catalog check has a row even without findings ("not evaluated"); a finding
// whose check the catalog does not know gets a row of its own instead of vanishing.
class ChecksModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column
    {
        TitleColumn,
        TipColumn,
        CisColumn,
        StatusColumn, // the worst status over the check's findings
        FailColumn,
        PassColumn,
        OtherColumn,
        ColumnCount,
    };

    static constexpr int StatusCount = 7; // values of bulkhead::Status

    // Defaults to CheckCatalog::instance().checks().
    explicit ChecksModel(QObject* parent = nullptr);
    explicit ChecksModel(QVector<CheckDefinition> catalog, QObject* parent = nullptr);

    Result<void> load(const Workspace& workspace);
    void setFindings(const QVector<Finding>& findings);
    void clear();

    // Counts for one host, or every host (nullopt). Rows stay; only the counts change.
    void setHostFilter(std::optional<qint64> hostId);
    // Counts for these hosts (a zone's), or every host (nullopt).
    void setHostsFilter(const std::optional<QSet<qint64>>& hostIds);
    std::optional<QSet<qint64>> hostsFilter() const { return m_hostFilter; }

    QString checkIdAt(int row) const;
    const CheckDefinition* checkAt(int row) const;
    QModelIndex indexOfCheck(const QString& checkId, int column = TitleColumn) const;
    int count(int row, Status status) const;
    int total(int row) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    using Counts = std::array<int, StatusCount>;
    void rebuildRows();
    void recount();
    std::optional<Status> worst(int row) const;

    QVector<CheckDefinition> m_catalog;
    QVector<CheckDefinition> m_rows; // catalog plus checks only the findings know
    QVector<Finding> m_findings;
    QVector<Counts> m_counts;
    std::optional<QSet<qint64>> m_hostFilter;
};

} // namespace bulkhead
