// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "inventory/HostImport.h"
#include "inventory/Inventory.h"

#include <QDialog>

class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QTableWidget;

namespace bulkhead {

// Edits the fleet's zones and hosts (issue 5, item 7): starts from an inventory (the workspace's, see
// WorkspaceInventory), can open a YAML file or import hosts from ~/.ssh/config or an Ansible inventory,
// and saves as YAML. Save checks with Inventory::validate and keeps the dialog open with every problem
// listed while there are errors; the caller applies inventory() (Workspace::applyInventory).
class InventoryEditorDialog : public QDialog
{
    Q_OBJECT
public:
    explicit InventoryEditorDialog(const Inventory& inventory, QWidget* parent = nullptr);

    // What is being edited, without source positions; after accept() it has no errors.
    Inventory inventory() const;

    // Replaces what is being edited with the file (as far as it could be read, with its diagnostics
    // shown). A file that yields nothing at all (unreadable, not YAML) changes nothing.
    Result<void> openFile(const QString& path);
    // Add the file's hosts (without a zone) after those being edited; a host whose name is already
    // listed is skipped. Returns how many were added.
    Result<int> importSshConfig(const QString& path);
    Result<int> importAnsible(const QString& path);
    // Writes what is being edited, a draft too (the parser then points at what is left to decide).
    Result<void> saveYaml(const QString& path);
    // Validates and lists the problems; true when there is no error.
    bool check();

    void accept() override;

private:
    void buildZonesPart(QWidget* part);
    void buildHostsPart(QWidget* part);
    void rebuildTables();
    void fillZoneRow(int row);
    void fillHostRow(int row);
    void refreshZoneCounts();
    void refreshZoneCombo();
    void loadZone(int row);
    void loadHost(int row);
    Zone* currentZone();
    InventoryHost* currentHost();
    void resetFollowers();
    void renameZone(const QString& name);
    void renameHost(const QString& name);
    void addZone();
    void removeZone();
    void adoptHostsWithoutZone();
    void addHost();
    void removeHost();
    Result<int> addImported(const Result<HostImport>& imported, const QString& path);
    void showDiagnostics(const QVector<InventoryDiagnostic>& diagnostics, const QString& summary);
    void showStatus(const QString& text);
    void browseOpen();
    void browseImport(bool ansible);
    void browseSave();
    void browseIdentity();

    Inventory m_inventory; // the draft; every field edit lands here at once
    int m_zoneRow = -1;
    int m_hostRow = -1;
    QVector<int> m_followers; // hosts of the selected zone: they follow a rename as it is typed
    bool m_loading = false;   // true while the forms are filled from the draft

    QTableWidget* m_zonesTable = nullptr;
    QWidget* m_zoneForm = nullptr;
    QLineEdit* m_zoneNameEdit = nullptr;
    QComboBox* m_scopeCombo = nullptr;
    QPlainTextEdit* m_rationaleEdit = nullptr;
    QPlainTextEdit* m_registriesEdit = nullptr;
    QPlainTextEdit* m_usersEdit = nullptr;
    QPlainTextEdit* m_logTargetsEdit = nullptr;

    QTableWidget* m_hostsTable = nullptr;
    QWidget* m_hostForm = nullptr;
    QLineEdit* m_addressEdit = nullptr;
    QLineEdit* m_hostNameEdit = nullptr;
    QComboBox* m_zoneCombo = nullptr;
    QComboBox* m_accessCombo = nullptr;
    QLineEdit* m_identityEdit = nullptr;
    QLineEdit* m_jumpEdit = nullptr;

    QLabel* m_statusLabel = nullptr;
    QLabel* m_errorLabel = nullptr;
    QPlainTextEdit* m_diagnosticsView = nullptr;
};

} // namespace bulkhead
