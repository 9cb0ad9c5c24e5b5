// SPDX-License-Identifier: GPL-3.0-or-later
#include "items/ScanDiffModel.h"

#include "items/ItemRoles.h"

#include <algorithm>

namespace bulkhead {

namespace {

// Worse news first: what fails now, then what improved, then the fleet's changes.
int changeRank(FindingChange change)
{
    switch (change) {
    case FindingChange::Regressed:
        return 0;
    case FindingChange::New:
        return 1;
    case FindingChange::Expired:
        return 2;
    case FindingChange::Fixed:
        return 3;
    case FindingChange::Waived:
        return 4;
    case FindingChange::Added:
        return 5;
    case FindingChange::Removed:
        return 6;
    }
    return 7;
}

} // namespace

ScanDiffModel::ScanDiffModel(QObject* parent)
    : QAbstractTableModel(parent)
{}

void ScanDiffModel::setDeltas(const QVector<FindingDelta>& deltas)
{
    beginResetModel();
    m_deltas = deltas;
    std::stable_sort(m_deltas.begin(), m_deltas.end(), [](const FindingDelta& a, const FindingDelta& b) {
        return changeRank(a.change) < changeRank(b.change);
    });
    endResetModel();
}

int ScanDiffModel::count(FindingChange change) const
{
    return int(std::count_if(m_deltas.cbegin(), m_deltas.cend(),
                             [change](const FindingDelta& delta) { return delta.change == change; }));
}

int ScanDiffModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_deltas.size());
}

int ScanDiffModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ScanDiffModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return QVariant();
    const FindingDelta& delta = m_deltas[index.row()];
    if (role == StatusRole) {
        // The status chips of the before and after columns.
        if (index.column() == BeforeColumn && delta.before)
            return QVariant::fromValue(*delta.before);
        if (index.column() == AfterColumn && delta.after)
            return QVariant::fromValue(*delta.after);
        return QVariant();
    }
    if (role != Qt::DisplayRole)
        return QVariant();
    switch (index.column()) {
    case ChangeColumn:
        return findingChangeToString(delta.change);
    case HostColumn:
        return delta.hostName;
    case SubjectColumn:
        return QStringLiteral("%1 %2").arg(subjectKindToString(delta.subject.kind),
                                           delta.subject.name.isEmpty() ? delta.subject.id : delta.subject.name);
    case CheckColumn:
        return delta.checkId;
    case BeforeColumn:
        return delta.before ? statusLabel(*delta.before) : QString();
    case AfterColumn:
        return delta.after ? statusLabel(*delta.after) : QString();
    default:
        return QVariant();
    }
}

QVariant ScanDiffModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case ChangeColumn:
        return tr("Change");
    case HostColumn:
        return tr("Host");
    case SubjectColumn:
        return tr("Subject");
    case CheckColumn:
        return tr("Check");
    case BeforeColumn:
        return tr("Before");
    case AfterColumn:
        return tr("After");
    default:
        return QVariant();
    }
}

} // namespace bulkhead
