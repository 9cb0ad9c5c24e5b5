// SPDX-License-Identifier: GPL-3.0-or-later
#include "items/FindingFilter.h"

#include <QtTest>

using namespace bulkhead;

class tst_FindingFilter : public QObject
{
    Q_OBJECT
private slots:
    void emptyQueryKeepsTheFilter();
    void words();
    void badWordsStayText_data();
    void badWordsStayText();
    void cisMatches_data();
    void cisMatches();
};

void tst_FindingFilter::emptyQueryKeepsTheFilter()
{
    FindingFilter base;
    base.host = 7;
    base.tip = 3;
    base.statuses = {Status::Fail};
    QStringList problems;
    const FindingFilter same = base.withQuery(QStringLiteral("   "), &problems);
    QVERIFY(same == base);
    QVERIFY(problems.isEmpty());
}

void tst_FindingFilter::words()
{
    QStringList problems;
    const FindingFilter filter =
        FindingFilter().withQuery(QStringLiteral("web cis:5.4 TIP:2 severity:High status:fail,warn zone:prod "
                                                 "host:alpha check:container.not-privileged runs as"),
                                  &problems);
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u'\n')));
    QCOMPARE(filter.cis, QStringLiteral("5.4"));
    QCOMPARE(filter.tip, 2);
    QCOMPARE(filter.severity, std::optional<Severity>(Severity::High));
    QCOMPARE(filter.statuses, (QVector<Status>{Status::Fail, Status::Warn}));
    QCOMPARE(filter.zone, std::optional<QString>(QStringLiteral("prod")));
    QCOMPARE(filter.hostName, QStringLiteral("alpha"));
    QCOMPARE(filter.check, QStringLiteral("container.not-privileged"));
    // What is left is the text, in its order, single-spaced.
    QCOMPARE(filter.text, QStringLiteral("web runs as"));
    // "zone:" alone selects the hosts in no zone.
    QCOMPARE(FindingFilter().withQuery(QStringLiteral("zone:")).zone, std::optional<QString>(QString()));
}

void tst_FindingFilter::badWordsStayText_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<QString>("problem");
    QTest::newRow("tip out of range") << "tip:11"
                                      << "tip:11: a tip is 1 to 10";
    QTest::newRow("tip not a number") << "tip:x"
                                      << "tip:x: a tip is 1 to 10";
    QTest::newRow("severity") << "severity:urgent"
                              << "severity:urgent: a severity is info, low, medium, high or critical";
    QTest::newRow("status") << "status:broken"
                            << "status:broken: a status is pass, fail, warn, manual, error, waived or not_applicable";
    QTest::newRow("cis letters") << "cis:5.x"
                                 << "cis:5.x: a CIS id is numbers and dots, such as 5.4";
    QTest::newRow("cis empty") << "cis:"
                               << "cis:: a CIS id is numbers and dots, such as 5.4";
}

void tst_FindingFilter::badWordsStayText()
{
    QFETCH(QString, query);
    QFETCH(QString, problem);
    QStringList problems;
    const FindingFilter filter = FindingFilter().withQuery(query, &problems);
    QCOMPARE(problems, QStringList{problem});
    QCOMPARE(filter.text, query);
    QCOMPARE(filter.tip, 0);
    QVERIFY(!filter.severity);
    QVERIFY(filter.statuses.isEmpty());
    QVERIFY(filter.cis.isEmpty());
    // Unknown keys are text without a problem: "image:tag" is something to look for.
    problems.clear();
    QCOMPARE(FindingFilter().withQuery(QStringLiteral("nginx:1.25"), &problems).text, QStringLiteral("nginx:1.25"));
    QVERIFY(problems.isEmpty());
}

void tst_FindingFilter::cisMatches_data()
{
    QTest::addColumn<QStringList>("ids");
    QTest::addColumn<QString>("cis");
    QTest::addColumn<bool>("matches");
    QTest::newRow("empty matches all") << QStringList{QStringLiteral("5.4")} << QString() << true;
    QTest::newRow("exact") << QStringList{QStringLiteral("5.4")} << QStringLiteral("5.4") << true;
    QTest::newRow("section") << QStringList{QStringLiteral("5.4")} << QStringLiteral("5") << true;
    QTest::newRow("sub id") << QStringList{QStringLiteral("1.1.12")} << QStringLiteral("1.1") << true;
    QTest::newRow("not a prefix of 5.40") << QStringList{QStringLiteral("5.40")} << QStringLiteral("5.4") << false;
    QTest::newRow("not 5.14 for 5.1") << QStringList{QStringLiteral("5.14")} << QStringLiteral("5.1") << false;
    QTest::newRow("second id") << QStringList{QStringLiteral("2.2"), QStringLiteral("5.31")} << QStringLiteral("5.31")
                               << true;
    QTest::newRow("no ids") << QStringList() << QStringLiteral("5") << false;
    QTest::newRow("longer than the id") << QStringList{QStringLiteral("5")} << QStringLiteral("5.4") << false;
}

void tst_FindingFilter::cisMatches()
{
    QFETCH(QStringList, ids);
    QFETCH(QString, cis);
    QFETCH(bool, matches);
    QCOMPARE(FindingFilter::cisMatches(ids, cis), matches);
}

QTEST_GUILESS_MAIN(tst_FindingFilter)
#include "tst_findingfilter.moc"
