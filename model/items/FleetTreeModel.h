// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/Finding.h"
#include "inventory/Zone.h"
#include "items/HostsModel.h"

#include <QAbstractItemModel>
#include <QHash>
#include <QVector>

#include <optional>

namespace bulkhead {

// The fleet as the auditor scoped it, for the left pane: "All hosts", then each zone (in or out of scope,
// its reason as a tooltip) with its hosts, each host with the containers and images its findings are about.
// A workspace without zones lists its hosts directly under "All hosts"' level, as a flat list did. Counts
// are of the current findings (as reviewed).
class FleetTreeModel : public QAbstractItemModel
{
    Q_OBJECT
public:
    enum Column
    {
        NameColumn,
        StateColumn, // host: last scan state; zone: scope; subject: its kind
        FailColumn,
        PassColumn,
        ColumnCount,
    };
    enum class NodeKind
    {
        Fleet,
        Zone,
        Host,
        Subject,
    };

    // What a row stands for: what the findings list narrows to when it is selected.
    struct Selection
    {
        NodeKind kind = NodeKind::Fleet;
        std::optional<QString> zone; // a zone row ("" for hosts in no zone)
        std::optional<qint64> host;  // a host row, or a subject's host
        std::optional<Subject> subject;
    };

    explicit FleetTreeModel(QObject* parent = nullptr);

    // `hostZones`: host id -> zone name ("" for none); `zones` gives each zone's scope and reason.
    void setFleet(const QVector<HostsModel::HostRow>& hosts, const QVector<Zone>& zones,
                  const QHash<qint64, QString>& hostZones, const QVector<Finding>& findings);
    void clear();

    const QVector<HostsModel::HostRow>& hosts() const { return m_hosts; }
    Selection selectionAt(const QModelIndex& index) const;
    const HostsModel::HostRow* hostAt(const QModelIndex& index) const; // host rows only
    QModelIndex fleetIndex() const;                                    // "All hosts"
    QModelIndex indexOfHost(qint64 hostId, int column = NameColumn) const;
    QModelIndex indexOfZone(const QString& zone, int column = NameColumn) const;
    QModelIndex indexOfSubject(qint64 hostId, const Subject& subject, int column = NameColumn) const;

    QModelIndex index(int row, int column, const QModelIndex& parent = {}) const override;
    QModelIndex parent(const QModelIndex& child) const override;
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    struct Node
    {
        NodeKind kind = NodeKind::Fleet;
        int parent = -1; // index in m_nodes; -1: a top-level row
        int row = 0;     // its row under its parent
        QVector<int> children;
        QString zone;
        std::optional<ZoneScope> scope;
        QString rationale;
        int host = -1; // index in m_hosts (host and subject rows)
        Subject subject;
        int fail = 0;
        int pass = 0;
    };

    int add(Node node);
    const Node* nodeOf(const QModelIndex& index) const;
    QModelIndex indexOfNode(int node, int column) const;

    QVector<HostsModel::HostRow> m_hosts;
    QVector<Node> m_nodes;
    QVector<int> m_top; // top-level rows
};

} // namespace bulkhead
