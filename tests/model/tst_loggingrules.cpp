// SPDX-License-Identifier: GPL-3.0-or-later
// Tip 6 host logging checks (issue 4): the journal kept across reboots, logs forwarded off the host.
#include "StoredArtifact.h"
#include "checks/CheckCatalog.h"
#include "checks/HostEvidence.h"
#include "checks/LoggingRules.h"

#include <QTest>

using namespace bulkhead;
using bulkhead::test::artifact;

namespace {

Artifact absent(qint64 id, const char* probe, const char* what)
{
    return artifact(id, probe, {}, 3, QByteArray("bulkhead: not present: ") + what + "\n");
}

QVector<Finding> judge(const QVector<Artifact>& artifacts)
{
    return LoggingRules::evaluate(HostEvidence(artifacts));
}

} // namespace

class TestLoggingRules : public QObject
{
    Q_OBJECT

private slots:
    void catalog()
    {
        for (const QString& id : LoggingRules::ids())
            QVERIFY2(CheckCatalog::instance().find(id), qPrintable(id));
    }

    void journal()
    {
        const QVector<Artifact> volatileJournal{
            artifact(1, "logging.journald", "==> /etc/systemd/journald.conf <==\n|[Journal]\n|Storage=volatile\n")};
        QCOMPARE(judge(volatileJournal).at(0).status, Status::Fail);
        const QVector<Artifact> persistent{
            artifact(1, "logging.journald", "==> /etc/systemd/journald.conf <==\n|[Journal]\n|Storage=persistent\n")};
        QCOMPARE(judge(persistent).at(0).status, Status::Pass);
        const QVector<Artifact> none{absent(1, "logging.journald", "journald")};
        QCOMPARE(judge(none).at(0).status, Status::NotApplicable);
    }

    void remote()
    {
        const QVector<Artifact> forwards{
            artifact(1, "logging.rsyslog", "==> /etc/rsyslog.conf <==\n|*.* @@logs.example.org:6514\n"),
            absent(2, "logging.syslog-ng", "syslog-ng")};
        const Finding pass = judge(forwards).at(1);
        QCOMPARE(pass.status, Status::Pass);
        QVERIFY(pass.message.contains(QLatin1String("logs.example.org:6514")));
        const QVector<Artifact> local{
            artifact(1, "logging.rsyslog", "==> /etc/rsyslog.conf <==\n|*.* /var/log/syslog\n"),
            absent(2, "logging.syslog-ng", "syslog-ng")};
        QCOMPARE(judge(local).at(1).status, Status::Fail);
        const QVector<Artifact> neither{absent(1, "logging.rsyslog", "rsyslog"),
                                        absent(2, "logging.syslog-ng", "syslog-ng")};
        const Finding noDaemon = judge(neither).at(1);
        QCOMPARE(noDaemon.status, Status::Fail);
        QVERIFY(noDaemon.message.contains(QLatin1String("Neither")));
        QCOMPARE(noDaemon.evidence.size(), 2); // both probes' "not present"
        const QVector<Artifact> denied{artifact(1, "logging.rsyslog", "==> /etc/rsyslog.conf <==\n!denied\n", 1,
                                                "bulkhead: permission denied: /etc/rsyslog.conf\n"),
                                       absent(2, "logging.syslog-ng", "syslog-ng")};
        QCOMPARE(judge(denied).at(1).status, Status::Error); // unreadable: never a verdict
    }
};

QTEST_GUILESS_MAIN(TestLoggingRules)
#include "tst_loggingrules.moc"
