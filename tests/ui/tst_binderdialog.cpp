// SPDX-License-Identifier: GPL-3.0-or-later
// The binder and the findings exports from the window (issue 6): the dialog keeps the engagement, refuses a
// period that ends before it starts or a name with control characters, gives the ticked zones; the window
// writes the binder of one zone, stores the engagement, and exports the findings in the format chosen.
#include "MainWindow.h"
#include "WorkspaceFixture.h"
#include "dialogs/BinderDialog.h"
#include "export/BinderManifest.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QDateEdit>
#include <QFileDialog>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QTemporaryDir>
#include <QTimer>
#include <QtTest>

using namespace bulkhead;
using namespace bulkhead::testing;

class tst_BinderDialog : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void showsAndReturnsTheEngagement();
    void refusesWhatCannotBeStored();
    void ticksZones();
    void windowWritesTheBinderOfAZone();
    void windowExportsFindings();

private:
    QTemporaryDir m_dir;
    QString m_path;
    Fixture m_fx;
    QVector<Zone> m_zones;
};

void tst_BinderDialog::initTestCase()
{
    qputenv("XDG_CONFIG_HOME", QFile::encodeName(m_dir.filePath(QStringLiteral("config"))));
    m_path = m_dir.filePath(QStringLiteral("dialog.bulkhead"));
    QString error;
    m_fx = buildFixture(m_path, &error);
    QVERIFY2(m_fx.workspace, qPrintable(error));
    for (const auto& [name, scope] :
         {std::pair{QStringLiteral("prod"), ZoneScope::In}, std::pair{QStringLiteral("lab"), ZoneScope::Out}}) {
        Zone zone;
        zone.name = name;
        zone.scope = scope;
        zone.rationale = QStringLiteral("Why %1 is where it is").arg(name);
        QVERIFY(m_fx.workspace->upsertZone(zone).ok());
    }
    QVERIFY(m_fx.workspace->setHostZone(m_fx.hostA, QStringLiteral("prod")).ok());
    QVERIFY(m_fx.workspace->setHostZone(m_fx.hostB, QStringLiteral("lab")).ok());
    m_zones = m_fx.workspace->zones().value();
}

void tst_BinderDialog::showsAndReturnsTheEngagement()
{
    Engagement engagement;
    engagement.title = QStringLiteral("Audit 2026");
    engagement.client = QStringLiteral("Example Ltd");
    engagement.auditor = QStringLiteral("A. Auditor");
    engagement.reference = QStringLiteral("EP-17");
    engagement.periodStart = QDate(2026, 11, 1);
    engagement.periodEnd = QDate(2026, 11, 30);
    BinderDialog dialog(engagement, m_zones, QStringLiteral("/tmp/out.pdf"));
    QCOMPARE(dialog.findChild<QLineEdit*>(QStringLiteral("clientEdit"))->text(), QStringLiteral("Example Ltd"));
    QVERIFY(dialog.findChild<QCheckBox*>(QStringLiteral("periodCheck"))->isChecked());
    QCOMPARE(dialog.engagement(), engagement);
    QCOMPARE(dialog.pdfPath(), QStringLiteral("/tmp/out.pdf"));
    QVERIFY(dialog.zones().isEmpty()); // none ticked: the whole workspace

    // Without a period, none is returned.
    dialog.findChild<QCheckBox*>(QStringLiteral("periodCheck"))->setChecked(false);
    QVERIFY(!dialog.engagement().periodStart.isValid());
    QVERIFY(!dialog.findChild<QDateEdit*>(QStringLiteral("fromEdit"))->isEnabled());
}

void tst_BinderDialog::refusesWhatCannotBeStored()
{
    BinderDialog dialog(Engagement{}, m_zones, QStringLiteral("/tmp/out.pdf"));
    dialog.show();
    dialog.findChild<QCheckBox*>(QStringLiteral("periodCheck"))->setChecked(true);
    dialog.findChild<QDateEdit*>(QStringLiteral("fromEdit"))->setDate(QDate(2026, 12, 1));
    dialog.findChild<QDateEdit*>(QStringLiteral("toEdit"))->setDate(QDate(2026, 11, 1));
    dialog.accept();
    auto* error = dialog.findChild<QLabel*>(QStringLiteral("errorLabel"));
    QVERIFY(dialog.isVisible());
    QVERIFY2(error->text().contains(QStringLiteral("ends (2026-11-01) before it starts")), qPrintable(error->text()));

    dialog.findChild<QDateEdit*>(QStringLiteral("toEdit"))->setDate(QDate(2026, 12, 31));
    dialog.findChild<QLineEdit*>(QStringLiteral("clientEdit"))->setText(QStringLiteral("Evil\x1b[31m Corp"));
    dialog.accept();
    QVERIFY(dialog.isVisible());
    QVERIFY2(error->text().contains(QStringLiteral("client")), qPrintable(error->text()));

    dialog.findChild<QLineEdit*>(QStringLiteral("clientEdit"))->setText(QStringLiteral("Good Corp"));
    dialog.findChild<QLineEdit*>(QStringLiteral("pathEdit"))->clear();
    dialog.accept();
    QVERIFY(dialog.isVisible());
    QVERIFY(error->text().contains(QStringLiteral("where to save")));

    dialog.findChild<QLineEdit*>(QStringLiteral("pathEdit"))->setText(QStringLiteral("/tmp/b.pdf"));
    dialog.accept();
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
}

void tst_BinderDialog::ticksZones()
{
    BinderDialog dialog(Engagement{}, m_zones, QStringLiteral("/tmp/out.pdf"));
    auto* list = dialog.findChild<QListWidget*>(QStringLiteral("zonesList"));
    QCOMPARE(list->count(), 2);
    QVERIFY(list->item(0)->text().contains(QStringLiteral("out of scope"))); // lab, by name
    list->item(1)->setCheckState(Qt::Checked);
    QCOMPARE(dialog.zones(), QStringList{QStringLiteral("prod")});
}

void tst_BinderDialog::windowWritesTheBinderOfAZone()
{
    MainWindow window;
    QVERIFY(window.openWorkspace(m_path).ok());
    window.show();
    const QString pdf = m_dir.filePath(QStringLiteral("prod.pdf"));
    bool driven = false;
    QTimer::singleShot(0, this, [&] {
        auto* dialog = qobject_cast<BinderDialog*>(QApplication::activeModalWidget());
        if (!dialog)
            return;
        dialog->findChild<QLineEdit*>(QStringLiteral("auditorEdit"))->setText(QStringLiteral("B. Auditor"));
        dialog->findChild<QLineEdit*>(QStringLiteral("pathEdit"))->setText(pdf);
        auto* list = dialog->findChild<QListWidget*>(QStringLiteral("zonesList"));
        list->item(1)->setCheckState(Qt::Checked); // prod
        driven = true;
        QTest::mouseClick(dialog->findChild<QPushButton*>(QStringLiteral("writeButton")), Qt::LeftButton);
    });
    window.findChild<QAction*>(QStringLiteral("exportAction"))->trigger();
    QVERIFY(driven);
    QFile file(pdf);
    QVERIFY(file.open(QIODevice::ReadOnly));
    auto manifest = BinderManifest::fromPdf(file.readAll());
    QVERIFY2(manifest.ok(), qPrintable(manifest.errorMessage()));
    QCOMPARE(manifest->zones, QStringList{QStringLiteral("prod")});
    // Only host A is in prod: its findings, not host B's.
    auto all = m_fx.workspace->reviewedFindings(std::nullopt, QDateTime::currentDateTimeUtc(), false);
    QVERIFY(all.ok());
    const auto ofA =
        std::count_if(all->cbegin(), all->cend(), [this](const Finding& f) { return f.hostId == m_fx.hostA; });
    QCOMPARE(manifest->findings, int(ofA));
    QCOMPARE(m_fx.workspace->engagement()->auditor, QStringLiteral("B. Auditor"));
    QVERIFY(
        window.findChild<QLabel*>(QStringLiteral("messageLabel"))->text().startsWith(QStringLiteral("Binder written")));
}

void tst_BinderDialog::windowExportsFindings()
{
    MainWindow window;
    QVERIFY(window.openWorkspace(m_path).ok());
    window.show();
    const QString out = m_dir.filePath(QStringLiteral("findings.sarif"));
    QTimer::singleShot(0, this, [&] {
        auto* dialog = qobject_cast<QFileDialog*>(QApplication::activeModalWidget());
        if (!dialog)
            return;
        dialog->selectFile(out);
        static_cast<QDialog*>(dialog)->accept(); // QFileDialog's own accept() is protected
    });
    window.findChild<QAction*>(QStringLiteral("exportFindingsAction"))->trigger();
    QFile file(out);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QJsonObject sarif = QJsonDocument::fromJson(file.readAll()).object();
    QCOMPARE(sarif.value(QStringLiteral("version")).toString(), QStringLiteral("2.1.0"));
    QVERIFY(window.findChild<QLabel*>(QStringLiteral("messageLabel"))
                ->text()
                .startsWith(QStringLiteral("Findings exported")));
}

QTEST_MAIN(tst_BinderDialog)
#include "tst_binderdialog.moc"
