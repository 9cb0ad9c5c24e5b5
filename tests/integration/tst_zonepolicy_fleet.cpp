// SPDX-License-Identifier: GPL-3.0-or-later
// Zone policies on the real test fleet (issue 4, items 5, 7 and 8): a scan judged by the zone's approved
// users, registries and log targets; a baseline accepted from a scan; an offline re-evaluation that sees a
// process started since; and `verify` on the scanned workspace and on an altered copy of it.
#include "ProcessRun.h"

#include "store/Workspace.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

using namespace bulkhead;

namespace {

struct Run
{
    int exitCode = -1;
    QString out;
    QString err;
};

Run cli(const QStringList& arguments)
{
    const ProcessRun run = ProcessRun::run(QStringLiteral(BULKHEAD_CLI), arguments, 300000);
    return Run{run.exitCode, QString::fromUtf8(run.out), QString::fromUtf8(run.err)};
}

QString describe(const Run& run)
{
    return QStringLiteral("exit %1\n%2\n%3").arg(run.exitCode).arg(run.out, run.err);
}

} // namespace

class TestZonePolicyFleet : public QObject
{
    Q_OBJECT

private:
    QJsonObject host(const QString& name) const
    {
        for (const auto& value : m_fleet.value(QStringLiteral("hosts")).toArray()) {
            if (value.toObject().value(QStringLiteral("name")).toString() == name)
                return value.toObject();
        }
        return {};
    }

    // Runs our own fixed words on a fleet host over OpenSSH as root.
    bool onHost(const QString& name, const QStringList& command) const
    {
        QProcess ssh;
        QStringList args{QStringLiteral("-F"),
                         QStringLiteral("/dev/null"),
                         QStringLiteral("-o"),
                         QStringLiteral("BatchMode=yes"),
                         QStringLiteral("-o"),
                         QStringLiteral("UserKnownHostsFile=") +
                             m_fleet.value(QStringLiteral("known_hosts")).toString(),
                         QStringLiteral("-i"),
                         m_fleet.value(QStringLiteral("identity")).toString(),
                         QStringLiteral("-p"),
                         QString::number(host(name).value(QStringLiteral("port")).toInt()),
                         QStringLiteral("root@") + host(name).value(QStringLiteral("address")).toString()};
        ssh.start(QStringLiteral("ssh"), args + command);
        const bool done = ssh.waitForFinished(60000) && ssh.exitStatus() == QProcess::NormalExit && ssh.exitCode() == 0;
        if (!done)
            qWarning("ssh %s: %s", qPrintable(command.join(u' ')), ssh.readAllStandardError().constData());
        return done;
    }

    QVector<Finding> findingsOf(const QString& checkId) const
    {
        auto workspace = Workspace::open(m_workspace, Workspace::OpenMode::ExistingOnly);
        if (!workspace)
            qFatal("%s", qPrintable(workspace.errorMessage()));
        const auto all = workspace.value()->findings();
        if (!all)
            qFatal("%s", qPrintable(all.errorMessage()));
        QVector<Finding> found;
        for (const Finding& finding : all.value()) {
            if (finding.checkId == checkId)
                found << finding;
        }
        return found;
    }

    Finding hostFinding(const QString& checkId, const QString& hostName) const
    {
        for (const Finding& finding : findingsOf(checkId)) {
            if (finding.hostName == hostName)
                return finding;
        }
        return {};
    }

    QJsonObject m_fleet;
    QTemporaryDir m_dir;
    QString m_workspace;

private slots:
    void initTestCase()
    {
        QFile file(qEnvironmentVariable("BULKHEAD_FLEET_DIR") + QStringLiteral("/fleet.json"));
        QVERIFY2(file.open(QIODevice::ReadOnly), "fleet.json missing: did the fleet fixture run?");
        m_fleet = QJsonDocument::fromJson(file.readAll()).object();
        const QString inventory = m_dir.filePath(QStringLiteral("inventory.yaml"));
        QFile out(inventory);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(QStringLiteral("zones:\n"
                                 "  - name: prod\n"
                                 "    scope: in\n"
                                 "    rationale: Runs the payment containers.\n"
                                 "    approved_registries: [registry.example.com]\n"
                                 "    approved_users: [root]\n"
                                 "    required_log_targets: [\"siem.example.invalid:6514\"]\n"
                                 "  - name: lab\n"
                                 "    scope: out\n"
                                 "    rationale: Test workloads, outside the payment audit.\n"
                                 "hosts:\n"
                                 "  - {name: alpha, address: %1, port: %2, user: root, identity: %5, zone: prod}\n"
                                 "  - {name: bravo, address: %3, port: %4, user: root, identity: %5, zone: prod}\n")
                      .arg(host(QStringLiteral("alpha")).value(QStringLiteral("address")).toString())
                      .arg(host(QStringLiteral("alpha")).value(QStringLiteral("port")).toInt())
                      .arg(host(QStringLiteral("bravo")).value(QStringLiteral("address")).toString())
                      .arg(host(QStringLiteral("bravo")).value(QStringLiteral("port")).toInt())
                      .arg(m_fleet.value(QStringLiteral("identity")).toString())
                      .toUtf8());
        out.close();
        m_workspace = m_dir.filePath(QStringLiteral("policy.bulkhead"));
        const Run scan = cli({QStringLiteral("scan"), QStringLiteral("--inventory"), inventory,
                              QStringLiteral("--workspace"), m_workspace, QStringLiteral("--known-hosts"),
                              m_fleet.value(QStringLiteral("known_hosts")).toString()});
        QVERIFY2(scan.exitCode == 0 || scan.exitCode == 1, qPrintable(describe(scan)));
    }

    void judgedByTheZone()
    {
        // Only root is approved: the fleet's other login accounts fail, named.
        const Finding accounts = hostFinding(QStringLiteral("host.accounts-approved"), QStringLiteral("alpha"));
        QVERIFY2(accounts.status == Status::Fail, qPrintable(accounts.message));
        QVERIFY2(accounts.message.contains(QLatin1String("prod")), qPrintable(accounts.message));
        QVERIFY(!accounts.message.contains(QLatin1String("root (")));
        // Log targets: bravo forwards to the SIEM, alpha has no syslog daemon.
        QCOMPARE(hostFinding(QStringLiteral("logging.zone-required-targets"), QStringLiteral("bravo")).status,
                 Status::Pass);
        QCOMPARE(hostFinding(QStringLiteral("logging.zone-required-targets"), QStringLiteral("alpha")).status,
                 Status::Fail);
        // The fleet builds its images locally: none has a registry digest.
        const QVector<Finding> images = findingsOf(QStringLiteral("image.registry-approved"));
        QVERIFY(!images.isEmpty());
        int failed = 0;
        for (const Finding& finding : images) {
            QVERIFY2(finding.status == Status::Fail || finding.status == Status::NotApplicable,
                     qPrintable(finding.message));
            failed += finding.status == Status::Fail ? 1 : 0;
        }
        QVERIFY(failed > 0);
        // Workloads and their zone label (tip 10): labelled for the host's zone, for another zone (the
        // out-of-scope lab on an in-scope host), not labelled at all.
        QHash<QString, Finding> workloads;
        for (const Finding& finding : findingsOf(QStringLiteral("zone.workload-in-host-zone")))
            workloads.insert(finding.subject.name, finding);
        QVERIFY2(workloads.value(QStringLiteral("web-hardened")).status == Status::Pass,
                 qPrintable(workloads.value(QStringLiteral("web-hardened")).message));
        const Finding lab = workloads.value(QStringLiteral("bravo-lab"));
        QVERIFY2(lab.status == Status::Fail, qPrintable(lab.message));
        QVERIFY2(
            lab.message.contains(QLatin1String("An out of scope workload (zone \"lab\") runs on an in scope host")),
            qPrintable(lab.message));
        QCOMPARE(lab.actual, QStringLiteral("bulkhead.zone=lab"));
        QVERIFY(!lab.evidence.isEmpty() && lab.evidence.front().excerpt == QLatin1String("\"lab\""));
        QCOMPARE(workloads.value(QStringLiteral("bravo-app")).status, Status::Pass);
        // No baseline yet: the auditor reviews the list.
        QCOMPARE(hostFinding(QStringLiteral("host.process-baseline"), QStringLiteral("alpha")).status, Status::Manual);
    }

    void baselineThenReevaluate()
    {
        Run run = cli({QStringLiteral("baseline"), QStringLiteral("accept"), QStringLiteral("--workspace"), m_workspace,
                       QStringLiteral("--zone"), QStringLiteral("prod")});
        QVERIFY2(run.exitCode == 0, qPrintable(describe(run)));
        QVERIFY2(run.out.contains(QLatin1String("from 2 host(s)")), qPrintable(run.out));
        run = cli({QStringLiteral("evaluate"), QStringLiteral("--workspace"), m_workspace});
        QVERIFY2(run.exitCode == 0, qPrintable(describe(run)));
        QVERIFY2(run.out.contains(QLatin1String("2 host(s) re-evaluated")), qPrintable(run.out));
        QCOMPARE(hostFinding(QStringLiteral("host.process-baseline"), QStringLiteral("alpha")).status, Status::Pass);
        QCOMPARE(hostFinding(QStringLiteral("host.process-baseline"), QStringLiteral("bravo")).status, Status::Pass);

        // A program appears on alpha; the next scan, judged offline against the accepted baseline, names it.
        QVERIFY(onHost(QStringLiteral("alpha"),
                       {QStringLiteral("cp /bin/sleep /tmp/bh-intruder && (setsid /tmp/bh-intruder 300 >/dev/null "
                                       "2>&1 </dev/null &)")}));
        const QString inventory = m_dir.filePath(QStringLiteral("inventory.yaml"));
        run = cli({QStringLiteral("scan"), QStringLiteral("--inventory"), inventory, QStringLiteral("--workspace"),
                   m_workspace, QStringLiteral("--known-hosts"),
                   m_fleet.value(QStringLiteral("known_hosts")).toString()});
        onHost(QStringLiteral("alpha"), {QStringLiteral("pkill -f /tmp/bh-intruder; rm -f /tmp/bh-intruder")});
        QVERIFY2(run.exitCode == 0 || run.exitCode == 1, qPrintable(describe(run)));
        const Finding alpha = hostFinding(QStringLiteral("host.process-baseline"), QStringLiteral("alpha"));
        QVERIFY2(alpha.status == Status::Fail, qPrintable(alpha.message));
        QVERIFY2(alpha.actual.contains(QLatin1String("bh-intruder")), qPrintable(alpha.actual));
        QVERIFY(alpha.evidence.front().excerpt.contains(QLatin1String("/tmp/bh-intruder 300")));
        const Finding bravo = hostFinding(QStringLiteral("host.process-baseline"), QStringLiteral("bravo"));
        QVERIFY2(bravo.status == Status::Pass, qPrintable(bravo.message));
    }

    // The auditor's decisions on the scanned fleet: a waiver, an attestation with a file, the scores and
    // the diff of the two scans.
    void waiveAttestScoreDiff()
    {
        Run run = cli({QStringLiteral("diff"), QStringLiteral("--workspace"), m_workspace});
        QVERIFY2(run.exitCode == 0, qPrintable(describe(run)));
        // alpha's process baseline passed in the first scan (after evaluate) and fails in the second.
        QVERIFY2(run.out.contains(QRegularExpression(QStringLiteral("regressed +alpha +host +host.process-baseline +"
                                                                    "pass -> fail"))),
                 qPrintable(run.out));

        run = cli({QStringLiteral("score"), QStringLiteral("--workspace"), m_workspace});
        QVERIFY2(run.exitCode == 0, qPrintable(describe(run)));
        const QString before = run.out.section(QLatin1Char('\n'), 0, 0);
        QVERIFY2(before.contains(QLatin1String("waived 0")), qPrintable(before));

        run = cli({QStringLiteral("waiver"), QStringLiteral("add"), QStringLiteral("--workspace"), m_workspace,
                   QStringLiteral("--check"), QStringLiteral("image.registry-approved"), QStringLiteral("--zone"),
                   QStringLiteral("prod"), QStringLiteral("--justification"),
                   QStringLiteral("Images are built in the audited pipeline until the registry exists"),
                   QStringLiteral("--approver"), QStringLiteral("CISO"), QStringLiteral("--risk"),
                   QStringLiteral("medium"), QStringLiteral("--expires"),
                   QDate::currentDate().addDays(30).toString(Qt::ISODate)});
        QVERIFY2(run.exitCode == 0, qPrintable(describe(run)));
        run = cli({QStringLiteral("waiver"), QStringLiteral("add"), QStringLiteral("--workspace"), m_workspace,
                   QStringLiteral("--check"), QStringLiteral("image.registry-approved"), QStringLiteral("--host"),
                   QStringLiteral("alpha"), QStringLiteral("--justification"), QStringLiteral("x"),
                   QStringLiteral("--approver"), QStringLiteral("CISO"), QStringLiteral("--risk"),
                   QStringLiteral("low"), QStringLiteral("--expires"), QStringLiteral("2020-01-01")});
        QCOMPARE(run.exitCode, 2); // already expired: refused
        QVERIFY(run.err.contains(QLatin1String("already past")));
        for (const Finding& finding : findingsOf(QStringLiteral("image.registry-approved")))
            QVERIFY(finding.status != Status::Waived); // stored findings stay as the checks gave them

        const QString report = m_dir.filePath(QStringLiteral("hardening.txt"));
        {
            QFile file(report);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write("hardening review 2026-11\n");
        }
        run = cli({QStringLiteral("attest"), QStringLiteral("--workspace"), m_workspace, QStringLiteral("--check"),
                   QStringLiteral("host.process-baseline"), QStringLiteral("--zone"), QStringLiteral("prod"),
                   QStringLiteral("--status"), QStringLiteral("pass"), QStringLiteral("--justification"),
                   QStringLiteral("Process list reviewed"), QStringLiteral("--auditor"), QStringLiteral("Ann"),
                   QStringLiteral("--reviewer"), QStringLiteral("Bob"), QStringLiteral("--attach"), report});
        QVERIFY2(run.exitCode == 0, qPrintable(describe(run)));
        QVERIFY2(run.out.contains(QLatin1String("hardening.txt  25 bytes  sha256 ")), qPrintable(run.out));

        run = cli({QStringLiteral("score"), QStringLiteral("--workspace"), m_workspace});
        QVERIFY2(run.exitCode == 0, qPrintable(describe(run)));
        const QString after = run.out.section(QLatin1Char('\n'), 0, 0);
        QVERIFY2(!after.contains(QLatin1String("waived 0")), qPrintable(after));
        const auto withWaivers = [](const QString& line) {
            return line.section(QLatin1String("with waivers "), 1).section(QLatin1Char('%'), 0, 0).toDouble();
        };
        QVERIFY2(withWaivers(after) > withWaivers(before), qPrintable(before + u'\n' + after));

        run = cli({QStringLiteral("findings"), QStringLiteral("--workspace"), m_workspace});
        QVERIFY2(run.out.contains(QLatin1String("\"waived\"")), qPrintable(run.out.left(400)));
        run = cli({QStringLiteral("log"), QStringLiteral("--workspace"), m_workspace});
        QVERIFY(run.out.contains(QLatin1String("waiver.granted")));
        QVERIFY(run.out.contains(QLatin1String("attestation.recorded")));
        QVERIFY(run.out.contains(QLatin1String("attachment.added")));
    }

    void verifyScannedWorkspace()
    {
        Run run = cli({QStringLiteral("verify"), QStringLiteral("--workspace"), m_workspace});
        QVERIFY2(run.exitCode == 0, qPrintable(describe(run)));
        QVERIFY(run.out.contains(QLatin1String("Verified")));
        const QString head = run.out.section(QLatin1String("head "), 1).section(QLatin1Char('\n'), 0, 0);
        QCOMPARE(head.size(), 64);
        run = cli({QStringLiteral("verify"), QStringLiteral("--workspace"), m_workspace,
                   QStringLiteral("--expect-head"), head});
        QCOMPARE(run.exitCode, 0);
        run = cli({QStringLiteral("verify"), QStringLiteral("--workspace"), m_workspace,
                   QStringLiteral("--expect-head"), QString(64, QLatin1Char('0'))});
        QCOMPARE(run.exitCode, 5);

        // A copy with one stored inspect altered: verify names it and exits 5.
        const QString copy = m_dir.filePath(QStringLiteral("altered.bulkhead"));
        QVERIFY(QFile::copy(m_workspace, copy));
        {
            const QString name = QUuid::createUuid().toString();
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
            db.setDatabaseName(copy);
            QVERIFY(db.open());
            QSqlQuery query(db);
            QVERIFY(query.exec(QStringLiteral("DROP TRIGGER artifacts_immutable_update")));
            QVERIFY(query.exec(QStringLiteral("UPDATE artifacts SET output = CAST(replace(CAST(output AS TEXT),"
                                              " 'Privileged', 'Privilegeb') AS BLOB)"
                                              " WHERE probe = 'docker.containers.inspect'")));
            QVERIFY(query.numRowsAffected() > 0);
            db.close();
        }
        QSqlDatabase::removeDatabase(QSqlDatabase::connectionNames().constLast());
        run = cli({QStringLiteral("verify"), QStringLiteral("--workspace"), copy});
        QVERIFY2(run.exitCode == 5, qPrintable(describe(run)));
        QVERIFY2(run.out.contains(QLatin1String("ALTERED artifact:")), qPrintable(run.out));
    }
};

QTEST_GUILESS_MAIN(TestZonePolicyFleet)
#include "tst_zonepolicy_fleet.moc"
