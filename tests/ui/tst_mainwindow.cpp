// SPDX-License-Identifier: GPL-3.0-or-later
#include "MainWindow.h"
#include "WorkspaceFixture.h"
#include "dialogs/InventoryEditorDialog.h"
#include "dialogs/ScanDialog.h"
#include "items/ChecksModel.h"
#include "items/FindingsModel.h"
#include "items/FleetTreeModel.h"
#include "scan/ScanProgressModel.h"

#include <QAbstractButton>
#include <QAbstractItemModelTester>
#include <QAbstractItemView>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDockWidget>
#include <QElapsedTimer>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QSplitter>
#include <QStyledItemDelegate>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTextEdit>
#include <QTimer>
#include <QTreeView>

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace bulkhead;
using namespace bulkhead::testing;

namespace {

// A loopback TCP port. listen=false: bound then closed, so nothing listens (connection refused).
// listen=true: listening but never accepting or answering, so an SSH client waits for a banner.
struct LoopbackPort
{
    int fd = -1;
    int port = 0;

    explicit LoopbackPort(bool listening)
    {
        fd = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        address.sin_port = 0;
        if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0)
            return;
        socklen_t length = sizeof address;
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
        port = ntohs(address.sin_port);
        if (listening) {
            ::listen(fd, 4);
        } else {
            ::close(fd);
            fd = -1;
        }
    }
    ~LoopbackPort()
    {
        if (fd >= 0)
            ::close(fd);
    }
};

QModelIndex rowWhere(const QAbstractItemModel* model, int column, const QString& text)
{
    for (int row = 0; row < model->rowCount(); ++row) {
        const QModelIndex index = model->index(row, column);
        if (index.data().toString() == text)
            return index;
    }
    return {};
}

void selectRow(QAbstractItemView* view, const QModelIndex& index)
{
    view->selectionModel()->select(index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    view->selectionModel()->setCurrentIndex(index, QItemSelectionModel::NoUpdate);
}

} // namespace

class tst_MainWindow : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void titleAndStatusBar();
    void viewsAreFed();
    void hostThenCheckNarrowsFindings();
    void evidenceShowsProvenanceAndExcerpt();
    void hostileTextIsShownLiterally();
    void filterEditFiltersFindings();
    void statusFilterNarrowsFindings();
    void findingsSortByColumn();
    void filterWordsNarrowFindings();
    void fleetTreeNarrowsFindings();
    void inventoryEditedFromTheWindow();
    void windowKeepsItsStateAcrossSessions();
    void recentWorkspacesReopen();
    void openMissingWorkspaceFails();
    void scanDialogHasItsFields();
    void scanDialogRejectsBadHost();
    void scanOfRefusedPortReportsFailure();
    void scanOfSilentHostStaysResponsiveAndCancels();
    void fleetScanShowsEachHostAndCancelsAll();

private:
    template <typename T> T* child(const char* name) { return m_window->findChild<T*>(QLatin1String(name)); }
    void selectHost(qint64 hostId);
    void selectCheck(const QString& checkId);
    bool selectFinding(const QString& subject, const QString& checkId);

    QTemporaryDir m_dir;
    QString m_path;
    Fixture m_fx;
    MainWindow* m_window = nullptr;
};

namespace {
QtMessageHandler g_previousHandler = nullptr;

// The offscreen platform warns about every top-level window it cannot size natively; that noise
// hides real warnings, so drop just that one.
void quietHandler(QtMsgType type, const QMessageLogContext& context, const QString& message)
{
    if (message.contains(QLatin1String("propagateSizeHints")))
        return;
    if (g_previousHandler != nullptr)
        g_previousHandler(type, context, message);
}
} // namespace

void tst_MainWindow::initTestCase()
{
    g_previousHandler = qInstallMessageHandler(quietHandler);
    QVERIFY(m_dir.isValid());
    // The window's settings go to this test's folder, never the user's (before any QSettings is made).
    qputenv("XDG_CONFIG_HOME", QFile::encodeName(m_dir.filePath(QStringLiteral("config"))));
    m_path = m_dir.filePath(QStringLiteral("audit.bulkhead"));
    QString error;
    m_fx = buildFixture(m_path, &error);
    QVERIFY2(m_fx.workspace != nullptr, qPrintable(error));
}

void tst_MainWindow::init()
{
    // Every test starts from a window that remembers nothing.
    QSettings(QSettings::NativeFormat, QSettings::UserScope, QStringLiteral("Bulkhead"), QStringLiteral("Bulkhead"))
        .clear();
    m_window = new MainWindow;
    auto opened = m_window->openWorkspace(m_path);
    QVERIFY2(opened.ok(), qPrintable(opened.errorMessage()));
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window));
}

void tst_MainWindow::cleanup()
{
    delete m_window;
    m_window = nullptr;
}

void tst_MainWindow::selectHost(qint64 hostId)
{
    auto* view = child<QAbstractItemView>("hostsView");
    QVERIFY(view != nullptr);
    auto* model = qobject_cast<FleetTreeModel*>(view->model());
    QVERIFY(model != nullptr);
    const QModelIndex index = model->indexOfHost(hostId);
    QVERIFY(index.isValid());
    selectRow(view, index);
}

void tst_MainWindow::selectCheck(const QString& checkId)
{
    auto* view = child<QAbstractItemView>("checksView");
    QVERIFY(view != nullptr);
    auto* model = qobject_cast<ChecksModel*>(view->model());
    QVERIFY(model != nullptr);
    const QModelIndex index = model->indexOfCheck(checkId);
    QVERIFY(index.isValid());
    selectRow(view, index);
}

bool tst_MainWindow::selectFinding(const QString& subject, const QString& checkId)
{
    auto* view = child<QAbstractItemView>("findingsView");
    const QAbstractItemModel* proxy = view->model();
    for (int row = 0; row < proxy->rowCount(); ++row) {
        const QModelIndex index = proxy->index(row, FindingsModel::SubjectColumn);
        if (index.data().toString() == subject &&
            proxy->index(row, FindingsModel::CheckColumn).data().toString() == checkId) {
            selectRow(view, index);
            return true;
        }
    }
    return false;
}

void tst_MainWindow::titleAndStatusBar()
{
    QCOMPARE(m_window->windowTitle(), QStringLiteral("Bulkhead — audit.bulkhead"));
    auto* path = child<QLabel>("workspacePathLabel");
    QVERIFY(path != nullptr);
    QVERIFY(path->text().endsWith(QStringLiteral("audit.bulkhead")));
    auto* counts = child<QLabel>("countsLabel");
    QVERIFY(counts != nullptr);
    QVERIFY2(counts->text().contains(QStringLiteral("3 hosts")), qPrintable(counts->text()));
    QVERIFY2(counts->text().contains(QStringLiteral("9 findings")), qPrintable(counts->text()));
    QVERIFY2(counts->text().contains(QStringLiteral("5 fail")), qPrintable(counts->text()));
    for (const char* name : {"hostsView", "checksView", "findingsView", "filterEdit", "scanButton"})
        QVERIFY2(m_window->findChild<QWidget*>(QLatin1String(name)) != nullptr, name);
    // Scan progress and cancel exist but stay hidden until a scan runs.
    QVERIFY(child<QProgressBar>("scanProgress") != nullptr);
    QVERIFY(!child<QProgressBar>("scanProgress")->isVisible());
    QVERIFY(child<QAbstractButton>("cancelButton") != nullptr);
    QVERIFY(!child<QAbstractButton>("cancelButton")->isVisible());
}

void tst_MainWindow::viewsAreFed()
{
    auto* hosts = child<QAbstractItemView>("hostsView");
    QCOMPARE(hosts->model()->rowCount(), 4);
    // Opening selects "All hosts": every finding is listed.
    QCOMPARE(hosts->selectionModel()->selectedRows().size(), 1);
    QCOMPARE(hosts->selectionModel()->selectedRows().first().row(), 0);
    QCOMPARE(child<QAbstractItemView>("findingsView")->model()->rowCount(), m_fx.findingCount);
    QVERIFY(child<QAbstractItemView>("checksView")->model()->rowCount() >= 5);
}

void tst_MainWindow::hostThenCheckNarrowsFindings()
{
    auto* findings = child<QAbstractItemView>("findingsView");
    selectHost(m_fx.hostA);
    QCOMPARE(findings->model()->rowCount(), 8);
    auto* checks = child<QAbstractItemView>("checksView");
    const QModelIndex user =
        qobject_cast<ChecksModel*>(checks->model())->indexOfCheck(QStringLiteral("container.user-not-root"));
    // Counts follow the host: two failing containers on host A.
    QCOMPARE(checks->model()->index(user.row(), ChecksModel::FailColumn).data().toInt(), 2);
    QCOMPARE(checks->model()->index(user.row(), ChecksModel::PassColumn).data().toInt(), 1);
    selectCheck(QStringLiteral("container.user-not-root"));
    QCOMPARE(findings->model()->rowCount(), 3);
    selectHost(m_fx.hostB);
    QCOMPARE(findings->model()->rowCount(), 1);
    selectHost(m_fx.hostC);
    QCOMPARE(findings->model()->rowCount(), 0);
}

void tst_MainWindow::evidenceShowsProvenanceAndExcerpt()
{
    selectHost(m_fx.hostA);
    selectCheck(QStringLiteral("container.no-docker-socket"));
    auto* evidence = child<QTextEdit>("evidenceView");
    QVERIFY(evidence != nullptr);
    QVERIFY(evidence->isReadOnly());
    QVERIFY(evidence->toPlainText().isEmpty()); // nothing selected yet
    QVERIFY(selectFinding(QStringLiteral("web"), QStringLiteral("container.no-docker-socket")));

    const QString text = evidence->toPlainText();
    QVERIFY2(text.contains(QStringLiteral("container.no-docker-socket")), qPrintable(text));
    QVERIFY(text.contains(QStringLiteral("CIS 5.32")));
    QVERIFY(text.contains(QStringLiteral("Rationale")));
    QVERIFY(text.contains(m_fx.containersSha256));
    QVERIFY(text.contains(QStringLiteral("stored bytes hash to this value")));
    QVERIFY(text.contains(QStringLiteral("docker ps -aq --no-trunc | xargs -r docker inspect")));
    QVERIFY(text.contains(QStringLiteral("docker.containers.inspect")));
    QVERIFY(text.contains(QStringLiteral("/0/HostConfig/Binds/0")));
    QVERIFY(text.contains(QStringLiteral("\"/var/run/docker.sock:/var/run/docker.sock\"")));
    QVERIFY(text.contains(QStringLiteral("2024-05-06T09:30:02Z"))); // started
    QVERIFY(text.contains(QStringLiteral("2024-05-06T09:30:03Z"))); // finished
    QVERIFY(text.contains(QStringLiteral("auditor@127.0.0.2:22")));
    QVERIFY(text.contains(QStringLiteral("Exit status")));
    QVERIFY(text.contains(QStringLiteral("Fail")));
    QVERIFY(text.contains(QStringLiteral("no bind of /var/run/docker.sock"))); // expected
    auto* title = child<QLabel>("evidenceTitle");
    QCOMPARE(title->text(), QStringLiteral("Docker socket is not mounted into the container"));

    // Clearing the finding selection clears the pane.
    child<QAbstractItemView>("findingsView")->clearSelection();
    QVERIFY(evidence->toPlainText().isEmpty());
}

void tst_MainWindow::hostileTextIsShownLiterally()
{
    selectHost(m_fx.hostA);
    selectCheck(QStringLiteral("container.user-not-root"));
    QVERIFY(selectFinding(QStringLiteral("evil"), QStringLiteral("container.user-not-root")));
    auto* evidence = child<QTextEdit>("evidenceView");
    const QString text = evidence->toPlainText();
    QVERIFY2(text.contains(QStringLiteral("<script>alert(1)</script>\\x1b[31mroot")), qPrintable(text));
    QVERIFY(!text.contains(QChar(0x1b))); // the escape itself never reaches the widget
    // Not interpreted: the document holds no markup-derived objects, and the HTML form escapes it.
    QVERIFY(evidence->toHtml().contains(QStringLiteral("&lt;script&gt;alert(1)&lt;/script&gt;")));

    // The findings cell shows the same value on one line with the escape visible.
    auto* findings = child<QAbstractItemView>("findingsView");
    const QModelIndex actual = rowWhere(findings->model(), FindingsModel::SubjectColumn, QStringLiteral("evil"))
                                   .siblingAtColumn(FindingsModel::ActualColumn);
    QVERIFY(actual.isValid());
    auto* delegate = qobject_cast<QStyledItemDelegate*>(findings->itemDelegateForIndex(actual));
    QVERIFY(delegate != nullptr);
    const QString shown = delegate->displayText(actual.data(), QLocale());
    QCOMPARE(shown, QStringLiteral("<script>alert(1)</script>\\x1b[31mroot"));

    // A failed host's hostile message never reaches a widget raw.
    selectHost(m_fx.hostC);
    const auto labels = m_window->findChildren<QLabel*>();
    for (const QLabel* label : labels)
        QVERIFY(!label->text().contains(QChar(0x1b)));
}

void tst_MainWindow::filterEditFiltersFindings()
{
    auto* findings = child<QAbstractItemView>("findingsView");
    auto* filter = child<QLineEdit>("filterEdit");
    QVERIFY(filter != nullptr);
    QCOMPARE(findings->model()->rowCount(), 9);
    QTest::keyClicks(filter, QStringLiteral("docker.sock"));
    QCOMPARE(findings->model()->rowCount(), 1);
    filter->clear();
    QTest::keyClicks(filter, QStringLiteral("API")); // case-insensitive, any column
    QCOMPARE(findings->model()->rowCount(), 2);
    filter->clear();
    QTest::keyClicks(filter, QStringLiteral("no such text anywhere"));
    QCOMPARE(findings->model()->rowCount(), 0);
    filter->clear();
    QCOMPARE(findings->model()->rowCount(), 9);
}

void tst_MainWindow::statusFilterNarrowsFindings()
{
    // The fixture's 9 findings: 5 fail, 1 warn, 3 pass.
    auto* findings = child<QAbstractItemView>("findingsView");
    auto* combo = child<QComboBox>("statusFilterCombo");
    QVERIFY(combo != nullptr);
    QCOMPARE(findings->model()->rowCount(), 9);
    combo->setCurrentIndex(combo->findData(QStringLiteral("fail,warn")));
    QCOMPARE(findings->model()->rowCount(), 6);
    for (int row = 0; row < findings->model()->rowCount(); ++row) {
        const QString status = findings->model()->index(row, FindingsModel::StatusColumn).data().toString();
        QVERIFY2(status == statusLabel(Status::Fail) || status == statusLabel(Status::Warn), qPrintable(status));
    }
    combo->setCurrentIndex(combo->findData(QStringLiteral("pass")));
    QCOMPARE(findings->model()->rowCount(), 3);
    // With the free-text filter on top.
    QTest::keyClicks(child<QLineEdit>("filterEdit"), QStringLiteral("api"));
    QCOMPARE(findings->model()->rowCount(), 2);
    child<QLineEdit>("filterEdit")->clear();
    combo->setCurrentIndex(0);
    QCOMPARE(findings->model()->rowCount(), 9);
}

void tst_MainWindow::findingsSortByColumn()
{
    auto* findings = child<QAbstractItemView>("findingsView");
    QAbstractItemModel* model = findings->model();
    // Default order: worst status first.
    QCOMPARE(model->index(0, FindingsModel::StatusColumn).data().toString(), statusLabel(Status::Fail));
    QCOMPARE(model->index(model->rowCount() - 1, FindingsModel::StatusColumn).data().toString(),
             statusLabel(Status::Pass));
    model->sort(FindingsModel::SubjectColumn, Qt::AscendingOrder);
    QCOMPARE(model->index(0, FindingsModel::SubjectColumn).data().toString(), QStringLiteral("api"));
    QCOMPARE(model->index(model->rowCount() - 1, FindingsModel::SubjectColumn).data().toString(),
             QStringLiteral("web"));
}

void tst_MainWindow::filterWordsNarrowFindings()
{
    // The fixture: container.user-not-root (CIS 4.1, tip 7, high) on web, api, evil and cache; the
    // others are CIS 5.x checks. Words and text together.
    auto* findings = child<QAbstractItemView>("findingsView");
    auto* filter = child<QLineEdit>("filterEdit");
    QTest::keyClicks(filter, QStringLiteral("cis:4.1"));
    QCOMPARE(findings->model()->rowCount(), 4);
    QTest::keyClicks(filter, QStringLiteral(" status:fail"));
    QCOMPARE(findings->model()->rowCount(), 2);
    QTest::keyClicks(filter, QStringLiteral(" evil"));
    QCOMPARE(findings->model()->rowCount(), 1);
    QCOMPARE(findings->model()->index(0, FindingsModel::SubjectColumn).data().toString(), QStringLiteral("evil"));
    // A word it does not understand is looked for as text, and its tooltip says why.
    filter->setText(QStringLiteral("tip:12"));
    QCOMPARE(findings->model()->rowCount(), 0);
    QVERIFY2(filter->toolTip().contains(QStringLiteral("tip:12: a tip is 1 to 10")), qPrintable(filter->toolTip()));
    filter->clear();
    QCOMPARE(findings->model()->rowCount(), 9);
    QVERIFY(filter->toolTip().contains(QStringLiteral("cis:5.4")));
    // Ctrl+F goes to the box from anywhere in the window.
    child<QAbstractItemView>("hostsView")->setFocus();
    QTest::keySequence(m_window, QKeySequence::Find);
    QTRY_VERIFY(filter->hasFocus());
}

void tst_MainWindow::fleetTreeNarrowsFindings()
{
    // Host A in an in-scope zone: the tree shows the zone, its host, and the host's containers.
    Zone prod;
    prod.name = QStringLiteral("prod");
    prod.scope = ZoneScope::In;
    prod.rationale = QStringLiteral("Production workloads");
    QVERIFY(m_fx.workspace->upsertZone(prod).ok());
    QVERIFY(m_fx.workspace->setHostZone(m_fx.hostA, QStringLiteral("prod")).ok());
    QVERIFY(m_window->reload().ok());
    auto* tree = child<QTreeView>("hostsView");
    auto* fleet = qobject_cast<FleetTreeModel*>(tree->model());
    auto* findings = child<QAbstractItemView>("findingsView");
    auto* model = qobject_cast<FindingsModel*>(findings->model());
    const auto count = [model](const std::function<bool(const Finding&)>& which) {
        return int(std::count_if(model->allFindings().cbegin(), model->allFindings().cend(), which));
    };
    const QModelIndex zone = fleet->indexOfZone(QStringLiteral("prod"));
    QVERIFY(zone.isValid());
    QVERIFY(tree->isExpanded(zone));
    selectRow(tree, zone);
    QCOMPARE(model->rowCount(), count([this](const Finding& f) { return f.hostId == m_fx.hostA; }));
    // The checklist counts the zone's hosts only: host B's passing cache is not in the user check's row.
    auto* checks = qobject_cast<ChecksModel*>(child<QAbstractItemView>("checksView")->model());
    const int userRow = checks->indexOfCheck(QStringLiteral("container.user-not-root")).row();
    QCOMPARE(checks->total(userRow), 3);
    QCOMPARE(checks->total(userRow), count([this](const Finding& f) {
                 return f.hostId == m_fx.hostA && f.checkId == QLatin1String("container.user-not-root");
             }));
    // A container of host A: only its findings.
    const QModelIndex host = fleet->indexOfHost(m_fx.hostA);
    QCOMPARE(host.parent(), zone);
    QModelIndex web;
    for (int row = 0; row < fleet->rowCount(host); ++row) {
        if (fleet->index(row, 0, host).data().toString() == QLatin1String("web"))
            web = fleet->index(row, 0, host);
    }
    QVERIFY(web.isValid());
    selectRow(tree, web);
    const int webFindings =
        count([this](const Finding& f) { return f.hostId == m_fx.hostA && f.subject.name == QLatin1String("web"); });
    QVERIFY(webFindings > 0);
    QCOMPARE(model->rowCount(), webFindings);
    for (int row = 0; row < model->rowCount(); ++row)
        QCOMPARE(model->findingAt(row)->subject.name, QStringLiteral("web"));
    // "(no zone)" holds the others; a reload keeps the container selected.
    QVERIFY(fleet->indexOfZone(QString()).isValid());
    QVERIFY(m_window->reload().ok());
    QCOMPARE(fleet->selectionAt(tree->currentIndex()).subject->name, QStringLiteral("web"));
    QCOMPARE(model->rowCount(), webFindings);
    // Put the fixture back for the tests after this one.
    QVERIFY(m_fx.workspace->setHostZone(m_fx.hostA, QString()).ok());
}

void tst_MainWindow::inventoryEditedFromTheWindow()
{
    // Scan > Edit zones and hosts…: a new zone, host A in it; stored on OK, and the tree shows it at once.
    auto* edit = m_window->findChild<QAction*>(QStringLiteral("inventoryEditorAction"));
    QVERIFY(edit && edit->isEnabled());
    bool saved = false;
    QTimer::singleShot(0, this, [&saved] {
        auto* dialog = qobject_cast<InventoryEditorDialog*>(QApplication::activeModalWidget());
        if (!dialog)
            return;
        dialog->findChild<QPushButton*>(QStringLiteral("addZoneButton"))->click();
        auto* name = dialog->findChild<QLineEdit*>(QStringLiteral("zoneNameEdit"));
        name->clear();
        QTest::keyClicks(name, QStringLiteral("payments"));
        auto* scope = dialog->findChild<QComboBox*>(QStringLiteral("zoneScopeCombo"));
        scope->setCurrentIndex(scope->findData(QStringLiteral("in")));
        dialog->findChild<QPlainTextEdit*>(QStringLiteral("zoneRationaleEdit"))
            ->setPlainText(QStringLiteral("Card data: PCI scope"));
        // Every host is in exactly one zone: the ones scanned without an inventory go here.
        dialog->findChild<QPushButton*>(QStringLiteral("adoptHostsButton"))->click();
        auto* hosts = dialog->findChild<QTableWidget*>(QStringLiteral("hostsTable"));
        for (int row = 0; row < hosts->rowCount(); ++row) {
            for (int column = 0; column < hosts->columnCount(); ++column) {
                if (hosts->item(row, column) && hosts->item(row, column)->text().contains(QStringLiteral("127.0.0.2")))
                    hosts->selectRow(row);
            }
        }
        auto* zone = dialog->findChild<QComboBox*>(QStringLiteral("hostZoneCombo"));
        zone->setCurrentIndex(zone->findData(QStringLiteral("payments")));
        dialog->findChild<QPushButton*>(QStringLiteral("inventorySaveButton"))->click();
        saved = dialog->result() == QDialog::Accepted;
        if (dialog->isVisible())
            dialog->reject();
    });
    edit->trigger();
    QVERIFY(saved);
    auto* fleet = qobject_cast<FleetTreeModel*>(child<QTreeView>("hostsView")->model());
    const QModelIndex zone = fleet->indexOfZone(QStringLiteral("payments"));
    QVERIFY(zone.isValid());
    QCOMPARE(zone.data(Qt::ToolTipRole).toString(), QStringLiteral("Card data: PCI scope"));
    QCOMPARE(fleet->indexOfHost(m_fx.hostA).parent(), zone);
    QVERIFY(child<QLabel>("messageLabel")->text().startsWith(QStringLiteral("Inventory stored")));
    // Put the fixture back for the tests after this one.
    for (const qint64 host : {m_fx.hostA, m_fx.hostB, m_fx.hostC})
        QVERIFY(m_fx.workspace->setHostZone(host, QString()).ok());
}

void tst_MainWindow::windowKeepsItsStateAcrossSessions()
{
    auto* filter = child<QLineEdit>("filterEdit");
    auto* combo = child<QComboBox>("statusFilterCombo");
    auto* findings = child<QTreeView>("findingsView");
    QTest::keyClicks(filter, QStringLiteral("web"));
    combo->setCurrentIndex(combo->findData(QStringLiteral("fail,warn")));
    findings->sortByColumn(FindingsModel::SubjectColumn, Qt::AscendingOrder);
    findings->header()->resizeSection(FindingsModel::MessageColumn, 333);
    child<QSplitter>("middleSplitter")->setSizes({150, 500});
    QApplication::processEvents();
    const QList<int> sizes = child<QSplitter>("middleSplitter")->sizes();
    const int rows = findings->model()->rowCount();
    QVERIFY(rows > 0 && rows < 9); // narrowed, not empty
    QVERIFY(m_window->close());
    delete m_window;

    m_window = new MainWindow;
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window));
    findings = child<QTreeView>("findingsView");
    QCOMPARE(child<QSplitter>("middleSplitter")->sizes(), sizes);
    QCOMPARE(findings->header()->sortIndicatorSection(), int(FindingsModel::SubjectColumn));
    QCOMPARE(findings->header()->sortIndicatorOrder(), Qt::AscendingOrder);
    QCOMPARE(findings->header()->sectionSize(FindingsModel::MessageColumn), 333);
    // The filter belongs to the workspace: it comes back with it.
    QVERIFY(m_window->openWorkspace(m_path).ok());
    QCOMPARE(child<QLineEdit>("filterEdit")->text(), QStringLiteral("web"));
    QCOMPARE(child<QComboBox>("statusFilterCombo")->currentData().toString(), QStringLiteral("fail,warn"));
    QCOMPARE(findings->model()->rowCount(), rows);
    QCOMPARE(qobject_cast<FindingsModel*>(findings->model())->sortColumn(), int(FindingsModel::SubjectColumn));
    // Another workspace has its own (none yet); coming back finds this one's again.
    QVERIFY(m_window->createWorkspace(m_dir.filePath(QStringLiteral("second.bulkhead"))).ok());
    QVERIFY(child<QLineEdit>("filterEdit")->text().isEmpty());
    QCOMPARE(child<QComboBox>("statusFilterCombo")->currentIndex(), 0);
    QVERIFY(m_window->openWorkspace(m_path).ok());
    QCOMPARE(child<QLineEdit>("filterEdit")->text(), QStringLiteral("web"));
    QCOMPARE(findings->model()->rowCount(), rows);
}

void tst_MainWindow::recentWorkspacesReopen()
{
    auto* menu = child<QMenu>("recentMenu");
    QVERIFY(menu != nullptr);
    const auto entries = [menu] {
        emit menu->aboutToShow();
        QStringList texts;
        for (const QAction* action : menu->actions())
            texts << (action->isSeparator() ? QStringLiteral("--") : action->text());
        return texts;
    };
    // init() opened the fixture; a second workspace goes on top. Its name holds '&' and a control character.
    const QString odd = m_dir.filePath(QStringLiteral("a&b\u202e\x1b.bulkhead"));
    QVERIFY(m_window->createWorkspace(odd).ok());
    QCOMPARE(entries(),
             (QStringList{QStringLiteral("&1 a&&b\\u202e\\x1b.bulkhead"), QStringLiteral("&2 audit.bulkhead"),
                          QStringLiteral("--"), QStringLiteral("&Clear the list")}));
    // Reopening one from the menu.
    menu->actions().at(1)->trigger();
    QCOMPARE(m_window->workspacePath(), QFileInfo(m_path).absoluteFilePath());
    QCOMPARE(entries().first(), QStringLiteral("&1 audit.bulkhead"));
    // One that is gone since: a message, the list loses it, the open workspace stays.
    for (const QString& suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm")})
        QFile::remove(odd + suffix);
    menu->actions().at(1)->trigger();
    QCOMPARE(m_window->workspacePath(), QFileInfo(m_path).absoluteFilePath());
    QVERIFY2(child<QLabel>("messageLabel")->text().contains(QStringLiteral("no longer exists")),
             qPrintable(child<QLabel>("messageLabel")->text()));
    QCOMPARE(entries(), (QStringList{QStringLiteral("&1 audit.bulkhead"), QStringLiteral("--"),
                                     QStringLiteral("&Clear the list")}));
    menu->actions().last()->trigger();
    QVERIFY(entries().isEmpty());
    QVERIFY(!menu->isEnabled());
}

void tst_MainWindow::openMissingWorkspaceFails()
{
    const auto opened = m_window->openWorkspace(m_dir.filePath(QStringLiteral("missing.bulkhead")));
    QVERIFY(!opened.ok());
    QVERIFY(!opened.errorMessage().isEmpty());
    // The open workspace stays.
    QCOMPARE(m_window->windowTitle(), QStringLiteral("Bulkhead — audit.bulkhead"));
    QVERIFY(!QFileInfo::exists(m_dir.filePath(QStringLiteral("missing.bulkhead"))));
}

void tst_MainWindow::scanDialogHasItsFields()
{
    bool seen = false;
    QTimer::singleShot(0, this, [&seen] {
        auto* dialog = qobject_cast<ScanDialog*>(QApplication::activeModalWidget());
        QVERIFY(dialog != nullptr);
        auto* host = dialog->findChild<QLineEdit*>(QStringLiteral("hostEdit"));
        auto* identity = dialog->findChild<QLineEdit*>(QStringLiteral("identityEdit"));
        auto* knownHosts = dialog->findChild<QLineEdit*>(QStringLiteral("knownHostsEdit"));
        auto* acceptNew = dialog->findChild<QCheckBox*>(QStringLiteral("acceptNewCheck"));
        QVERIFY(host && identity && knownHosts && acceptNew);
        QVERIFY(!acceptNew->isChecked()); // trusting unknown keys is opt-in
        QVERIFY(dialog->findChild<QAbstractButton*>(QStringLiteral("identityBrowse")) != nullptr);
        QVERIFY(dialog->findChild<QAbstractButton*>(QStringLiteral("knownHostsBrowse")) != nullptr);
        seen = true;
        dialog->reject();
    });
    auto* scan = child<QAbstractButton>("scanButton");
    QVERIFY(scan != nullptr && scan->isEnabled());
    scan->click(); // runs the modal dialog; the timer answers it
    QVERIFY(seen);
    QVERIFY(!m_window->isScanning());
}

void tst_MainWindow::scanDialogRejectsBadHost()
{
    ScanDialog dialog;
    dialog.setHost(QStringLiteral("user@:notaport"));
    dialog.setKnownHostsFile(m_dir.filePath(QStringLiteral("known_hosts")));
    dialog.setIdentityFile(QString());
    dialog.show();
    dialog.accept();
    QVERIFY(dialog.isVisible()); // stays open with an error
    auto* error = dialog.findChild<QLabel*>(QStringLiteral("scanDialogError"));
    QVERIFY(error != nullptr && !error->text().isEmpty());
    dialog.setHost(QStringLiteral("user@127.0.0.1:2222"));
    dialog.accept();
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    QCOMPARE(dialog.hostSpec()->port, 2222);
}

void tst_MainWindow::scanOfRefusedPortReportsFailure()
{
    LoopbackPort closed(false);
    QVERIFY(closed.port > 0);
    const QString host = QStringLiteral("auditor@127.0.0.1:%1").arg(closed.port);
    const QString knownHosts = m_dir.filePath(QStringLiteral("known_hosts"));

    QTimer::singleShot(0, this, [&] {
        auto* dialog = qobject_cast<ScanDialog*>(QApplication::activeModalWidget());
        QVERIFY(dialog != nullptr);
        dialog->findChild<QLineEdit*>(QStringLiteral("hostEdit"))->setText(host);
        dialog->findChild<QLineEdit*>(QStringLiteral("identityEdit"))->clear();
        dialog->findChild<QLineEdit*>(QStringLiteral("knownHostsEdit"))->setText(knownHosts);
        dialog->accept();
    });
    child<QAbstractButton>("scanButton")->click();

    auto* message = child<QLabel>("messageLabel");
    QVERIFY(message != nullptr);
    QTRY_VERIFY_WITH_TIMEOUT(!m_window->isScanning() && message->isVisible(), 30000);
    const QString text = message->text();
    QVERIFY2(text.contains(QStringLiteral("127.0.0.1:%1").arg(closed.port)), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("failed"), Qt::CaseInsensitive), qPrintable(text));
    QVERIFY(!child<QProgressBar>("scanProgress")->isVisible());
    QVERIFY(child<QAbstractButton>("scanButton")->isEnabled());
    // The workspace was reloaded: the new host is listed with its failed scan.
    auto* hosts = qobject_cast<FleetTreeModel*>(child<QAbstractItemView>("hostsView")->model());
    bool listed = false;
    for (const auto& row : hosts->hosts()) {
        if (row.address.endsWith(QStringLiteral(":%1").arg(closed.port))) {
            listed = true;
            QCOMPARE(row.lastState, std::optional<HostScanState>(HostScanState::Failed));
        }
    }
    QVERIFY(listed);
}

void tst_MainWindow::scanOfSilentHostStaysResponsiveAndCancels()
{
    LoopbackPort silent(true);
    QVERIFY(silent.port > 0);
    ScanRequest request;
    request.workspacePath = m_window->workspacePath();
    request.hosts = {HostSpec::parse(QStringLiteral("auditor@127.0.0.1:%1").arg(silent.port)).value()};
    request.knownHostsFile = m_dir.filePath(QStringLiteral("known_hosts"));
    request.connectTimeoutMs = 8000;
    QVERIFY(m_window->startScan(request).ok());
    QVERIFY(m_window->isScanning());
    QVERIFY(!m_window->startScan(request).ok()); // one scan at a time

    auto* progress = child<QProgressBar>("scanProgress");
    auto* cancel = child<QAbstractButton>("cancelButton");
    QTRY_VERIFY(progress->isVisible() && cancel->isVisible() && cancel->isEnabled());

    // The GUI thread keeps serving events while the scanner waits for a banner that never comes.
    int ticks = 0;
    QTimer timer;
    connect(&timer, &QTimer::timeout, this, [&ticks] { ++ticks; });
    timer.start(20);
    QElapsedTimer clock;
    clock.start();
    QTRY_VERIFY_WITH_TIMEOUT(ticks >= 10, 2000);
    QVERIFY(m_window->isScanning());
    auto* filter = child<QLineEdit>("filterEdit");
    QTest::keyClicks(filter, QStringLiteral("web"));
    QCOMPARE(child<QAbstractItemView>("findingsView")->model()->rowCount(), 4);
    filter->clear();

    QElapsedTimer sinceCancel;
    sinceCancel.start();
    cancel->click();
    QTRY_VERIFY_WITH_TIMEOUT(!m_window->isScanning(), 15000);
    const qint64 cancelMs = sinceCancel.elapsed();
    auto* message = child<QLabel>("messageLabel");
    QTRY_VERIFY(message->isVisible());
    QVERIFY2(message->text().contains(QStringLiteral("cancel"), Qt::CaseInsensitive), qPrintable(message->text()));
    QVERIFY(!progress->isVisible());
    qInfo("scan ended %lld ms after cancel (%lld ms in all)", static_cast<long long>(cancelMs),
          static_cast<long long>(clock.elapsed()));
    // Cancel does not wait out the 8 s connect timeout: SshSession::connect waits for the banner in
    // short slices and checks the cancel flag between them.
    QVERIFY2(cancelMs < 3000, qPrintable(QString::number(cancelMs)));
}

void tst_MainWindow::fleetScanShowsEachHostAndCancelsAll()
{
    // Three hosts at once: one refuses the connection, two never answer. The window lists each with
    // its own state while the scan runs, and one cancel stops both hung workers.
    LoopbackPort refused(false);
    LoopbackPort silent1(true);
    LoopbackPort silent2(true);
    QVERIFY(refused.port > 0 && silent1.port > 0 && silent2.port > 0);
    ScanRequest request;
    request.workspacePath = m_window->workspacePath();
    for (const LoopbackPort* port : {&silent1, &refused, &silent2})
        request.hosts << HostSpec::parse(QStringLiteral("auditor@127.0.0.1:%1").arg(port->port)).value();
    request.knownHostsFile = m_dir.filePath(QStringLiteral("known_hosts"));
    request.connectTimeoutMs = 60000;
    request.jobs = 4;
    QVERIFY(m_window->startScan(request).ok());

    auto* dock = child<QDockWidget>("scanProgressDock");
    auto* view = child<QAbstractItemView>("scanProgressView");
    QVERIFY(dock != nullptr && view != nullptr);
    QTRY_VERIFY(dock->isVisible());
    auto* hosts = qobject_cast<ScanProgressModel*>(view->model());
    QVERIFY(hosts != nullptr);
    QAbstractItemModelTester tester(hosts, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(hosts->rowCount(), 3);
    QCOMPARE(hosts->index(1, ScanProgressModel::HostColumn).data().toString(), request.hosts.at(1).toString());
    // At the same moment: the refused host failed, both silent ones still connecting.
    QTRY_VERIFY_WITH_TIMEOUT(hosts->state(1) == HostScanState::Failed && hosts->state(0) == HostScanState::Running &&
                                 hosts->state(2) == HostScanState::Running,
                             15000);
    QCOMPARE(hosts->step(0), QStringLiteral("connecting"));
    QCOMPARE(hosts->index(1, ScanProgressModel::StateColumn).data().toString(), QStringLiteral("Failed"));
    QCOMPARE(hosts->fraction(1), 1.0);
    auto* label = child<QLabel>("scanStepLabel");
    QTRY_COMPARE(label->text(), QStringLiteral("1 of 3 hosts finished, 2 running"));
    QCOMPARE(child<QProgressBar>("scanProgress")->value(), 333); // one host of three through

    QElapsedTimer sinceCancel;
    sinceCancel.start();
    child<QAbstractButton>("cancelButton")->click();
    QTRY_VERIFY_WITH_TIMEOUT(!m_window->isScanning(), 15000);
    qInfo("both hung workers stopped %lld ms after cancel", static_cast<long long>(sinceCancel.elapsed()));
    QVERIFY2(sinceCancel.elapsed() < 10000, qPrintable(QString::number(sinceCancel.elapsed())));
    QCOMPARE(hosts->state(0), HostScanState::Cancelled);
    QCOMPARE(hosts->state(1), HostScanState::Failed);
    QCOMPARE(hosts->state(2), HostScanState::Cancelled);
    QCOMPARE(hosts->index(0, ScanProgressModel::StepColumn).data().toString(),
             QStringLiteral("cancelled while connecting"));
    // Once the scan ended, each host says why it is incomplete.
    QVERIFY2(hosts->index(1, ScanProgressModel::StepColumn).data().toString().contains(QLatin1String("refused")),
             qPrintable(hosts->index(1, ScanProgressModel::StepColumn).data().toString()));
    QVERIFY(dock->isVisible()); // the final states stay up until the user closes the list
    QVERIFY(!child<QProgressBar>("scanProgress")->isVisible());
}

QTEST_MAIN(tst_MainWindow)
#include "tst_mainwindow.moc"
