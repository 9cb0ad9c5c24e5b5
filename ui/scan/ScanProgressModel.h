// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "scan/FleetScanner.h"

#include <QAbstractTableModel>
#include <QVector>

namespace bulkhead {

// One row per host of the running (or last) scan, in request order: state, current step, the host's
// own progress and, once it ended, why it is not complete. Fed on the GUI thread by ScanController
// from the scanner's per-host progress. Host names and messages come from hosts: views show them
// through SafeText (PlainTextDelegate), never as rich text.
class ScanProgressModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column
    {
        HostColumn,
        StateColumn,
        StepColumn,
        ProgressColumn,
        ColumnCount
    };
    // The host's fraction 0..1 (double) in ProgressColumn, for a delegate that draws a bar.
    static constexpr int FractionRole = Qt::UserRole + 100;

    explicit ScanProgressModel(QObject* parent = nullptr);

    // A new scan: every host pending.
    void start(const QVector<HostSpec>& hosts);
    // A step of one host (FleetScanner's ScanProgress); the last step names its end state.
    void update(int hostIndex, const QString& step, double fraction);
    // The scan ended: final states and messages, and hosts never started marked as such.
    void finish(const ScanOutcome& outcome);

    int hostCount() const { return static_cast<int>(m_rows.size()); }
    HostScanState state(int hostIndex) const;
    QString step(int hostIndex) const;
    double fraction(int hostIndex) const;
    // Mean of the hosts' fractions: what the status bar shows.
    double overallFraction() const;
    int count(HostScanState state) const;
    // "3 of 12 hosts finished, 4 running".
    QString summary() const;

    int rowCount(const QModelIndex& parent = QModelIndex()) const override;
    int columnCount(const QModelIndex& parent = QModelIndex()) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    struct Row
    {
        HostSpec host;
        HostScanState state = HostScanState::Pending;
        QString step;
        QString message;
        double fraction = 0;
    };
    void rowChanged(int row);

    QVector<Row> m_rows;
    bool m_finished = false; // finish() came: messages replace steps
};

} // namespace bulkhead
