// SPDX-License-Identifier: GPL-3.0-or-later
// The whole path of issue 5 through the real main window, offscreen, on the real test fleet: scan alpha from
// the scan dialog; select findings; add a note and a picture of the window as evidence; attest a manual check;
// waive a failing finding; remediate alpha's PIDs limit (the exact commands shown, nothing run before the
// confirmation, the re-check turns the finding to Pass in the window) and undo it (Fail again, which also
// leaves the fleet as it was); export the binder; and the workspace verifies. With BULKHEAD_SHOTS_DIR set,
// the window is saved as a picture after each step. Fails, never skips, when the fleet is not up.
#include "MainWindow.h"
#include "dialogs/AttestationDialog.h"
#include "dialogs/BinderDialog.h"
#include "dialogs/EvidenceNoteDialog.h"
#include "dialogs/ScanDialog.h"
#include "dialogs/WaiverDialog.h"
#include "export/BinderManifest.h"
#include "items/FindingsModel.h"
#include "remediate/RemediationDialog.h"
#include "store/Workspace.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QTreeView>

#include <functional>

using namespace bulkhead;

class tst_WorkstationFleet : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void scanFromTheDialog();
    void noteAndPictureAsEvidence();
    void attestAManualCheck();
    void waiveAFailingFinding();
    void fixAndUndoFromTheWindow();
    void exportTheBinder();
    void everythingVerifies();

private:
    // Runs `drive` on the modal dialog `action` opens (found as T), then waits for the action to return.
    template <typename T> void withDialog(QAction* action, const std::function<void(T*)>& drive);
    QAction* action(const char* name) const { return m_window->findChild<QAction*>(QLatin1String(name)); }
    QString statusOfSelected() const;
    bool selectFinding(const std::function<bool(const Finding&)>& which);
    bool selectFinding(const QString& check, const QString& subject);
    void shot(const QString& name, QWidget* widget = nullptr) const; // the window, or `widget`

    QTemporaryDir m_dir;
    QJsonObject m_fleet;
    QJsonObject m_alpha;
    MainWindow* m_window = nullptr;
};

void tst_WorkstationFleet::initTestCase()
{
    QVERIFY(m_dir.isValid());
    qputenv("XDG_CONFIG_HOME", QFile::encodeName(m_dir.filePath(QStringLiteral("config"))));
    const QString fleetDir = qEnvironmentVariable("BULKHEAD_FLEET_DIR");
    QVERIFY2(!fleetDir.isEmpty(), "BULKHEAD_FLEET_DIR is not set: the fleet fixture did not run");
    QFile file(fleetDir + QStringLiteral("/fleet.json"));
    QVERIFY2(file.open(QIODevice::ReadOnly), "fleet.json missing: is the test fleet up? (tests/fleet/fleet up)");
    m_fleet = QJsonDocument::fromJson(file.readAll()).object();
    for (const auto& value : m_fleet.value(QStringLiteral("hosts")).toArray()) {
        if (value.toObject().value(QStringLiteral("name")).toString() == QLatin1String("alpha"))
            m_alpha = value.toObject();
    }
    QVERIFY(!m_alpha.isEmpty());
    m_window = new MainWindow;
    m_window->resize(1440, 880);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window));
    QVERIFY(m_window->createWorkspace(m_dir.filePath(QStringLiteral("audit.bulkhead"))).ok());
}

void tst_WorkstationFleet::cleanupTestCase()
{
    delete m_window;
}

template <typename T> void tst_WorkstationFleet::withDialog(QAction* trigger, const std::function<void(T*)>& drive)
{
    QVERIFY(trigger != nullptr);
    QVERIFY2(trigger->isEnabled(), qPrintable(trigger->objectName()));
    bool driven = false;
    QTimer::singleShot(0, this, [&] {
        auto* dialog = qobject_cast<T*>(QApplication::activeModalWidget());
        if (dialog == nullptr) {
            if (QApplication::activeModalWidget())
                QApplication::activeModalWidget()->close();
            return;
        }
        drive(dialog);
        driven = true;
        if (dialog->isVisible())
            dialog->reject(); // a step that did not accept: close
    });
    trigger->trigger(); // exec() returns when the dialog closes
    QVERIFY2(driven, qPrintable(trigger->objectName()));
}

bool tst_WorkstationFleet::selectFinding(const std::function<bool(const Finding&)>& which)
{
    auto* view = m_window->findChild<QTreeView*>(QStringLiteral("findingsView"));
    auto* model = qobject_cast<FindingsModel*>(view->model());
    for (int row = 0; row < model->rowCount(); ++row) {
        if (which(*model->findingAt(row))) {
            view->setCurrentIndex(model->index(row, FindingsModel::SubjectColumn));
            return true;
        }
    }
    return false;
}

bool tst_WorkstationFleet::selectFinding(const QString& check, const QString& subject)
{
    return selectFinding([&](const Finding& f) { return f.checkId == check && f.subject.name == subject; });
}

QString tst_WorkstationFleet::statusOfSelected() const
{
    auto* view = m_window->findChild<QTreeView*>(QStringLiteral("findingsView"));
    const QModelIndex current = view->currentIndex();
    return current.isValid() ? current.siblingAtColumn(FindingsModel::StatusColumn).data().toString() : QString();
}

void tst_WorkstationFleet::shot(const QString& name, QWidget* widget) const
{
    const QString dir = qEnvironmentVariable("BULKHEAD_SHOTS_DIR");
    if (!dir.isEmpty())
        (widget ? widget : m_window)->grab().save(QDir(dir).filePath(name + QStringLiteral(".png")));
}

void tst_WorkstationFleet::scanFromTheDialog()
{
    const QString host = QStringLiteral("root@%1:%2")
                             .arg(m_alpha.value(QStringLiteral("address")).toString())
                             .arg(m_alpha.value(QStringLiteral("port")).toInt());
    const QString identity = m_fleet.value(QStringLiteral("identity")).toString();
    const QString knownHosts = m_fleet.value(QStringLiteral("known_hosts")).toString();
    withDialog<ScanDialog>(action("scanAction"), [&](ScanDialog* dialog) {
        dialog->setHost(host);
        dialog->setIdentityFile(identity);
        dialog->setKnownHostsFile(knownHosts);
        dialog->setUseSshConfig(false);
        dialog->accept();
    });
    QTRY_VERIFY_WITH_TIMEOUT(!m_window->isScanning(), 180000);
    auto* view = m_window->findChild<QTreeView*>(QStringLiteral("findingsView"));
    QVERIFY(view->model()->rowCount() > 100);
    shot(QStringLiteral("1-scanned"));
}

void tst_WorkstationFleet::noteAndPictureAsEvidence()
{
    QVERIFY(selectFinding(QStringLiteral("container.user-not-root"), QStringLiteral("root-uid0")));
    withDialog<EvidenceNoteDialog>(action("noteAction"), [](EvidenceNoteDialog* dialog) {
        dialog->findChild<QPlainTextEdit*>(QStringLiteral("noteEdit"))
            ->setPlainText(QStringLiteral("Owner says the image is rebuilt as non-root next sprint."));
        dialog->findChild<QLineEdit*>(QStringLiteral("authorEdit"))->setText(QStringLiteral("Ann Auditor"));
        dialog->accept();
    });
    withDialog<EvidenceNoteDialog>(action("captureAction"), [](EvidenceNoteDialog* dialog) {
        // The picture of the window is already listed; a note goes with it.
        QCOMPARE(dialog->findChild<QListWidget*>(QStringLiteral("filesList"))->count(), 1);
        QVERIFY(dialog->findChild<QListWidget*>(QStringLiteral("filesList"))
                    ->item(0)
                    ->text()
                    .startsWith(QStringLiteral("screenshot-")));
        dialog->findChild<QPlainTextEdit*>(QStringLiteral("noteEdit"))->setPlainText(QStringLiteral("As reviewed."));
        dialog->findChild<QLineEdit*>(QStringLiteral("authorEdit"))->setText(QStringLiteral("Ann Auditor"));
        dialog->accept();
    });
    auto workspace = Workspace::open(m_window->workspacePath(), Workspace::OpenMode::ExistingOnly);
    QVERIFY(workspace.ok());
    auto activity = workspace.value()->activity();
    QVERIFY(activity.ok());
    int noted = 0, attached = 0;
    for (const ActivityEntry& entry : activity.value()) {
        noted += entry.action == QLatin1String("evidence.noted") ? 1 : 0;
        attached += entry.action == QLatin1String("evidence.attached") ? 1 : 0;
    }
    QCOMPARE(noted, 1);
    QCOMPARE(attached, 1);
    shot(QStringLiteral("2-evidence"));
}

void tst_WorkstationFleet::attestAManualCheck()
{
    QVERIFY2(selectFinding([](const Finding& f) { return f.status == Status::Manual; }), "alpha has no manual check");
    withDialog<AttestationDialog>(action("attestAction"), [](AttestationDialog* dialog) {
        dialog->findChild<QPlainTextEdit*>(QStringLiteral("justificationEdit"))
            ->setPlainText(QStringLiteral("Reviewed with the host owner"));
        dialog->findChild<QLineEdit*>(QStringLiteral("auditorEdit"))->setText(QStringLiteral("Ann Auditor"));
        dialog->findChild<QLineEdit*>(QStringLiteral("reviewerEdit"))->setText(QStringLiteral("Bob Reviewer"));
        dialog->accept();
    });
    QCOMPARE(statusOfSelected(), statusLabel(Status::Pass));
}

void tst_WorkstationFleet::waiveAFailingFinding()
{
    QVERIFY(selectFinding(QStringLiteral("container.user-not-root"), QStringLiteral("root-uid0")));
    QCOMPARE(statusOfSelected(), statusLabel(Status::Fail));
    withDialog<WaiverDialog>(action("waiverAction"), [](WaiverDialog* dialog) {
        dialog->findChild<QPlainTextEdit*>(QStringLiteral("justificationEdit"))
            ->setPlainText(QStringLiteral("Legacy image until the rebuild"));
        dialog->findChild<QLineEdit*>(QStringLiteral("approverEdit"))->setText(QStringLiteral("Dana Ruiz"));
        dialog->findChild<QLineEdit*>(QStringLiteral("controlEdit"))->setText(QStringLiteral("No network access"));
        dialog->accept();
    });
    QCOMPARE(statusOfSelected(), statusLabel(Status::Waived));
    shot(QStringLiteral("3-waived"));
}

void tst_WorkstationFleet::fixAndUndoFromTheWindow()
{
    QVERIFY2(selectFinding(QStringLiteral("container.pids-limit"), QStringLiteral("root-uid0")),
             "alpha's root-uid0 has no PIDs-limit finding");
    QCOMPARE(statusOfSelected(), statusLabel(Status::Fail));
    withDialog<RemediationDialog>(action("remediateAction"), [this](RemediationDialog* dialog) {
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
        const QString dir = qEnvironmentVariable("BULKHEAD_SHOTS_DIR");
        if (!dir.isEmpty())
            dialog->grab().save(QDir(dir).filePath(QStringLiteral("4-remediated-dialog.png")));
    });
    // The window shows the re-check: the same finding, of the new scan, now passing.
    QCOMPARE(statusOfSelected(), statusLabel(Status::Pass));
    shot(QStringLiteral("4-remediated"));

    withDialog<RemediationDialog>(action("undoRemediationAction"), [](RemediationDialog* dialog) {
        auto* plan = dialog->findChild<QPlainTextEdit*>(QStringLiteral("planView"));
        QVERIFY2(plan->toPlainText().contains(QStringLiteral("docker update --pids-limit '-1'")),
                 qPrintable(plan->toPlainText()));
        dialog->findChild<QCheckBox*>(QStringLiteral("confirmCheck"))->setChecked(true);
        QTest::mouseClick(dialog->findChild<QPushButton*>(QStringLiteral("runButton")), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(dialog->outcome().has_value(), 180000);
        const QString result = dialog->findChild<QLabel*>(QStringLiteral("resultLabel"))->text();
        QVERIFY2(result.contains(QStringLiteral("says: Fail")), qPrintable(result));
    });
    QCOMPARE(statusOfSelected(), statusLabel(Status::Fail));
}

void tst_WorkstationFleet::exportTheBinder()
{
    // The binder dialog: the engagement (kept in the workspace) and where the PDF goes.
    const QString pdf = m_dir.filePath(QStringLiteral("binder.pdf"));
    withDialog<BinderDialog>(action("exportAction"), [&](BinderDialog* dialog) {
        dialog->findChild<QLineEdit*>(QStringLiteral("titleEdit"))->setText(QStringLiteral("Fleet audit"));
        dialog->findChild<QLineEdit*>(QStringLiteral("clientEdit"))->setText(QStringLiteral("Example Ltd"));
        dialog->findChild<QLineEdit*>(QStringLiteral("auditorEdit"))->setText(QStringLiteral("A. Auditor"));
        dialog->findChild<QLineEdit*>(QStringLiteral("pathEdit"))->setText(pdf);
        shot(QStringLiteral("binder-dialog"), dialog);
        QTest::mouseClick(dialog->findChild<QPushButton*>(QStringLiteral("writeButton")), Qt::LeftButton);
    });
    QFile file(pdf);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray bytes = file.readAll();
    QVERIFY(bytes.startsWith("%PDF-"));
    const QString message = m_window->findChild<QLabel*>(QStringLiteral("messageLabel"))->text();
    QVERIFY2(message.startsWith(QStringLiteral("Binder written to")), qPrintable(message));
    // The PDF names the state of the workspace it shows; the engagement was kept.
    auto manifest = BinderManifest::fromPdf(bytes);
    QVERIFY2(manifest.ok(), qPrintable(manifest.errorMessage()));
    auto workspace = Workspace::open(m_window->workspacePath(), Workspace::OpenMode::ExistingOnly);
    QVERIFY(workspace.ok());
    QCOMPARE(workspace.value()->engagement()->client, QStringLiteral("Example Ltd"));
    QVERIFY(manifest->findings > 0);
}

void tst_WorkstationFleet::everythingVerifies()
{
    // Every step above is in the hash-chained log, and nothing was altered.
    auto workspace = Workspace::open(m_window->workspacePath(), Workspace::OpenMode::ExistingOnly);
    QVERIFY(workspace.ok());
    auto report = workspace.value()->verify();
    QVERIFY(report.ok());
    QVERIFY(report->ok());
    QStringList actions;
    for (const ActivityEntry& entry : workspace.value()->activity().value())
        actions << entry.action;
    for (const char* expected : {"scan.finished", "evidence.noted", "evidence.attached", "attestation.recorded",
                                 "waiver.granted", "remediation.finished", "engagement.updated", "binder.exported"}) {
        QVERIFY2(actions.contains(QLatin1String(expected)), qPrintable(actions.join(u' ')));
    }
}

QTEST_MAIN(tst_WorkstationFleet)
#include "tst_workstation_fleet.moc"
