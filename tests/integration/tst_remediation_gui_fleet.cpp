// SPDX-License-Identifier: GPL-3.0-or-later
// An engineer fixes a finding from the window (issue 5, item 6), on the real test fleet: the real main window
// scans alpha, the failing PIDs-limit finding of root-uid0 is selected, Review > Remediate shows the exact
// docker update, nothing runs until the confirmation is ticked, Run changes the container over SSH, and the
// re-check turns the finding to Pass in the window; Review > Undo remediation puts it back (Fail again), which
// also leaves the fleet as it was. Fails, never skips, when the fleet is not up.
#include "MainWindow.h"
#include "items/FindingsModel.h"
#include "remediate/RemediationDialog.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QTreeView>

#include <functional>

using namespace bulkhead;

class tst_RemediationGuiFleet : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void fixAndUndoFromTheWindow();

private:
    // Runs `drive` on the dialog the action opens (modal), then waits for the action to return.
    void withDialog(QAction* action, const std::function<void(RemediationDialog*)>& drive);
    QString statusOfSelected() const;
    bool selectFinding(const QString& check, const QString& subject);

    QTemporaryDir m_dir;
    QJsonObject m_fleet;
    MainWindow* m_window = nullptr;
};

void tst_RemediationGuiFleet::initTestCase()
{
    QVERIFY(m_dir.isValid());
    qputenv("XDG_CONFIG_HOME", QFile::encodeName(m_dir.filePath(QStringLiteral("config"))));
    const QString fleetDir = qEnvironmentVariable("BULKHEAD_FLEET_DIR");
    QVERIFY2(!fleetDir.isEmpty(), "BULKHEAD_FLEET_DIR is not set: the fleet fixture did not run");
    QFile file(fleetDir + QStringLiteral("/fleet.json"));
    QVERIFY2(file.open(QIODevice::ReadOnly), "fleet.json missing: is the test fleet up? (tests/fleet/fleet up)");
    m_fleet = QJsonDocument::fromJson(file.readAll()).object();

    m_window = new MainWindow;
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window));
    QVERIFY(m_window->createWorkspace(m_dir.filePath(QStringLiteral("gui.bulkhead"))).ok());
    QJsonObject alpha;
    for (const auto& value : m_fleet.value(QStringLiteral("hosts")).toArray()) {
        if (value.toObject().value(QStringLiteral("name")).toString() == QLatin1String("alpha"))
            alpha = value.toObject();
    }
    ScanRequest request;
    request.workspacePath = m_window->workspacePath();
    request.hosts = {HostSpec::parse(QStringLiteral("root@%1:%2")
                                         .arg(alpha.value(QStringLiteral("address")).toString())
                                         .arg(alpha.value(QStringLiteral("port")).toInt()))
                         .value()};
    request.identityFile = m_fleet.value(QStringLiteral("identity")).toString();
    request.knownHostsFile = m_fleet.value(QStringLiteral("known_hosts")).toString();
    QVERIFY(m_window->startScan(request).ok());
    QTRY_VERIFY_WITH_TIMEOUT(!m_window->isScanning(), 180000);
}

void tst_RemediationGuiFleet::cleanupTestCase()
{
    delete m_window;
}

void tst_RemediationGuiFleet::withDialog(QAction* action, const std::function<void(RemediationDialog*)>& drive)
{
    bool driven = false;
    QTimer::singleShot(0, this, [&] {
        auto* dialog = qobject_cast<RemediationDialog*>(QApplication::activeModalWidget());
        if (dialog == nullptr) {
            QFAIL("no remediation dialog");
        }
        drive(dialog);
        driven = true;
        dialog->reject(); // Close, once the run has ended
    });
    action->trigger(); // exec() returns when the dialog closes
    QVERIFY(driven);
}

bool tst_RemediationGuiFleet::selectFinding(const QString& check, const QString& subject)
{
    auto* view = m_window->findChild<QTreeView*>(QStringLiteral("findingsView"));
    auto* model = qobject_cast<FindingsModel*>(view->model());
    for (int row = 0; row < model->rowCount(); ++row) {
        const Finding* finding = model->findingAt(row);
        if (finding->checkId == check && finding->subject.name == subject) {
            view->setCurrentIndex(model->index(row, FindingsModel::SubjectColumn));
            return true;
        }
    }
    return false;
}

QString tst_RemediationGuiFleet::statusOfSelected() const
{
    auto* view = m_window->findChild<QTreeView*>(QStringLiteral("findingsView"));
    const QModelIndex current = view->currentIndex();
    return current.isValid() ? current.siblingAtColumn(FindingsModel::StatusColumn).data().toString() : QString();
}

void tst_RemediationGuiFleet::fixAndUndoFromTheWindow()
{
    const QString check = QStringLiteral("container.pids-limit");
    const QString subject = QStringLiteral("root-uid0");
    QVERIFY2(selectFinding(check, subject), "alpha's root-uid0 has no PIDs-limit finding");
    QCOMPARE(statusOfSelected(), statusLabel(Status::Fail));
    auto* remediate = m_window->findChild<QAction*>(QStringLiteral("remediateAction"));
    QVERIFY(remediate->isEnabled());

    withDialog(remediate, [](RemediationDialog* dialog) {
        auto* plan = dialog->findChild<QPlainTextEdit*>(QStringLiteral("planView"));
        auto* confirm = dialog->findChild<QCheckBox*>(QStringLiteral("confirmCheck"));
        auto* run = dialog->findChild<QPushButton*>(QStringLiteral("runButton"));
        dialog->findChild<QSpinBox*>(QStringLiteral("valueSpin"))->setValue(150);
        QVERIFY2(plan->toPlainText().contains(QStringLiteral("docker update --pids-limit '150' -- ")),
                 qPrintable(plan->toPlainText()));
        QVERIFY(!run->isEnabled()); // nothing runs before the confirmation
        confirm->setChecked(true);
        QVERIFY(run->isEnabled());
        QTest::mouseClick(run, Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(dialog->outcome().has_value(), 180000);
        const QString result = dialog->findChild<QLabel*>(QStringLiteral("resultLabel"))->text();
        QVERIFY2(result.contains(QStringLiteral("says: Pass")), qPrintable(result));
        QVERIFY(!dialog->findChild<QPlainTextEdit*>(QStringLiteral("outputView"))->toPlainText().isEmpty());
        QVERIFY(!run->isEnabled()); // a plan runs once
    });
    // The window shows the re-check: the same finding, of the new scan, now passing.
    QCOMPARE(statusOfSelected(), statusLabel(Status::Pass));

    auto* undo = m_window->findChild<QAction*>(QStringLiteral("undoRemediationAction"));
    QVERIFY(undo->isEnabled());
    withDialog(undo, [](RemediationDialog* dialog) {
        auto* plan = dialog->findChild<QPlainTextEdit*>(QStringLiteral("planView"));
        QVERIFY2(plan->toPlainText().contains(QStringLiteral("docker update --pids-limit")),
                 qPrintable(plan->toPlainText()));
        dialog->findChild<QCheckBox*>(QStringLiteral("confirmCheck"))->setChecked(true);
        QTest::mouseClick(dialog->findChild<QPushButton*>(QStringLiteral("runButton")), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(dialog->outcome().has_value(), 180000);
        const QString result = dialog->findChild<QLabel*>(QStringLiteral("resultLabel"))->text();
        QVERIFY2(result.contains(QStringLiteral("says: Fail")), qPrintable(result));
    });
    QCOMPARE(statusOfSelected(), statusLabel(Status::Fail));
}

QTEST_MAIN(tst_RemediationGuiFleet)
#include "tst_remediation_gui_fleet.moc"
