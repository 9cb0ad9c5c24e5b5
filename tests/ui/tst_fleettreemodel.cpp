// SPDX-License-Identifier: GPL-3.0-or-later
// The fleet tree of the left pane: zones (in or out of scope, with their reason) and their hosts, each host's
// containers and images with counts, what each row selects, and a workspace without zones as a flat list.
#include "items/FleetTreeModel.h"
#include "items/ItemRoles.h"

#include <QAbstractItemModelTester>
#include <QtTest>

using namespace bulkhead;

namespace {

HostsModel::HostRow host(qint64 id, const QString& name, int fail, int pass)
{
    HostsModel::HostRow row;
    row.hostId = id;
    row.name = name;
    row.address = QStringLiteral("root@%1:22").arg(name);
    row.lastState = HostScanState::Done;
    row.fail = fail;
    row.pass = pass;
    return row;
}

Finding finding(qint64 host, SubjectKind kind, const QString& id, const QString& name, Status status)
{
    Finding f;
    f.hostId = host;
    f.checkId = QStringLiteral("container.user-not-root");
    f.subject = Subject{kind, id, name};
    f.status = status;
    return f;
}

Zone zone(const QString& name, ZoneScope scope, const QString& why)
{
    Zone z;
    z.name = name;
    z.scope = scope;
    z.rationale = why;
    return z;
}

QStringList names(const QAbstractItemModel& model, const QModelIndex& parent = {})
{
    QStringList list;
    for (int row = 0; row < model.rowCount(parent); ++row)
        list << model.index(row, 0, parent).data().toString();
    return list;
}

} // namespace

class tst_FleetTreeModel : public QObject
{
    Q_OBJECT
private slots:
    void zonesHostsSubjects();
    void selections();
    void withoutZonesHostsAreTopLevel();
    void emptyFleet();
};

void tst_FleetTreeModel::zonesHostsSubjects()
{
    FleetTreeModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const QString web(64, QLatin1Char('a')), api(64, QLatin1Char('b')), image(64, QLatin1Char('c'));
    model.setFleet({host(1, QStringLiteral("alpha"), 3, 1), host(2, QStringLiteral("bravo"), 0, 2),
                    host(3, QStringLiteral("adhoc"), 1, 0)},
                   {zone(QStringLiteral("prod"), ZoneScope::In, QStringLiteral("Customer data")),
                    zone(QStringLiteral("lab"), ZoneScope::Out, QStringLiteral("<b>Test</b> only"))},
                   {{1, QStringLiteral("prod")}, {2, QStringLiteral("lab")}, {3, QString()}},
                   {finding(1, SubjectKind::Container, web, QStringLiteral("web"), Status::Fail),
                    finding(1, SubjectKind::Container, web, QStringLiteral("web"), Status::Pass),
                    finding(1, SubjectKind::Container, api, QStringLiteral("Api"), Status::Fail),
                    finding(1, SubjectKind::Image, image, QStringLiteral("nginx:1.25"), Status::Fail),
                    finding(1, SubjectKind::Host, QString(), QString(), Status::Fail)});
    // Zones by name, "no zone" last; the reason as the tooltip, as text.
    QCOMPARE(names(model), (QStringList{QStringLiteral("All hosts"), QStringLiteral("lab"), QStringLiteral("prod"),
                                        QStringLiteral("(no zone)")}));
    const QModelIndex lab = model.indexOfZone(QStringLiteral("lab"));
    QCOMPARE(lab.siblingAtColumn(FleetTreeModel::StateColumn).data().toString(), QStringLiteral("out of scope"));
    QCOMPARE(lab.data(Qt::ToolTipRole).toString(), QStringLiteral("<b>Test</b> only"));
    QCOMPARE(names(model, model.indexOfZone(QStringLiteral("prod"))), QStringList{QStringLiteral("alpha")});
    QCOMPARE(model.indexOfZone(QStringLiteral("prod")).siblingAtColumn(FleetTreeModel::FailColumn).data().toInt(), 3);
    QCOMPARE(model.fleetIndex().siblingAtColumn(FleetTreeModel::FailColumn).data().toInt(), 4);
    QCOMPARE(model.fleetIndex().siblingAtColumn(FleetTreeModel::StateColumn).data().toString(),
             QStringLiteral("3 hosts"));
    // alpha's containers then images, by name whatever the case; a host finding is not a row.
    const QModelIndex alpha = model.indexOfHost(1);
    QCOMPARE(names(model, alpha),
             (QStringList{QStringLiteral("Api"), QStringLiteral("web"), QStringLiteral("nginx:1.25")}));
    const QModelIndex webRow = model.indexOfSubject(1, Subject{SubjectKind::Container, web, QStringLiteral("web")});
    QCOMPARE(webRow.parent(), alpha);
    QCOMPARE(webRow.siblingAtColumn(FleetTreeModel::FailColumn).data().toInt(), 1);
    QCOMPARE(webRow.siblingAtColumn(FleetTreeModel::PassColumn).data().toInt(), 1);
    QCOMPARE(webRow.siblingAtColumn(FleetTreeModel::StateColumn).data().toString(), QStringLiteral("container"));
    QCOMPARE(model.rowCount(model.indexOfHost(2)), 0);
    // Bold rows (fleet, zones) are the ones without an id.
    QVERIFY(!lab.data(IdRole).isValid());
    QCOMPARE(alpha.data(IdRole).toLongLong(), 1);
    QCOMPARE(alpha.siblingAtColumn(FleetTreeModel::StateColumn).data(HostScanStateRole).value<HostScanState>(),
             HostScanState::Done);
}

void tst_FleetTreeModel::selections()
{
    FleetTreeModel model;
    const QString web(64, QLatin1Char('a'));
    model.setFleet({host(1, QStringLiteral("alpha"), 1, 0)}, {zone(QStringLiteral("prod"), ZoneScope::In, QString())},
                   {{1, QStringLiteral("prod")}},
                   {finding(1, SubjectKind::Container, web, QStringLiteral("web"), Status::Fail)});
    const FleetTreeModel::Selection fleet = model.selectionAt(model.fleetIndex());
    QCOMPARE(fleet.kind, FleetTreeModel::NodeKind::Fleet);
    QVERIFY(!fleet.host && !fleet.zone && !fleet.subject);
    const FleetTreeModel::Selection prod = model.selectionAt(model.indexOfZone(QStringLiteral("prod")));
    QCOMPARE(prod.zone, std::optional<QString>(QStringLiteral("prod")));
    QVERIFY(!prod.host);
    const FleetTreeModel::Selection alpha = model.selectionAt(model.indexOfHost(1, FleetTreeModel::PassColumn));
    QCOMPARE(alpha.host, std::optional<qint64>(1));
    QVERIFY(!alpha.zone);
    QVERIFY(model.hostAt(model.indexOfHost(1)) != nullptr);
    const FleetTreeModel::Selection container =
        model.selectionAt(model.indexOfSubject(1, Subject{SubjectKind::Container, web, QString()}));
    QCOMPARE(container.kind, FleetTreeModel::NodeKind::Subject);
    QCOMPARE(container.host, std::optional<qint64>(1));
    QCOMPARE(container.subject->name, QStringLiteral("web"));
    QVERIFY(model.hostAt(model.indexOfSubject(1, Subject{SubjectKind::Container, web, QString()})) == nullptr);
    QVERIFY(!model.indexOfHost(99).isValid());
    QVERIFY(!model.indexOfZone(QStringLiteral("none")).isValid());
}

void tst_FleetTreeModel::withoutZonesHostsAreTopLevel()
{
    FleetTreeModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setFleet({host(1, QStringLiteral("alpha"), 1, 0), host(2, QStringLiteral("bravo"), 0, 1)}, {},
                   {{1, QString()}, {2, QString()}}, {});
    QCOMPARE(names(model),
             (QStringList{QStringLiteral("All hosts"), QStringLiteral("alpha"), QStringLiteral("bravo")}));
    QVERIFY(!model.indexOfHost(2).parent().isValid());
}

void tst_FleetTreeModel::emptyFleet()
{
    FleetTreeModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setFleet({host(1, QStringLiteral("alpha"), 1, 0)}, {}, {}, {});
    model.clear();
    QCOMPARE(model.rowCount(), 0);
    QVERIFY(!model.fleetIndex().isValid());
}

QTEST_GUILESS_MAIN(tst_FleetTreeModel)
#include "tst_fleettreemodel.moc"
