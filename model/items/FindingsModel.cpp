// SPDX-License-Identifier: GPL-3.0-or-later
#include "items/FindingsModel.h"

#include "checks/CheckCatalog.h"
#include "items/ItemRoles.h"
#include "store/Workspace.h"

#include <QDateTime>

#include <algorithm>
#include <array>
#include <limits>
#include <numeric>

namespace bulkhead {

namespace {

constexpr std::array AllStatuses{Status::Pass,          Status::Fail,  Status::Warn,  Status::Manual,
                                 Status::NotApplicable, Status::Error, Status::Waived};
constexpr std::array AllKinds{SubjectKind::Host, SubjectKind::Daemon, SubjectKind::Container, SubjectKind::Image};

const QString& subjectText(const Finding& finding)
{
    if (!finding.subject.name.isEmpty())
        return finding.subject.name;
    if (!finding.subject.id.isEmpty())
        return finding.subject.id;
    // Host and daemon findings are about the host itself.
    return finding.hostName;
}

} // namespace

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
    buildPool();
    buildOrder();
    m_visible = filtered();
    endResetModel();
}

void FindingsModel::clear()
{
    setFindings({});
}

void FindingsModel::buildPool()
{
    // The kind and status labels first, at fixed places; every other text once, found by where its
    // characters live: the workspace hands out equal texts sharing one copy (equal texts that do not
    // share one are kept twice, which costs memory, not correctness).
    m_pool.clear();
    m_text.clear();
    m_sortRank.clear();
    for (const SubjectKind kind : AllKinds)
        m_pool << subjectKindToString(kind);
    for (const Status status : AllStatuses)
        m_pool << statusLabel(status);
    QHash<QPair<const QChar*, qsizetype>, quint32> seen;
    const auto intern = [this, &seen](const QString& text) {
        const auto key = qMakePair(text.constData(), text.size());
        const auto found = seen.constFind(key);
        if (found != seen.cend())
            return found.value();
        const auto id = quint32(m_pool.size());
        m_pool << text;
        seen.insert(key, id);
        return id;
    };
    m_text.resize(m_all.size() * TextColumns);
    for (qsizetype i = 0; i < m_all.size(); ++i) {
        const Finding& finding = std::as_const(m_all)[i];
        quint32* row = m_text.data() + i * TextColumns;
        row[HostColumn] = intern(finding.hostName);
        row[CheckColumn] = intern(finding.checkId);
        row[SubjectColumn] = intern(subjectText(finding));
        row[KindColumn] = quint32(std::find(AllKinds.begin(), AllKinds.end(), finding.subject.kind) - AllKinds.begin());
        row[StatusColumn] =
            quint32(AllKinds.size() +
                    size_t(std::find(AllStatuses.begin(), AllStatuses.end(), finding.status) - AllStatuses.begin()));
        row[ActualColumn] = intern(finding.actual);
        row[MessageColumn] = intern(finding.message);
    }
}

void FindingsModel::buildOrder()
{
    m_order.resize(m_all.size());
    std::iota(m_order.begin(), m_order.end(), 0);
    if (m_sortColumn < 0 || m_sortColumn >= ColumnCount || m_all.isEmpty())
        return;
    if (m_sortColumn != StatusColumn && m_sortRank.size() != m_pool.size()) {
        // Each distinct text's place in case-insensitive order, equal texts in one place.
        QVector<int> byText(m_pool.size());
        std::iota(byText.begin(), byText.end(), 0);
        std::sort(byText.begin(), byText.end(), [this](int a, int b) {
            const int order = QString::compare(m_pool[a], m_pool[b], Qt::CaseInsensitive);
            return order != 0 ? order < 0 : m_pool[a] < m_pool[b];
        });
        m_sortRank.resize(m_pool.size());
        int rank = 0;
        for (qsizetype i = 0; i < byText.size(); ++i) {
            if (i > 0 && m_pool[byText[i]] != m_pool[byText[i - 1]])
                ++rank;
            m_sortRank[byText[i]] = rank;
        }
    }
    // One 64-bit key per finding (rank, then place in the workspace's order): a plain integer sort.
    const bool descending = m_sortOrder == Qt::DescendingOrder;
    QVector<quint64> keys(m_all.size());
    for (qsizetype i = 0; i < m_all.size(); ++i) {
        qint64 rank = m_sortColumn == StatusColumn ? statusRank(std::as_const(m_all)[i].status)
                                                   : m_sortRank[textId(int(i), m_sortColumn)];
        if (descending)
            rank = std::numeric_limits<qint32>::max() - rank;
        keys[i] = (quint64(rank) << 32) | quint64(i);
    }
    std::sort(keys.begin(), keys.end());
    for (qsizetype i = 0; i < keys.size(); ++i)
        m_order[i] = int(keys[i] & 0xffffffffU);
}

QVector<int> FindingsModel::filtered() const
{
    const FindingFilter& f = m_filter;
    // Each distinct text is tested once; a row then only looks its texts up.
    QVector<char> textMatches;
    if (!f.text.isEmpty()) {
        textMatches.resize(m_pool.size());
        for (qsizetype i = 0; i < m_pool.size(); ++i)
            textMatches[i] = m_pool[i].contains(f.text, Qt::CaseInsensitive) ? 1 : 0;
    }
    // The checks a row may be of, by the check's pool text.
    const bool byCheck = f.tip != 0 || f.severity || !f.cis.isEmpty() || !f.check.isEmpty();
    QVector<char> checkAllowed;
    if (byCheck) {
        checkAllowed.resize(m_pool.size());
        const CheckCatalog& catalog = CheckCatalog::instance();
        for (qsizetype i = 0; i < m_all.size(); ++i) {
            const quint32 id = textId(int(i), CheckColumn);
            if (checkAllowed[id] != 0)
                continue;
            const CheckDefinition* check = catalog.find(m_pool[id]);
            const bool allowed = (f.check.isEmpty() || m_pool[id] == f.check) &&
                                 (f.tip == 0 || (check && check->tip == f.tip)) &&
                                 (!f.severity || (check && check->severity == *f.severity)) &&
                                 (f.cis.isEmpty() || (check && FindingFilter::cisMatches(check->cis, f.cis)));
            checkAllowed[id] = allowed ? 1 : 2;
        }
    }
    const bool byHostName = !f.hostName.isEmpty();
    QVector<char> hostNameAllowed;
    if (byHostName)
        hostNameAllowed.resize(m_pool.size());
    QVector<int> visible;
    visible.reserve(m_order.size());
    for (const int i : m_order) {
        const Finding& finding = m_all[i];
        if (f.host && finding.hostId != *f.host)
            continue;
        if (f.subject && (finding.subject.kind != f.subject->kind || finding.subject.id != f.subject->id))
            continue;
        if (!f.statuses.isEmpty() && !f.statuses.contains(finding.status))
            continue;
        if (byCheck && checkAllowed[textId(i, CheckColumn)] != 1)
            continue;
        if (f.zone && m_hostZones.value(finding.hostId) != *f.zone)
            continue;
        if (byHostName) {
            char& allowed = hostNameAllowed[textId(i, HostColumn)];
            if (allowed == 0)
                allowed = text(i, HostColumn).contains(f.hostName, Qt::CaseInsensitive) ? 1 : 2;
            if (allowed != 1)
                continue;
        }
        if (!textMatches.isEmpty()) {
            const quint32* row = m_text.constData() + qsizetype(i) * TextColumns;
            bool any = false;
            for (int column = 0; column < TextColumns && !any; ++column)
                any = textMatches[row[column]] != 0;
            if (!any)
                continue;
        }
        visible << i;
    }
    return visible;
}

void FindingsModel::relayout(const std::function<void()>& change)
{
    // A layout change, not a reset: the selection and the current row follow their findings.
    emit layoutAboutToBeChanged({}, QAbstractItemModel::VerticalSortHint);
    const QModelIndexList before = persistentIndexList();
    QVector<int> findingOf;
    findingOf.reserve(before.size());
    for (const QModelIndex& index : before)
        findingOf << (index.row() < m_visible.size() ? m_visible[index.row()] : -1);
    change();
    if (!before.isEmpty()) {
        QVector<int> rowOf(m_all.size(), -1);
        for (qsizetype row = 0; row < m_visible.size(); ++row)
            rowOf[m_visible[row]] = int(row);
        QModelIndexList after;
        after.reserve(before.size());
        for (qsizetype i = 0; i < before.size(); ++i) {
            const int row = findingOf[i] >= 0 ? rowOf[findingOf[i]] : -1;
            after << (row >= 0 ? index(row, before[i].column()) : QModelIndex());
        }
        changePersistentIndexList(before, after);
    }
    emit layoutChanged({}, QAbstractItemModel::VerticalSortHint);
}

void FindingsModel::setHostZones(const QHash<qint64, QString>& zones)
{
    relayout([this, &zones] {
        m_hostZones = zones;
        m_visible = filtered();
    });
}

void FindingsModel::setFilter(const FindingFilter& filter)
{
    if (filter == m_filter)
        return;
    relayout([this, &filter] {
        m_filter = filter;
        m_visible = filtered();
    });
}

void FindingsModel::setFilter(std::optional<qint64> hostId, const QString& checkId)
{
    FindingFilter filter = m_filter;
    filter.host = hostId;
    filter.check = checkId;
    setFilter(filter);
}

void FindingsModel::sort(int column, Qt::SortOrder order)
{
    if (column == m_sortColumn && order == m_sortOrder)
        return;
    relayout([this, column, order] {
        m_sortColumn = column;
        m_sortOrder = order;
        buildOrder();
        m_visible = filtered();
    });
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
    const int i = m_visible[index.row()];
    const Finding& finding = m_all[i];

    switch (role) {
    case Qt::DisplayRole:
        return text(i, index.column());
    case SortRole:
        if (index.column() == StatusColumn)
            return statusRank(finding.status);
        return text(i, index.column());
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
