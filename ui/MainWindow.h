// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "domain/Attestation.h"
#include "domain/Finding.h"
#include "domain/Waiver.h"
#include "items/FleetTreeModel.h"
#include "probes/AccessMode.h"
#include "scan/FleetScanner.h"

#include <QHash>
#include <QMainWindow>
#include <QVector>

#include <memory>
#include <optional>

class QAction;
class QComboBox;
class QDockWidget;
class QFrame;
class QLabel;
class QLineEdit;
class QMenu;
class QProgressBar;
class QSplitter;
class QTabWidget;
class QToolButton;
class QTreeView;

namespace bulkhead {

class ChecksModel;
class DashboardView;
class EvidencePane;
class FindingsModel;
class HostsModel;
class RemediationDialog;
class ScanController;
class WatchController;
class Workspace;

// Hosts on the left, checks above findings in the middle, the selected finding's evidence on
// the right. Scans run on a ScanController thread; this window only reads the workspace.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    // Opens an existing workspace file and shows its current findings.
    Result<void> openWorkspace(const QString& path);
    // Creates (or opens, when it exists) a workspace file.
    Result<void> createWorkspace(const QString& path);
    QString workspacePath() const;
    // Re-reads the workspace into the models, keeping the selection where it can.
    Result<void> reload();

    // Starts a scan of the workspace without a dialog (the dialog calls this too).
    Result<void> startScan(const ScanRequest& request);
    bool isScanning() const;

    // The auditor's decisions, stored, logged and shown at once (the dialogs call these).
    Result<qint64> grantWaiver(const Waiver& waiver);
    Result<qint64> attest(const Attestation& attestation, const QStringList& files);

    enum class MessageKind
    {
        Info,
        Success,
        Warning,
        Error,
    };
    // The message strip above the panes: plain text, dismissable, never modal.
    void showMessage(const QString& text, MessageKind kind);

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void createActions();
    void createMenus();
    void createToolBar();
    void createCentralWidget();
    void createStatusBar();
    void createScanDock();
    void configureViews();
    Result<void> adoptWorkspace(Result<std::unique_ptr<Workspace>> opened);

    void restoreSettings();
    void setDarkPalette(bool dark);
    void saveSettings();
    void saveWorkspaceFilter();
    void fillRecentMenu();
    void openRecentWorkspace(const QString& path);

    void newWorkspaceDialog();
    void openWorkspaceDialog();
    void exportPdfDialog();
    void exportFindingsDialog();
    void scanDialog();
    void scanInventoryDialog();
    void inventoryEditorDialog();
    void commandsDialog();
    void cancelScan();
    void about();
    void waiverDialog();
    void attestationDialog();
    void evidenceNoteDialog(bool withCapture);
    void remediationDialog();
    void undoRemediationDialog();
    void runRemediationDialog(RemediationDialog& dialog, const Finding& finding);
    // How the last scan reached hosts (workspace, key, known_hosts, a passphrase prompt); no hosts yet.
    ScanRequest lastScanReach();
    ScanRequest remediationTarget(qint64 hostId);
    // Selects the same finding of the current scan (after a re-check made a new one): EvidenceSubject's identity.
    void selectFindingLike(const Finding& finding);

    void onHostSelectionChanged();
    void onCheckSelectionChanged();
    void onFindingSelectionChanged();
    void applyFilters();

    void onScanStarted();
    void onScanProgress(int hostIndex, const QString& host, const QString& step, double fraction);
    void onScanFinished(const bulkhead::ScanOutcome& outcome, const QString& error);

    void updateTitle();
    void updateCounts();
    void updateActions();
    FleetTreeModel::Selection selectedFleetNode() const;
    std::optional<qint64> selectedHostId() const; // a host row, or a container's or image's host
    QString selectedCheckId() const;
    std::optional<qint64> selectedFindingId() const;
    const Finding* selectedFinding() const;
    void refreshDashboard();
    void showReview();
    void applyViewFilters();
    void clearViewFilters();

    std::unique_ptr<Workspace> m_workspace;
    HostsModel* m_hostsModel = nullptr;     // hosts with their last scan and counts: what the tree is built from
    FleetTreeModel* m_fleetModel = nullptr; // the left pane
    ChecksModel* m_checksModel = nullptr;
    FindingsModel* m_findingsModel = nullptr;
    ScanController* m_scanController = nullptr;
    WatchController* m_watchController = nullptr; // "Watch container lifecycle": its action, label and thread

    QTreeView* m_hostsView = nullptr;
    QTreeView* m_checksView = nullptr;
    QTreeView* m_findingsView = nullptr;
    QLineEdit* m_filterEdit = nullptr;
    QString m_filterHelp;               // the text box's tooltip: the words it understands
    QComboBox* m_statusCombo = nullptr; // which statuses the findings list shows
    QLabel* m_findingsTitle = nullptr;
    EvidencePane* m_evidence = nullptr;
    QSplitter* m_mainSplitter = nullptr;
    QSplitter* m_middleSplitter = nullptr;
    QTabWidget* m_tabs = nullptr; // Review | Dashboard
    DashboardView* m_dashboard = nullptr;
    bool m_dashboardDirty = true;     // drawn when shown: a big workspace opens without it
    QWidget* m_filterStrip = nullptr; // what the dashboard narrowed the views to
    QLabel* m_filterLabel = nullptr;
    int m_tipFilter = 0; // 0: every tip
    std::optional<Severity> m_severityFilter;
    std::optional<QString> m_zoneFilter; // "" : hosts in no zone
    QHash<qint64, QString> m_hostZones;  // host id -> zone, as of the last reload

    QFrame* m_messageArea = nullptr;
    QLabel* m_messageIcon = nullptr;
    QLabel* m_messageLabel = nullptr;

    QLabel* m_pathLabel = nullptr;
    QLabel* m_countsLabel = nullptr;
    QLabel* m_progressLabel = nullptr;
    QProgressBar* m_progress = nullptr;
    QToolButton* m_cancelButton = nullptr;
    QDockWidget* m_scanDock = nullptr; // per-host progress of a fleet scan

    QAction* m_newAction = nullptr;
    QAction* m_openAction = nullptr;
    QAction* m_exportAction = nullptr;
    QAction* m_exportFindingsAction = nullptr;
    QAction* m_quitAction = nullptr;
    QAction* m_scanAction = nullptr;
    QAction* m_scanInventoryAction = nullptr;
    QAction* m_inventoryEditorAction = nullptr;
    QAction* m_commandsAction = nullptr;
    QAction* m_cancelAction = nullptr;
    QAction* m_reloadAction = nullptr;
    QAction* m_waiverAction = nullptr;
    QAction* m_attestAction = nullptr;
    QAction* m_compareAction = nullptr;
    QAction* m_noteAction = nullptr;
    QAction* m_captureAction = nullptr;
    QAction* m_remediateAction = nullptr;
    QAction* m_undoRemediationAction = nullptr;
    QAction* m_aboutAction = nullptr;
    QAction* m_darkAction = nullptr; // View > Dark palette, kept in the settings
    QAction* m_findAction = nullptr;
    QMenu* m_recentMenu = nullptr;

    // What the scan dialog showed last, offered again next time.
    QString m_lastHost;
    QString m_lastIdentity;
    QString m_lastKnownHosts;
    QString m_lastInventory;
    AccessMode m_lastAccess = AccessMode::Direct;
    bool m_reloading = false;
};

} // namespace bulkhead
