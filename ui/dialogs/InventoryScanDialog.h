// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "scan/InventoryScanPlan.h"

#include <QDialog>

#include <optional>

class QCheckBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QSpinBox;

namespace bulkhead {

// Asks for a fleet scan from an inventory file: the file, the zones (empty: every in-scope zone), the
// known hosts file, how many hosts at once, and sudo for all. Shows what the inventory selects and
// leaves out (with the rationale) before anything connects; accepts only a usable plan.
class InventoryScanDialog : public QDialog
{
    Q_OBJECT
public:
    explicit InventoryScanDialog(QWidget* parent = nullptr);

    void setInventoryFile(const QString& path);
    void setKnownHostsFile(const QString& path);

    QString inventoryFile() const;
    QString knownHostsFile() const;
    QStringList zones() const;
    int jobs() const;
    bool sudoForAll() const;
    // The plan the preview shows; set once the file reads cleanly.
    const std::optional<InventoryScanPlan>& plan() const { return m_plan; }

    void accept() override;

private:
    void browseInventory();
    void browseKnownHosts();
    void refresh();

    QLineEdit* m_fileEdit = nullptr;
    QLineEdit* m_zonesEdit = nullptr;
    QLineEdit* m_knownHostsEdit = nullptr;
    QSpinBox* m_jobsSpin = nullptr;
    QCheckBox* m_sudoCheck = nullptr;
    QPlainTextEdit* m_preview = nullptr;
    QLabel* m_errorLabel = nullptr;
    std::optional<InventoryScanPlan> m_plan;
};

} // namespace bulkhead
