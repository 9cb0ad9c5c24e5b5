// SPDX-License-Identifier: GPL-3.0-or-later
#include "items/FleetTreeModel.h"

#include "items/ItemRoles.h"

#include <QMap>

#include <algorithm>

namespace bulkhead {

FleetTreeModel::FleetTreeModel(QObject* parent)
    : QAbstractItemModel(parent)
{}

int FleetTreeModel::add(Node node)
{
    const int id = int(m_nodes.size());
    if (node.parent < 0) {
        node.row = int(m_top.size());
        m_top << id;
    } else {
        node.row = int(m_nodes[node.parent].children.size());
        m_nodes[node.parent].children << id;
    }
    m_nodes << node;
    return id;
}

void FleetTreeModel::setFleet(const QVector<HostsModel::HostRow>& hosts, const QVector<Zone>& zones,
                              const QHash<qint64, QString>& hostZones, const QVector<Finding>& findings)
{
    beginResetModel();
    m_hosts = hosts;
    m_nodes.clear();
    m_top.clear();
    if (!m_hosts.isEmpty()) {
        Node fleet;
        fleet.kind = NodeKind::Fleet;
        for (const HostsModel::HostRow& host : m_hosts) {
            fleet.fail += host.fail;
            fleet.pass += host.pass;
        }
        add(fleet);
    }
    // Zones as the workspace names them, then "no zone" for hosts in none; without any zone, hosts go on top.
    const bool zoned = std::any_of(m_hosts.cbegin(), m_hosts.cend(), [&](const HostsModel::HostRow& host) {
        return !hostZones.value(host.hostId).isEmpty();
    });
    QMap<QString, int> zoneNodes;
    if (zoned) {
        QStringList names;
        for (const HostsModel::HostRow& host : m_hosts)
            names << hostZones.value(host.hostId);
        names.removeDuplicates();
        std::sort(names.begin(), names.end(), [](const QString& a, const QString& b) {
            return a.isEmpty() != b.isEmpty() ? !a.isEmpty() : a.localeAwareCompare(b) < 0; // "no zone" last
        });
        for (const QString& name : std::as_const(names)) {
            Node node;
            node.kind = NodeKind::Zone;
            node.zone = name;
            for (const Zone& zone : zones) {
                if (zone.name == name) {
                    node.scope = zone.scope;
                    node.rationale = zone.rationale;
                }
            }
            zoneNodes.insert(name, add(node));
        }
    }
    QHash<qint64, int> hostNodes;
    for (int i = 0; i < m_hosts.size(); ++i) {
        Node node;
        node.kind = NodeKind::Host;
        node.host = i;
        node.zone = hostZones.value(m_hosts[i].hostId);
        node.fail = m_hosts[i].fail;
        node.pass = m_hosts[i].pass;
        node.parent = zoned ? zoneNodes.value(node.zone) : -1;
        if (node.parent >= 0) {
            m_nodes[node.parent].fail += node.fail;
            m_nodes[node.parent].pass += node.pass;
        }
        hostNodes.insert(m_hosts[i].hostId, add(node));
    }
    // Each host's containers and images, by kind then name, counted from their findings.
    struct Counted
    {
        Subject subject;
        int fail = 0;
        int pass = 0;
    };
    QHash<qint64, QMap<QString, Counted>> subjects;
    for (const Finding& finding : findings) {
        if (finding.subject.kind != SubjectKind::Container && finding.subject.kind != SubjectKind::Image)
            continue;
        const QString key = subjectKindToString(finding.subject.kind) + QLatin1Char('\n') +
                            finding.subject.name.toLower() + QLatin1Char('\n') + finding.subject.id;
        Counted& counted = subjects[finding.hostId][key];
        counted.subject = finding.subject;
        counted.fail += finding.status == Status::Fail ? 1 : 0;
        counted.pass += finding.status == Status::Pass ? 1 : 0;
    }
    for (auto host = subjects.cbegin(); host != subjects.cend(); ++host) {
        const int parent = hostNodes.value(host.key(), -1);
        if (parent < 0)
            continue;
        for (const Counted& counted : host.value()) {
            Node node;
            node.kind = NodeKind::Subject;
            node.parent = parent;
            node.host = m_nodes[parent].host;
            node.zone = m_nodes[parent].zone;
            node.subject = counted.subject;
            node.fail = counted.fail;
            node.pass = counted.pass;
            add(node);
        }
    }
    endResetModel();
}

void FleetTreeModel::clear()
{
    setFleet({}, {}, {}, {});
}

const FleetTreeModel::Node* FleetTreeModel::nodeOf(const QModelIndex& index) const
{
    if (!index.isValid() || index.internalId() >= quintptr(m_nodes.size()))
        return nullptr;
    return &m_nodes[qsizetype(index.internalId())];
}

QModelIndex FleetTreeModel::indexOfNode(int node, int column) const
{
    if (node < 0 || node >= m_nodes.size())
        return {};
    return createIndex(m_nodes[node].row, column, quintptr(node));
}

FleetTreeModel::Selection FleetTreeModel::selectionAt(const QModelIndex& index) const
{
    Selection selection;
    const Node* node = nodeOf(index);
    if (node == nullptr)
        return selection;
    selection.kind = node->kind;
    if (node->kind == NodeKind::Zone)
        selection.zone = node->zone;
    if (node->kind == NodeKind::Host || node->kind == NodeKind::Subject)
        selection.host = m_hosts[node->host].hostId;
    if (node->kind == NodeKind::Subject)
        selection.subject = node->subject;
    return selection;
}

const HostsModel::HostRow* FleetTreeModel::hostAt(const QModelIndex& index) const
{
    const Node* node = nodeOf(index);
    return node && node->kind == NodeKind::Host ? &m_hosts[node->host] : nullptr;
}

QModelIndex FleetTreeModel::fleetIndex() const
{
    return m_top.isEmpty() ? QModelIndex() : indexOfNode(m_top.first(), NameColumn);
}

QModelIndex FleetTreeModel::indexOfHost(qint64 hostId, int column) const
{
    for (int i = 0; i < m_nodes.size(); ++i) {
        if (m_nodes[i].kind == NodeKind::Host && m_hosts[m_nodes[i].host].hostId == hostId)
            return indexOfNode(i, column);
    }
    return {};
}

QModelIndex FleetTreeModel::indexOfZone(const QString& zone, int column) const
{
    for (int i = 0; i < m_nodes.size(); ++i) {
        if (m_nodes[i].kind == NodeKind::Zone && m_nodes[i].zone == zone)
            return indexOfNode(i, column);
    }
    return {};
}

QModelIndex FleetTreeModel::indexOfSubject(qint64 hostId, const Subject& subject, int column) const
{
    for (int i = 0; i < m_nodes.size(); ++i) {
        const Node& node = m_nodes[i];
        if (node.kind == NodeKind::Subject && m_hosts[node.host].hostId == hostId &&
            node.subject.kind == subject.kind && node.subject.id == subject.id)
            return indexOfNode(i, column);
    }
    return {};
}

QModelIndex FleetTreeModel::index(int row, int column, const QModelIndex& parent) const
{
    if (row < 0 || column < 0 || column >= ColumnCount)
        return {};
    const QVector<int>* rows = &m_top;
    if (parent.isValid()) {
        const Node* node = nodeOf(parent);
        if (node == nullptr || parent.column() != 0)
            return {};
        rows = &node->children;
    }
    return row < rows->size() ? indexOfNode(rows->at(row), column) : QModelIndex();
}

QModelIndex FleetTreeModel::parent(const QModelIndex& child) const
{
    const Node* node = nodeOf(child);
    return node && node->parent >= 0 ? indexOfNode(node->parent, 0) : QModelIndex();
}

int FleetTreeModel::rowCount(const QModelIndex& parent) const
{
    if (!parent.isValid())
        return int(m_top.size());
    const Node* node = nodeOf(parent);
    return node && parent.column() == 0 ? int(node->children.size()) : 0;
}

int FleetTreeModel::columnCount(const QModelIndex& /*parent*/) const
{
    return ColumnCount;
}

QVariant FleetTreeModel::data(const QModelIndex& index, int role) const
{
    const Node* node = nodeOf(index);
    if (node == nullptr)
        return QVariant();
    if (role == Qt::TextAlignmentRole) {
        if (index.column() == FailColumn || index.column() == PassColumn)
            return QVariant::fromValue(Qt::Alignment(Qt::AlignRight | Qt::AlignVCenter));
        return QVariant();
    }
    const HostsModel::HostRow* host = node->host >= 0 ? &m_hosts[node->host] : nullptr;
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case NameColumn:
            switch (node->kind) {
            case NodeKind::Fleet:
                return tr("All hosts");
            case NodeKind::Zone:
                return node->zone.isEmpty() ? tr("(no zone)") : node->zone;
            case NodeKind::Host:
                return host->name;
            case NodeKind::Subject:
                return node->subject.name.isEmpty() ? node->subject.id.left(12) : node->subject.name;
            }
            return QVariant();
        case StateColumn:
            switch (node->kind) {
            case NodeKind::Fleet:
                return m_hosts.size() == 1 ? tr("1 host") : tr("%1 hosts").arg(m_hosts.size());
            case NodeKind::Zone:
                return !node->scope ? QString() : *node->scope == ZoneScope::In ? tr("in scope") : tr("out of scope");
            case NodeKind::Host:
                return host->lastState ? HostsModel::stateLabel(*host->lastState) : tr("Never scanned");
            case NodeKind::Subject:
                return subjectKindToString(node->subject.kind);
            }
            return QVariant();
        case FailColumn:
            return node->fail;
        case PassColumn:
            return node->pass;
        default:
            return QVariant();
        }
    }
    switch (role) {
    case Qt::ToolTipRole:
        if (node->kind == NodeKind::Zone && !node->rationale.isEmpty())
            return node->rationale; // plain text: the view's delegate shows it escaped
        if (node->kind == NodeKind::Subject)
            return node->subject.id;
        if (node->kind == NodeKind::Host)
            return host->address;
        return QVariant();
    case IdRole:
        // Hosts by id, subjects by theirs; the fleet and zone rows have none (the delegate sets them in bold).
        if (node->kind == NodeKind::Host)
            return host->hostId;
        if (node->kind == NodeKind::Subject)
            return node->subject.id;
        return QVariant();
    case HostScanStateRole:
        return node->kind == NodeKind::Host && host->lastState ? QVariant::fromValue(*host->lastState) : QVariant();
    default:
        return QVariant();
    }
}

QVariant FleetTreeModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractItemModel::headerData(section, orientation, role);
    switch (section) {
    case NameColumn:
        return tr("Zone, host, container");
    case StateColumn:
        return tr("Last scan");
    case FailColumn:
        return tr("Fail");
    case PassColumn:
        return tr("Pass");
    default:
        return QVariant();
    }
}

} // namespace bulkhead
