// SPDX-License-Identifier: GPL-3.0-or-later
#include "items/FindingsModel.h"

#include "items/ItemRoles.h"
#include "store/Workspace.h"

#include <QDateTime>

namespace bulkhead {

FindingsModel::FindingsModel(QObject* parent)
    : QAbstractTableModel(parent)
{}

Result<void> FindingsModel::load(const Workspace& workspace)
{
    // As the auditor sees them: the waivers and attestations in force now applied.
    auto findings = workspace.reviewedFindings(std::nullopt, QDateTime::currentDateTimeUtc());
    if (!findings) {
        setFindings({});
        return findings.error();
    }
    setFindings(findings.value());
    return {};
}

void FindingsModel::setFindings(const QVector<Finding>& findings)
{
    beginResetModel();
    m_all = findings;
    refilter();
    endResetModel();
}

void FindingsModel::clear()
{
    setFindings({});
}

void FindingsModel::setFilter(std::optional<qint64> hostId, const QString& checkId)
{
    if (hostId == m_hostFilter && checkId == m_checkFilter)
        return;
    beginResetModel();
    m_hostFilter = hostId;
    m_checkFilter = checkId;
    refilter();
    endResetModel();
}

void FindingsModel::setStatusFilter(const QVector<Status>& statuses)
{
    if (statuses == m_statusFilter)
        return;
    beginResetModel();
    m_statusFilter = statuses;
    refilter();
    endResetModel();
}

void FindingsModel::refilter()
{
    m_visible.clear();
    for (int i = 0; i < m_all.size(); ++i) {
        const Finding& finding = m_all[i];
        if (m_hostFilter && finding.hostId != *m_hostFilter)
            continue;
        if (!m_checkFilter.isEmpty() && finding.checkId != m_checkFilter)
            continue;
        if (!m_statusFilter.isEmpty() && !m_statusFilter.contains(finding.status))
            continue;
        m_visible.append(i);
    }
}

const Finding* FindingsModel::findingAt(int row) const
{
    if (row < 0 || row >= m_visible.size())
        return nullptr;
    return &m_all[m_visible[row]];
}

QModelIndex FindingsModel::indexOfFinding(qint64 findingId, int column) const
{
    for (int row = 0; row < m_visible.size(); ++row) {
        if (m_all[m_visible[row]].id == findingId)
            return index(row, column);
    }
    return {};
}

int FindingsModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_visible.size());
}

int FindingsModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant FindingsModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return QVariant();
    const Finding& finding = m_all[m_visible[index.row()]];

    switch (role) {
    case Qt::DisplayRole:
    case SortRole:
        switch (index.column()) {
        case HostColumn:
            return finding.hostName;
        case CheckColumn:
            return finding.checkId;
        case SubjectColumn:
            if (!finding.subject.name.isEmpty())
                return finding.subject.name;
            if (!finding.subject.id.isEmpty())
                return finding.subject.id;
            // Host and daemon findings are about the host itself.
            return finding.hostName;
        case KindColumn:
            return subjectKindToString(finding.subject.kind);
        case StatusColumn:
            if (role == SortRole)
                return statusRank(finding.status);
            return statusLabel(finding.status);
        case ActualColumn:
            return finding.actual;
        case MessageColumn:
            return finding.message;
        default:
            return QVariant();
        }
    case SearchRole: {
        const QString subject = !finding.subject.name.isEmpty() ? finding.subject.name
                                : !finding.subject.id.isEmpty() ? finding.subject.id
                                                                : finding.hostName;
        return QString(finding.hostName + QLatin1Char('\n') + finding.checkId + QLatin1Char('\n') + subject +
                       QLatin1Char('\n') + subjectKindToString(finding.subject.kind) + QLatin1Char('\n') +
                       statusLabel(finding.status) + QLatin1Char('\n') + finding.actual + QLatin1Char('\n') +
                       finding.message);
    }
    case StatusRole:
        return QVariant::fromValue(finding.status);
    case IdRole:
        return finding.id;
    default:
        return QVariant();
    }
}

QVariant FindingsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case HostColumn:
        return tr("Host");
    case CheckColumn:
        return tr("Check");
    case SubjectColumn:
        return tr("Subject");
    case KindColumn:
        return tr("Kind");
    case StatusColumn:
        return tr("Status");
    case ActualColumn:
        return tr("Actual");
    case MessageColumn:
        return tr("Message");
    default:
        return QVariant();
    }
}

} // namespace bulkhead
