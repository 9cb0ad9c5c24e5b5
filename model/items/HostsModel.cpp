// SPDX-License-Identifier: GPL-3.0-or-later
#include "items/HostsModel.h"

#include "items/ItemRoles.h"
#include "store/Workspace.h"

#include <QDateTime>
#include <QHash>

#include <algorithm>

namespace bulkhead {

HostsModel::HostsModel(QObject* parent)
    : QAbstractTableModel(parent)
{}

Result<void> HostsModel::load(const Workspace& workspace)
{
    // As the auditor sees them: the waivers and attestations in force now applied.
    auto findings = workspace.reviewedFindings(std::nullopt, QDateTime::currentDateTimeUtc());
    if (!findings) {
        clear();
        return findings.error();
    }
    return load(workspace, findings.value());
}

Result<void> HostsModel::load(const Workspace& workspace, const QVector<Finding>& findings)
{
    auto hosts = workspace.hosts();
    auto scans = workspace.scans();
    QString error = !hosts ? hosts.errorMessage() : scans.errorMessage();

    QVector<HostRow> rows;
    if (error.isEmpty()) {
        QHash<qint64, int> rowOfHost;
        for (const HostRecord& host : hosts.value()) {
            HostRow row;
            row.hostId = host.id;
            row.name = host.name.isEmpty() ? host.spec.displayName() : host.name;
            row.address = host.spec.toString();
            rowOfHost.insert(host.id, int(rows.size()));
            rows.append(row);
        }

        // A host's last state comes from the newest scan that touched it, not from the newest scan
        // overall: scans of single hosts interleave.
        QVector<ScanRecord> ordered = scans.value();
        std::sort(ordered.begin(), ordered.end(), [](const ScanRecord& a, const ScanRecord& b) { return a.id > b.id; });
        int unresolved = int(rows.size());
        for (const ScanRecord& scan : ordered) {
            if (unresolved == 0)
                break;
            if (scan.kind == ScanKind::Watch)
                continue; // a watch stores lifecycle evidence: it says nothing about the host's audit
            auto hostScans = workspace.hostScans(scan.id);
            if (!hostScans) {
                error = hostScans.errorMessage();
                break;
            }
            for (const HostScanRecord& record : hostScans.value()) {
                auto it = rowOfHost.constFind(record.hostId);
                if (it == rowOfHost.constEnd() || rows[*it].lastState)
                    continue;
                HostRow& row = rows[*it];
                row.lastState = record.state;
                row.lastMessage = record.message;
                row.hostKeyFingerprint = record.hostKeyFingerprint;
                row.lastScanUtc = record.finishedUtc.isValid() ? record.finishedUtc : record.startedUtc;
                --unresolved;
            }
        }

        if (error.isEmpty()) {
            for (const Finding& finding : findings) {
                auto it = rowOfHost.constFind(finding.hostId);
                if (it == rowOfHost.constEnd())
                    continue;
                HostRow& row = rows[*it];
                if (finding.status == Status::Fail)
                    ++row.fail;
                else if (finding.status == Status::Pass)
                    ++row.pass;
                else
                    ++row.other;
            }
        }
    }

    beginResetModel();
    m_hosts = error.isEmpty() ? rows : QVector<HostRow>();
    endResetModel();
    if (!error.isEmpty())
        return makeError(error);
    return {};
}

QString HostsModel::stateLabel(HostScanState state)
{
    switch (state) {
    case HostScanState::Pending:
        return tr("Pending");
    case HostScanState::Running:
        return tr("Running");
    case HostScanState::Done:
        return tr("Done");
    case HostScanState::Partial:
        return tr("Partial");
    case HostScanState::Failed:
        return tr("Failed");
    case HostScanState::Cancelled:
        return tr("Cancelled");
    }
    return QString();
}

void HostsModel::clear()
{
    beginResetModel();
    m_hosts.clear();
    endResetModel();
}

std::optional<qint64> HostsModel::hostIdAt(int row) const
{
    if (const HostRow* host = hostAt(row))
        return host->hostId;
    return std::nullopt;
}

const HostsModel::HostRow* HostsModel::hostAt(int row) const
{
    // Row 0 is the "All hosts" row.
    if (row < 1 || row > m_hosts.size())
        return nullptr;
    return &m_hosts[row - 1];
}

QModelIndex HostsModel::indexOfHost(qint64 hostId, int column) const
{
    for (int i = 0; i < m_hosts.size(); ++i) {
        if (m_hosts[i].hostId == hostId)
            return index(i + 1, column);
    }
    return {};
}

int HostsModel::rowCount(const QModelIndex& parent) const
{
    if (parent.isValid() || m_hosts.isEmpty())
        return 0;
    return int(m_hosts.size()) + 1;
}

int HostsModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant HostsModel::allHostsData(int column, int role) const
{
    int fail = 0;
    int pass = 0;
    for (const HostRow& host : m_hosts) {
        fail += host.fail;
        pass += host.pass;
    }
    if (role == IdRole)
        return QVariant();
    if (role == Qt::DisplayRole) {
        switch (column) {
        case NameColumn:
            return tr("All hosts");
        case StateColumn:
            return m_hosts.size() == 1 ? tr("1 host") : tr("%1 hosts").arg(m_hosts.size());
        case FailColumn:
            return fail;
        case PassColumn:
            return pass;
        default:
            return QVariant();
        }
    }
    if (role == SortRole)
        return column == FailColumn ? fail : column == PassColumn ? pass : 0;
    return QVariant();
}

QVariant HostsModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return QVariant();
    if (role == Qt::TextAlignmentRole) {
        if (index.column() == FailColumn || index.column() == PassColumn)
            return QVariant::fromValue(Qt::Alignment(Qt::AlignRight | Qt::AlignVCenter));
        return QVariant();
    }
    if (index.row() == 0)
        return allHostsData(index.column(), role);

    const HostRow& host = m_hosts[index.row() - 1];
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case NameColumn:
            return host.name;
        case StateColumn:
            return host.lastState ? stateLabel(*host.lastState) : tr("Never scanned");
        case FailColumn:
            return host.fail;
        case PassColumn:
            return host.pass;
        default:
            return QVariant();
        }
    case SortRole:
        switch (index.column()) {
        case NameColumn:
            return host.name;
        case StateColumn:
            return host.lastState ? int(*host.lastState) : -1;
        case FailColumn:
            return host.fail;
        case PassColumn:
            return host.pass;
        default:
            return QVariant();
        }
    case IdRole:
        return host.hostId;
    case HostScanStateRole:
        return host.lastState ? QVariant::fromValue(*host.lastState) : QVariant();
    default:
        return QVariant();
    }
}

QVariant HostsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case NameColumn:
        return tr("Host");
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
