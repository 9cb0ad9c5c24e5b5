// SPDX-License-Identifier: GPL-3.0-or-later
// The auditor's decisions from the window (issue 5, item 3): a waiver on a failing finding and an attestation
// of a manual check with an evidence file, through the real dialogs and the real main window, stored in a
// real workspace, logged, and shown at once (the finding becomes waived, the manual check passes).
#include "MainWindow.h"
#include "WorkspaceFixture.h"
#include "dialogs/AttestationDialog.h"
#include "dialogs/WaiverDialog.h"
#include "items/FindingsModel.h"

#include <QAbstractItemView>
#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QDateEdit>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace bulkhead;
using namespace bulkhead::testing;

namespace {

template <typename T> T* childOf(QWidget* parent, const char* name)
{
    return parent->findChild<T*>(QLatin1String(name));
}

bool selectFinding(QWidget* window, const QString& subject, const QString& checkId)
{
    auto* view = childOf<QAbstractItemView>(window, "findingsView");
    const QAbstractItemModel* model = view->model();
    for (int row = 0; row < model->rowCount(); ++row) {
        const QModelIndex index = model->index(row, FindingsModel::SubjectColumn);
        if (index.data().toString() == subject &&
            model->index(row, FindingsModel::CheckColumn).data().toString() == checkId) {
            view->selectionModel()->select(index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
            view->selectionModel()->setCurrentIndex(index, QItemSelectionModel::NoUpdate);
            return true;
        }
    }
    return false;
}

QString statusOf(QWidget* window, const QString& subject, const QString& checkId)
{
    auto* view = childOf<QAbstractItemView>(window, "findingsView");
    const QAbstractItemModel* model = view->model();
    for (int row = 0; row < model->rowCount(); ++row) {
        if (model->index(row, FindingsModel::SubjectColumn).data().toString() == subject &&
            model->index(row, FindingsModel::CheckColumn).data().toString() == checkId)
            return model->index(row, FindingsModel::StatusColumn).data().toString();
    }
    return {};
}

Finding failingWeb()
{
    Finding finding;
    finding.checkId = QStringLiteral("container.user-not-root");
    finding.subject = Subject{SubjectKind::Container, QStringLiteral("3f2a"), QStringLiteral("web")};
    finding.status = Status::Fail;
    finding.hostName = QStringLiteral("127.0.0.2");
    return finding;
}

} // namespace

class tst_ReviewDialogs : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void waiverDialogOffersTheScopesAndValidates();
    void attestationDialogValidates();
    void waiveFromTheWindow();
    void attestFromTheWindow();

private:
    QTemporaryDir m_dir;
    QString m_path;
    Fixture m_fx;
};

void tst_ReviewDialogs::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_path = m_dir.filePath(QStringLiteral("review.bulkhead"));
    QString error;
    m_fx = buildFixture(m_path, &error);
    QVERIFY2(m_fx.workspace != nullptr, qPrintable(error));
    // Host B also has a manual check the auditor attests.
    Finding manual = makeFinding(QStringLiteral("host.process-baseline"), SubjectKind::Host, QString(),
                                 QStringLiteral("127.0.0.3:2222"), Status::Manual,
                                 QStringLiteral("the zone's accepted process list"), QStringLiteral("12 processes"),
                                 QStringLiteral("No baseline yet: review the list."), m_fx.hostBArtifact,
                                 QStringLiteral("/0"), QStringLiteral("{}"));
    Finding cache = makeFinding(QStringLiteral("container.user-not-root"), SubjectKind::Container,
                                QStringLiteral("aa11bb22cc33dd44ee55ff6600112233445566778899aabbccddeeff00112233"),
                                QStringLiteral("cache"), Status::Pass, QStringLiteral("a non-root user"),
                                QStringLiteral("999"), QStringLiteral("Runs as UID 999."), m_fx.hostBArtifact,
                                QStringLiteral("/0/Config/User"), QStringLiteral("\"999\""));
    auto replaced = m_fx.workspace->replaceFindings(m_fx.scanId, m_fx.hostB, {cache, manual});
    QVERIFY2(replaced, qPrintable(replaced.errorMessage()));
}

void tst_ReviewDialogs::waiverDialogOffersTheScopesAndValidates()
{
    WaiverDialog dialog(failingWeb(), QStringLiteral("prod"));
    auto* scope = childOf<QComboBox>(&dialog, "scopeCombo");
    QCOMPARE(scope->count(), 4); // this container, a label, the host, the zone
    auto* risk = childOf<QComboBox>(&dialog, "riskCombo");
    QCOMPARE(risk->currentData().toString(), QStringLiteral("high")); // the check's severity
    QCOMPARE(childOf<QDateEdit>(&dialog, "expiresEdit")->date(), QDate::currentDate().addDays(90));

    // Nothing filled in: refused, with the reason, and the dialog stays open.
    dialog.show();
    dialog.accept();
    QVERIFY(dialog.isVisible());
    auto* error = childOf<QLabel>(&dialog, "waiverDialogError");
    QVERIFY(!error->isHidden());
    QVERIFY2(!error->text().isEmpty(), qPrintable(error->text()));

    // A label scope needs key=value.
    scope->setCurrentIndex(scope->findData(static_cast<int>(WaiverScope::Label)));
    childOf<QPlainTextEdit>(&dialog, "justificationEdit")->setPlainText(QStringLiteral("Vendor image, fix due"));
    childOf<QLineEdit>(&dialog, "approverEdit")->setText(QStringLiteral("Dana (system owner)"));
    childOf<QLineEdit>(&dialog, "labelEdit")->setText(QStringLiteral("no-equals-sign"));
    dialog.accept();
    QVERIFY(dialog.isVisible());
    childOf<QLineEdit>(&dialog, "labelEdit")->setText(QStringLiteral("team=payments"));
    dialog.accept();
    QVERIFY(!dialog.isVisible());
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    const Waiver waiver = dialog.waiver();
    QCOMPARE(waiver.scope, WaiverScope::Label);
    QCOMPARE(waiver.target, QStringLiteral("team=payments"));
    QCOMPARE(waiver.checkId, QStringLiteral("container.user-not-root"));
    QCOMPARE(waiver.expiresUtc, QDateTime(QDate::currentDate().addDays(90), QTime(23, 59, 59), Qt::UTC));

    // A host in no zone: no zone scope.
    WaiverDialog noZone(failingWeb(), QString());
    QCOMPARE(childOf<QComboBox>(&noZone, "scopeCombo")->findData(static_cast<int>(WaiverScope::Zone)), -1);
}

void tst_ReviewDialogs::attestationDialogValidates()
{
    AttestationDialog dialog(QStringLiteral("host.process-baseline"), QStringLiteral("bravo"), QStringLiteral("prod"));
    QCOMPARE(childOf<QComboBox>(&dialog, "targetCombo")->count(), 2);
    dialog.show();
    childOf<QPlainTextEdit>(&dialog, "justificationEdit")->setPlainText(QStringLiteral("Reviewed the list"));
    childOf<QLineEdit>(&dialog, "auditorEdit")->setText(QStringLiteral("Ann"));
    childOf<QLineEdit>(&dialog, "reviewerEdit")->setText(QStringLiteral("Ann"));
    dialog.accept(); // the reviewer must be someone else
    QVERIFY(dialog.isVisible());
    childOf<QLineEdit>(&dialog, "reviewerEdit")->setText(QStringLiteral("Bob"));
    dialog.addFiles({m_dir.filePath(QStringLiteral("no-such-file.txt"))});
    dialog.accept(); // a file that cannot be read
    QVERIFY(dialog.isVisible());
    QVERIFY(childOf<QLabel>(&dialog, "attestationDialogError")->text().contains(QLatin1String("no-such-file.txt")));
    // Each file once, even when given twice at once; Remove drops the selected one.
    const QString twice = m_dir.filePath(QStringLiteral("twice.txt"));
    dialog.addFiles({twice, twice});
    QCOMPARE(dialog.files().count(twice), 1);
    auto* list = childOf<QListWidget>(&dialog, "filesList");
    list->clearSelection();
    list->item(0)->setSelected(true);
    childOf<QPushButton>(&dialog, "removeFilesButton")->click();
    QCOMPARE(dialog.files(), QStringList{twice});
}

void tst_ReviewDialogs::waiveFromTheWindow()
{
    MainWindow window;
    QVERIFY(window.openWorkspace(m_path));
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    auto* waive = childOf<QAction>(&window, "waiverAction");
    QVERIFY(waive != nullptr);
    QVERIFY(!waive->isEnabled()); // nothing selected
    QVERIFY(selectFinding(&window, QStringLiteral("api"), QStringLiteral("container.user-not-root")));
    QVERIFY(!waive->isEnabled()); // a pass needs no waiver
    QVERIFY(selectFinding(&window, QStringLiteral("web"), QStringLiteral("container.user-not-root")));
    QVERIFY(waive->isEnabled());
    QCOMPARE(statusOf(&window, QStringLiteral("web"), QStringLiteral("container.user-not-root")),
             QStringLiteral("Fail"));

    bool filled = false;
    QTimer::singleShot(0, this, [&filled] {
        auto* dialog = qobject_cast<WaiverDialog*>(QApplication::activeModalWidget());
        if (!dialog)
            return;
        auto* scope = childOf<QComboBox>(dialog, "scopeCombo");
        scope->setCurrentIndex(scope->findData(static_cast<int>(WaiverScope::Container)));
        childOf<QPlainTextEdit>(dialog, "justificationEdit")->setPlainText(QStringLiteral("Legacy image until Q2"));
        childOf<QLineEdit>(dialog, "approverEdit")->setText(QStringLiteral("Dana"));
        childOf<QLineEdit>(dialog, "controlEdit")->setText(QStringLiteral("No network access"));
        filled = true;
        dialog->accept();
    });
    waive->trigger();
    QVERIFY(filled);

    // Stored, logged, and the finding shows as waived at once; the other container stays failing.
    QCOMPARE(statusOf(&window, QStringLiteral("web"), QStringLiteral("container.user-not-root")),
             QStringLiteral("Waived"));
    QCOMPARE(statusOf(&window, QStringLiteral("evil"), QStringLiteral("container.user-not-root")),
             QStringLiteral("Fail"));
    auto waivers = m_fx.workspace->waivers();
    QVERIFY(waivers && waivers->size() == 1);
    QCOMPARE(waivers->front().target, QStringLiteral("web"));
    QCOMPARE(waivers->front().compensatingControl, QStringLiteral("No network access"));
    auto log = m_fx.workspace->activity();
    QVERIFY(log && !log->isEmpty());
    QCOMPARE(log->constLast().action, QStringLiteral("waiver.granted"));
    auto* message = childOf<QLabel>(&window, "messageLabel");
    QVERIFY2(message && message->text().startsWith(QLatin1String("Waiver 1 granted")),
             qPrintable(message ? message->text() : QString()));
    auto verified = m_fx.workspace->verify();
    QVERIFY(verified && verified->ok());
}

void tst_ReviewDialogs::attestFromTheWindow()
{
    const QString evidence = m_dir.filePath(QStringLiteral("process-review.txt"));
    {
        QFile file(evidence);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("ps reviewed with the owner, 2026-11-30\n");
    }
    MainWindow window;
    QVERIFY(window.openWorkspace(m_path));
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    auto* attest = childOf<QAction>(&window, "attestAction");
    QVERIFY(selectFinding(&window, QStringLiteral("web"), QStringLiteral("container.read-only-rootfs")));
    QVERIFY(!attest->isEnabled()); // not a manual check
    QVERIFY(selectFinding(&window, QStringLiteral("127.0.0.3:2222"), QStringLiteral("host.process-baseline")));
    QVERIFY(attest->isEnabled());

    bool filled = false;
    QTimer::singleShot(0, this, [&filled, evidence] {
        auto* dialog = qobject_cast<AttestationDialog*>(QApplication::activeModalWidget());
        if (!dialog)
            return;
        childOf<QPlainTextEdit>(dialog, "justificationEdit")
            ->setPlainText(QStringLiteral("Every process accounted for"));
        childOf<QLineEdit>(dialog, "auditorEdit")->setText(QStringLiteral("Ann"));
        childOf<QLineEdit>(dialog, "reviewerEdit")->setText(QStringLiteral("Bob"));
        dialog->addFiles({evidence});
        filled = true;
        dialog->accept();
    });
    attest->trigger();
    QVERIFY(filled);

    QCOMPARE(statusOf(&window, QStringLiteral("127.0.0.3:2222"), QStringLiteral("host.process-baseline")),
             QStringLiteral("Pass"));
    auto attestations = m_fx.workspace->attestations();
    QVERIFY(attestations && attestations->size() == 1);
    auto files = m_fx.workspace->attachments(QStringLiteral("attestation:%1").arg(attestations->front().id));
    QVERIFY(files && files->size() == 1);
    QCOMPARE(files->front().fileName, QStringLiteral("process-review.txt"));
    QCOMPARE(m_fx.workspace->attachmentBytes(files->front().id).value(),
             QByteArray("ps reviewed with the owner, 2026-11-30\n"));
    auto verified = m_fx.workspace->verify();
    QVERIFY2(verified && verified->ok(), verified ? qPrintable(verified->problems.join(u'\n')) : "");
}

QTEST_MAIN(tst_ReviewDialogs)
#include "tst_reviewdialogs.moc"
