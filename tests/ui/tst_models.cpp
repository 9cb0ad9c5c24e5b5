// SPDX-License-Identifier: GPL-3.0-or-later
#include "WorkspaceFixture.h"
#include "checks/CheckCatalog.h"
#include "items/ChecksModel.h"
#include "items/FindingsModel.h"
#include "items/HostsModel.h"
#include "items/ItemRoles.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace bulkhead;
using namespace bulkhead::testing;

class tst_Models : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void hostsModelPassesTester();
    void hostRows_data();
    void hostRows();
    void hostsAllRowAggregates();
    void hostLastStateComesFromNewestScanOfThatHost();
    void hostNeverScanned();
    void emptyWorkspaceHasNoRows();

    void checksModelPassesTester();
    void checksModelListsTheCatalog();
    void checkCounts_data();
    void checkCounts();
    void checksHostFilterEmitsDataChanged();
    void checkWithoutFindingsIsNotEvaluated();
    void unknownCheckGetsARow();

    void findingsModelPassesTester();
    void findingsFilter_data();
    void findingsFilter();
    void findingsReturnValuesNotMarkup();
    void findingsSortByStatusRank();

private:
    QTemporaryDir* m_dir = nullptr;
    Fixture m_fx;
};

void tst_Models::init()
{
    m_dir = new QTemporaryDir;
    QVERIFY(m_dir->isValid());
    QString error;
    m_fx = buildFixture(m_dir->filePath(QStringLiteral("models.bulkhead")), &error);
    QVERIFY2(m_fx.workspace != nullptr, qPrintable(error));
}

void tst_Models::cleanup()
{
    m_fx = Fixture{};
    delete m_dir;
    m_dir = nullptr;
}

void tst_Models::hostsModelPassesTester()
{
    HostsModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QVERIFY(model.load(*m_fx.workspace).ok());
    QCOMPARE(model.rowCount(), 4);             // "All hosts" + 3
    QVERIFY(model.load(*m_fx.workspace).ok()); // a second reset under the tester
    model.clear();
    QCOMPARE(model.rowCount(), 0);
}

void tst_Models::hostRows_data()
{
    QTest::addColumn<QString>("address");
    QTest::addColumn<QString>("state");
    QTest::addColumn<int>("fail");
    QTest::addColumn<int>("pass");
    QTest::addColumn<int>("other");

    QTest::newRow("host A: 5 fail, 2 pass, 1 warn") << "auditor@127.0.0.2:22"
                                                    << "Done" << 5 << 2 << 1;
    QTest::newRow("host B: 1 pass") << "auditor@127.0.0.3:2222"
                                    << "Done" << 0 << 1 << 0;
    QTest::newRow("host C: failed") << "auditor@127.0.0.4:22"
                                    << "Failed" << 0 << 0 << 0;
}

void tst_Models::hostRows()
{
    QFETCH(QString, address);
    QFETCH(QString, state);
    QFETCH(int, fail);
    QFETCH(int, pass);
    QFETCH(int, other);

    HostsModel model;
    QVERIFY(model.load(*m_fx.workspace).ok());
    int row = -1;
    for (int r = 1; r < model.rowCount(); ++r) {
        if (model.hostAt(r)->address == address)
            row = r;
    }
    QVERIFY2(row > 0, qPrintable(address));
    QCOMPARE(model.index(row, HostsModel::StateColumn).data().toString(), state);
    QCOMPARE(model.index(row, HostsModel::FailColumn).data().toInt(), fail);
    QCOMPARE(model.index(row, HostsModel::PassColumn).data().toInt(), pass);
    QCOMPARE(model.hostAt(row)->other, other);
    const QVariant stateValue = model.index(row, HostsModel::NameColumn).data(HostScanStateRole);
    QCOMPARE(stateValue.metaType(), QMetaType::fromType<HostScanState>());
    QCOMPARE(HostsModel::stateLabel(stateValue.value<HostScanState>()), state);
    QCOMPARE(model.index(row, 0).data(IdRole).toLongLong(), *model.hostIdAt(row));
}

void tst_Models::hostsAllRowAggregates()
{
    HostsModel model;
    QVERIFY(model.load(*m_fx.workspace).ok());
    QVERIFY(model.hasAllHostsRow());
    QVERIFY(!model.hostIdAt(0).has_value());
    QCOMPARE(model.index(0, HostsModel::NameColumn).data().toString(), QStringLiteral("All hosts"));
    QCOMPARE(model.index(0, HostsModel::FailColumn).data().toInt(), 5);
    QCOMPARE(model.index(0, HostsModel::PassColumn).data().toInt(), 3);
    const QModelIndex c = model.indexOfHost(m_fx.hostC);
    QVERIFY(c.isValid());
    QCOMPARE(model.hostAt(c.row())->lastMessage, HostileHostMessage); // a value, escaped by views
    QVERIFY(!model.indexOfHost(99999).isValid());
}

void tst_Models::hostLastStateComesFromNewestScanOfThatHost()
{
    Workspace& ws = *m_fx.workspace;
    auto scan = ws.beginScan(QStringLiteral("bulkhead 0.1.0"));
    QVERIFY(scan.ok());
    HostScanRecord record;
    record.scanId = scan.value();
    record.hostId = m_fx.hostC;
    record.state = HostScanState::Partial;
    record.message = QStringLiteral("docker not installed");
    record.startedUtc = QDateTime::currentDateTimeUtc();
    record.finishedUtc = record.startedUtc;
    QVERIFY(ws.setHostScan(record).ok());
    QVERIFY(ws.finishScan(scan.value(), ScanState::Partial).ok());

    HostsModel model;
    QVERIFY(model.load(ws).ok());
    const auto* c = model.hostAt(model.indexOfHost(m_fx.hostC).row());
    const auto* a = model.hostAt(model.indexOfHost(m_fx.hostA).row());
    QVERIFY(c != nullptr && a != nullptr);
    QCOMPARE(c->lastState, std::optional<HostScanState>(HostScanState::Partial));
    QCOMPARE(c->lastMessage, QStringLiteral("docker not installed"));
    // Host A was not in the newer scan: its state still comes from the first one.
    QCOMPARE(a->lastState, std::optional<HostScanState>(HostScanState::Done));
    QCOMPARE(a->fail, 5);
}

void tst_Models::hostNeverScanned()
{
    QVERIFY(m_fx.workspace->upsertHost(HostSpec::parse(QStringLiteral("10.9.9.9:2200")).value()).ok());
    HostsModel model;
    QVERIFY(model.load(*m_fx.workspace).ok());
    QCOMPARE(model.rowCount(), 5);
    const int row = model.rowCount() - 1;
    QCOMPARE(model.index(row, HostsModel::StateColumn).data().toString(), QStringLiteral("Never scanned"));
    QVERIFY(!model.index(row, HostsModel::NameColumn).data(HostScanStateRole).isValid());
}

void tst_Models::emptyWorkspaceHasNoRows()
{
    auto ws = Workspace::open(m_dir->filePath(QStringLiteral("empty.bulkhead")));
    QVERIFY(ws.ok());
    HostsModel hosts;
    FindingsModel findings;
    ChecksModel checks;
    QAbstractItemModelTester t1(&hosts, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester t2(&findings, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester t3(&checks, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QVERIFY(hosts.load(*ws.value()).ok());
    QVERIFY(findings.load(*ws.value()).ok());
    QVERIFY(checks.load(*ws.value()).ok());
    QCOMPARE(hosts.rowCount(), 0); // no "All hosts" row without hosts
    QCOMPARE(findings.rowCount(), 0);
    QCOMPARE(checks.rowCount(), CheckCatalog::instance().checks().size());
    QCOMPARE(checks.index(0, ChecksModel::StatusColumn).data().toString(), QStringLiteral("Not evaluated"));
}

void tst_Models::checksModelPassesTester()
{
    ChecksModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QVERIFY(model.load(*m_fx.workspace).ok());
    model.setHostFilter(m_fx.hostA);
    model.setHostFilter(m_fx.hostB);
    model.setHostFilter(std::nullopt);
    model.clear();
}

void tst_Models::checksModelListsTheCatalog()
{
    ChecksModel model;
    QVERIFY(model.load(*m_fx.workspace).ok());
    const auto& catalog = CheckCatalog::instance().checks();
    QVERIFY(!catalog.isEmpty());
    QCOMPARE(model.rowCount(), catalog.size());
    for (int row = 0; row < catalog.size(); ++row) {
        QCOMPARE(model.checkIdAt(row), catalog[row].id);
        QCOMPARE(model.index(row, ChecksModel::TitleColumn).data().toString(), catalog[row].title);
        QCOMPARE(model.index(row, ChecksModel::TipColumn).data().toInt(), catalog[row].tip);
        QCOMPARE(model.index(row, ChecksModel::CisColumn).data().toString(),
                 catalog[row].cis.join(QStringLiteral(", ")));
        QCOMPARE(model.index(row, 0).data(IdRole).toString(), catalog[row].id);
    }
}

void tst_Models::checkCounts_data()
{
    QTest::addColumn<QString>("check");
    QTest::addColumn<int>("host"); // 0: all, 1: A, 2: B
    QTest::addColumn<int>("fail");
    QTest::addColumn<int>("pass");
    QTest::addColumn<int>("other");
    QTest::addColumn<int>("worst"); // bulkhead::Status as int

    QTest::newRow("user, all hosts") << "container.user-not-root" << 0 << 2 << 2 << 0 << int(Status::Fail);
    QTest::newRow("user, host A") << "container.user-not-root" << 1 << 2 << 1 << 0 << int(Status::Fail);
    QTest::newRow("user, host B") << "container.user-not-root" << 2 << 0 << 1 << 0 << int(Status::Pass);
    QTest::newRow("secrets, all hosts: warn") << "container.no-secrets-in-env" << 0 << 0 << 0 << 1 << int(Status::Warn);
    QTest::newRow("read-only, host A") << "container.read-only-rootfs" << 1 << 1 << 1 << 0 << int(Status::Fail);
}

void tst_Models::checkCounts()
{
    QFETCH(QString, check);
    QFETCH(int, host);
    QFETCH(int, fail);
    QFETCH(int, pass);
    QFETCH(int, other);
    QFETCH(int, worst);

    ChecksModel model;
    QVERIFY(model.load(*m_fx.workspace).ok());
    if (host == 1)
        model.setHostFilter(m_fx.hostA);
    else if (host == 2)
        model.setHostFilter(m_fx.hostB);
    const QModelIndex index = model.indexOfCheck(check);
    QVERIFY(index.isValid());
    const int row = index.row();
    QCOMPARE(model.index(row, ChecksModel::FailColumn).data().toInt(), fail);
    QCOMPARE(model.index(row, ChecksModel::PassColumn).data().toInt(), pass);
    QCOMPARE(model.index(row, ChecksModel::OtherColumn).data().toInt(), other);
    QCOMPARE(model.count(row, Status::Fail), fail);
    const QVariant status = model.index(row, ChecksModel::StatusColumn).data(StatusRole);
    QCOMPARE(status.metaType(), QMetaType::fromType<Status>());
    QCOMPARE(int(status.value<Status>()), worst);
    QCOMPARE(model.index(row, ChecksModel::StatusColumn).data().toString(), statusLabel(Status(worst)));
}

void tst_Models::checksHostFilterEmitsDataChanged()
{
    ChecksModel model;
    QVERIFY(model.load(*m_fx.workspace).ok());
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    model.setHostFilter(m_fx.hostB);
    QCOMPARE(changed.count(), 1);
    QCOMPARE(reset.count(), 0); // rows stay, so selections in views survive
    model.setHostFilter(m_fx.hostB);
    QCOMPARE(changed.count(), 1); // no change, no signal
}

void tst_Models::checkWithoutFindingsIsNotEvaluated()
{
    ChecksModel model;
    QVERIFY(model.load(*m_fx.workspace).ok());
    model.setHostFilter(m_fx.hostB);
    const int row = model.indexOfCheck(QStringLiteral("container.read-only-rootfs")).row();
    QVERIFY(row >= 0);
    QCOMPARE(model.total(row), 0);
    QVERIFY(!model.index(row, ChecksModel::StatusColumn).data(StatusRole).isValid());
    QCOMPARE(model.index(row, ChecksModel::StatusColumn).data().toString(), QStringLiteral("Not evaluated"));
}

void tst_Models::unknownCheckGetsARow()
{
    CheckDefinition known;
    known.id = QStringLiteral("container.user-not-root");
    known.title = QStringLiteral("Container does not run as root");
    ChecksModel model({known});
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    auto findings = m_fx.workspace->findings();
    QVERIFY(findings.ok());
    model.setFindings(findings.value());
    // One known check plus the four the trimmed catalog does not know: nothing vanishes.
    QCOMPARE(model.rowCount(), 5);
    const QModelIndex privileged = model.indexOfCheck(QStringLiteral("container.not-privileged"));
    QVERIFY(privileged.isValid());
    QCOMPARE(privileged.data().toString(), QStringLiteral("container.not-privileged"));
    QCOMPARE(model.count(privileged.row(), Status::Fail), 1);
}

void tst_Models::findingsModelPassesTester()
{
    FindingsModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QVERIFY(model.load(*m_fx.workspace).ok());
    QCOMPARE(model.rowCount(), m_fx.findingCount);
    model.setFilter(m_fx.hostA, QStringLiteral("container.user-not-root"));
    model.setFilter(std::nullopt, QStringLiteral("container.not-privileged"));
    model.setFilter(std::nullopt);
    model.sort(FindingsModel::StatusColumn, Qt::DescendingOrder);
    model.setFilter(FindingFilter().withQuery(QStringLiteral("cis:5 web")));
    model.sort(FindingsModel::SubjectColumn, Qt::AscendingOrder);
    model.setFilter(m_fx.hostB);
    model.clear();
}

void tst_Models::findingsFilter_data()
{
    QTest::addColumn<int>("host"); // 0: none, 1: A, 2: B, 3: C
    QTest::addColumn<QString>("check");
    QTest::addColumn<int>("rows");

    QTest::newRow("everything") << 0 << QString() << 9;
    QTest::newRow("host A") << 1 << QString() << 8;
    QTest::newRow("host B") << 2 << QString() << 1;
    QTest::newRow("host C (failed scan)") << 3 << QString() << 0;
    QTest::newRow("user check, all hosts") << 0 << "container.user-not-root" << 4;
    QTest::newRow("user check, host A") << 1 << "container.user-not-root" << 3;
    QTest::newRow("privileged, host B") << 2 << "container.not-privileged" << 0;
}

void tst_Models::findingsFilter()
{
    QFETCH(int, host);
    QFETCH(QString, check);
    QFETCH(int, rows);

    FindingsModel model;
    QVERIFY(model.load(*m_fx.workspace).ok());
    const qint64 ids[] = {0, m_fx.hostA, m_fx.hostB, m_fx.hostC};
    model.setFilter(host == 0 ? std::nullopt : std::optional<qint64>(ids[host]), check);
    QCOMPARE(model.rowCount(), rows);
    for (int row = 0; row < rows; ++row) {
        const Finding* finding = model.findingAt(row);
        QVERIFY(finding != nullptr);
        if (host != 0)
            QCOMPARE(finding->hostId, ids[host]);
        if (!check.isEmpty())
            QCOMPARE(finding->checkId, check);
        QCOMPARE(model.index(row, 0).data(IdRole).toLongLong(), finding->id);
    }
    QVERIFY(model.findingAt(rows) == nullptr);
}

void tst_Models::findingsReturnValuesNotMarkup()
{
    FindingsModel model;
    QVERIFY(model.load(*m_fx.workspace).ok());
    model.setFilter(m_fx.hostA, QStringLiteral("container.user-not-root"));
    int evil = -1;
    for (int row = 0; row < model.rowCount(); ++row) {
        if (model.index(row, FindingsModel::SubjectColumn).data().toString() == QStringLiteral("evil"))
            evil = row;
    }
    QVERIFY(evil >= 0);
    QCOMPARE(model.index(evil, FindingsModel::ActualColumn).data().toString(), HostileUser);
    QCOMPARE(model.index(evil, FindingsModel::KindColumn).data().toString(), QStringLiteral("container"));
    QCOMPARE(model.index(evil, FindingsModel::StatusColumn).data().toString(), statusLabel(Status::Fail));
    QCOMPARE(model.index(evil, FindingsModel::HostColumn).data().toString(), QStringLiteral("127.0.0.2"));
    const QVariant status = model.index(evil, FindingsModel::StatusColumn).data(StatusRole);
    QCOMPARE(status.value<Status>(), Status::Fail);
    QVERIFY(!model.index(evil, FindingsModel::ActualColumn).data(Qt::DecorationRole).isValid());
    QVERIFY(!model.index(evil, FindingsModel::ActualColumn).data(Qt::ForegroundRole).isValid());
    const Finding* finding = model.findingAt(evil);
    QCOMPARE(finding->evidence.size(), 1);
    QCOMPARE(finding->evidence.first().sha256, m_fx.containersSha256);
    QCOMPARE(finding->evidence.first().excerpt, HostileUser);
}

void tst_Models::findingsSortByStatusRank()
{
    FindingsModel model;
    QVERIFY(model.load(*m_fx.workspace).ok());
    model.sort(FindingsModel::StatusColumn, Qt::DescendingOrder);
    QStringList order;
    for (int row = 0; row < model.rowCount(); ++row)
        order << model.index(row, FindingsModel::StatusColumn).data().toString();
    // Fails first, then the warning, then passes.
    QCOMPARE(order.mid(0, 5), QStringList(5, statusLabel(Status::Fail)));
    QCOMPARE(order.at(5), statusLabel(Status::Warn));
    QCOMPARE(order.mid(6), QStringList(3, statusLabel(Status::Pass)));
}

QTEST_GUILESS_MAIN(tst_Models)
#include "tst_models.moc"
