// SPDX-License-Identifier: GPL-3.0-or-later
// bulkhead-cli scan --dry-run / --sudo and bulkhead-cli sudoers, through the real binary: the exact
// commands per host, nothing connected, nothing written.
#include "ProcessRun.h"

#include "probes/ProbeCommands.h"

#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace bulkhead;

namespace {

using Run = ProcessRun;

Run cli(const QStringList& arguments)
{
    return ProcessRun::run(QStringLiteral(BULKHEAD_CLI), arguments, 60000);
}

// The command lines of a dry-run's output, per host header.
QMap<QString, QStringList> commandsByHost(const QByteArray& out)
{
    QMap<QString, QStringList> hosts;
    QString current;
    for (const QByteArray& raw : out.split('\n')) {
        const QString line = QString::fromUtf8(raw);
        if (line.startsWith(QLatin1String("# ")) && line.contains(QLatin1String(" (access: "))) {
            current = line.mid(2, line.indexOf(QLatin1String(" (access: ")) - 2);
            hosts[current];
        } else if (!line.isEmpty() && !line.startsWith(QLatin1Char('#'))) {
            hosts[current] << line;
        }
    }
    return hosts;
}

} // namespace

class TestCliDryRun : public QObject
{
    Q_OBJECT

private slots:
    void dryRunPrintsEveryCommandAndRunsNothing_data()
    {
        QTest::addColumn<bool>("sudo");
        QTest::newRow("direct") << false;
        QTest::newRow("sudo") << true;
    }

    void dryRunPrintsEveryCommandAndRunsNothing()
    {
        QFETCH(bool, sudo);
        QTemporaryDir dir;
        const QString workspace = dir.filePath(QStringLiteral("never.bulkhead"));
        // Port 9 on a TEST-NET address: a connection attempt would hang until the timeout.
        QStringList arguments{QStringLiteral("scan"),          QStringLiteral("--dry-run"),
                              QStringLiteral("--workspace"),   workspace,
                              QStringLiteral("--host"),        QStringLiteral("auditor@192.0.2.1:9"),
                              QStringLiteral("--host"),        QStringLiteral("root@[2001:db8::1]:22"),
                              QStringLiteral("--known-hosts"), dir.filePath(QStringLiteral("known_hosts"))};
        if (sudo)
            arguments << QStringLiteral("--sudo");
        QElapsedTimer timer;
        timer.start();
        const Run run = cli(arguments);
        QCOMPARE(run.exitCode, 0);
        QVERIFY2(timer.elapsed() < 20000, "a dry run must not try to connect");
        QVERIFY(!QFile::exists(workspace));
        QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("known_hosts"))));

        const AccessMode mode = sudo ? AccessMode::Sudo : AccessMode::Direct;
        const QMap<QString, QStringList> hosts = commandsByHost(run.out);
        QCOMPARE(hosts.keys(),
                 (QStringList{QStringLiteral("auditor@192.0.2.1:9"), QStringLiteral("root@[2001:db8::1]:22")}));
        for (const QStringList& commands : hosts)
            QCOMPARE(commands, ProbeCommands::commandLines(mode));
        QVERIFY(run.out.contains(QByteArray(QByteArray("(access: ") + (sudo ? "sudo" : "direct") + ", ")));
        QCOMPARE(run.out.contains(" sudo -n -- sh -c '\\''"), sudo);
        QVERIFY(run.out.contains("# host.sudoers [host, privilege root]\n"));
    }

    void dryRunNeedsHosts()
    {
        const Run none = cli({QStringLiteral("scan"), QStringLiteral("--dry-run")});
        QCOMPARE(none.exitCode, 2);
        QVERIFY(none.err.contains("--host is required"));
        const Run bad = cli(
            {QStringLiteral("scan"), QStringLiteral("--dry-run"), QStringLiteral("--host"), QStringLiteral("a b@c")});
        QCOMPARE(bad.exitCode, 2);
        QVERIFY(bad.out.isEmpty());
    }

    void sudoersAllowList()
    {
        const Run run = cli({QStringLiteral("sudoers"), QStringLiteral("--user"), QStringLiteral("auditor")});
        QCOMPARE(run.exitCode, 0);
        QCOMPARE(QString::fromUtf8(run.out), ProbeCommands::sudoersAllowList(QStringLiteral("auditor")));
        QVERIFY(run.out.contains("Cmnd_Alias BULKHEAD_PROBES_AUDITOR = /bin/sh -c "));
        const Run group = cli({QStringLiteral("sudoers"), QStringLiteral("--user"), QStringLiteral("%auditors")});
        QCOMPARE(group.exitCode, 0);
        QVERIFY(group.out.endsWith("%auditors ALL=(root) NOPASSWD: BULKHEAD_PROBES_GROUP_AUDITORS\n"));
        const Run plain = cli({QStringLiteral("sudoers")});
        QCOMPARE(plain.exitCode, 0);
        QVERIFY(plain.out.contains("# auditor ALL=(root) NOPASSWD: BULKHEAD_PROBES"));
        for (const char* hostile : {"a b", "root,ALL", "x=(ALL) ALL", "../x", ""}) {
            const Run refused = cli({QStringLiteral("sudoers"), QStringLiteral("--user"), QLatin1String(hostile)});
            QVERIFY2(refused.exitCode == 2, hostile);
            QVERIFY(refused.out.isEmpty());
        }
    }

    void helpNamesTheNewOptions()
    {
        const Run run = cli({QStringLiteral("--help")});
        QCOMPARE(run.exitCode, 0);
        QVERIFY(run.out.contains("--dry-run"));
        QVERIFY(run.out.contains("--sudo"));
        QVERIFY(run.out.contains("  sudoers "));
    }
};

QTEST_GUILESS_MAIN(TestCliDryRun)
#include "tst_cli_dryrun.moc"
