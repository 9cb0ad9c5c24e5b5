// SPDX-License-Identifier: GPL-3.0-or-later
#include "facts/HostFactsParser.h"

#include <QFile>
#include <QTest>

using namespace bulkhead;

namespace {

QByteArray fleet(const char* probe)
{
    QFile file(QStringLiteral(BULKHEAD_TEST_DATA "/fleet/") + QLatin1String(probe) + QStringLiteral(".out"));
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace

// Host facts from outputs captured on a test-fleet host (tests/model/data/fleet) and hand-made ones
// for the tools the fleet does not have.
class TestHostFactsParser : public QObject
{
    Q_OBJECT

private slots:
    void passwdAndGroups()
    {
        auto users = HostFactsParser::passwd(fleet("host.passwd"));
        QVERIFY2(users, qPrintable(users.errorMessage()));
        QCOMPARE(users->front().name, QStringLiteral("root"));
        QCOMPARE(users->front().uid, 0);
        QVERIFY(users->front().loginShell());
        bool auditor = false;
        for (const PasswdEntry& user : users.value()) {
            auditor = auditor || (user.name == QLatin1String("auditor") && user.uid == 1001);
            if (user.name == QLatin1String("daemon"))
                QVERIFY(!user.loginShell());
        }
        QVERIFY(auditor);
        auto groups = HostFactsParser::groups(fleet("host.group"));
        QVERIFY2(groups, qPrintable(groups.errorMessage()));
        bool docker = false;
        for (const GroupEntry& group : groups.value())
            docker =
                docker || (group.name == QLatin1String("docker") && group.members.contains(QStringLiteral("auditor")));
        QVERIFY(docker);

        QVERIFY(!HostFactsParser::passwd("root:x:0:0:root:/root\n"));
        QVERIFY(!HostFactsParser::passwd("root:x:zero:0:root:/root:/bin/sh\n"));
        QVERIFY(!HostFactsParser::passwd(""));
        QVERIFY(!HostFactsParser::groups("docker:x:999\n"));
    }

    void releaseAndKernel()
    {
        auto release = HostFactsParser::osRelease(fleet("host.os-release"));
        QVERIFY2(release, qPrintable(release.errorMessage()));
        QCOMPARE(release->id(), QStringLiteral("debian"));
        QVERIFY(release->prettyName().startsWith(QLatin1String("Debian GNU/Linux")));
        QVERIFY(!HostFactsParser::osRelease("==> /etc/os-release <==\n!denied\n"));
        QVERIFY(!HostFactsParser::osRelease("==> /etc/os-release <==\n|no assignment here\n"));

        auto kernel = HostFactsParser::kernel("Linux 6.1.0-13-amd64 x86_64\n#1 SMP PREEMPT_DYNAMIC Debian 6.1.55-1\n");
        QVERIFY(kernel);
        QCOMPARE(kernel->release, QStringLiteral("6.1.0-13-amd64"));
        QCOMPARE(kernel->build, QStringLiteral("#1 SMP PREEMPT_DYNAMIC Debian 6.1.55-1"));
        QVERIFY(HostFactsParser::kernel(fleet("host.kernel")));
        QVERIFY(!HostFactsParser::kernel("Linux\n"));
    }

    void processes()
    {
        auto processes = HostFactsParser::processes(fleet("host.processes"));
        QVERIFY2(processes, qPrintable(processes.errorMessage()));
        bool dockerd = false;
        for (const ProcessEntry& process : processes.value())
            dockerd = dockerd || (process.command() == QLatin1String("dockerd") && process.uid == 0);
        QVERIFY(dockerd);
        auto busybox = HostFactsParser::processes(
            "==> busybox <==\n|PID   USER     TIME  COMMAND\n|root 1 0 init\n|nobody 22 1 /usr/bin/app --x\n!exit 0\n");
        QVERIFY(!busybox); // the header busybox prints is not "USER PID PPID ARGS": not our format
        auto ours =
            HostFactsParser::processes("==> busybox <==\n|root 1 0 init\n|nobody 22 1 /usr/bin/app --x\n!exit 0\n");
        QVERIFY2(ours, qPrintable(ours.errorMessage()));
        QCOMPARE(ours->at(1).user, QStringLiteral("nobody"));
        QCOMPARE(ours->at(1).command(), QStringLiteral("app"));
        QCOMPARE(ours->at(1).uid, -1);
        QVERIFY(!HostFactsParser::processes("==> procps <==\n!exit 1\n"));
    }

    void sockets()
    {
        auto fromFleet = HostFactsParser::sockets(fleet("host.sockets"));
        QVERIFY2(fromFleet, qPrintable(fromFleet.errorMessage()));
        bool sshd = false;
        for (const ListeningSocket& socket : fromFleet.value())
            sshd = sshd || (socket.process == QLatin1String("sshd") && socket.port == 2222);
        QVERIFY(sshd);
        const QByteArray ss =
            "==> ss <==\n"
            "|Netid State  Recv-Q Send-Q Local Address:Port Peer Address:PortProcess\n"
            "|udp   UNCONN 0      0      127.0.0.53%lo:53        0.0.0.0:*    "
            "users:((\"systemd-resolve\",pid=5,fd=13))\n"
            "|tcp   LISTEN 0      4096         [::]:8080            [::]:*    users:((\"docker-proxy\",pid=900,fd=4))\n"
            "|tcp   LISTEN 0      128             *:22                 *:*\n"
            "!exit 0\n";
        auto parsed = HostFactsParser::sockets(ss);
        QVERIFY2(parsed, qPrintable(parsed.errorMessage()));
        QCOMPARE(parsed->size(), 3);
        QCOMPARE(parsed->at(0).address, QStringLiteral("127.0.0.53"));
        QCOMPARE(parsed->at(0).process, QStringLiteral("systemd-resolve"));
        QCOMPARE(parsed->at(1).address, QStringLiteral("[::]"));
        QVERIFY(parsed->at(1).allInterfaces());
        QCOMPARE(parsed->at(1).pid, 900);
        QVERIFY(parsed->at(2).allInterfaces());
        QVERIFY(parsed->at(2).process.isEmpty());
        const QByteArray netstat =
            "==> netstat <==\n|Active Internet connections (only servers)\n"
            "|Proto Recv-Q Send-Q Local Address           Foreign Address         State       PID/Program name\n"
            "|tcp        0      0 0.0.0.0:22              0.0.0.0:*               LISTEN      612/sshd\n"
            "|udp        0      0 0.0.0.0:68              0.0.0.0:*                           501/dhclient\n"
            "!exit 0\n";
        auto old = HostFactsParser::sockets(netstat);
        QVERIFY2(old, qPrintable(old.errorMessage()));
        QCOMPARE(old->size(), 2);
        QCOMPARE(old->at(0).process, QStringLiteral("sshd"));
        QCOMPARE(old->at(1).port, 68);
        QVERIFY(!HostFactsParser::sockets("==> ss <==\n|tcp LISTEN 0 1 nocolon x\n!exit 0\n"));
    }

    void updates_data()
    {
        QTest::addColumn<QByteArray>("output");
        QTest::addColumn<QString>("manager");
        QTest::addColumn<int>("count");
        QTest::addColumn<int>("security");
        QTest::newRow("apt list")
            << QByteArray("==> apt <==\n|\n|WARNING: apt does not have a stable CLI interface.\n"
                          "|Listing...\n"
                          "|openssl/bookworm-security 3.0.11-1~deb12u2 amd64 [upgradable from: 3.0.11-1~deb12u1]\n"
                          "|tzdata/bookworm-updates 2024a-0+deb12u1 all [upgradable from: 2023c-5]\n!exit 0\n")
            << "apt" << 2 << 1;
        QTest::newRow("apt-get -s")
            << QByteArray("==> apt <==\n|Inst libssl3 [3.0.11-1] (3.0.13-1~deb12u1 Debian-Security:12/stable-security "
                          "[amd64])\n"
                          "|Conf libssl3 (3.0.13-1~deb12u1 Debian-Security:12/stable-security [amd64])\n!exit 0\n")
            << "apt" << 1 << 1;
        QTest::newRow("dnf")
            << QByteArray(
                   "==> dnf <==\n|\n|curl.x86_64    7.76.1-26.el9_3.2    baseos\n"
                   "|kernel.x86_64  5.14.0-362.18.1.el9_3  baseos\n!exit 100\n"
                   "==> dnf-security <==\n|RHSA-2024:0123 Important/Sec. curl-7.76.1-26.el9_3.2.x86_64\n!exit 0\n")
            << "dnf" << 2 << 1;
        QTest::newRow("zypper")
            << QByteArray("==> zypper <==\n|S | Repository | Name | Current Version | Available Version | Arch\n"
                          "|--+------------+------+-----------------+-------------------+-------\n"
                          "|v | Update     | vim  | 9.0.1          | 9.0.2             | x86_64\n!exit 0\n"
                          "==> zypper-security <==\n!exit 0\n")
            << "zypper" << 1 << 0;
        QTest::newRow("apk") << QByteArray("==> apk <==\n|Installed:                                Available:\n"
                                           "|musl-1.2.4-r1                           < 1.2.4-r2\n!exit 0\n")
                             << "apk" << 1 << 0;
        QTest::newRow("none pending") << QByteArray("==> dnf <==\n!exit 0\n==> dnf-security <==\n!exit 0\n") << "dnf"
                                      << 0 << 0;
    }

    void updates()
    {
        QFETCH(QByteArray, output);
        QFETCH(QString, manager);
        QFETCH(int, count);
        QFETCH(int, security);
        auto parsed = HostFactsParser::updates(output);
        QVERIFY2(parsed, qPrintable(parsed.errorMessage()));
        QCOMPARE(parsed->manager, manager);
        QCOMPARE(parsed->updates.size(), count);
        QCOMPARE(parsed->securityCount(), security);
    }

    void updatesFromTheFleetAndFailures()
    {
        auto fleetUpdates = HostFactsParser::updates(fleet("host.updates"));
        QVERIFY2(fleetUpdates, qPrintable(fleetUpdates.errorMessage()));
        QCOMPARE(fleetUpdates->manager, QStringLiteral("apt"));
        QVERIFY(!fleetUpdates->updates.isEmpty());
        QVERIFY(!HostFactsParser::updates("==> dnf <==\n|Error: cache empty\n!exit 1\n"));
        QVERIFY(!HostFactsParser::updates("==> apt <==\n|E: lists locked\n!exit 100\n"));
        QVERIFY(!HostFactsParser::updates(""));
    }

    // A failed section's last line goes into the error message: escaped, as every message of a parser
    // (found by fuzz_probe_parsers).
    void failedSectionIsEscaped()
    {
        const auto updates = HostFactsParser::updates("==> apt <==\n|E: \x1b[2Jgone\a\n!exit 100\n");
        QVERIFY(!updates);
        QVERIFY2(!updates.errorMessage().contains(QChar(0x1b)) && !updates.errorMessage().contains(QChar(0x07)),
                 qPrintable(updates.errorMessage()));
        QVERIFY(updates.errorMessage().contains(QLatin1String("gone")));
    }

    void sudoers()
    {
        const QByteArray output =
            "==> /etc/sudoers <==\n|Defaults\tenv_reset\n|root\tALL=(ALL:ALL) ALL\n"
            "|%sudo\tALL=(ALL:ALL) ALL\n|@includedir /etc/sudoers.d\n"
            "==> /etc/sudoers.d/ <==\n!directory\n"
            "==> /etc/sudoers.d/README <==\n|# comment only\n"
            "==> /etc/sudoers.d/ops <==\n|Cmnd_Alias X = /bin/ls\n|deploy ALL=(root) \\\n|  NOPASSWD: ALL\n"
            "==> /etc/sudoers.d/old.bak <==\n|mallory ALL=(ALL) NOPASSWD: ALL\n";
        auto parsed = HostFactsParser::sudoers(output);
        QVERIFY2(parsed, qPrintable(parsed.errorMessage()));
        QCOMPARE(parsed->rules.size(), 3);
        QCOMPARE(parsed->rules.at(1).principal, QStringLiteral("%sudo"));
        QVERIFY(parsed->rules.at(1).group);
        QCOMPARE(parsed->rules.at(2).principal, QStringLiteral("deploy"));
        QVERIFY(parsed->rules.at(2).noPassword);
        QVERIFY(parsed->rules.at(2).allCommands);
        QCOMPARE(parsed->includes, QStringList{QStringLiteral("/etc/sudoers.d")});
        QCOMPARE(parsed->aliases.size(), 1);
        QVERIFY(!parsed->files.contains(QStringLiteral("/etc/sudoers.d/old.bak"))); // sudo skips names with a dot
        auto denied = HostFactsParser::sudoers("==> /etc/sudoers <==\n!denied\n");
        QVERIFY(denied);
        QCOMPARE(denied->unreadable, QStringList{QStringLiteral("/etc/sudoers")});
        QVERIFY(HostFactsParser::sudoers(fleet("host.sudoers")));
        QVERIFY(!HostFactsParser::sudoers("==> /etc/sudoers <==\n!missing\n"));
    }

    void systemdUnits()
    {
        const QByteArray output = "Id=docker.service\nLoadState=loaded\nActiveState=active\n"
                                  "ExecStart={ path=/usr/bin/dockerd ; argv[]=/usr/bin/dockerd -H fd:// }\n\n"
                                  "Id=containerd.service\nLoadState=not-found\nActiveState=inactive\n";
        auto units = HostFactsParser::systemdUnits(output);
        QVERIFY2(units, qPrintable(units.errorMessage()));
        QCOMPARE(units->size(), 2);
        QVERIFY(units->at(0).found());
        QCOMPARE(units->at(0).properties.value(QStringLiteral("ExecStart")).left(8), QStringLiteral("{ path=/"));
        QVERIFY(!units->at(1).found());
        QVERIFY(!HostFactsParser::systemdUnits("LoadState=loaded\n"));
        QVERIFY(!HostFactsParser::systemdUnits("garbage\n"));
    }
};

QTEST_GUILESS_MAIN(TestHostFactsParser)
#include "tst_hostfactsparser.moc"
