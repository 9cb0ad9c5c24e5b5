// SPDX-License-Identifier: GPL-3.0-or-later
#include "scan/ScanProgressModel.h"

#include "items/HostsModel.h"
#include "items/ItemRoles.h"

#include <algorithm>

namespace bulkhead {

namespace {

bool ended(HostScanState state)
{
    return state != HostScanState::Pending && state != HostScanState::Running;
}

} // namespace

ScanProgressModel::ScanProgressModel(QObject* parent)
    : QAbstractTableModel(parent)
{}

void ScanProgressModel::start(const QVector<HostSpec>& hosts)
{
    beginResetModel();
    m_rows.clear();
    m_finished = false;
    for (const HostSpec& host : hosts) {
        Row row;
        row.host = host;
        m_rows.append(row);
    }
    endResetModel();
}

void ScanProgressModel::update(int hostIndex, const QString& step, double fraction)
{
    if (hostIndex < 0 || hostIndex >= m_rows.size())
        return;
    Row& row = m_rows[hostIndex];
    // The scanner's last step for a host is its end state ("done", "partial", "failed", "cancelled").
    const std::optional<HostScanState> end = hostScanStateFromString(step);
    row.state = end && ended(*end) ? *end : HostScanState::Running;
    row.step = step;
    row.fraction = std::clamp(fraction, 0.0, 1.0);
    rowChanged(hostIndex);
}

void ScanProgressModel::finish(const ScanOutcome& outcome)
{
    m_finished = true;
    for (int i = 0; i < m_rows.size() && i < outcome.hosts.size(); ++i) {
        Row& row = m_rows[i];
        const HostOutcome& host = outcome.hosts.at(i);
        row.state = host.state;
        row.message = host.message;
        if (ended(host.state))
            row.fraction = 1.0;
        rowChanged(i);
    }
    // A scan that did not run (the workspace failed) reports no hosts: none of them was scanned.
    for (int i = static_cast<int>(outcome.hosts.size()); i < m_rows.size(); ++i) {
        Row& row = m_rows[i];
        if (!ended(row.state)) {
            row.state = HostScanState::Cancelled;
            row.message = tr("not scanned");
            rowChanged(i);
        }
    }
}

HostScanState ScanProgressModel::state(int hostIndex) const
{
    return hostIndex >= 0 && hostIndex < m_rows.size() ? m_rows.at(hostIndex).state : HostScanState::Pending;
}

QString ScanProgressModel::step(int hostIndex) const
{
    return hostIndex >= 0 && hostIndex < m_rows.size() ? m_rows.at(hostIndex).step : QString();
}

double ScanProgressModel::fraction(int hostIndex) const
{
    return hostIndex >= 0 && hostIndex < m_rows.size() ? m_rows.at(hostIndex).fraction : 0.0;
}

double ScanProgressModel::overallFraction() const
{
    if (m_rows.isEmpty())
        return 0.0;
    double sum = 0;
    for (const Row& row : m_rows)
        sum += ended(row.state) ? 1.0 : row.fraction;
    return sum / static_cast<double>(m_rows.size());
}

int ScanProgressModel::count(HostScanState state) const
{
    return static_cast<int>(
        std::count_if(m_rows.begin(), m_rows.end(), [state](const Row& row) { return row.state == state; }));
}

QString ScanProgressModel::summary() const
{
    const int running = count(HostScanState::Running);
    const int pending = count(HostScanState::Pending);
    const int finished = hostCount() - running - pending;
    // No translations are loaded: spell the plural out rather than show "host(s)".
    QString text = hostCount() == 1 ? tr("%1 of 1 host finished").arg(finished)
                                    : tr("%1 of %2 hosts finished").arg(finished).arg(hostCount());
    if (running > 0)
        text += tr(", %1 running").arg(running);
    return text;
}

int ScanProgressModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int ScanProgressModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ScanProgressModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const Row& row = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case HostColumn:
            return row.host.toString();
        case StateColumn:
            return HostsModel::stateLabel(row.state);
        case StepColumn:
            // Once the scan ended, the step column says why a host is not complete (or nothing).
            return ended(row.state) && m_finished ? row.message : row.step;
        case ProgressColumn:
            return QStringLiteral("%1%").arg(qRound(row.fraction * 100));
        default:
            return {};
        }
    case Qt::ToolTipRole:
        if (index.column() == StepColumn && !row.message.isEmpty())
            return row.message;
        return {};
    case IdRole:
        // HostDelegate paints the state dot only on rows that carry an id.
        return index.row();
    case HostScanStateRole:
        return QVariant::fromValue(row.state);
    case FractionRole:
        return row.fraction;
    default:
        return {};
    }
}

QVariant ScanProgressModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case HostColumn:
        return tr("Host");
    case StateColumn:
        return tr("State");
    case StepColumn:
        return tr("Step");
    case ProgressColumn:
        return tr("Progress");
    default:
        return {};
    }
}

void ScanProgressModel::rowChanged(int row)
{
    emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

} // namespace bulkhead
