// SPDX-License-Identifier: GPL-3.0-or-later
// Waivers and attestations on top of the checks (issue 4, items 4 and 6), scores with and without
// waivers, and the diff of two scans per (check, subject) (item 7).
#include "checks/FindingReview.h"
#include "checks/ScanDiff.h"
#include "checks/ScoreBreakdown.h"

#include <QTest>
#include <QTimeZone>

using namespace bulkhead;

namespace {

const QDateTime Now = QDateTime(QDate(2026, 11, 30), QTime(12, 0), Qt::UTC);

Finding finding(const QString& check, Status status, qint64 hostId = 1, const QString& container = QString())
{
    Finding f;
    f.checkId = check;
    f.status = status;
    f.hostId = hostId;
    f.hostName = hostId == 1 ? QStringLiteral("alpha") : QStringLiteral("bravo");
    if (!container.isEmpty())
        f.subject = Subject{SubjectKind::Container, QString(64, QLatin1Char(container.at(0).toLatin1())), container};
    return f;
}

Waiver waiver(qint64 id, WaiverScope scope, const QString& target, const QDateTime& expires,
              const QString& check = QStringLiteral("container.memory-limit"))
{
    Waiver w;
    w.id = id;
    w.checkId = check;
    w.scope = scope;
    w.target = target;
    w.justification = QStringLiteral("Batch job sized by the scheduler");
    w.approver = QStringLiteral("CISO");
    w.risk = QStringLiteral("medium");
    w.expiresUtc = expires;
    return w;
}

ReviewContext context()
{
    ReviewContext c;
    c.hostNames = {{1, QStringLiteral("alpha")}, {2, QStringLiteral("bravo")}};
    c.hostZones = {{1, QStringLiteral("prod")}, {2, QStringLiteral("lab")}};
    c.containerLabels.insert(QString(64, QLatin1Char('w')), {{QStringLiteral("team"), QStringLiteral("batch")}});
    return c;
}

} // namespace

class TestFindingReview : public QObject
{
    Q_OBJECT

private slots:
    void waiverScopes_data()
    {
        QTest::addColumn<int>("scope");
        QTest::addColumn<QString>("target");
        QTest::addColumn<bool>("coversWeb");   // container "web" on alpha (prod), labelled team=batch
        QTest::addColumn<bool>("coversOther"); // container "db" on bravo (lab)
        QTest::newRow("zone") << int(WaiverScope::Zone) << "PROD" << true << false;
        QTest::newRow("host") << int(WaiverScope::Host) << "bravo" << false << true;
        QTest::newRow("container") << int(WaiverScope::Container) << "web" << true << false;
        QTest::newRow("container is exact") << int(WaiverScope::Container) << "we" << false << false;
        QTest::newRow("label") << int(WaiverScope::Label) << "team=batch" << true << false;
        QTest::newRow("label value differs") << int(WaiverScope::Label) << "team=web" << false << false;
    }

    void waiverScopes()
    {
        QFETCH(int, scope);
        QFETCH(QString, target);
        QFETCH(bool, coversWeb);
        QFETCH(bool, coversOther);
        const Waiver w = waiver(1, WaiverScope(scope), target, Now.addDays(30));
        const Finding web = finding(QStringLiteral("container.memory-limit"), Status::Fail, 1, QStringLiteral("web"));
        const Finding db = finding(QStringLiteral("container.memory-limit"), Status::Fail, 2, QStringLiteral("db"));
        QCOMPARE(FindingReview::covers(w, web, context()), coversWeb);
        QCOMPARE(FindingReview::covers(w, db, context()), coversOther);
        // Another check is never covered.
        QVERIFY(!FindingReview::covers(
            w, finding(QStringLiteral("container.pids-limit"), Status::Fail, 1, QStringLiteral("web")), context()));
    }

    void applyAndScore()
    {
        const QVector<Finding> findings{
            finding(QStringLiteral("container.memory-limit"), Status::Fail, 1, QStringLiteral("web")),
            finding(QStringLiteral("container.memory-limit"), Status::Fail, 2, QStringLiteral("db")),
            finding(QStringLiteral("container.memory-limit"), Status::Pass, 1, QStringLiteral("api")),
            finding(QStringLiteral("container.memory-limit"), Status::Warn, 1, QStringLiteral("cache")),
            finding(QStringLiteral("host.hardened"), Status::Manual, 1),
            finding(QStringLiteral("host.hardened"), Status::Manual, 2),
        };
        Waiver active = waiver(1, WaiverScope::Host, QStringLiteral("alpha"), Now.addDays(30));
        Waiver expired = waiver(2, WaiverScope::Host, QStringLiteral("bravo"), Now.addDays(-1));
        Waiver revoked = waiver(3, WaiverScope::Host, QStringLiteral("bravo"), Now.addDays(30));
        revoked.revokedUtc = Now.addDays(-2);
        Attestation attested;
        attested.id = 7;
        attested.checkId = QStringLiteral("host.hardened");
        attested.zoneWide = true;
        attested.target = QStringLiteral("prod");
        attested.status = Status::Fail;
        attested.attestedUtc = Now.addDays(-3);
        const QVector<Finding> reviewed =
            FindingReview::apply(findings, {active, expired, revoked}, {attested}, context(), Now);
        QCOMPARE(reviewed.at(0).status, Status::Waived);
        QCOMPARE(reviewed.at(0).evaluated, std::optional<Status>(Status::Fail));
        QCOMPARE(reviewed.at(0).waiverId, 1);
        QCOMPARE(reviewed.at(1).status, Status::Fail); // only an expired and a revoked waiver
        QCOMPARE(reviewed.at(1).expiredWaiverId, 2);
        QCOMPARE(reviewed.at(2).status, Status::Pass);
        QCOMPARE(reviewed.at(2).waiverId, 0); // a pass is never "waived"
        QCOMPARE(reviewed.at(3).status, Status::Waived);
        QCOMPARE(reviewed.at(4).status, Status::Fail); // attested for zone prod
        QCOMPARE(reviewed.at(4).attestationId, 7);
        QCOMPARE(reviewed.at(5).status, Status::Manual); // bravo is in lab

        const ComplianceScore score = ComplianceScore::of(reviewed);
        QCOMPARE(score.judged(), 5); // pass, fail, fail (attested), waived x2
        QCOMPARE(score.waived, 2);
        QCOMPARE(score.expiredWaivers, 1);
        QCOMPARE(score.withoutWaivers(), 20.0);
        QCOMPARE(score.withWaivers(), 60.0);
        QCOMPARE(ComplianceScore::of({}).withWaivers(), -1.0);

        // Once the waiver expires the same stored finding fails again: no re-evaluation needed.
        const QVector<Finding> later = FindingReview::apply(findings, {active}, {}, context(), Now.addDays(31));
        QCOMPARE(later.at(0).status, Status::Fail);
        QCOMPARE(later.at(0).expiredWaiverId, 1);
    }

    // Scores per tip, zone and host add up to the whole; a host not among the records counts in no zone.
    void breakdown()
    {
        QVector<HostRecord> hosts(2);
        hosts[0].id = 1;
        hosts[0].zone = QStringLiteral("prod");
        hosts[1].id = 2;
        hosts[1].zone = QStringLiteral("dev");
        const QVector<Finding> findings{
            finding(QStringLiteral("container.memory-limit"), Status::Fail, 1, QStringLiteral("web")),
            finding(QStringLiteral("container.memory-limit"), Status::Pass, 1, QStringLiteral("api")),
            finding(QStringLiteral("container.memory-limit"), Status::Waived, 2, QStringLiteral("db")),
            finding(QStringLiteral("container.user-not-root"), Status::Pass, 2, QStringLiteral("db")),
            finding(QStringLiteral("host.hardened"), Status::Manual, 3),
            finding(QStringLiteral("no.such-check"), Status::Fail, 3),
        };
        const ScoreBreakdown scores = ScoreBreakdown::of(findings, hosts);
        QCOMPARE(scores.all.judged(), 5);
        QCOMPARE(scores.all.withoutWaivers(), 40.0);
        QCOMPARE(scores.all.withWaivers(), 60.0);
        QCOMPARE(scores.byZone.keys(), (QStringList{QString(), QStringLiteral("dev"), QStringLiteral("prod")}));
        QCOMPARE(scores.byZone.value(QStringLiteral("prod")).withoutWaivers(), 50.0);
        QCOMPARE(scores.byZone.value(QStringLiteral("dev")).withWaivers(), 100.0);
        QCOMPARE(scores.byZone.value(QString()).manual, 1);
        QCOMPARE(scores.byHost.keys(), (QList<qint64>{1, 2, 3}));
        QCOMPARE(scores.byHost.value(2).waived, 1);
        QCOMPARE(scores.byTip.value(0).fail, 1); // the check the catalog does not know
        int judged = 0;
        for (const ComplianceScore& score : scores.byTip)
            judged += score.judged();
        QCOMPARE(judged, scores.all.judged());
    }

    void validation()
    {
        Waiver w = waiver(0, WaiverScope::Host, QStringLiteral("alpha"), Now.addDays(30));
        QVERIFY(w.validate(Now));
        w.expiresUtc = Now.addSecs(-1);
        QVERIFY(!w.validate(Now));
        w = waiver(0, WaiverScope::Label, QStringLiteral("team"), Now.addDays(1));
        QVERIFY(!w.validate(Now));
        w = waiver(0, WaiverScope::Host, QStringLiteral("alpha"), Now.addDays(1));
        w.justification = QStringLiteral("  ");
        QVERIFY(!w.validate(Now));
        w = waiver(0, WaiverScope::Host, QStringLiteral("alpha"), Now.addDays(1));
        w.risk = QStringLiteral("negligible");
        QVERIFY(!w.validate(Now));
        Attestation a;
        a.checkId = QStringLiteral("host.hardened");
        a.target = QStringLiteral("alpha");
        a.justification = QStringLiteral("CIS Debian benchmark report attached");
        a.auditor = QStringLiteral("Ann");
        a.reviewer = QStringLiteral("ann");
        QVERIFY(!a.validate(Now)); // the reviewer is someone else
        a.reviewer = QStringLiteral("Bob");
        QVERIFY(a.validate(Now));
        a.status = Status::Waived;
        QVERIFY(!a.validate(Now));
    }

    void diff()
    {
        QVector<Finding> before{
            finding(QStringLiteral("c.a"), Status::Fail, 1, QStringLiteral("web")),
            finding(QStringLiteral("c.b"), Status::Pass, 1, QStringLiteral("web")),
            finding(QStringLiteral("c.c"), Status::Fail, 1, QStringLiteral("web")),
            finding(QStringLiteral("c.d"), Status::Waived, 1, QStringLiteral("web")),
            finding(QStringLiteral("c.e"), Status::Fail, 1, QStringLiteral("web")),
            finding(QStringLiteral("c.a"), Status::Fail, 1, QStringLiteral("old")),
        };
        QVector<Finding> after{
            finding(QStringLiteral("c.a"), Status::Pass, 1, QStringLiteral("web")),
            finding(QStringLiteral("c.b"), Status::Fail, 1, QStringLiteral("web")),
            finding(QStringLiteral("c.c"), Status::Waived, 1, QStringLiteral("web")),
            finding(QStringLiteral("c.d"), Status::Fail, 1, QStringLiteral("web")),
            finding(QStringLiteral("c.e"), Status::Fail, 1, QStringLiteral("web")), // unchanged: not listed
            finding(QStringLiteral("c.a"), Status::Fail, 1, QStringLiteral("new")),
        };
        after[3].expiredWaiverId = 4;
        // The recreated "web" has a new id: still the same subject.
        for (Finding& f : after) {
            if (f.subject.name == QLatin1String("web"))
                f.subject.id = QString(64, QLatin1Char('9'));
        }
        QMap<QString, QString> got;
        for (const FindingDelta& delta : ScanDiff::compare(before, after))
            got.insert(delta.subject.name + QLatin1Char(' ') + delta.checkId, findingChangeToString(delta.change));
        const QMap<QString, QString> expected{
            {QStringLiteral("web c.a"), QStringLiteral("fixed")},
            {QStringLiteral("web c.b"), QStringLiteral("regressed")},
            {QStringLiteral("web c.c"), QStringLiteral("waived")},
            {QStringLiteral("web c.d"), QStringLiteral("expired")},
            {QStringLiteral("new "), QStringLiteral("added")},
            {QStringLiteral("old "), QStringLiteral("removed")},
        };
        QCOMPARE(got, expected);
    }
};

QTEST_GUILESS_MAIN(TestFindingReview)
#include "tst_findingreview.moc"
