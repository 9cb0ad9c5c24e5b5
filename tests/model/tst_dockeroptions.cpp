// SPDX-License-Identifier: GPL-3.0-or-later
#include "facts/DockerOptions.h"

#include <QTest>

using namespace bulkhead;

class TestDockerOptions : public QObject
{
    Q_OBJECT

private slots:
    void normalizedCapability_data()
    {
        QTest::addColumn<QString>("given");
        QTest::addColumn<QString>("normalized");
        QTest::newRow("bare") << "NET_ADMIN"
                              << "CAP_NET_ADMIN";
        QTest::newRow("prefixed") << "CAP_NET_ADMIN"
                                  << "CAP_NET_ADMIN";
        QTest::newRow("lower case") << "net_admin"
                                    << "CAP_NET_ADMIN";
        QTest::newRow("lower case prefixed") << "cap_sys_admin"
                                             << "CAP_SYS_ADMIN";
        QTest::newRow("ALL") << "ALL"
                             << "ALL";
        QTest::newRow("all") << "all"
                             << "ALL";
        QTest::newRow("CAP_ALL is not ALL") << "CAP_ALL"
                                            << "CAP_ALL";
    }

    void normalizedCapability()
    {
        QFETCH(QString, given);
        QFETCH(QString, normalized);
        QCOMPARE(DockerOptions::normalizedCapability(given), normalized);
    }

    void containsCapability()
    {
        const QStringList added = {QStringLiteral("net_admin"), QStringLiteral("CAP_SYS_TIME")};
        QVERIFY(DockerOptions::containsCapability(added, QStringLiteral("CAP_NET_ADMIN")));
        QVERIFY(DockerOptions::containsCapability(added, QStringLiteral("sys_time")));
        QVERIFY(!DockerOptions::containsCapability(added, QStringLiteral("SYS_ADMIN")));
        QVERIFY(DockerOptions::containsCapability({QStringLiteral("ALL")}, QStringLiteral("SYS_ADMIN")));
        QVERIFY(!DockerOptions::containsCapability({}, QStringLiteral("SYS_ADMIN")));
    }

    void noNewPrivileges_data()
    {
        QTest::addColumn<QStringList>("securityOpt");
        QTest::addColumn<int>("expected"); // -1: unset or unreadable, 0: false, 1: true
        QTest::newRow("none") << QStringList() << -1;
        QTest::newRow("bare") << QStringList{QStringLiteral("no-new-privileges")} << 1;
        QTest::newRow(":true") << QStringList{QStringLiteral("no-new-privileges:true")} << 1;
        QTest::newRow("=true") << QStringList{QStringLiteral("no-new-privileges=true")} << 1;
        QTest::newRow("=1") << QStringList{QStringLiteral("no-new-privileges=1")} << 1;
        QTest::newRow(":false") << QStringList{QStringLiteral("no-new-privileges:false")} << 0;
        QTest::newRow("=false") << QStringList{QStringLiteral("no-new-privileges=false")} << 0;
        QTest::newRow("=FALSE") << QStringList{QStringLiteral("no-new-privileges=FALSE")} << 0;
        QTest::newRow("=yes is unreadable") << QStringList{QStringLiteral("no-new-privileges=yes")} << -1;
        QTest::newRow("last wins") << QStringList{QStringLiteral("no-new-privileges"),
                                                  QStringLiteral("no-new-privileges=false")}
                                   << 0;
        QTest::newRow("other options") << QStringList{QStringLiteral("seccomp=unconfined"),
                                                      QStringLiteral("label=disable")}
                                       << -1;
        QTest::newRow("a prefix is another key") << QStringList{QStringLiteral("no-new-privileges-x")} << -1;
        QTest::newRow("blank") << QStringList{QStringLiteral(" no-new-privileges")} << -1;
    }

    void noNewPrivileges()
    {
        QFETCH(QStringList, securityOpt);
        QFETCH(int, expected);
        const std::optional<bool> value = DockerOptions::noNewPrivileges(securityOpt);
        QCOMPARE(value.has_value(), expected >= 0);
        if (value)
            QCOMPARE(*value, expected == 1);
    }

    void securityOptValue_data()
    {
        QTest::addColumn<QStringList>("securityOpt");
        QTest::addColumn<QString>("key");
        QTest::addColumn<bool>("present");
        QTest::addColumn<QString>("value");
        QTest::newRow("seccomp=unconfined")
            << QStringList{QStringLiteral("seccomp=unconfined")} << "seccomp" << true << "unconfined";
        QTest::newRow("legacy seccomp:unconfined")
            << QStringList{QStringLiteral("seccomp:unconfined")} << "seccomp" << true << "unconfined";
        QTest::newRow("apparmor=unconfined")
            << QStringList{QStringLiteral("apparmor=unconfined")} << "apparmor" << true << "unconfined";
        QTest::newRow("label=disable") << QStringList{QStringLiteral("label=disable")} << "label" << true << "disable";
        QTest::newRow("label:disable") << QStringList{QStringLiteral("label:disable")} << "label" << true << "disable";
        QTest::newRow("label=user:..., '=' first")
            << QStringList{QStringLiteral("label=user:system_u")} << "label" << true << "user:system_u";
        QTest::newRow("seccomp profile path") << QStringList{QStringLiteral("seccomp=/etc/docker/seccomp.json")}
                                              << "seccomp" << true << "/etc/docker/seccomp.json";
        QTest::newRow("absent") << QStringList{QStringLiteral("label=disable")} << "seccomp" << false << "";
        QTest::newRow("empty value") << QStringList{QStringLiteral("apparmor=")} << "apparmor" << true << "";
    }

    void securityOptValue()
    {
        QFETCH(QStringList, securityOpt);
        QFETCH(QString, key);
        QFETCH(bool, present);
        QFETCH(QString, value);
        const std::optional<QString> read = DockerOptions::securityOptValue(securityOpt, key);
        QCOMPARE(read.has_value(), present);
        if (read)
            QCOMPARE(*read, value);
    }

    void allInterfaces_data()
    {
        QTest::addColumn<QString>("hostIp");
        QTest::addColumn<bool>("all");
        QTest::newRow("empty") << "" << true;
        QTest::newRow("0.0.0.0") << "0.0.0.0" << true;
        QTest::newRow("::") << "::" << true;
        QTest::newRow("[::]") << "[::]" << true;
        QTest::newRow("::0") << "::0" << true;
        QTest::newRow("0:0:0:0:0:0:0:0") << "0:0:0:0:0:0:0:0" << true;
        QTest::newRow("0000::") << "0000::" << true;
        QTest::newRow("::ffff:0.0.0.0") << "::ffff:0.0.0.0" << true;
        QTest::newRow("::FFFF:0.0.0.0") << "::FFFF:0.0.0.0" << true;
        QTest::newRow(":: with zone") << "::%eth0" << true;
        QTest::newRow("0:0, not an address: counted") << "0:0" << true;
        QTest::newRow("127.0.0.1") << "127.0.0.1" << false;
        QTest::newRow("::1") << "::1" << false;
        QTest::newRow("[::1]") << "[::1]" << false;
        QTest::newRow("10.0.0.0") << "10.0.0.0" << false;
        QTest::newRow("fe80::1") << "fe80::1" << false;
        QTest::newRow("::ffff:127.0.0.1") << "::ffff:127.0.0.1" << false;
        QTest::newRow("192.168.1.10") << "192.168.1.10" << false;
        QTest::newRow("hostname") << "localhost" << false;
    }

    void allInterfaces()
    {
        QFETCH(QString, hostIp);
        QFETCH(bool, all);
        QCOMPARE(DockerOptions::isAllInterfaces(hostIp), all);
    }

    void lowestHostPort_data()
    {
        QTest::addColumn<QString>("hostPort");
        QTest::addColumn<int>("lowest"); // -1: none
        QTest::newRow("80") << "80" << 80;
        QTest::newRow("1023") << "1023" << 1023;
        QTest::newRow("1024") << "1024" << 1024;
        QTest::newRow("65535") << "65535" << 65535;
        QTest::newRow("range") << "1000-1030" << 1000;
        QTest::newRow("empty: ephemeral") << "" << -1;
        QTest::newRow("0: ephemeral") << "0" << -1;
        QTest::newRow("65536") << "65536" << -1;
        QTest::newRow("negative") << "-80" << -1;
        QTest::newRow("reversed range") << "90-80" << -1;
        QTest::newRow("open range") << "80-" << -1;
        QTest::newRow("letters") << "http" << -1;
        QTest::newRow("plus") << "+80" << -1;
        QTest::newRow("blank") << " 80" << -1;
        QTest::newRow("long") << "0000080" << -1;
    }

    void lowestHostPort()
    {
        QFETCH(QString, hostPort);
        QFETCH(int, lowest);
        const std::optional<int> port = DockerOptions::lowestHostPort(hostPort);
        QCOMPARE(port.value_or(-1), lowest);
    }

    void modes()
    {
        QVERIFY(DockerOptions::isHostMode(QStringLiteral("host")));
        QVERIFY(!DockerOptions::isHostMode(QStringLiteral("Host")));
        QVERIFY(!DockerOptions::isHostMode(QStringLiteral("private")));
        QVERIFY(!DockerOptions::isHostMode(QStringLiteral("container:host")));
        QVERIFY(!DockerOptions::isHostMode(QString()));
        QVERIFY(DockerOptions::isUnlimitedPids(0));
        QVERIFY(DockerOptions::isUnlimitedPids(-1));
        QVERIFY(!DockerOptions::isUnlimitedPids(1));
    }
};

QTEST_GUILESS_MAIN(TestDockerOptions)
#include "tst_dockeroptions.moc"
