// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/Scan.h"

#include <QDialog>
#include <QVector>

class QComboBox;
class QLabel;
class QTreeView;

namespace bulkhead {

class ScanDiffModel;
class Workspace;

// Compares any two scans of the workspace (issue 5, item 5): what is new, fixed, regressed, waived, expired,
// and which containers or images came or went, per host, check and subject (ScanDiff). The earlier scan and
// the later one are chosen from the scans that judged findings; it opens on the last two.
class ScanDiffDialog : public QDialog
{
    Q_OBJECT
public:
    explicit ScanDiffDialog(const Workspace& workspace, QWidget* parent = nullptr);

    // Chooses the two scans (as the combos would); false when one of them is not offered.
    bool compare(qint64 earlier, qint64 later);
    ScanDiffModel* model() const { return m_model; }

private:
    void refresh();

    const Workspace& m_workspace;
    QVector<ScanRecord> m_scans; // those with findings, oldest first
    QComboBox* m_earlierCombo = nullptr;
    QComboBox* m_laterCombo = nullptr;
    QLabel* m_summaryLabel = nullptr;
    QTreeView* m_view = nullptr;
    ScanDiffModel* m_model = nullptr;
};

} // namespace bulkhead
