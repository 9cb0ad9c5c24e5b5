// SPDX-License-Identifier: GPL-3.0-or-later
// Comparing two scans from the window (issue 5, item 5): the fixture's scan, then a second scan of host A in
// which web is fixed, api regressed, evil is gone and a new container fails; the dialog lists each change,
// worst first, with before and after, and says when there is nothing to compare.
#include "MainWindow.h"
#include "WorkspaceFixture.h"
#include "dialogs/ScanDiffDialog.h"
#include "items/ItemRoles.h"
#include "items/ScanDiffModel.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QLabel>
#include <QTemporaryDir>
#include <QTimer>
#include <QtTest>

using namespace bulkhead;
using namespace bulkhead::testing;

class tst_ScanDiffDialog : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void oneScanHasNothingToCompare();
    void listsEachChange();
    void sameScanTwice();
    void openedFromTheWindow();

private:
    QTemporaryDir m_dir;
    QString m_path;
    Fixture m_fx;
    qint64 m_second = 0;
};

void tst_ScanDiffDialog::initTestCase()
{
    qputenv("XDG_CONFIG_HOME", QFile::encodeName(m_dir.filePath(QStringLiteral("config"))));
    m_path = m_dir.filePath(QStringLiteral("diff.bulkhead"));
    QString error;
    m_fx = buildFixture(m_path, &error);
    QVERIFY2(m_fx.workspace, qPrintable(error));
}

void tst_ScanDiffDialog::oneScanHasNothingToCompare()
{
    ScanDiffDialog dialog(*m_fx.workspace);
    QCOMPARE(dialog.model()->rowCount(), 0);
    QVERIFY(dialog.findChild<QLabel*>(QStringLiteral("diffSummary"))->text().contains(QStringLiteral("two scans")));
}

void tst_ScanDiffDialog::listsEachChange()
{
    Workspace& ws = *m_fx.workspace;
    auto current = ws.findings(m_fx.scanId);
    QVERIFY(current.ok());
    QVector<Finding> next;
    for (Finding finding : current.value()) {
        if (finding.hostId != m_fx.hostA || finding.subject.name == QLatin1String("evil"))
            continue; // evil is gone
        if (finding.checkId == QLatin1String("container.user-not-root") && finding.subject.name == QLatin1String("web"))
            finding.status = Status::Pass; // fixed
        else if (finding.checkId == QLatin1String("container.user-not-root") &&
                 finding.subject.name == QLatin1String("api"))
            finding.status = Status::Fail; // regressed
        next << finding;
    }
    Finding added = next.first();
    added.checkId = QStringLiteral("container.user-not-root");
    added.subject = Subject{SubjectKind::Container, QString(64, QLatin1Char('d')), QStringLiteral("newcomer")};
    added.status = Status::Fail;
    next << added;
    m_second = ws.beginScan(QStringLiteral("test")).value();
    QVERIFY(ws.replaceFindings(m_second, m_fx.hostA, next).ok());
    QVERIFY(ws.finishScan(m_second, ScanState::Complete).ok());

    ScanDiffDialog dialog(ws);
    QAbstractItemModelTester tester(dialog.model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    // It opens on the last two scans.
    QCOMPARE(dialog.findChild<QComboBox*>(QStringLiteral("earlierCombo"))->currentData().toLongLong(), m_fx.scanId);
    QCOMPARE(dialog.findChild<QComboBox*>(QStringLiteral("laterCombo"))->currentData().toLongLong(), m_second);
    const ScanDiffModel* model = dialog.model();
    QCOMPARE(model->count(FindingChange::Fixed), 1);
    QCOMPARE(model->count(FindingChange::Regressed), 1);
    QCOMPARE(model->count(FindingChange::Added), 1);
    // evil, and host B's cache: the second scan covered host A only.
    QCOMPARE(model->count(FindingChange::Removed), 2);
    QCOMPARE(model->count(FindingChange::New), 0); // newcomer counts as added, its failing finding with it
    // Worst news first; before and after as statuses for the chips.
    QCOMPARE(model->index(0, ScanDiffModel::ChangeColumn).data().toString(), QStringLiteral("regressed"));
    QCOMPARE(model->index(0, ScanDiffModel::SubjectColumn).data().toString(), QStringLiteral("container api"));
    QCOMPARE(model->index(0, ScanDiffModel::BeforeColumn).data(StatusRole).value<Status>(), Status::Pass);
    QCOMPARE(model->index(0, ScanDiffModel::AfterColumn).data(StatusRole).value<Status>(), Status::Fail);
    const QString summary = dialog.findChild<QLabel*>(QStringLiteral("diffSummary"))->text();
    QVERIFY2(summary.contains(QStringLiteral("1 regressed")) && summary.contains(QStringLiteral("1 fixed")),
             qPrintable(summary));
    if (const QString dir = qEnvironmentVariable("BULKHEAD_SHOTS_DIR"); !dir.isEmpty()) {
        dialog.show();
        dialog.grab().save(QDir(dir).filePath(QStringLiteral("scan-diff-dialog.png")));
    }
    // The other way round, fixed becomes regressed.
    QVERIFY(dialog.compare(m_second, m_fx.scanId));
    QCOMPARE(model->count(FindingChange::Regressed), 1);
    QCOMPARE(model->count(FindingChange::Fixed), 1);
    QVERIFY(!dialog.compare(m_second, 999));
}

void tst_ScanDiffDialog::sameScanTwice()
{
    ScanDiffDialog dialog(*m_fx.workspace);
    QVERIFY(dialog.compare(m_second, m_second));
    QCOMPARE(dialog.model()->rowCount(), 0);
    QCOMPARE(dialog.findChild<QLabel*>(QStringLiteral("diffSummary"))->text(),
             QStringLiteral("Choose two different scans."));
}

void tst_ScanDiffDialog::openedFromTheWindow()
{
    MainWindow window;
    QVERIFY(window.openWorkspace(m_path).ok());
    window.show();
    auto* compare = window.findChild<QAction*>(QStringLiteral("compareAction"));
    QVERIFY(compare && compare->isEnabled());
    int rows = -1;
    QTimer::singleShot(0, this, [&rows] {
        auto* dialog = qobject_cast<ScanDiffDialog*>(QApplication::activeModalWidget());
        if (!dialog)
            return;
        rows = dialog->model()->rowCount();
        dialog->reject();
    });
    compare->trigger();
    QCOMPARE(rows, 5);
}

QTEST_MAIN(tst_ScanDiffDialog)
#include "tst_scandiffdialog.moc"
