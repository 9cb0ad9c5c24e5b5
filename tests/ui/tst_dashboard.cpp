// SPDX-License-Identifier: GPL-3.0-or-later
// The dashboard (issue 5, item 4): scores per tip, zone and host from reviewed findings, the severity of what
// fails and the trend; a click narrows the review views to that tip, severity, zone or host.
#include "MainWindow.h"
#include "WorkspaceFixture.h"
#include "dashboard/DashboardView.h"
#include "items/ChecksModel.h"
#include "items/FleetTreeModel.h"

#include <QAbstractItemView>
#include <QChartView>
#include <QLabel>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>
#include <QTreeView>

using namespace bulkhead;
using namespace bulkhead::testing;

namespace {

Finding finding(const QString& check, Status status, qint64 host)
{
    Finding f;
    f.checkId = check;
    f.status = status;
    f.hostId = host;
    f.subject = Subject{SubjectKind::Container, QStringLiteral("c%1").arg(host), QStringLiteral("c")};
    return f;
}

HostRecord host(qint64 id, const QString& name, const QString& zone)
{
    HostRecord record;
    record.id = id;
    record.name = name;
    record.zone = zone;
    return record;
}

int visibleRows(QTreeView* view)
{
    int visible = 0;
    for (int row = 0; row < view->model()->rowCount(); ++row)
        visible += view->isRowHidden(row, QModelIndex()) ? 0 : 1;
    return visible;
}

} // namespace

class tst_Dashboard : public QObject
{
    Q_OBJECT

private slots:
    void chartsFollowTheScores();
    void emptyShowsWhatToDo();
    void clicksNarrowTheReview();
};

void tst_Dashboard::chartsFollowTheScores()
{
    const QVector<Finding> findings{
        finding(QStringLiteral("container.user-not-root"), Status::Fail, 1),      // tip 7
        finding(QStringLiteral("container.user-not-root"), Status::Pass, 2),      // tip 7
        finding(QStringLiteral("container.read-only-rootfs"), Status::Waived, 2), // tip 9
        finding(QStringLiteral("container.read-only-rootfs"), Status::Pass, 3),   // tip 9, host in no zone
    };
    Zone prod;
    prod.name = QStringLiteral("prod");
    prod.scope = ZoneScope::In;
    Zone lab;
    lab.name = QStringLiteral("lab");
    lab.scope = ZoneScope::Out;
    DashboardView view;
    view.resize(1400, 800);
    DashboardView::TrendPoint point{7, QDateTime::currentDateTimeUtc(), ComplianceScore::of(findings)};
    view.setData(findings,
                 {host(1, QStringLiteral("alpha"), QStringLiteral("prod")),
                  host(2, QStringLiteral("bravo"), QStringLiteral("lab")), host(3, QStringLiteral("echo"), QString())},
                 {prod, lab}, {point});
    QCOMPARE(view.tipCategories(), (QStringList{QStringLiteral("7"), QStringLiteral("9")}));
    QCOMPARE(view.zoneCategories(),
             (QStringList{QStringLiteral("(no zone)"), QStringLiteral("lab (out)"), QStringLiteral("prod")}));
    // Lowest score first: alpha 0 %, bravo 50 %, echo 100 %.
    QCOMPARE(view.hostCategories(),
             (QStringList{QStringLiteral("alpha"), QStringLiteral("bravo"), QStringLiteral("echo")}));
    const QString summary = view.findChild<QLabel*>(QStringLiteral("dashboardSummary"))->text();
    QVERIFY2(summary.startsWith(QLatin1String("Score 50.0 % without waivers, 75.0 % with waivers")),
             qPrintable(summary));
    for (const char* chart : {"tipChart", "zoneChart", "hostChart", "severityChart", "trendChart"})
        QVERIFY2(view.findChild<QChartView*>(QLatin1String(chart)) != nullptr, chart);

    QSignalSpy tips(&view, &DashboardView::tipActivated);
    QSignalSpy zones(&view, &DashboardView::zoneActivated);
    QSignalSpy hosts(&view, &DashboardView::hostActivated);
    view.activateTip(1);
    view.activateZone(1);
    view.activateHost(0);
    view.activateTip(5); // no such bar
    QCOMPARE(tips.size(), 1);
    QCOMPARE(tips.front().front().toInt(), 9);
    QCOMPARE(zones.front().front().toString(), QStringLiteral("lab"));
    QCOMPARE(hosts.front().front().toLongLong(), 1);
}

void tst_Dashboard::emptyShowsWhatToDo()
{
    DashboardView view;
    view.setData({}, {}, {}, {});
    QVERIFY(view.findChild<QChartView*>(QStringLiteral("tipChart")) == nullptr);
    QVERIFY(view.tipCategories().isEmpty());
}

void tst_Dashboard::clicksNarrowTheReview()
{
    QTemporaryDir dir;
    QString error;
    Fixture fx = buildFixture(dir.filePath(QStringLiteral("dash.bulkhead")), &error);
    QVERIFY2(fx.workspace != nullptr, qPrintable(error));
    MainWindow window;
    QVERIFY(window.openWorkspace(fx.workspace->path()));
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    auto* tabs = window.findChild<QTabWidget*>(QStringLiteral("mainTabs"));
    auto* dashboard = window.findChild<DashboardView*>(QStringLiteral("dashboardView"));
    QVERIFY(tabs && dashboard);
    // Drawn when shown, from the workspace's reviewed findings.
    QVERIFY(dashboard->tipCategories().isEmpty());
    tabs->setCurrentWidget(dashboard);
    QVERIFY(dashboard->tipCategories().contains(QStringLiteral("7")));
    QVERIFY(
        dashboard->findChild<QLabel*>(QStringLiteral("dashboardSummary"))->text().startsWith(QLatin1String("Score ")));

    auto* checks = window.findChild<QTreeView*>(QStringLiteral("checksView"));
    const int allChecks = visibleRows(checks);
    dashboard->activateTip(int(dashboard->tipCategories().indexOf(QStringLiteral("7"))));
    QCOMPARE(tabs->currentIndex(), 0);
    const auto* model = qobject_cast<ChecksModel*>(checks->model());
    int tip7 = 0;
    for (int row = 0; row < model->rowCount(); ++row) {
        const bool isTip7 = model->checkAt(row) && model->checkAt(row)->tip == 7;
        tip7 += isTip7 ? 1 : 0;
        QCOMPARE(checks->isRowHidden(row, QModelIndex()), !isTip7);
    }
    QCOMPARE(visibleRows(checks), tip7);
    auto* strip = window.findChild<QWidget*>(QStringLiteral("filterStrip"));
    QVERIFY(strip->isVisible());
    QCOMPARE(window.findChild<QLabel*>(QStringLiteral("filterLabel"))->text(), QStringLiteral("Showing only: tip 7"));
    // Severity narrows further; "Show all" brings everything back.
    dashboard->activateSeverity(Severity::Critical);
    QVERIFY(visibleRows(checks) < tip7);
    window.findChild<QToolButton*>(QStringLiteral("clearFiltersButton"))->click();
    QCOMPARE(visibleRows(checks), allChecks);
    QVERIFY(!strip->isVisible());

    // A host bar selects the host.
    tabs->setCurrentWidget(dashboard);
    const int hostIndex = int(dashboard->hostCategories().indexOf(QStringLiteral("127.0.0.3:2222")));
    QVERIFY(hostIndex >= 0);
    dashboard->activateHost(hostIndex);
    QCOMPARE(tabs->currentIndex(), 0);
    auto* hostsView = window.findChild<QTreeView*>(QStringLiteral("hostsView"));
    const auto* hosts = qobject_cast<FleetTreeModel*>(hostsView->model());
    QCOMPARE(hosts->selectionAt(hostsView->currentIndex()).host, std::optional<qint64>(fx.hostB));
}

QTEST_MAIN(tst_Dashboard)
#include "tst_dashboard.moc"
