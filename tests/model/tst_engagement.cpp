// SPDX-License-Identifier: GPL-3.0-or-later
// The engagement the binder's cover names: validation, kept in the workspace's meta table, logged once per
// change, and covered by verify (a raw edit of its rows is found).
#include "RawSql.h"
#include "store/Workspace.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

Q_DECLARE_METATYPE(bulkhead::Engagement)

using namespace bulkhead;
using bulkhead::testing::rawExec;

namespace {

Engagement sample()
{
    Engagement engagement;
    engagement.title = QStringLiteral("PCI DSS container review <2024> & \"friends\"");
    engagement.client = QStringLiteral("Example Bank AG");
    engagement.auditor = QStringLiteral("Alice Auditor");
    engagement.periodStart = QDate(2024, 5, 1);
    engagement.periodEnd = QDate(2024, 5, 31);
    engagement.reference = QStringLiteral("ENG-2024-017");
    return engagement;
}

int entriesWith(const Workspace& workspace, const QString& action)
{
    int count = 0;
    for (const ActivityEntry& entry : workspace.activity().value())
        count += entry.action == action ? 1 : 0;
    return count;
}

} // namespace

class TestEngagement : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

private slots:
    void validate_data()
    {
        QTest::addColumn<Engagement>("engagement");
        QTest::addColumn<QString>("error"); // empty: valid
        QTest::newRow("sample") << sample() << QString();
        QTest::newRow("empty") << Engagement{} << QString();
        Engagement oneDay = sample();
        oneDay.periodEnd = oneDay.periodStart;
        QTest::newRow("one day") << oneDay << QString();
        Engagement startOnly = sample();
        startOnly.periodEnd = QDate();
        QTest::newRow("start only") << startOnly << QString();
        Engagement backwards = sample();
        backwards.periodEnd = QDate(2024, 4, 30);
        QTest::newRow("end before start") << backwards << QStringLiteral("ends (2024-04-30) before it starts");
        Engagement longTitle = sample();
        longTitle.title = QString(Engagement::MaxTextChars + 1, QLatin1Char('x'));
        QTest::newRow("long title") << longTitle << QStringLiteral("title is longer than 200");
        Engagement atMax = sample();
        atMax.reference = QString(Engagement::MaxTextChars, QLatin1Char('x'));
        QTest::newRow("reference at the limit") << atMax << QString();
        Engagement escape = sample();
        escape.client = QStringLiteral("Evil\x1b[2J Corp");
        QTest::newRow("escape") << escape << QStringLiteral("client contains");
        Engagement newline = sample();
        newline.auditor = QStringLiteral("Alice\nBob");
        QTest::newRow("newline") << newline << QStringLiteral("auditor contains");
        Engagement bidi = sample();
        bidi.reference = QStringLiteral("ENG\u202e710");
        QTest::newRow("bidi override") << bidi << QStringLiteral("reference contains");
    }

    void validate()
    {
        QFETCH(Engagement, engagement);
        QFETCH(QString, error);
        const auto valid = engagement.validate();
        if (error.isEmpty())
            QVERIFY2(valid, qPrintable(valid.errorMessage()));
        else
            QVERIFY2(!valid && valid.errorMessage().contains(error), qPrintable(valid.errorMessage()));
    }

    void storedLoggedAndVerified()
    {
        const QString path = m_dir.filePath(QStringLiteral("engagement.bulkhead"));
        {
            auto ws = Workspace::open(path);
            QVERIFY2(ws, qPrintable(ws.errorMessage()));
            QCOMPARE(ws.value()->engagement().value(), Engagement{}); // never set: every field empty
            QVERIFY(ws.value()->setEngagement(sample()));
            QCOMPARE(entriesWith(*ws.value(), QStringLiteral("engagement.updated")), 1);
            QVERIFY(ws.value()->setEngagement(sample())); // unchanged: not logged again
            QCOMPARE(entriesWith(*ws.value(), QStringLiteral("engagement.updated")), 1);
            Engagement bad = sample();
            bad.periodEnd = QDate(2020, 1, 1);
            QVERIFY(!ws.value()->setEngagement(bad));
            QCOMPARE(ws.value()->engagement().value(), sample()); // a refused one changes nothing
            const auto report = ws.value()->verify().value();
            QVERIFY2(report.ok(), qPrintable(report.problems.join(QLatin1Char('\n'))));
        }
        auto reopened = Workspace::open(path, Workspace::OpenMode::ExistingOnly);
        QVERIFY(reopened);
        QCOMPARE(reopened.value()->engagement().value(), sample());
        Engagement cleared = sample();
        cleared.client.clear();
        cleared.periodStart = QDate();
        QVERIFY(reopened.value()->setEngagement(cleared));
        QCOMPARE(reopened.value()->engagement().value(), cleared);
        QCOMPARE(entriesWith(*reopened.value(), QStringLiteral("engagement.updated")), 2);
        QVERIFY(reopened.value()->verify().value().ok());
    }

    void rawEditIsFound_data()
    {
        QTest::addColumn<QString>("sql");
        QTest::addColumn<QString>("problem");
        QTest::newRow("update") << QStringLiteral(
                                       "UPDATE meta SET value = 'Someone Else' WHERE key = 'engagement.auditor'")
                                << QStringLiteral("engagement: altered since the activity log recorded it");
        QTest::newRow("insert") << QStringLiteral("INSERT INTO meta (key, value) VALUES ('engagement.extra', 'x')")
                                << QStringLiteral("engagement: altered since the activity log recorded it");
        QTest::newRow("delete") << QStringLiteral("DELETE FROM meta WHERE substr(key, 1, 11) = 'engagement.'")
                                << QStringLiteral("engagement: recorded in the activity log but gone (deleted)");
    }

    void rawEditIsFound()
    {
        QFETCH(QString, sql);
        QFETCH(QString, problem);
        const QString path =
            m_dir.filePath(QUuid::createUuid().toString(QUuid::WithoutBraces) + QStringLiteral(".bulkhead"));
        {
            auto ws = Workspace::open(path);
            QVERIFY(ws);
            QVERIFY(ws.value()->setEngagement(sample()));
        }
        QCOMPARE(rawExec(path, sql), QString());
        auto ws = Workspace::open(path, Workspace::OpenMode::ExistingOnly);
        QVERIFY(ws);
        const auto report = ws.value()->verify().value();
        QVERIFY2(report.problems.contains(problem), qPrintable(report.problems.join(QLatin1Char('\n'))));
    }

    void engagementRowsAddedOutsideBulkheadAreFound()
    {
        const QString path = m_dir.filePath(QStringLiteral("planted.bulkhead"));
        {
            auto ws = Workspace::open(path);
            QVERIFY(ws);
        }
        QCOMPARE(rawExec(path, QStringLiteral("INSERT INTO meta (key, value) VALUES ('engagement.title', 'Forged')")),
                 QString());
        auto ws = Workspace::open(path, Workspace::OpenMode::ExistingOnly);
        QVERIFY(ws);
        const auto report = ws.value()->verify().value();
        QVERIFY2(
            report.problems.contains(QStringLiteral("engagement: not in the activity log (added outside Bulkhead)")),
            qPrintable(report.problems.join(QLatin1Char('\n'))));
    }
};

QTEST_GUILESS_MAIN(TestEngagement)
#include "tst_engagement.moc"
