// SPDX-License-Identifier: GPL-3.0-or-later
#include "MainWindow.h"

#include "checks/CheckCatalog.h"
#include "dashboard/DashboardView.h"
#include "delegates/HostDelegate.h"
#include "delegates/PlainTextDelegate.h"
#include "delegates/StatusDelegate.h"
#include "dialogs/AttestationDialog.h"
#include "dialogs/BinderDialog.h"
#include "dialogs/CommandsDialog.h"
#include "dialogs/EvidenceNoteDialog.h"
#include "dialogs/GuiCredentialsProvider.h"
#include "dialogs/InventoryEditorDialog.h"
#include "dialogs/InventoryScanDialog.h"
#include "dialogs/ScanDialog.h"
#include "dialogs/ScanDiffDialog.h"
#include "dialogs/WaiverDialog.h"
#include "domain/EvidenceSubject.h"
#include "evidence/EvidencePane.h"
#include "evidence/WindowCapture.h"
#include "export/ExportSnapshot.h"
#include "export/ExportWriter.h"
#include "items/ChecksModel.h"
#include "items/FindingsModel.h"
#include "items/FleetTreeModel.h"
#include "items/HostsModel.h"
#include "items/ItemRoles.h"
#include "remediate/RemediationDialog.h"
#include "remediation/RemediationCatalog.h"
#include "report/BinderWriter.h"
#include "scan/ScanController.h"
#include "scan/ScanProgressModel.h"
#include "scan/ScanProgressView.h"
#include "settings/WorkstationSettings.h"
#include "ssh/PassphraseCache.h"
#include "ssh/SshConfig.h"
#include "store/Workspace.h"
#include "store/WorkspaceInventory.h"
#include "style/AppPalette.h"
#include "text/SafeText.h"
#include "watch/WatchController.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QComboBox>
#include <QDateTime>
#include <QDir>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QFrame>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QIcon>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressBar>
#include <QSaveFile>
#include <QSignalBlocker>
#include <QSplitter>
#include <QStatusBar>
#include <QStyle>
#include <QTabWidget>
#include <QToolBar>
#include <QToolButton>
#include <QTreeView>
#include <QVBoxLayout>

namespace bulkhead {

namespace {

QIcon icon(const char* name)
{
    return QIcon(QStringLiteral(":/bulkhead/icons/") + QLatin1String(name) + QStringLiteral(".svg"));
}

QTreeView* makeView(const QString& objectName, QWidget* parent)
{
    auto* view = new QTreeView(parent);
    view->setObjectName(objectName);
    view->setRootIsDecorated(false);
    view->setUniformRowHeights(true);
    view->setAlternatingRowColors(true);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setSelectionMode(QAbstractItemView::SingleSelection);
    view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    view->setAllColumnsShowFocus(true);
    view->setTextElideMode(Qt::ElideRight);
    view->setItemDelegate(new PlainTextDelegate(view));
    view->header()->setStretchLastSection(false);
    view->header()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    view->header()->setHighlightSections(false);
    return view;
}

// A pane title: a bold caption over a view, like the section heads of an IDE's sidebars.
QLabel* caption(const QString& text, QWidget* parent)
{
    auto* label = new QLabel(text, parent);
    label->setTextFormat(Qt::PlainText);
    QFont font = label->font();
    font.setBold(true);
    label->setFont(font);
    label->setContentsMargins(4, 4, 4, 2);
    return label;
}

QWidget* pane(QLabel* title, QWidget* body, QWidget* parent, QWidget* extra = nullptr)
{
    auto* widget = new QWidget(parent);
    auto* layout = new QVBoxLayout(widget);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    if (extra != nullptr) {
        auto* row = new QHBoxLayout;
        row->setContentsMargins(0, 0, 0, 0);
        row->addWidget(title, 1);
        row->addWidget(extra, 0);
        layout->addLayout(row);
    } else {
        layout->addWidget(title);
    }
    layout->addWidget(body, 1);
    return widget;
}

// A warning box that never interprets its text as markup (paths and errors may contain '<').
void warnPlain(QWidget* parent, const QString& title, const QString& text)
{
    QMessageBox box(QMessageBox::Warning, title, SafeText::visible(text), QMessageBox::Ok, parent);
    box.setTextFormat(Qt::PlainText);
    box.exec();
}

// English plurals without a translator loaded ("1 host", "3 hosts").
QString counted(int n, const char* singular, const char* plural)
{
    return QString::number(n) + QLatin1Char(' ') + MainWindow::tr(n == 1 ? singular : plural);
}

void setColumnWidths(QTreeView* view, std::initializer_list<std::pair<int, int>> widths, int stretchColumn)
{
    QHeaderView* header = view->header();
    header->setSectionResizeMode(QHeaderView::Interactive);
    for (const auto& [column, width] : widths)
        header->resizeSection(column, width);
    if (stretchColumn >= 0)
        header->setSectionResizeMode(stretchColumn, QHeaderView::Stretch);
}

} // namespace

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent)
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowIcon(icon("bulkhead"));
    m_hostsModel = new HostsModel(this);
    m_fleetModel = new FleetTreeModel(this);
    m_checksModel = new ChecksModel(this);
    m_findingsModel = new FindingsModel(this);

    m_scanController = new ScanController(this);
    connect(m_scanController, &ScanController::started, this, &MainWindow::onScanStarted);
    connect(m_scanController, &ScanController::progress, this, &MainWindow::onScanProgress);
    connect(m_scanController, &ScanController::finished, this, &MainWindow::onScanFinished);

    // Lifecycle evidence of the selected host (or every host when none is selected), reached with the
    // scan dialog's last key and known_hosts file.
    m_watchController = new WatchController(this);
    m_watchController->setRequestProvider([this]() -> Result<WatchRequest> {
        if (!m_workspace)
            return makeError(tr("Open or create a workspace first."));
        auto hosts = m_workspace->hosts();
        if (!hosts)
            return hosts.error();
        WatchRequest request;
        request.target = lastScanReach();
        const std::optional<qint64> selected = selectedHostId();
        for (const HostRecord& host : hosts.value()) {
            if (!selected || *selected == host.id)
                request.target.hosts.append(host.spec);
        }
        if (request.target.hosts.isEmpty())
            return makeError(tr("There is no host to watch: scan a host first."));
        return request;
    });
    connect(m_watchController, &WatchController::failedToStart, this,
            [this](const QString& error) { showMessage(error, MessageKind::Error); });
    // While no finding is selected, the evidence pane follows the lifecycle evidence as it is stored.
    const auto showLifecycle = [this] {
        if (!m_workspace || selectedFindingId())
            return;
        if (auto refs = WatchController::latestEvidence(*m_workspace, selectedHostId()))
            m_evidence->showArtifacts(tr("Container lifecycle evidence"), refs.value());
    };
    connect(m_watchController, &WatchController::eventStored, this, showLifecycle);
    connect(m_watchController, &WatchController::finished, this,
            [this, showLifecycle](const WatchOutcome& outcome, const QString& error) {
                (void)reload();
                showLifecycle();
                QStringList problems;
                for (const HostOutcome& host : outcome.hosts) {
                    if (host.state != HostScanState::Done)
                        problems << host.host.toString() + QStringLiteral(": ") + host.message;
                }
                if (!error.isEmpty())
                    showMessage(tr("The watch stopped: %1").arg(error), MessageKind::Error);
                else if (!problems.isEmpty())
                    showMessage(problems.join(QLatin1Char('\n')), MessageKind::Warning);
            });

    createActions();
    createMenus();
    createToolBar();
    createCentralWidget();
    createStatusBar();
    createScanDock();
    configureViews();
    updateTitle();
    updateCounts();
    updateActions();
    resize(1440, 880);
    restoreSettings();
}

MainWindow::~MainWindow()
{
    // The controller joins its thread; models must not outlive the views' use of them.
    delete m_scanController;
    m_scanController = nullptr;
}

void MainWindow::createActions()
{
    m_newAction = new QAction(icon("new"), tr("&New workspace…"), this);
    m_newAction->setObjectName(QStringLiteral("newAction"));
    m_newAction->setShortcut(QKeySequence::New);
    connect(m_newAction, &QAction::triggered, this, &MainWindow::newWorkspaceDialog);

    m_openAction = new QAction(icon("open"), tr("&Open workspace…"), this);
    m_openAction->setObjectName(QStringLiteral("openAction"));
    m_openAction->setShortcut(QKeySequence::Open);
    connect(m_openAction, &QAction::triggered, this, &MainWindow::openWorkspaceDialog);

    m_exportAction = new QAction(icon("pdf"), tr("&Export audit binder…"), this);
    m_exportAction->setObjectName(QStringLiteral("exportAction"));
    m_exportAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));

    m_findAction = new QAction(icon("filter"), tr("&Filter findings"), this);
    m_findAction->setObjectName(QStringLiteral("findAction"));
    m_findAction->setShortcut(QKeySequence::Find);
    connect(m_findAction, &QAction::triggered, this, [this] {
        m_tabs->setCurrentIndex(0);
        m_filterEdit->setFocus(Qt::ShortcutFocusReason);
        m_filterEdit->selectAll();
    });
    m_exportAction->setToolTip(tr("Write the audit binder as PDF: cover, scope, methodology, summary, control "
                                  "matrix, findings, attestations, waivers, remediations, evidence index, sign-off"));
    connect(m_exportAction, &QAction::triggered, this, &MainWindow::exportPdfDialog);

    m_exportFindingsAction = new QAction(tr("Export &findings…"), this);
    m_exportFindingsAction->setObjectName(QStringLiteral("exportFindingsAction"));
    m_exportFindingsAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E));
    m_exportFindingsAction->setToolTip(tr("Write the findings for other tools: JSON, CSV, SARIF, JUnit XML or OSCAL"));
    connect(m_exportFindingsAction, &QAction::triggered, this, &MainWindow::exportFindingsDialog);

    m_quitAction = new QAction(tr("&Quit"), this);
    m_quitAction->setObjectName(QStringLiteral("quitAction"));
    m_quitAction->setShortcut(QKeySequence::Quit);
    m_quitAction->setMenuRole(QAction::QuitRole);
    connect(m_quitAction, &QAction::triggered, this, &QWidget::close);

    m_scanAction = new QAction(icon("scan"), tr("&Scan host…"), this);
    m_scanAction->setObjectName(QStringLiteral("scanAction"));
    m_scanAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_R));
    m_scanAction->setToolTip(tr("Collect evidence from a host over SSH and evaluate the checks"));
    connect(m_scanAction, &QAction::triggered, this, &MainWindow::scanDialog);

    m_scanInventoryAction = new QAction(icon("scan"), tr("Scan &inventory…"), this);
    m_scanInventoryAction->setObjectName(QStringLiteral("scanInventoryAction"));
    m_scanInventoryAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R));
    m_scanInventoryAction->setToolTip(tr("Scan the in-scope zones of an inventory file, several hosts at once"));
    connect(m_scanInventoryAction, &QAction::triggered, this, &MainWindow::scanInventoryDialog);
    m_inventoryEditorAction = new QAction(tr("Edit zones and &hosts…"), this);
    m_inventoryEditorAction->setObjectName(QStringLiteral("inventoryEditorAction"));
    m_inventoryEditorAction->setStatusTip(
        tr("Edit the workspace's zones and hosts, open an inventory file or import hosts from ssh or Ansible"));
    connect(m_inventoryEditorAction, &QAction::triggered, this, &MainWindow::inventoryEditorDialog);

    m_commandsAction = new QAction(tr("Show &commands…"), this);
    m_commandsAction->setObjectName(QStringLiteral("commandsAction"));
    m_commandsAction->setToolTip(tr("Every command a scan runs on a host, and the sudoers allow-list for them"));
    connect(m_commandsAction, &QAction::triggered, this, &MainWindow::commandsDialog);

    m_cancelAction = new QAction(icon("cancel"), tr("&Cancel scan"), this);
    m_cancelAction->setObjectName(QStringLiteral("cancelAction"));
    m_cancelAction->setShortcut(QKeySequence(Qt::Key_Escape));
    connect(m_cancelAction, &QAction::triggered, this, &MainWindow::cancelScan);

    m_reloadAction = new QAction(icon("reload"), tr("Re&load"), this);
    m_reloadAction->setObjectName(QStringLiteral("reloadAction"));
    m_reloadAction->setShortcut(QKeySequence::Refresh);
    connect(m_reloadAction, &QAction::triggered, this, [this] {
        if (auto reloaded = reload(); !reloaded)
            showMessage(reloaded.errorMessage(), MessageKind::Error);
    });

    m_waiverAction = new QAction(tr("Grant &waiver…"), this);
    m_waiverAction->setObjectName(QStringLiteral("waiverAction"));
    m_waiverAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_W));
    m_waiverAction->setStatusTip(tr("Accept the risk of the selected failing finding, until an expiry date"));
    connect(m_waiverAction, &QAction::triggered, this, &MainWindow::waiverDialog);

    m_attestAction = new QAction(tr("&Attest manual check…"), this);
    m_attestAction->setObjectName(QStringLiteral("attestAction"));
    m_attestAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_T));
    m_attestAction->setStatusTip(tr("Record the verdict on the selected manual check, with evidence files"));
    connect(m_attestAction, &QAction::triggered, this, &MainWindow::attestationDialog);

    m_noteAction = new QAction(tr("Add &note or evidence…"), this);
    m_noteAction->setObjectName(QStringLiteral("noteAction"));
    m_noteAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_N));
    m_noteAction->setStatusTip(tr("Write a note and attach files to the selected finding or its check"));
    connect(m_noteAction, &QAction::triggered, this, [this] { evidenceNoteDialog(false); });
    m_captureAction = new QAction(tr("&Capture the window as evidence…"), this);
    m_captureAction->setObjectName(QStringLiteral("captureAction"));
    m_captureAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_P));
    m_captureAction->setStatusTip(tr("Attach a picture of this window, as it is now, to the selected finding"));
    connect(m_captureAction, &QAction::triggered, this, [this] { evidenceNoteDialog(true); });

    m_compareAction = new QAction(tr("&Compare scans…"), this);
    m_compareAction->setObjectName(QStringLiteral("compareAction"));
    m_compareAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_D));
    m_compareAction->setStatusTip(tr("What is new, fixed, regressed or waived between two scans"));
    connect(m_compareAction, &QAction::triggered, this, [this] {
        if (!m_workspace)
            return;
        ScanDiffDialog dialog(*m_workspace, this);
        dialog.exec();
    });

    m_remediateAction = new QAction(tr("&Remediate…"), this);
    m_remediateAction->setObjectName(QStringLiteral("remediateAction"));
    m_remediateAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_M));
    m_remediateAction->setStatusTip(tr("Show the exact commands that fix the selected finding, and run them once "
                                       "confirmed"));
    connect(m_remediateAction, &QAction::triggered, this, &MainWindow::remediationDialog);
    m_undoRemediationAction = new QAction(tr("&Undo remediation…"), this);
    m_undoRemediationAction->setObjectName(QStringLiteral("undoRemediationAction"));
    m_undoRemediationAction->setStatusTip(tr("Undo the last remediation of the selected finding"));
    connect(m_undoRemediationAction, &QAction::triggered, this, &MainWindow::undoRemediationDialog);

    m_darkAction = new QAction(tr("&Dark palette"), this);
    m_darkAction->setObjectName(QStringLiteral("darkAction"));
    m_darkAction->setCheckable(true);
    m_darkAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_L));
    connect(m_darkAction, &QAction::toggled, this, &MainWindow::setDarkPalette);

    m_aboutAction = new QAction(icon("bulkhead"), tr("&About Bulkhead"), this);
    m_aboutAction->setObjectName(QStringLiteral("aboutAction"));
    m_aboutAction->setMenuRole(QAction::AboutRole);
    connect(m_aboutAction, &QAction::triggered, this, &MainWindow::about);
}

void MainWindow::createMenus()
{
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addAction(m_newAction);
    file->addAction(m_openAction);
    m_recentMenu = file->addMenu(tr("Open &recent"));
    m_recentMenu->setObjectName(QStringLiteral("recentMenu"));
    connect(m_recentMenu, &QMenu::aboutToShow, this, &MainWindow::fillRecentMenu);
    fillRecentMenu(); // so the menu is enabled or not from the start
    file->addSeparator();
    file->addAction(m_exportAction);
    file->addAction(m_exportFindingsAction);
    file->addSeparator();
    file->addAction(m_quitAction);

    QMenu* scan = menuBar()->addMenu(tr("&Scan"));
    scan->addAction(m_scanAction);
    scan->addAction(m_scanInventoryAction);
    scan->addAction(m_inventoryEditorAction);
    scan->addAction(m_commandsAction);
    scan->addAction(m_cancelAction);
    scan->addAction(m_watchController->toggleAction());
    scan->addSeparator();
    scan->addAction(m_reloadAction);

    QMenu* review = menuBar()->addMenu(tr("&Review"));
    review->addAction(m_findAction);
    review->addSeparator();
    review->addAction(m_waiverAction);
    review->addAction(m_attestAction);
    review->addAction(m_noteAction);
    review->addAction(m_captureAction);
    review->addSeparator();
    review->addAction(m_compareAction);
    review->addSeparator();
    review->addAction(m_remediateAction);
    review->addAction(m_undoRemediationAction);

    QMenu* view = menuBar()->addMenu(tr("&View"));
    view->addAction(m_darkAction);

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(m_aboutAction);
}

void MainWindow::createToolBar()
{
    QToolBar* bar = addToolBar(tr("Main"));
    bar->setObjectName(QStringLiteral("mainToolBar"));
    bar->setMovable(false);
    bar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    bar->setIconSize(QSize(20, 20));
    bar->addAction(m_openAction);
    bar->addSeparator();
    bar->addAction(m_scanAction);
    bar->widgetForAction(m_scanAction)->setObjectName(QStringLiteral("scanButton"));
    bar->addAction(m_watchController->toggleAction());
    bar->widgetForAction(m_watchController->toggleAction())->setObjectName(QStringLiteral("watchButton"));
    bar->addAction(m_reloadAction);
    bar->addSeparator();
    bar->addAction(m_exportAction);
    bar->widgetForAction(m_exportAction)->setObjectName(QStringLiteral("exportButton"));
}

void MainWindow::createCentralWidget()
{
    auto* central = new QWidget(this);
    auto* layout = new QVBoxLayout(central);
    layout->setContentsMargins(6, 4, 6, 0);
    layout->setSpacing(4);

    // Message strip: scan results and export notes, never a modal box.
    m_messageArea = new QFrame(central);
    m_messageArea->setObjectName(QStringLiteral("messageArea"));
    m_messageArea->setFrameShape(QFrame::StyledPanel);
    auto* messageLayout = new QHBoxLayout(m_messageArea);
    messageLayout->setContentsMargins(8, 6, 4, 6);
    m_messageIcon = new QLabel(m_messageArea);
    m_messageIcon->setFixedSize(20, 20);
    m_messageLabel = new QLabel(m_messageArea);
    m_messageLabel->setObjectName(QStringLiteral("messageLabel"));
    m_messageLabel->setTextFormat(Qt::PlainText);
    m_messageLabel->setWordWrap(true);
    m_messageLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto* dismiss = new QToolButton(m_messageArea);
    dismiss->setObjectName(QStringLiteral("messageCloseButton"));
    dismiss->setIcon(icon("close"));
    dismiss->setAutoRaise(true);
    dismiss->setToolTip(tr("Dismiss"));
    connect(dismiss, &QToolButton::clicked, m_messageArea, &QWidget::hide);
    messageLayout->addWidget(m_messageIcon, 0, Qt::AlignTop);
    messageLayout->addWidget(m_messageLabel, 1);
    messageLayout->addWidget(dismiss, 0, Qt::AlignTop);
    m_messageArea->hide();
    layout->addWidget(m_messageArea);

    m_hostsView = makeView(QStringLiteral("hostsView"), central);
    m_hostsView->setModel(m_fleetModel); // zones, their hosts, each host's containers and images
    m_hostsView->setRootIsDecorated(true);
    m_checksView = makeView(QStringLiteral("checksView"), central);
    m_checksView->setModel(m_checksModel);
    m_findingsView = makeView(QStringLiteral("findingsView"), central);
    m_findingsView->setModel(m_findingsModel); // filters and sorts itself: no proxy
    m_findingsView->setSortingEnabled(true);
    m_findingsView->sortByColumn(FindingsModel::StatusColumn, Qt::DescendingOrder);

    m_filterEdit = new QLineEdit(central);
    m_filterEdit->setObjectName(QStringLiteral("filterEdit"));
    m_filterEdit->setPlaceholderText(tr("Filter: text, cis:5.4, tip:3…"));
    m_filterHelp = tr("Text to find in any column. These words narrow the list further:\n"
                      "cis:5.4 (a CIS id, or a section such as cis:5)\ntip:3\nseverity:high\n"
                      "status:fail,warn\nzone:prod\nhost:alpha\ncheck:container.privileged");
    m_filterEdit->setToolTip(m_filterHelp);
    m_filterEdit->setClearButtonEnabled(true);
    m_filterEdit->addAction(icon("filter"), QLineEdit::LeadingPosition);
    m_filterEdit->setMaximumWidth(320);
    m_filterEdit->setMinimumWidth(200);
    connect(m_filterEdit, &QLineEdit::textChanged, this, &MainWindow::applyFilters);

    m_evidence = new EvidencePane(central);
    m_evidence->setObjectName(QStringLiteral("evidencePane"));

    // Which findings to list: every status, or what needs attention.
    m_statusCombo = new QComboBox(central);
    m_statusCombo->setObjectName(QStringLiteral("statusFilterCombo"));
    m_statusCombo->addItem(tr("Every status"), QString());
    m_statusCombo->addItem(tr("Failing (fail, warn)"), QStringLiteral("fail,warn"));
    m_statusCombo->addItem(tr("Manual"), QStringLiteral("manual"));
    m_statusCombo->addItem(tr("Error"), QStringLiteral("error"));
    m_statusCombo->addItem(tr("Waived"), QStringLiteral("waived"));
    m_statusCombo->addItem(tr("Pass"), QStringLiteral("pass"));
    connect(m_statusCombo, &QComboBox::currentIndexChanged, this, &MainWindow::applyFilters);
    auto* findingsTools = new QWidget(central);
    auto* toolsLayout = new QHBoxLayout(findingsTools);
    toolsLayout->setContentsMargins(0, 0, 0, 0);
    toolsLayout->addWidget(m_statusCombo);
    toolsLayout->addWidget(m_filterEdit);

    m_findingsTitle = caption(tr("Findings"), central);
    // A long title (check, subject, host) must not widen the pane and squeeze the fleet tree: it is cut.
    m_findingsTitle->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_findingsTitle->setMinimumWidth(80);
    m_middleSplitter = new QSplitter(Qt::Vertical, central);
    m_middleSplitter->setObjectName(QStringLiteral("middleSplitter"));
    m_middleSplitter->addWidget(pane(caption(tr("Checks"), central), m_checksView, central));
    m_middleSplitter->addWidget(pane(m_findingsTitle, m_findingsView, central, findingsTools));
    m_middleSplitter->setChildrenCollapsible(false);
    // 91 checks: the checklist gets as much room as the findings of the one selected.
    m_middleSplitter->setSizes({400, 400});

    m_mainSplitter = new QSplitter(Qt::Horizontal, central);
    m_mainSplitter->setObjectName(QStringLiteral("mainSplitter"));
    m_mainSplitter->addWidget(pane(caption(tr("Fleet"), central), m_hostsView, central));
    m_mainSplitter->addWidget(m_middleSplitter);
    m_mainSplitter->addWidget(m_evidence);
    m_mainSplitter->setChildrenCollapsible(false);
    m_mainSplitter->setStretchFactor(0, 0);
    m_mainSplitter->setStretchFactor(1, 1);
    m_mainSplitter->setStretchFactor(2, 0);
    m_mainSplitter->setSizes({280, 630, 530});

    // What the dashboard narrowed the checklist to, with a way back.
    m_filterStrip = new QWidget(central);
    m_filterStrip->setObjectName(QStringLiteral("filterStrip"));
    auto* stripLayout = new QHBoxLayout(m_filterStrip);
    stripLayout->setContentsMargins(2, 0, 2, 0);
    m_filterLabel = new QLabel(m_filterStrip);
    m_filterLabel->setObjectName(QStringLiteral("filterLabel"));
    m_filterLabel->setTextFormat(Qt::PlainText);
    auto* clearFilters = new QToolButton(m_filterStrip);
    clearFilters->setObjectName(QStringLiteral("clearFiltersButton"));
    clearFilters->setText(tr("Show all"));
    clearFilters->setAutoRaise(true);
    connect(clearFilters, &QToolButton::clicked, this, &MainWindow::clearViewFilters);
    stripLayout->addWidget(m_filterLabel);
    stripLayout->addWidget(clearFilters);
    stripLayout->addStretch(1);
    m_filterStrip->hide();

    auto* review = new QWidget(central);
    auto* reviewLayout = new QVBoxLayout(review);
    reviewLayout->setContentsMargins(0, 0, 0, 0);
    reviewLayout->setSpacing(2);
    reviewLayout->addWidget(m_filterStrip);
    reviewLayout->addWidget(m_mainSplitter, 1);

    m_dashboard = new DashboardView(central);
    connect(m_dashboard, &DashboardView::tipActivated, this, [this](int tip) {
        m_tipFilter = tip;
        showReview();
    });
    connect(m_dashboard, &DashboardView::severityActivated, this, [this](Severity severity) {
        m_severityFilter = severity;
        showReview();
    });
    connect(m_dashboard, &DashboardView::zoneActivated, this, [this](const QString& zone) {
        m_zoneFilter = zone;
        showReview();
    });
    connect(m_dashboard, &DashboardView::hostActivated, this, [this](qint64 hostId) {
        m_zoneFilter.reset(); // the host is shown whatever its zone
        showReview();
        const QModelIndex index = m_fleetModel->indexOfHost(hostId);
        if (index.isValid())
            m_hostsView->setCurrentIndex(index);
    });

    m_tabs = new QTabWidget(central);
    m_tabs->setObjectName(QStringLiteral("mainTabs"));
    m_tabs->setDocumentMode(true);
    m_tabs->addTab(review, tr("&Review"));
    m_tabs->addTab(m_dashboard, tr("&Dashboard"));
    connect(m_tabs, &QTabWidget::currentChanged, this, [this] {
        if (m_tabs->currentWidget() == m_dashboard && m_dashboardDirty)
            refreshDashboard();
    });
    layout->addWidget(m_tabs, 1);

    setCentralWidget(central);

    connect(m_hostsView->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &MainWindow::onHostSelectionChanged);
    connect(m_checksView->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &MainWindow::onCheckSelectionChanged);
    connect(m_findingsView->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &MainWindow::onFindingSelectionChanged);
}

void MainWindow::configureViews()
{
    m_hostsView->setItemDelegate(new HostDelegate(FleetTreeModel::StateColumn, m_hostsView));
    setColumnWidths(
        m_hostsView,
        {{FleetTreeModel::StateColumn, 86}, {FleetTreeModel::FailColumn, 38}, {FleetTreeModel::PassColumn, 40}},
        FleetTreeModel::NameColumn);

    m_checksView->setItemDelegateForColumn(ChecksModel::StatusColumn, new StatusDelegate(m_checksView));
    setColumnWidths(m_checksView,
                    {{ChecksModel::TipColumn, 40},
                     {ChecksModel::CisColumn, 64},
                     {ChecksModel::StatusColumn, 116},
                     {ChecksModel::FailColumn, 48},
                     {ChecksModel::PassColumn, 48},
                     {ChecksModel::OtherColumn, 52}},
                    ChecksModel::TitleColumn);

    m_findingsView->setItemDelegateForColumn(FindingsModel::StatusColumn, new StatusDelegate(m_findingsView));
    // Message takes what is left and the view scrolls sideways rather than squeezing the rest.
    setColumnWidths(m_findingsView,
                    {{FindingsModel::HostColumn, 124},
                     {FindingsModel::CheckColumn, 176},
                     {FindingsModel::SubjectColumn, 110},
                     {FindingsModel::KindColumn, 72},
                     {FindingsModel::StatusColumn, 112},
                     {FindingsModel::ActualColumn, 150}},
                    -1);
    m_findingsView->header()->setStretchLastSection(true);
    m_findingsView->header()->setMinimumSectionSize(40);
}

void MainWindow::createStatusBar()
{
    m_pathLabel = new QLabel(this);
    m_pathLabel->setObjectName(QStringLiteral("workspacePathLabel"));
    m_pathLabel->setTextFormat(Qt::PlainText);
    m_countsLabel = new QLabel(this);
    m_countsLabel->setObjectName(QStringLiteral("countsLabel"));
    m_countsLabel->setTextFormat(Qt::PlainText);
    m_progressLabel = new QLabel(this);
    m_progressLabel->setObjectName(QStringLiteral("scanStepLabel"));
    m_progressLabel->setTextFormat(Qt::PlainText);
    m_progress = new QProgressBar(this);
    m_progress->setObjectName(QStringLiteral("scanProgress"));
    m_progress->setRange(0, 1000);
    m_progress->setTextVisible(false);
    m_progress->setFixedWidth(180);
    m_cancelButton = new QToolButton(this);
    m_cancelButton->setObjectName(QStringLiteral("cancelButton"));
    m_cancelButton->setDefaultAction(m_cancelAction);
    m_cancelButton->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_cancelButton->setAutoRaise(true);

    statusBar()->addWidget(m_pathLabel, 1);
    statusBar()->addPermanentWidget(m_progressLabel);
    statusBar()->addPermanentWidget(m_progress);
    statusBar()->addPermanentWidget(m_cancelButton);
    statusBar()->addPermanentWidget(m_watchController->statusLabel());
    statusBar()->addPermanentWidget(m_countsLabel);
    m_progressLabel->hide();
    m_progress->hide();
    m_cancelButton->hide();
}

void MainWindow::createScanDock()
{
    // Hidden until a scan of several hosts starts; then it stays until closed, with the final states.
    m_scanDock = new QDockWidget(tr("Scan progress"), this);
    m_scanDock->setObjectName(QStringLiteral("scanProgressDock"));
    m_scanDock->setAllowedAreas(Qt::BottomDockWidgetArea | Qt::TopDockWidgetArea);
    m_scanDock->setWidget(new ScanProgressView(m_scanController->progressModel(), m_scanDock));
    addDockWidget(Qt::BottomDockWidgetArea, m_scanDock);
    m_scanDock->hide();
}

Result<void> MainWindow::openWorkspace(const QString& path)
{
    return adoptWorkspace(Workspace::open(path, Workspace::OpenMode::ExistingOnly));
}

Result<void> MainWindow::createWorkspace(const QString& path)
{
    return adoptWorkspace(Workspace::open(path, Workspace::OpenMode::CreateIfMissing));
}

Result<void> MainWindow::adoptWorkspace(Result<std::unique_ptr<Workspace>> opened)
{
    if (m_scanController->isRunning())
        return makeError(tr("A scan is running: cancel it before switching workspaces."));
    if (!opened)
        return opened.error();
    m_evidence->setWorkspace(nullptr); // it must not hold on to the workspace being replaced
    saveWorkspaceFilter();
    m_workspace = std::move(opened.value());
    {
        // Each workspace comes back with the filter it was left with.
        WorkstationSettings settings;
        settings.addRecentWorkspace(m_workspace->path());
        const QSignalBlocker textBlocker(m_filterEdit);
        const QSignalBlocker statusBlocker(m_statusCombo);
        m_filterEdit->setText(settings.workspaceFilter(m_workspace->path()));
        m_statusCombo->setCurrentIndex(
            std::max(0, m_statusCombo->findData(settings.workspaceStatus(m_workspace->path()))));
    }
    m_messageArea->hide();
    m_hostsView->clearSelection();
    m_checksView->clearSelection();
    auto reloaded = reload();
    updateTitle();
    updateActions();
    // Start on the whole fleet.
    if (m_fleetModel->fleetIndex().isValid())
        m_hostsView->setCurrentIndex(m_fleetModel->fleetIndex());
    return reloaded;
}

QString MainWindow::workspacePath() const
{
    return m_workspace ? m_workspace->path() : QString();
}

bool MainWindow::isScanning() const
{
    return m_scanController->isRunning();
}

Result<void> MainWindow::reload()
{
    if (!m_workspace) {
        m_hostsModel->clear();
        m_fleetModel->clear();
        m_checksModel->clear();
        m_findingsModel->clear();
        m_evidence->setWorkspace(nullptr);
        m_dashboard->clear();
        updateCounts();
        return {};
    }
    const FleetTreeModel::Selection place = selectedFleetNode();
    const bool anything = m_hostsView->currentIndex().isValid();
    const QString check = selectedCheckId();
    const std::optional<qint64> finding = selectedFindingId();

    m_reloading = true;
    // As the auditor sees them: the waivers and attestations in force now applied.
    // Without their evidence: the pane reads the selected finding's (EvidencePane).
    auto findings = m_workspace->reviewedFindings(std::nullopt, QDateTime::currentDateTimeUtc(), false);
    auto hosts = findings ? m_hostsModel->load(*m_workspace, findings.value()) : Result<void>(findings.error());
    if (findings) {
        m_checksModel->setFindings(findings.value());
        m_findingsModel->setFindings(findings.value());
    } else {
        m_hostsModel->clear();
        m_checksModel->clear();
        m_findingsModel->clear();
    }
    m_evidence->setWorkspace(m_workspace.get());
    m_hostZones.clear();
    if (auto records = m_workspace->hosts()) {
        for (const HostRecord& record : records.value())
            m_hostZones.insert(record.id, record.zone);
    }
    m_findingsModel->setHostZones(m_hostZones);
    auto zones = m_workspace->zones();
    m_fleetModel->setFleet(m_hostsModel->hosts(), zones ? zones.value() : QVector<Zone>(), m_hostZones,
                           findings ? findings.value() : QVector<Finding>());
    m_hostsView->expandToDepth(0); // zones open, hosts closed: a fleet of 200 hosts stays readable
    m_dashboardDirty = true;
    if (m_tabs->currentWidget() == m_dashboard)
        refreshDashboard();

    // Restore the selection: models were reset, so views lost theirs. The closest that still exists.
    QModelIndex again;
    if (place.subject && place.host)
        again = m_fleetModel->indexOfSubject(*place.host, *place.subject);
    if (!again.isValid() && place.host)
        again = m_fleetModel->indexOfHost(*place.host);
    if (!again.isValid() && place.zone)
        again = m_fleetModel->indexOfZone(*place.zone);
    if (!again.isValid() && anything)
        again = m_fleetModel->fleetIndex();
    if (again.isValid())
        m_hostsView->setCurrentIndex(again);
    if (!check.isEmpty()) {
        const QModelIndex index = m_checksModel->indexOfCheck(check);
        if (index.isValid())
            m_checksView->setCurrentIndex(index);
    }
    m_reloading = false;
    applyViewFilters(); // and the findings filter
    if (finding) {
        const QModelIndex index = m_findingsModel->indexOfFinding(*finding);
        if (index.isValid())
            m_findingsView->setCurrentIndex(index);
    }
    updateCounts();
    if (!hosts)
        return hosts.error();
    if (!findings)
        return findings.error();
    return {};
}

FleetTreeModel::Selection MainWindow::selectedFleetNode() const
{
    const QModelIndexList rows = m_hostsView->selectionModel()->selectedRows();
    if (rows.isEmpty())
        return {};
    return m_fleetModel->selectionAt(rows.first());
}

std::optional<qint64> MainWindow::selectedHostId() const
{
    return selectedFleetNode().host;
}

QString MainWindow::selectedCheckId() const
{
    const QModelIndexList rows = m_checksView->selectionModel()->selectedRows();
    if (rows.isEmpty())
        return QString();
    return m_checksModel->checkIdAt(rows.first().row());
}

const Finding* MainWindow::selectedFinding() const
{
    const QModelIndexList rows = m_findingsView->selectionModel()->selectedRows();
    if (rows.isEmpty())
        return nullptr;
    return m_findingsModel->findingAt(rows.first().row());
}

std::optional<qint64> MainWindow::selectedFindingId() const
{
    const Finding* finding = selectedFinding();
    return finding ? std::optional<qint64>(finding->id) : std::nullopt;
}

void MainWindow::onHostSelectionChanged()
{
    if (m_reloading)
        return;
    applyFilters(); // the checklist's counts and the findings follow the tree's place
}

void MainWindow::onCheckSelectionChanged()
{
    if (m_reloading)
        return;
    applyFilters();
}

void MainWindow::applyFilters()
{
    const FleetTreeModel::Selection place = selectedFleetNode();
    const std::optional<qint64> host = place.host;
    const QString check = selectedCheckId();
    // The checklist counts what the tree's place holds: a host, a zone's hosts, or the fleet.
    if (place.zone) {
        QSet<qint64> inZone;
        for (auto it = m_hostZones.cbegin(); it != m_hostZones.cend(); ++it) {
            if (it.value() == *place.zone)
                inZone.insert(it.key());
        }
        m_checksModel->setHostsFilter(inZone);
    } else {
        m_checksModel->setHostFilter(host);
    }
    // The selections, the status combo and the dashboard's choices; then what the text box adds to them.
    FindingFilter filter;
    filter.host = host;
    filter.check = check;
    for (const QString& name : m_statusCombo->currentData().toString().split(u',', Qt::SkipEmptyParts)) {
        if (const auto status = statusFromString(name))
            filter.statuses << *status;
    }
    filter.subject = place.subject;
    filter.tip = m_tipFilter;
    filter.severity = m_severityFilter;
    filter.zone = m_zoneFilter ? m_zoneFilter : place.zone; // the dashboard's choice, else the tree's
    QStringList problems;
    filter = filter.withQuery(m_filterEdit->text(), &problems);
    m_filterEdit->setToolTip(problems.isEmpty() ? m_filterHelp
                                                : tr("Not understood, matched as text: %1").arg(problems.join(u'\n')));
    const std::optional<qint64> selected = selectedFindingId();
    m_findingsModel->setFilter(filter);
    if (!selected || selectedFindingId() != selected)
        m_evidence->clear(); // a finding still listed keeps its evidence shown
    m_findingsView->setColumnHidden(FindingsModel::HostColumn, host.has_value());
    m_findingsView->setColumnHidden(FindingsModel::CheckColumn, !check.isEmpty());

    QString title = tr("Findings");
    if (const CheckDefinition* definition = m_checksModel->checkAt(m_checksModel->indexOfCheck(check).row()))
        title += QStringLiteral(" — ") + definition->title;
    if (place.subject)
        title += tr(" on %1 %2")
                     .arg(subjectKindToString(place.subject->kind),
                          SafeText::visibleLine(place.subject->name.isEmpty() ? place.subject->id.left(12)
                                                                              : place.subject->name));
    if (const HostsModel::HostRow* row = host ? m_fleetModel->hostAt(m_fleetModel->indexOfHost(*host)) : nullptr)
        title += tr(" on %1").arg(SafeText::visibleLine(row->name));
    if (place.zone)
        title += place.zone->isEmpty() ? tr(" on hosts in no zone")
                                       : tr(" in zone %1").arg(SafeText::visibleLine(*place.zone));
    title += QStringLiteral(" (%1)").arg(m_findingsModel->rowCount());
    m_findingsTitle->setText(title);
    m_findingsTitle->setToolTip(title);
}

void MainWindow::onFindingSelectionChanged()
{
    const Finding* finding = selectedFinding();
    if (finding == nullptr)
        m_evidence->clear();
    else
        m_evidence->showFinding(*finding);
    updateActions();
}

void MainWindow::refreshDashboard()
{
    m_dashboardDirty = false;
    if (!m_workspace) {
        m_dashboard->clear();
        return;
    }
    auto hosts = m_workspace->hosts();
    auto zones = m_workspace->zones();
    // The trend: every scan's stored verdicts, counted in SQLite (a fleet's history is not read into memory).
    auto counts = m_workspace->scanStatusCounts();
    if (!hosts || !zones || !counts) {
        m_dashboard->clear();
        return;
    }
    constexpr qsizetype TrendScans = 12;
    QVector<DashboardView::TrendPoint> trend;
    for (const Workspace::ScanCounts& scan : counts->mid(std::max<qsizetype>(0, counts->size() - TrendScans))) {
        ComplianceScore score;
        score.pass = scan.byStatus.value(Status::Pass);
        score.fail = scan.byStatus.value(Status::Fail);
        score.warn = scan.byStatus.value(Status::Warn);
        score.waived = scan.byStatus.value(Status::Waived);
        score.manual = scan.byStatus.value(Status::Manual);
        score.error = scan.byStatus.value(Status::Error);
        score.notApplicable = scan.byStatus.value(Status::NotApplicable);
        trend << DashboardView::TrendPoint{scan.scanId, scan.startedUtc, score};
    }
    m_dashboard->setData(m_findingsModel->allFindings(), hosts.value(), zones.value(), trend);
}

void MainWindow::showReview()
{
    m_tabs->setCurrentIndex(0);
    applyViewFilters();
}

void MainWindow::clearViewFilters()
{
    m_tipFilter = 0;
    m_severityFilter.reset();
    m_zoneFilter.reset();
    applyViewFilters();
}

void MainWindow::applyViewFilters()
{
    // Checks of the chosen tip and severity; hosts of the chosen zone (the "all hosts" row stays).
    for (int row = 0; row < m_checksModel->rowCount(); ++row) {
        const CheckDefinition* check = m_checksModel->checkAt(row);
        const bool tipOk = m_tipFilter == 0 || (check && check->tip == m_tipFilter);
        const bool severityOk = !m_severityFilter || (check && check->severity == *m_severityFilter);
        m_checksView->setRowHidden(row, QModelIndex(), !(tipOk && severityOk));
    }
    for (int row = 0; row < m_fleetModel->rowCount(); ++row) {
        // A zone row, or a host row when the workspace has no zones; "All hosts" stays.
        const FleetTreeModel::Selection node = m_fleetModel->selectionAt(m_fleetModel->index(row, 0));
        const std::optional<QString> zone = node.zone   ? node.zone
                                            : node.host ? std::optional<QString>(m_hostZones.value(*node.host))
                                                        : std::nullopt;
        const bool zoneOk = !m_zoneFilter || !zone || *zone == *m_zoneFilter;
        m_hostsView->setRowHidden(row, QModelIndex(), !zoneOk);
    }
    QStringList parts;
    if (m_tipFilter != 0)
        parts << tr("tip %1").arg(m_tipFilter);
    if (m_severityFilter)
        parts << tr("severity %1").arg(severityToString(*m_severityFilter));
    if (m_zoneFilter)
        parts << (m_zoneFilter->isEmpty() ? tr("hosts in no zone")
                                          : tr("zone %1").arg(SafeText::visibleLine(*m_zoneFilter)));
    m_filterLabel->setText(tr("Showing only: %1").arg(parts.join(QStringLiteral(" · "))));
    m_filterStrip->setVisible(!parts.isEmpty());
    applyFilters();
}

ScanRequest MainWindow::lastScanReach()
{
    ScanRequest target;
    target.workspacePath = m_workspace->path();
    target.identityFile = m_lastIdentity;
    target.knownHostsFile =
        m_lastKnownHosts.isEmpty() ? QDir::homePath() + QStringLiteral("/.ssh/known_hosts") : m_lastKnownHosts;
    target.credentials = std::make_shared<PassphraseCache>(std::make_shared<GuiCredentialsProvider>(this));
    return target;
}

ScanRequest MainWindow::remediationTarget(qint64 hostId)
{
    // Reached as the last scan reached it: its key, known_hosts file and access; a host key must be known.
    ScanRequest target = lastScanReach();
    target.access = m_lastAccess;
    if (auto hosts = m_workspace->hosts()) {
        for (const HostRecord& host : hosts.value()) {
            if (host.id == hostId)
                target.hosts = {host.spec};
        }
    }
    return target;
}

void MainWindow::remediationDialog()
{
    const Finding* selected = selectedFinding();
    if (!selected || !m_workspace)
        return;
    const Finding finding = *selected;
    auto artifacts = m_workspace->artifacts(finding.scanId, finding.hostId);
    if (!artifacts) {
        showMessage(tr("Cannot read the evidence of this finding: %1").arg(artifacts.errorMessage()),
                    MessageKind::Error);
        return;
    }
    RemediationDialog dialog(finding, artifacts.value(), remediationTarget(finding.hostId), this);
    runRemediationDialog(dialog, finding);
}

void MainWindow::undoRemediationDialog()
{
    const Finding* selected = selectedFinding();
    if (!selected || !m_workspace)
        return;
    const Finding finding = *selected;
    auto records = m_workspace->remediations();
    if (!records) {
        showMessage(tr("Cannot read the remediations: %1").arg(records.errorMessage()), MessageKind::Error);
        return;
    }
    // The latest remediation of this check on this subject that is not itself an undo.
    std::optional<RemediationRecord> last;
    for (const RemediationRecord& record : records.value()) {
        if (record.hostId == finding.hostId && record.checkId == finding.checkId && record.undoOf == 0 &&
            record.subject.kind == finding.subject.kind && record.subject.id == finding.subject.id)
            last = record;
    }
    if (!last) {
        showMessage(tr("This finding has no remediation to undo."), MessageKind::Info);
        return;
    }
    RemediationDialog dialog(*last, remediationTarget(finding.hostId), this);
    runRemediationDialog(dialog, finding);
}

void MainWindow::runRemediationDialog(RemediationDialog& dialog, const Finding& finding)
{
    // The run stores a record, evidence and the re-check: show them, and the same finding of the new scan.
    connect(&dialog, &RemediationDialog::workspaceChanged, this, [this, finding] {
        (void)reload();
        selectFindingLike(finding);
    });
    dialog.exec();
}

void MainWindow::selectFindingLike(const Finding& finding)
{
    // The identity a finding keeps across scans (the one its history and its notes follow).
    const EvidenceSubject same = EvidenceSubject::ofFinding(finding);
    for (const Finding& candidate : m_findingsModel->allFindings()) {
        if (EvidenceSubject::ofFinding(candidate) == same) {
            const QModelIndex index = m_findingsModel->indexOfFinding(candidate.id);
            if (index.isValid())
                m_findingsView->setCurrentIndex(index);
            return;
        }
    }
}

void MainWindow::evidenceNoteDialog(bool withCapture)
{
    const Finding* selected = selectedFinding();
    if (!selected || !m_workspace)
        return;
    const Finding finding = *selected;
    // The picture is taken before the dialog opens, so the dialog is not in it.
    QByteArray picture;
    if (withCapture) {
        auto png = WindowCapture::png(this);
        if (!png) {
            showMessage(tr("The window could not be captured: %1").arg(png.errorMessage()), MessageKind::Error);
            return;
        }
        picture = png.value();
    }
    EvidenceNoteDialog dialog(finding, this);
    if (withCapture)
        dialog.addCapture(WindowCapture::fileName(QDateTime::currentDateTimeUtc()), picture);
    if (dialog.exec() != QDialog::Accepted)
        return;
    auto saved = dialog.save(*m_workspace);
    if (!saved) {
        showMessage(tr("The evidence was not recorded: %1").arg(saved.errorMessage()), MessageKind::Error);
        return;
    }
    m_evidence->showFinding(finding); // it reads the notes and files afresh
    showMessage(tr("Recorded %n item(s) of evidence on %1.", nullptr, int(saved->size())).arg(finding.checkId),
                MessageKind::Success);
}

void MainWindow::inventoryEditorDialog()
{
    if (!m_workspace)
        return;
    auto current = WorkspaceInventory::read(*m_workspace);
    if (!current) {
        showMessage(tr("Cannot read the workspace's zones and hosts: %1").arg(current.errorMessage()),
                    MessageKind::Error);
        return;
    }
    InventoryEditorDialog dialog(current.value(), this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    const Inventory edited = dialog.inventory();
    if (auto applied = m_workspace->applyInventory(edited); !applied) {
        showMessage(tr("The inventory was not stored: %1").arg(applied.errorMessage()), MessageKind::Error);
        return;
    }
    (void)reload(); // the fleet tree and the zone filters show the new zones at once
    showMessage(tr("Inventory stored: %1 zones, %2 hosts.").arg(edited.zones.size()).arg(edited.hosts.size()),
                MessageKind::Success);
}

void MainWindow::waiverDialog()
{
    const Finding* finding = selectedFinding();
    if (!finding || !m_workspace)
        return;
    WaiverDialog dialog(*finding, m_hostZones.value(finding->hostId), this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    (void)grantWaiver(dialog.waiver());
}

void MainWindow::attestationDialog()
{
    const Finding* finding = selectedFinding();
    if (!finding || !m_workspace)
        return;
    AttestationDialog dialog(finding->checkId, finding->hostName, m_hostZones.value(finding->hostId), this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    (void)attest(dialog.attestation(), dialog.files());
}

Result<qint64> MainWindow::grantWaiver(const Waiver& waiver)
{
    if (!m_workspace)
        return makeError(tr("No workspace is open"));
    auto added = m_workspace->addWaiver(waiver);
    if (!added) {
        showMessage(tr("The waiver was not recorded: %1").arg(added.errorMessage()), MessageKind::Error);
        return added;
    }
    (void)reload();
    showMessage(tr("Waiver %1 granted on %2 until %3.")
                    .arg(added.value())
                    .arg(waiver.checkId, waiver.expiresUtc.date().toString(Qt::ISODate)),
                MessageKind::Success);
    return added;
}

Result<qint64> MainWindow::attest(const Attestation& attestation, const QStringList& files)
{
    if (!m_workspace)
        return makeError(tr("No workspace is open"));
    auto added = m_workspace->addAttestation(attestation, files);
    if (!added) {
        showMessage(tr("The attestation was not recorded: %1").arg(added.errorMessage()), MessageKind::Error);
        return added;
    }
    (void)reload();
    showMessage(tr("Attestation %1 recorded: %2 %3, with %n evidence file(s).", nullptr, int(files.size()))
                    .arg(added.value())
                    .arg(attestation.checkId, statusToString(attestation.status)),
                MessageKind::Success);
    return added;
}

void MainWindow::updateTitle()
{
    if (m_workspace)
        setWindowTitle(QStringLiteral("Bulkhead — ") + QFileInfo(m_workspace->path()).fileName());
    else
        setWindowTitle(QStringLiteral("Bulkhead"));
    m_pathLabel->setText(m_workspace ? QDir::toNativeSeparators(m_workspace->path()) : tr("No workspace open"));
}

void MainWindow::updateCounts()
{
    if (!m_workspace) {
        m_countsLabel->clear();
        return;
    }
    int fail = 0;
    int error = 0;
    int pass = 0;
    for (const Finding& finding : m_findingsModel->allFindings()) {
        fail += finding.status == Status::Fail ? 1 : 0;
        error += finding.status == Status::Error ? 1 : 0;
        pass += finding.status == Status::Pass ? 1 : 0;
    }
    const int hosts = int(m_hostsModel->hosts().size());
    m_countsLabel->setText(counted(hosts, "host", "hosts") + QStringLiteral("  ·  ") +
                           counted(int(m_findingsModel->allFindings().size()), "finding", "findings") +
                           QStringLiteral("  ·  ") + tr("%1 fail").arg(fail) + QStringLiteral("  ·  ") +
                           tr("%1 error").arg(error) + QStringLiteral("  ·  ") + tr("%1 pass").arg(pass));
}

void MainWindow::updateActions()
{
    const bool open = m_workspace != nullptr;
    const bool scanning = m_scanController->isRunning();
    m_scanAction->setEnabled(open && !scanning);
    m_scanInventoryAction->setEnabled(open && !scanning);
    // A running scan stores the zones of its inventory: one writer of zones at a time.
    m_inventoryEditorAction->setEnabled(open && !scanning);
    m_cancelAction->setEnabled(scanning);
    m_exportAction->setEnabled(open);
    m_exportFindingsAction->setEnabled(open);
    m_reloadAction->setEnabled(open);
    m_newAction->setEnabled(!scanning);
    m_openAction->setEnabled(!scanning);
    // A waiver goes on a failing (or warning) finding; an attestation on a manual check, or to redo one.
    const Finding* finding = open ? selectedFinding() : nullptr;
    m_waiverAction->setEnabled(finding != nullptr &&
                               (finding->status == Status::Fail || finding->status == Status::Warn));
    m_attestAction->setEnabled(finding != nullptr &&
                               (finding->status == Status::Manual || finding->attestationId != 0));
    m_compareAction->setEnabled(open);
    m_noteAction->setEnabled(finding != nullptr);
    m_captureAction->setEnabled(finding != nullptr);
    // What Bulkhead can fix (RemediationCatalog); the planner says why when this host's evidence does not allow it.
    const bool fixable = finding != nullptr && !scanning && RemediationCatalog::isRemediable(*finding);
    m_remediateAction->setEnabled(fixable);
    // Undo also once the finding passes (that is what a remediation leaves): any check Bulkhead can fix.
    m_undoRemediationAction->setEnabled(finding != nullptr && !scanning &&
                                        RemediationCatalog::find(finding->checkId) != nullptr);
}

void MainWindow::showMessage(const QString& text, MessageKind kind)
{
    const char* iconName = "info";
    QString style;
    switch (kind) {
    case MessageKind::Info:
        style = QStringLiteral("#messageArea { background: #e8f1fb; border: 1px solid #9cc3ea; border-radius: 4px; }"
                               " #messageArea QLabel { color: #1f2328; }");
        iconName = "info";
        break;
    case MessageKind::Success:
        style = QStringLiteral("#messageArea { background: #e9f5ea; border: 1px solid #97c99b; border-radius: 4px; }"
                               " #messageArea QLabel { color: #1f2328; }");
        iconName = "success";
        break;
    case MessageKind::Warning:
        style = QStringLiteral("#messageArea { background: #fff6e0; border: 1px solid #e8c36a; border-radius: 4px; }"
                               " #messageArea QLabel { color: #1f2328; }");
        iconName = "warning";
        break;
    case MessageKind::Error:
        style = QStringLiteral("#messageArea { background: #fdecea; border: 1px solid #e59a95; border-radius: 4px; }"
                               " #messageArea QLabel { color: #1f2328; }");
        iconName = "error";
        break;
    }
    m_messageArea->setStyleSheet(style);
    m_messageIcon->setPixmap(icon(iconName).pixmap(QSize(20, 20)));
    m_messageLabel->setText(SafeText::visible(text));
    m_messageArea->show();
}

void MainWindow::newWorkspaceDialog()
{
    QString path = QFileDialog::getSaveFileName(this, tr("New workspace"), QDir::homePath(),
                                                tr("Bulkhead workspaces (*.bulkhead)"), nullptr,
                                                QFileDialog::DontConfirmOverwrite);
    if (path.isEmpty())
        return;
    if (QFileInfo(path).suffix().isEmpty())
        path += QStringLiteral(".bulkhead");
    const bool existed = QFileInfo::exists(path);
    if (auto created = createWorkspace(path); !created)
        warnPlain(this, tr("New workspace"), created.errorMessage());
    else if (existed)
        showMessage(tr("%1 already existed and was opened, not replaced.").arg(path), MessageKind::Info);
}

void MainWindow::openWorkspaceDialog()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Open workspace"), QDir::homePath(),
                                                      tr("Bulkhead workspaces (*.bulkhead);;All files (*)"));
    if (path.isEmpty())
        return;
    if (auto opened = openWorkspace(path); !opened)
        warnPlain(this, tr("Open workspace"), opened.errorMessage());
}

void MainWindow::exportPdfDialog()
{
    if (!m_workspace)
        return;
    auto engagement = m_workspace->engagement();
    auto zones = m_workspace->zones();
    if (!engagement || !zones) {
        showMessage(
            tr("The binder was not written: %1").arg(engagement ? zones.errorMessage() : engagement.errorMessage()),
            MessageKind::Error);
        return;
    }
    const QFileInfo info(m_workspace->path());
    BinderDialog dialog(engagement.value(), zones.value(),
                        info.dir().filePath(info.completeBaseName() + QStringLiteral("-binder.pdf")), this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    if (dialog.engagement() != engagement.value()) {
        if (auto stored = m_workspace->setEngagement(dialog.engagement()); !stored) {
            showMessage(tr("The binder was not written: %1").arg(stored.errorMessage()), MessageKind::Error);
            return;
        }
    }
    const QString path = dialog.pdfPath();
    BinderOptions options;
    options.zones = dialog.zones();
    QApplication::setOverrideCursor(Qt::WaitCursor);
    const auto written = BinderWriter::write(*m_workspace, path, options);
    QApplication::restoreOverrideCursor();
    if (!written) {
        showMessage(tr("The binder was not written: %1").arg(written.errorMessage()), MessageKind::Error);
        return;
    }
    showMessage(tr("Binder written to %1: %2, %3, %4.")
                    .arg(QDir::toNativeSeparators(path), counted(written->pages, "page", "pages"),
                         counted(written->findings, "finding", "findings"),
                         counted(written->artifacts, "artifact", "artifacts")),
                MessageKind::Success);
}

void MainWindow::exportFindingsDialog()
{
    if (!m_workspace)
        return;
    // Each filter names its format; the file's suffix follows the filter chosen.
    const QList<std::pair<QString, ExportWriter::Format>> formats{
        {tr("SARIF 2.1.0 (*.sarif)"), ExportWriter::Format::Sarif},
        {tr("JSON, everything (*.json)"), ExportWriter::Format::Json},
        {tr("CSV, one finding a row (*.csv)"), ExportWriter::Format::Csv},
        {tr("JUnit XML (*.xml)"), ExportWriter::Format::Junit},
        {tr("OSCAL assessment results (*.oscal.json)"), ExportWriter::Format::Oscal},
    };
    QStringList filters;
    for (const auto& format : formats)
        filters << format.first;
    const QFileInfo info(m_workspace->path());
    QString chosenFilter = filters.first();
    QString path = QFileDialog::getSaveFileName(this, tr("Export findings"),
                                                info.dir().filePath(info.completeBaseName() + QStringLiteral(".sarif")),
                                                filters.join(QStringLiteral(";;")), &chosenFilter);
    if (path.isEmpty())
        return;
    const auto format = std::find_if(formats.cbegin(), formats.cend(),
                                     [&chosenFilter](const auto& entry) { return entry.first == chosenFilter; });
    QApplication::setOverrideCursor(Qt::WaitCursor);
    auto snapshot = ExportSnapshot::read(*m_workspace, {}, QDateTime::currentDateTimeUtc());
    QByteArray bytes;
    if (snapshot)
        bytes = ExportWriter::write(format == formats.cend() ? ExportWriter::Format::Sarif : format->second, *snapshot);
    QApplication::restoreOverrideCursor();
    if (!snapshot) {
        showMessage(tr("The findings were not exported: %1").arg(snapshot.errorMessage()), MessageKind::Error);
        return;
    }
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit()) {
        showMessage(tr("The findings were not exported: %1").arg(file.errorString()), MessageKind::Error);
        return;
    }
    showMessage(tr("Findings exported to %1 (%2).")
                    .arg(QDir::toNativeSeparators(path), format == formats.cend() ? filters.first() : format->first),
                MessageKind::Success);
}

void MainWindow::scanDialog()
{
    if (!m_workspace || m_scanController->isRunning())
        return;
    ScanDialog dialog(this);
    if (!m_lastHost.isEmpty())
        dialog.setHost(m_lastHost);
    if (!m_lastIdentity.isEmpty())
        dialog.setIdentityFile(m_lastIdentity);
    if (!m_lastKnownHosts.isEmpty())
        dialog.setKnownHostsFile(m_lastKnownHosts);
    dialog.setAccess(m_lastAccess);
    if (dialog.exec() != QDialog::Accepted)
        return;
    m_lastAccess = dialog.access();
    m_lastHost = dialog.host();
    m_lastIdentity = dialog.identityFile();
    m_lastKnownHosts = dialog.knownHostsFile();

    ScanRequest request;
    request.workspacePath = m_workspace->path();
    request.hosts = {dialog.hostSpec().value()};
    request.identityFile = dialog.identityFile();
    request.knownHostsFile = dialog.knownHostsFile();
    request.acceptNew = dialog.acceptNew();
    request.passwordAuth = dialog.passwordAuth();
    request.access = dialog.access();
    if (dialog.useSshConfig()) {
        SshConfig::LoadOptions load;
        load.systemConfig = QStringLiteral("/etc/ssh/ssh_config");
        auto config = SshConfig::load(SshConfig::defaultPath(), load);
        if (!config) {
            showMessage(config.errorMessage(), MessageKind::Error);
            return;
        }
        request.sshConfig = std::make_shared<const SshConfig>(std::move(config).value());
    }
    if (auto started = startScan(request); !started)
        showMessage(started.errorMessage(), MessageKind::Error);
}

void MainWindow::scanInventoryDialog()
{
    if (!m_workspace || m_scanController->isRunning())
        return;
    InventoryScanDialog dialog(this);
    if (!m_lastKnownHosts.isEmpty())
        dialog.setKnownHostsFile(m_lastKnownHosts);
    if (!m_lastInventory.isEmpty())
        dialog.setInventoryFile(m_lastInventory);
    if (dialog.exec() != QDialog::Accepted || !dialog.plan())
        return;
    m_lastInventory = dialog.inventoryFile();
    m_lastKnownHosts = dialog.knownHostsFile();
    const InventoryScanPlan& plan = *dialog.plan();

    ScanRequest request;
    request.workspacePath = m_workspace->path();
    request.knownHostsFile = dialog.knownHostsFile();
    request.jobs = dialog.jobs();
    plan.applyTo(request, dialog.sudoForAll());
    // The zones go into the workspace first (out-of-scope ones too, with their rationale).
    if (auto recorded = plan.recordZones(request.workspacePath); !recorded) {
        showMessage(recorded.errorMessage(), MessageKind::Error);
        return;
    }
    if (auto started = startScan(request); !started)
        showMessage(started.errorMessage(), MessageKind::Error);
}

void MainWindow::commandsDialog()
{
    CommandsDialog dialog(m_lastAccess, this);
    dialog.exec();
    m_lastAccess = dialog.access();
}

Result<void> MainWindow::startScan(const ScanRequest& request)
{
    if (!m_workspace)
        return makeError(tr("Open or create a workspace first."));
    // Passphrases and passwords are asked in a dialog, remembered for this scan only, never stored.
    ScanRequest withPrompts = request;
    if (!withPrompts.credentials)
        withPrompts.credentials = std::make_shared<PassphraseCache>(std::make_shared<GuiCredentialsProvider>(this));
    if (!m_scanController->start(withPrompts))
        return makeError(tr("A scan is already running."));
    // A remediation or a watch later reaches hosts the way this scan did.
    if (!request.identityFile.isEmpty())
        m_lastIdentity = request.identityFile;
    if (!request.knownHostsFile.isEmpty())
        m_lastKnownHosts = request.knownHostsFile;
    m_lastAccess = request.access;
    return {};
}

void MainWindow::cancelScan()
{
    if (!m_scanController->isRunning())
        return;
    m_scanController->cancel();
    m_progressLabel->setText(tr("Cancelling…"));
    m_cancelAction->setEnabled(false);
}

void MainWindow::onScanStarted()
{
    m_messageArea->hide();
    m_progress->setValue(0);
    m_progress->setRange(0, 0); // busy until the first step reports a fraction
    m_progressLabel->setText(tr("Starting scan…"));
    m_progressLabel->show();
    m_progress->show();
    m_cancelButton->show();
    if (m_scanController->progressModel()->hostCount() > 1)
        m_scanDock->show();
    updateActions();
}

void MainWindow::onScanProgress(int hostIndex, const QString& host, const QString& step, double fraction)
{
    Q_UNUSED(hostIndex);
    Q_UNUSED(fraction); // the host's own; the bar shows the whole scan
    if (m_scanController->isCancelling())
        return; // keep "Cancelling…" up while the workers wind down
    const ScanProgressModel* hosts = m_scanController->progressModel();
    if (m_progress->maximum() == 0)
        m_progress->setRange(0, 1000);
    m_progress->setValue(int(std::clamp(hosts->overallFraction(), 0.0, 1.0) * 1000));
    m_progressLabel->setText(hosts->hostCount() > 1
                                 ? hosts->summary()
                                 : SafeText::visibleLine(host) + QStringLiteral(": ") + SafeText::visibleLine(step));
}

void MainWindow::onScanFinished(const ScanOutcome& outcome, const QString& error)
{
    m_progress->hide();
    m_progressLabel->hide();
    m_cancelButton->hide();
    updateActions();
    auto reloaded = reload();

    if (!error.isEmpty()) {
        showMessage(tr("The scan did not run: %1").arg(error), MessageKind::Error);
        return;
    }
    QStringList failures;
    int done = 0;
    int findings = 0;
    for (const HostOutcome& host : outcome.hosts) {
        findings += host.findings;
        if (host.state == HostScanState::Done) {
            ++done;
            continue;
        }
        QString line = host.host.toString() + QStringLiteral(" — ") + HostsModel::stateLabel(host.state).toLower();
        if (!host.message.isEmpty())
            line += QStringLiteral(": ") + host.message;
        failures << line;
    }
    QString summary = outcome.cancelled ? tr("Scan cancelled.") : tr("Scan finished.");
    summary += QLatin1Char(' ') +
               tr("%1 of %2 scanned completely, %3.")
                   .arg(done)
                   .arg(counted(int(outcome.hosts.size()), "host", "hosts"), counted(findings, "finding", "findings"));
    if (!reloaded)
        failures << tr("Reloading the workspace failed: %1").arg(reloaded.errorMessage());
    if (failures.isEmpty())
        showMessage(summary, MessageKind::Success);
    else
        showMessage(summary + QLatin1Char('\n') + failures.join(QLatin1Char('\n')),
                    outcome.cancelled || outcome.allScanned() ? MessageKind::Warning : MessageKind::Error);
}

void MainWindow::about()
{
    QMessageBox box(this);
    box.setWindowTitle(tr("About Bulkhead"));
    box.setIconPixmap(icon("bulkhead").pixmap(64, 64));
    box.setTextFormat(Qt::PlainText);
    box.setText(tr("Bulkhead %1\n\nA desktop audit workstation for container compliance: it collects evidence "
                   "from Docker hosts over SSH, evaluates the checks of the ten tips for compliant containers "
                   "(mapped to the CIS Docker Benchmark) and exports an audit binder.\n\n"
                   "Licensed under the GNU General Public License v3.0 or later.")
                    .arg(QStringLiteral(BULKHEAD_VERSION)));
    box.exec();
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    // The controller's destructor joins the scan thread; ask it to stop now so that is quick.
    if (m_scanController != nullptr && m_scanController->isRunning())
        m_scanController->cancel();
    if (m_watchController != nullptr)
        m_watchController->stop();
    saveSettings();
    event->accept();
}

void MainWindow::setDarkPalette(bool dark)
{
    AppPalette::apply(dark ? AppPalette::Scheme::Dark : AppPalette::Scheme::Light);
    WorkstationSettings().setValue(QStringLiteral("view/dark"), dark);
    // The charts take the palette's colours when they are drawn.
    m_dashboardDirty = true;
    if (m_tabs->currentWidget() == m_dashboard)
        refreshDashboard();
}

void MainWindow::restoreSettings()
{
    const WorkstationSettings settings;
    if (settings.value(QStringLiteral("view/dark"), false).toBool())
        m_darkAction->setChecked(true); // applies it
    restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
    restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
    m_mainSplitter->restoreState(settings.value(QStringLiteral("window/mainSplitter")).toByteArray());
    m_middleSplitter->restoreState(settings.value(QStringLiteral("window/middleSplitter")).toByteArray());
    m_hostsView->header()->restoreState(settings.value(QStringLiteral("views/hosts")).toByteArray());
    m_checksView->header()->restoreState(settings.value(QStringLiteral("views/checks")).toByteArray());
    m_findingsView->header()->restoreState(settings.value(QStringLiteral("views/findings")).toByteArray());
    m_lastHost = settings.value(QStringLiteral("scan/host")).toString();
    m_lastIdentity = settings.value(QStringLiteral("scan/identityFile")).toString();
    m_lastKnownHosts = settings.value(QStringLiteral("scan/knownHostsFile")).toString();
    m_lastInventory = settings.value(QStringLiteral("scan/inventoryFile")).toString();
    m_lastAccess =
        accessModeFromString(settings.value(QStringLiteral("scan/access")).toString()).value_or(AccessMode::Direct);
}

void MainWindow::saveSettings()
{
    WorkstationSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
    settings.setValue(QStringLiteral("window/mainSplitter"), m_mainSplitter->saveState());
    settings.setValue(QStringLiteral("window/middleSplitter"), m_middleSplitter->saveState());
    settings.setValue(QStringLiteral("views/hosts"), m_hostsView->header()->saveState());
    settings.setValue(QStringLiteral("views/checks"), m_checksView->header()->saveState());
    settings.setValue(QStringLiteral("views/findings"), m_findingsView->header()->saveState());
    // Where the last scan went and with which files: paths only, never a passphrase or password.
    settings.setValue(QStringLiteral("scan/host"), m_lastHost);
    settings.setValue(QStringLiteral("scan/identityFile"), m_lastIdentity);
    settings.setValue(QStringLiteral("scan/knownHostsFile"), m_lastKnownHosts);
    settings.setValue(QStringLiteral("scan/inventoryFile"), m_lastInventory);
    settings.setValue(QStringLiteral("scan/access"), accessModeName(m_lastAccess));
    saveWorkspaceFilter();
}

void MainWindow::saveWorkspaceFilter()
{
    if (m_workspace)
        WorkstationSettings().setWorkspaceFilter(m_workspace->path(), m_filterEdit->text(),
                                                 m_statusCombo->currentData().toString());
}

void MainWindow::fillRecentMenu()
{
    m_recentMenu->clear();
    const QStringList recent = WorkstationSettings().recentWorkspaces();
    for (qsizetype i = 0; i < recent.size(); ++i) {
        const QString path = recent.at(i);
        // "&1 name": the number is the mnemonic; a '&' in a file name is shown, not taken as one.
        QString name = QFileInfo(path).fileName();
        name.replace(QLatin1Char('&'), QStringLiteral("&&"));
        QAction* action = m_recentMenu->addAction(QStringLiteral("&%1 %2").arg(i + 1).arg(SafeText::visibleLine(name)));
        action->setToolTip(SafeText::visibleLine(path));
        action->setStatusTip(SafeText::visibleLine(path));
        action->setData(path);
        connect(action, &QAction::triggered, this, [this, path] { openRecentWorkspace(path); });
    }
    if (!recent.isEmpty()) {
        m_recentMenu->addSeparator();
        m_recentMenu->addAction(tr("&Clear the list"), this, [] { WorkstationSettings().clearRecentWorkspaces(); });
    }
    m_recentMenu->setEnabled(!recent.isEmpty());
}

void MainWindow::openRecentWorkspace(const QString& path)
{
    if (!QFileInfo::exists(path)) {
        // Moved or deleted since: say so, and do not offer it again.
        WorkstationSettings().removeRecentWorkspace(path);
        fillRecentMenu();
        showMessage(tr("%1 no longer exists; it was taken off the recent workspaces.").arg(SafeText::visibleLine(path)),
                    MessageKind::Warning);
        return;
    }
    if (auto opened = openWorkspace(path); !opened)
        showMessage(tr("Cannot open %1: %2").arg(SafeText::visibleLine(path), opened.errorMessage()),
                    MessageKind::Error);
}

} // namespace bulkhead
