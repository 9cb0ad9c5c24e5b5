// SPDX-License-Identifier: GPL-3.0-or-later
#include "items/ChecksModel.h"

#include "checks/CheckCatalog.h"
#include "items/ItemRoles.h"
#include "store/Workspace.h"

#include <QDateTime>
#include <QHash>
#include <QSet>

namespace bulkhead {

namespace {

constexpr Status AllStatuses[] = {Status::Pass,          Status::Fail,  Status::Warn,  Status::Manual,
                                  Status::NotApplicable, Status::Error, Status::Waived};

int slot(Status status)
{
    return int(status);
}

} // namespace

ChecksModel::ChecksModel(QObject* parent)
    : ChecksModel(CheckCatalog::instance().checks(), parent)
{}

ChecksModel::ChecksModel(QVector<CheckDefinition> catalog, QObject* parent)
    : QAbstractTableModel(parent)
    , m_catalog(std::move(catalog))
{
    beginResetModel();
    rebuildRows();
    endResetModel();
}

Result<void> ChecksModel::load(const Workspace& workspace)
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

void ChecksModel::setFindings(const QVector<Finding>& findings)
{
    beginResetModel();
    m_findings = findings;
    rebuildRows();
    endResetModel();
}

void ChecksModel::clear()
{
    setFindings({});
}

void ChecksModel::rebuildRows()
{
    m_rows = m_catalog;
    QSet<QString> known;
    for (const CheckDefinition& check : m_catalog)
        known.insert(check.id);
    for (const Finding& finding : std::as_const(m_findings)) {
        if (known.contains(finding.checkId))
            continue;
        known.insert(finding.checkId);
        CheckDefinition unknown;
        unknown.id = finding.checkId;
        unknown.title = finding.checkId;
        unknown.level = finding.subject.kind;
        m_rows.append(unknown);
    }
    recount();
}

void ChecksModel::recount()
{
    QHash<QString, int> rowOfCheck;
    for (int i = 0; i < m_rows.size(); ++i)
        rowOfCheck.insert(m_rows[i].id, i);
    m_counts = QVector<Counts>(m_rows.size(), Counts{});
    for (const Finding& finding : std::as_const(m_findings)) {
        if (m_hostFilter && !m_hostFilter->contains(finding.hostId))
            continue;
        auto it = rowOfCheck.constFind(finding.checkId);
        if (it != rowOfCheck.constEnd())
            ++m_counts[*it][size_t(slot(finding.status))];
    }
}

void ChecksModel::setHostFilter(std::optional<qint64> hostId)
{
    setHostsFilter(hostId ? std::optional<QSet<qint64>>(QSet<qint64>{*hostId}) : std::nullopt);
}

void ChecksModel::setHostsFilter(const std::optional<QSet<qint64>>& hostIds)
{
    if (hostIds == m_hostFilter)
        return;
    m_hostFilter = hostIds;
    recount();
    if (!m_rows.isEmpty())
        emit dataChanged(index(0, StatusColumn), index(int(m_rows.size()) - 1, OtherColumn));
}

QString ChecksModel::checkIdAt(int row) const
{
    const CheckDefinition* check = checkAt(row);
    return check ? check->id : QString();
}

const CheckDefinition* ChecksModel::checkAt(int row) const
{
    if (row < 0 || row >= m_rows.size())
        return nullptr;
    return &m_rows[row];
}

QModelIndex ChecksModel::indexOfCheck(const QString& checkId, int column) const
{
    for (int i = 0; i < m_rows.size(); ++i) {
        if (m_rows[i].id == checkId)
            return index(i, column);
    }
    return {};
}

int ChecksModel::count(int row, Status status) const
{
    if (row < 0 || row >= m_counts.size())
        return 0;
    return m_counts[row][size_t(slot(status))];
}

int ChecksModel::total(int row) const
{
    int sum = 0;
    for (Status status : AllStatuses)
        sum += count(row, status);
    return sum;
}

std::optional<Status> ChecksModel::worst(int row) const
{
    std::optional<Status> result;
    for (Status status : AllStatuses) {
        if (count(row, status) > 0 && (!result || statusRank(status) > statusRank(*result)))
            result = status;
    }
    return result;
}

int ChecksModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ChecksModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ChecksModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return QVariant();
    const int row = index.row();
    const CheckDefinition& check = m_rows[row];
    const int other = total(row) - count(row, Status::Fail) - count(row, Status::Pass);
    const std::optional<Status> summary = worst(row);

    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case TitleColumn:
            return check.title;
        case TipColumn:
            return check.tip > 0 ? QVariant(check.tip) : QVariant();
        case CisColumn:
            return check.cis.join(QLatin1String(", "));
        case StatusColumn:
            return summary ? statusLabel(*summary) : tr("Not evaluated");
        case FailColumn:
            return count(row, Status::Fail);
        case PassColumn:
            return count(row, Status::Pass);
        case OtherColumn:
            return other;
        default:
            return QVariant();
        }
    case Qt::ToolTipRole:
        // Catalog text only (trusted); never host data in a tooltip, which Qt may render as rich text.
        if (index.column() == TitleColumn)
            return QString(check.title + QLatin1Char('\n') + check.id);
        return QVariant();
    case Qt::TextAlignmentRole:
        if (index.column() >= FailColumn || index.column() == TipColumn)
            return QVariant::fromValue(Qt::Alignment(Qt::AlignRight | Qt::AlignVCenter));
        return QVariant();
    case StatusRole:
        if (index.column() == StatusColumn && summary)
            return QVariant::fromValue(*summary);
        return QVariant();
    case IdRole:
        return check.id;
    case SortRole:
        switch (index.column()) {
        case TitleColumn:
            return check.title;
        case TipColumn:
            return check.tip;
        case CisColumn:
            return check.cis.join(QLatin1String(", "));
        case StatusColumn:
            return summary ? statusRank(*summary) : -1;
        case FailColumn:
            return count(row, Status::Fail);
        case PassColumn:
            return count(row, Status::Pass);
        case OtherColumn:
            return other;
        default:
            return QVariant();
        }
    default:
        return QVariant();
    }
}

QVariant ChecksModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case TitleColumn:
        return tr("Check");
    case TipColumn:
        return tr("Tip");
    case CisColumn:
        return tr("CIS");
    case StatusColumn:
        return tr("Result");
    case FailColumn:
        return tr("Fail");
    case PassColumn:
        return tr("Pass");
    case OtherColumn:
        return tr("Other");
    default:
        return QVariant();
    }
}

} // namespace bulkhead
