// SPDX-License-Identifier: GPL-3.0-or-later
// The findings list's own filter and sort (no proxy): every part of a FindingFilter, the sort's order and
// stability, and the selection following its finding through both.
#include "items/FindingsModel.h"
#include "items/ItemRoles.h"

#include <QAbstractItemModelTester>
#include <QItemSelectionModel>
#include <QtTest>

using namespace bulkhead;

namespace {

Finding make(qint64 id, qint64 host, const QString& hostName, const QString& check, SubjectKind kind,
             const QString& name, Status status, const QString& actual, const QString& message)
{
    Finding finding;
    finding.id = id;
    finding.scanId = 1;
    finding.hostId = host;
    finding.hostName = hostName;
    finding.checkId = check;
    finding.subject =
        Subject{kind, name.isEmpty() ? QString() : QStringLiteral("%1").arg(id, 64, 10, QLatin1Char('0')), name};
    finding.status = status;
    finding.actual = actual;
    finding.message = message;
    return finding;
}

// Rows 0-5 as the workspace orders them; the ids are 100 + row.
QVector<Finding> sample()
{
    const QString alpha = QStringLiteral("alpha"), bravo = QStringLiteral("bravo"), charlie = QStringLiteral("charlie");
    return {
        make(100, 1, alpha, QStringLiteral("container.user-not-root"), SubjectKind::Container, QStringLiteral("web"),
             Status::Fail, QStringLiteral("(empty): root"), QStringLiteral("Runs as root.")),
        make(101, 1, alpha, QStringLiteral("container.not-privileged"), SubjectKind::Container, QStringLiteral("Web-2"),
             Status::Pass, QStringLiteral("false"), QStringLiteral("Not privileged.")),
        make(102, 2, bravo, QStringLiteral("container.read-only-rootfs"), SubjectKind::Container, QStringLiteral("api"),
             Status::Fail, QStringLiteral("false"), QStringLiteral("The root filesystem is writable.")),
        make(103, 2, bravo, QStringLiteral("daemon.icc-disabled"), SubjectKind::Daemon, QString(), Status::Warn,
             QStringLiteral("true"), QStringLiteral("Containers talk to each other.")),
        make(104, 3, charlie, QStringLiteral("host.docker-group-members"), SubjectKind::Host, QString(), Status::Manual,
             QStringLiteral("alice"), QStringLiteral("Alice is in the docker group.")),
        make(105, 3, charlie, QStringLiteral("unknown.check"), SubjectKind::Host, QString(), Status::Error, QString(),
             QStringLiteral("No evidence.")),
    };
}

QList<qint64> listed(const FindingsModel& model)
{
    QList<qint64> ids;
    for (int row = 0; row < model.rowCount(); ++row)
        ids << model.findingAt(row)->id;
    return ids;
}

} // namespace

class tst_FindingsModel : public QObject
{
    Q_OBJECT
private slots:
    void filter_data();
    void filter();
    void textMatchesEveryColumn();
    void sortIsStableBothWays();
    void filterKeepsTheSortOrder();
    void selectionFollowsItsFinding();
    void newFindingsKeepSortAndFilter();
};

void tst_FindingsModel::filter_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<QList<qint64>>("ids");
    QTest::newRow("nothing") << QString() << QList<qint64>{100, 101, 102, 103, 104, 105};
    QTest::newRow("text, any case") << "WEB" << QList<qint64>{100, 101};
    QTest::newRow("text in the message") << "docker group" << QList<qint64>{104};
    QTest::newRow("host name as subject") << "bravo" << QList<qint64>{102, 103};
    QTest::newRow("cis section") << "cis:5" << QList<qint64>{101, 102};
    QTest::newRow("cis 5.1 is not 5.13") << "cis:5.1" << QList<qint64>{};
    QTest::newRow("cis 5.13") << "cis:5.13" << QList<qint64>{102};
    QTest::newRow("cis 1.1 holds 1.1.2") << "cis:1.1" << QList<qint64>{104};
    QTest::newRow("tip") << "tip:7" << QList<qint64>{100, 101};
    QTest::newRow("severity") << "severity:medium" << QList<qint64>{102, 103};
    QTest::newRow("status") << "status:fail" << QList<qint64>{100, 102};
    QTest::newRow("statuses") << "status:warn,error" << QList<qint64>{103, 105};
    QTest::newRow("zone") << "zone:prod" << QList<qint64>{100, 101};
    QTest::newRow("no zone") << "zone:" << QList<qint64>{104, 105};
    QTest::newRow("host name part") << "host:RAV" << QList<qint64>{102, 103};
    QTest::newRow("check unknown to the catalog") << "check:unknown.check" << QList<qint64>{105};
    QTest::newRow("tip leaves out an unknown check") << "tip:1" << QList<qint64>{104};
    QTest::newRow("words together") << "cis:5 status:fail" << QList<qint64>{102};
    QTest::newRow("words and text") << "tip:7 root" << QList<qint64>{100};
    QTest::newRow("nothing matches") << "no such text" << QList<qint64>{};
}

void tst_FindingsModel::filter()
{
    QFETCH(QString, query);
    QFETCH(QList<qint64>, ids);
    FindingsModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setHostZones({{1, QStringLiteral("prod")}, {2, QStringLiteral("lab")}, {3, QString()}});
    model.setFindings(sample());
    model.setFilter(FindingFilter().withQuery(query));
    QCOMPARE(listed(model), ids);
    // Clearing gives everything back, in the same order.
    model.setFilter(FindingFilter());
    QCOMPARE(model.rowCount(), 6);
    QCOMPARE(listed(model), (QList<qint64>{100, 101, 102, 103, 104, 105}));
}

void tst_FindingsModel::textMatchesEveryColumn()
{
    FindingsModel model;
    model.setFindings(sample());
    const QList<QPair<QString, qint64>> cases{
        {QStringLiteral("charlie"), 104},      // host
        {QStringLiteral("read-only"), 102},    // check
        {QStringLiteral("api"), 102},          // subject
        {QStringLiteral("daemon"), 103},       // kind
        {QStringLiteral("manual"), 104},       // status label
        {QStringLiteral("alice"), 104},        // actual
        {QStringLiteral("talk to each"), 103}, // message
    };
    for (const auto& [text, id] : cases) {
        FindingFilter filter;
        filter.text = text;
        model.setFilter(filter);
        QVERIFY2(listed(model).contains(id), qPrintable(text));
        for (const qint64 other : listed(model)) {
            const Finding* finding = nullptr;
            for (int row = 0; row < model.rowCount(); ++row) {
                if (model.findingAt(row)->id == other)
                    finding = model.findingAt(row);
            }
            bool inSomeColumn = false;
            for (int column = 0; column < FindingsModel::ColumnCount; ++column) {
                const QModelIndex index = model.indexOfFinding(finding->id, column);
                inSomeColumn = inSomeColumn || index.data().toString().contains(text, Qt::CaseInsensitive);
            }
            QVERIFY2(inSomeColumn, qPrintable(text));
        }
    }
}

void tst_FindingsModel::sortIsStableBothWays()
{
    FindingsModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setFindings(sample());
    // Subjects: web, Web-2, api, bravo, charlie, charlie; case does not decide, equal texts keep their order.
    model.sort(FindingsModel::SubjectColumn, Qt::AscendingOrder);
    QCOMPARE(listed(model), (QList<qint64>{102, 103, 104, 105, 100, 101}));
    model.sort(FindingsModel::SubjectColumn, Qt::DescendingOrder);
    QCOMPARE(listed(model), (QList<qint64>{101, 100, 104, 105, 103, 102}));
    // Status by how much it needs attention, not by its label.
    model.sort(FindingsModel::StatusColumn, Qt::DescendingOrder);
    QCOMPARE(listed(model), (QList<qint64>{100, 102, 105, 103, 104, 101}));
    QCOMPARE(model.index(0, FindingsModel::StatusColumn).data(SortRole).toInt(), statusRank(Status::Fail));
    model.sort(FindingsModel::ActualColumn, Qt::AscendingOrder);
    QCOMPARE(listed(model), (QList<qint64>{105, 100, 104, 101, 102, 103}));
    QCOMPARE(model.sortColumn(), int(FindingsModel::ActualColumn));
    QCOMPARE(model.sortOrder(), Qt::AscendingOrder);
}

void tst_FindingsModel::filterKeepsTheSortOrder()
{
    FindingsModel model;
    model.setFindings(sample());
    model.sort(FindingsModel::SubjectColumn, Qt::DescendingOrder);
    model.setFilter(FindingFilter().withQuery(QStringLiteral("status:fail,pass,warn")));
    QCOMPARE(listed(model), (QList<qint64>{101, 100, 103, 102}));
}

void tst_FindingsModel::selectionFollowsItsFinding()
{
    FindingsModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setFindings(sample());
    QItemSelectionModel selection(&model);
    selection.setCurrentIndex(model.indexOfFinding(102),
                              QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    QCOMPARE(selection.currentIndex().row(), 2);

    model.sort(FindingsModel::SubjectColumn, Qt::AscendingOrder); // 102 moves to the top
    QCOMPARE(selection.currentIndex().row(), 0);
    QCOMPARE(selection.selectedRows().size(), 1);
    QCOMPARE(model.findingAt(selection.selectedRows().first().row())->id, qint64(102));

    model.setHostZones({{2, QStringLiteral("lab")}});
    model.setFilter(FindingFilter().withQuery(QStringLiteral("zone:lab")));
    QCOMPARE(listed(model), (QList<qint64>{102, 103}));
    QCOMPARE(model.findingAt(selection.currentIndex().row())->id, qint64(102));

    // Filtered out: nothing is selected, rather than another finding.
    model.setFilter(FindingFilter().withQuery(QStringLiteral("status:warn")));
    QVERIFY(!selection.currentIndex().isValid());
    QVERIFY(selection.selectedRows().isEmpty());
}

void tst_FindingsModel::newFindingsKeepSortAndFilter()
{
    FindingsModel model;
    model.sort(FindingsModel::StatusColumn, Qt::DescendingOrder); // as the window does, before any finding
    model.setFilter(FindingFilter().withQuery(QStringLiteral("status:fail,error")));
    model.setFindings(sample());
    QCOMPARE(listed(model), (QList<qint64>{100, 102, 105}));
    QVector<Finding> more = sample();
    more[3].status = Status::Fail;
    model.setFindings(more);
    QCOMPARE(listed(model), (QList<qint64>{100, 102, 103, 105}));
}

QTEST_GUILESS_MAIN(tst_FindingsModel)
#include "tst_findingsmodel.moc"
