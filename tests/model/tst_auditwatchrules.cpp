// SPDX-License-Identifier: GPL-3.0-or-later
// CIS 1.1.3-1.1.18 (issue 4, tip 6): the audit watch on each Docker path, judged on the path the host
// really has, from the loaded rules (auditctl -l) and the rules files.
#include "checks/AuditWatchRules.h"
#include "checks/CheckCatalog.h"
#include "checks/HostEvidence.h"

#include <QTest>

using namespace bulkhead;

namespace {

struct Host
{
    QByteArray stat = "bin-dockerd|ok|/usr/sbin/dockerd|81ed|0|0|root|root|no\n";
    QByteArray loaded = "-w /usr/sbin/dockerd -p wa -k docker\n";
    int loadedExit = 0;
    QByteArray loadedErr;
    QByteArray files = "==> /etc/audit/rules.d/ <==\n!directory\n==> /etc/audit/rules.d/docker.rules <==\n"
                       "|-w /usr/sbin/dockerd -p wa -k docker\n==> /etc/audit/audit.rules <==\n!missing\n";

    QVector<Artifact> artifacts() const
    {
        Artifact s;
        s.id = 1;
        s.probe = QStringLiteral("docker.files.stat");
        s.exitStatus = 0;
        s.output = stat;
        Artifact l;
        l.id = 2;
        l.probe = QStringLiteral("audit.rules.loaded");
        l.exitStatus = loadedExit;
        l.output = loadedExit == 0 ? loaded : QByteArray();
        l.errorOutput = loadedErr;
        Artifact f;
        f.id = 3;
        f.probe = QStringLiteral("audit.rules.files");
        f.exitStatus = 0;
        f.output = files;
        return {s, l, f};
    }
};

Finding dockerd(const Host& host)
{
    const QVector<Artifact> artifacts = host.artifacts();
    const HostEvidence evidence(artifacts);
    return AuditWatchRules::judge(AuditWatchRules::all().front(), evidence);
}

} // namespace

class TestAuditWatchRules : public QObject
{
    Q_OBJECT

private slots:
    void catalog()
    {
        QStringList cis;
        for (const AuditWatchRule& rule : AuditWatchRules::all()) {
            const CheckDefinition* check = CheckCatalog::instance().find(QLatin1String(rule.id));
            QVERIFY2(check, rule.id);
            cis += check->cis;
        }
        for (int i = 3; i <= 18; ++i)
            QVERIFY2(cis.contains(QStringLiteral("1.1.%1").arg(i)), qPrintable(QString::number(i)));
        QVERIFY(CheckCatalog::instance().find(QLatin1String(AuditWatchRules::AuditdRunningId)));
    }

    void verdicts_data()
    {
        QTest::addColumn<QByteArray>("loaded");
        QTest::addColumn<QByteArray>("fileRule");
        QTest::addColumn<Status>("status");
        QTest::addColumn<QString>("message");
        QTest::newRow("loaded and kept") << QByteArray("-w /usr/sbin/dockerd -p wa -k docker\n")
                                         << QByteArray("-w /usr/sbin/dockerd -p wa -k docker") << Status::Pass
                                         << "key \"docker\"";
        QTest::newRow("rule on another path")
            << QByteArray("-w /usr/bin/dockerd -p wa -k docker\n") << QByteArray("-w /usr/bin/dockerd -p wa -k docker")
            << Status::Fail << "No audit rule watches \"/usr/sbin/dockerd\"";
        QTest::newRow("written, not loaded")
            << QByteArray() << QByteArray("-w /usr/sbin/dockerd -p wa -k docker") << Status::Fail << "not loaded";
        QTest::newRow("loaded, not kept") << QByteArray("-w /usr/sbin/dockerd -p wa -k docker\n") << QByteArray("-D")
                                          << Status::Warn << "next reboot";
        QTest::newRow("no key") << QByteArray("-w /usr/sbin/dockerd -p wa\n")
                                << QByteArray("-w /usr/sbin/dockerd -p wa") << Status::Warn << "without a key";
        QTest::newRow("reads only") << QByteArray("-w /usr/sbin/dockerd -p r -k docker\n")
                                    << QByteArray("-w /usr/sbin/dockerd -p r -k docker") << Status::Fail << "-p wa";
        QTest::newRow("directory rule covers it")
            << QByteArray("-w /usr/sbin -p wa -k bin\n") << QByteArray("-w /usr/sbin -p wa -k bin") << Status::Pass
            << "audited";
    }

    void verdicts()
    {
        QFETCH(QByteArray, loaded);
        QFETCH(QByteArray, fileRule);
        QFETCH(Status, status);
        QFETCH(QString, message);
        Host host;
        host.loaded = loaded;
        host.files =
            "==> /etc/audit/rules.d/ <==\n!directory\n==> /etc/audit/rules.d/docker.rules <==\n|" + fileRule + "\n";
        const Finding finding = dockerd(host);
        QVERIFY2(finding.status == status,
                 qPrintable(statusToString(finding.status) + QStringLiteral(": ") + finding.message));
        QVERIFY2(finding.message.contains(message), qPrintable(finding.message));
        QCOMPARE(finding.subject.name, QStringLiteral("/usr/sbin/dockerd"));
        QCOMPARE(finding.evidence.at(0).artifactId, qint64(1)); // where the target is
        QVERIFY(finding.evidence.size() >= 2);                  // and what is loaded
    }

    void withoutEvidence()
    {
        Host absentTarget;
        absentTarget.stat = "docker.sock|missing|/var/run/docker.sock\n";
        QCOMPARE(dockerd(absentTarget).status, Status::NotApplicable);

        Host notRoot; // auditctl -l is root's: the files alone never pass
        notRoot.loadedExit = 4;
        notRoot.loadedErr = "You must be root to run this program.\n";
        const Finding denied = dockerd(notRoot);
        QCOMPARE(denied.status, Status::Error);
        QVERIFY(denied.message.contains(QLatin1String("root")));

        Host noAuditd;
        noAuditd.loadedExit = 3;
        noAuditd.loadedErr = "bulkhead: not present: auditd\n";
        const Finding absent = dockerd(noAuditd);
        QCOMPARE(absent.status, Status::Fail); // nothing audited is a failure, not "not applicable"
        QVERIFY(absent.message.contains(QLatin1String("not installed")));
    }

    void auditdRunning()
    {
        Artifact state;
        state.probe = QStringLiteral("audit.auditd.state");
        state.exitStatus = 0;
        state.output = "installed=yes\npids=812\nsystemd=active\n";
        const QVector<Artifact> running{state};
        QCOMPARE(AuditWatchRules::auditdRunning(HostEvidence(running)).status, Status::Pass);
        state.output = "installed=yes\npids=\nsystemd=inactive\n";
        const QVector<Artifact> stopped{state};
        QCOMPARE(AuditWatchRules::auditdRunning(HostEvidence(stopped)).status, Status::Fail);
        state.exitStatus = 3;
        state.output.clear();
        state.errorOutput = "bulkhead: not present: auditd\n";
        const QVector<Artifact> absent{state};
        QCOMPARE(AuditWatchRules::auditdRunning(HostEvidence(absent)).status, Status::Fail);
    }
};

QTEST_GUILESS_MAIN(TestAuditWatchRules)
#include "tst_auditwatchrules.moc"
