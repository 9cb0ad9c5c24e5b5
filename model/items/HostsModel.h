// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "domain/Finding.h"
#include "domain/Scan.h"

#include <QAbstractTableModel>
#include <QDateTime>
#include <QVector>

#include <optional>

namespace bulkhead {

class Workspace;

// The hosts of a workspace with the state of their last scan and the counts of their current
// findings. Row 0 is "All hosts" (aggregated) when the workspace has any host, so a view can go
// back to the whole fleet.
class HostsModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column
    {
        NameColumn,
        StateColumn,
        FailColumn,
        PassColumn,
        ColumnCount,
    };

    struct HostRow
    {
        qint64 hostId = 0;
        QString name;
        QString address;                        // canonical user@addr:port
        std::optional<HostScanState> lastState; // empty: never scanned
        QString lastMessage;
        QString hostKeyFingerprint;
        QDateTime lastScanUtc;
        int fail = 0;
        int pass = 0;
        int other = 0; // warn, error, manual, not applicable, waived
    };

    explicit HostsModel(QObject* parent = nullptr);

    // "Done", "Failed", ... for views and the binder.
    static QString stateLabel(HostScanState state);

    // Reads hosts, their last host scan and the current findings; on error the model is left empty.
    Result<void> load(const Workspace& workspace);
    // The same with findings the caller already read (the window reads them once for every model).
    Result<void> load(const Workspace& workspace, const QVector<Finding>& findings);
    void clear();

    bool hasAllHostsRow() const { return !m_hosts.isEmpty(); }
    // The host of a row; empty for the "All hosts" row or an invalid row.
    std::optional<qint64> hostIdAt(int row) const;
    const HostRow* hostAt(int row) const;
    QModelIndex indexOfHost(qint64 hostId, int column = NameColumn) const;
    const QVector<HostRow>& hosts() const { return m_hosts; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QVariant allHostsData(int column, int role) const;

    QVector<HostRow> m_hosts;
};

} // namespace bulkhead
