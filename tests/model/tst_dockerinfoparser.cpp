// SPDX-License-Identifier: GPL-3.0-or-later
#include "facts/DockerInfoParser.h"

#include <QFile>
#include <QTest>

using namespace bulkhead;

namespace {

QByteArray readData(const char* name)
{
    QFile file(QStringLiteral(BULKHEAD_TEST_DATA "/") + QLatin1String(name));
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot read test data %s", name);
    return file.readAll();
}

} // namespace

class TestDockerInfoParser : public QObject
{
    Q_OBJECT

private slots:
    void capturedDocker2010()
    {
        const auto info = DockerInfoParser::parse(readData("docker-info-20.10.json"));
        QVERIFY2(info, qPrintable(info.errorMessage()));
        QCOMPARE(info->serverVersion, QStringLiteral("20.10.24+dfsg1"));
        QCOMPARE(info->storageDriver, QStringLiteral("vfs"));
        QCOMPARE(info->loggingDriver, QStringLiteral("json-file"));
        QCOMPARE(info->osType, QStringLiteral("linux"));
        QCOMPARE(info->containers, 8);
        QCOMPARE(info->containers, info->containersRunning + info->containersPaused + info->containersStopped);
        QCOMPARE(info->images, 5);
        QCOMPARE(info->swarmState, QStringLiteral("inactive"));
        QVERIFY(!info->securityOptions.isEmpty());
        QVERIFY(!info->id.isEmpty());
    }

    // A manager's Swarm section (docker 24 layout): counts and the cluster's settings; a worker has neither.
    void swarmManager()
    {
        QCOMPARE(readData("docker-info-20.10.json").contains("\"Cluster\""), false);
        const QByteArray manager =
            R"({"ServerVersion":"24.0.7","Swarm":{"NodeID":"m1","NodeAddr":"10.0.0.5","LocalNodeState":"active",)"
            R"("ControlAvailable":true,"Error":"","RemoteManagers":[],"Nodes":4,"Managers":3,"Cluster":{"ID":"c",)"
            R"("Spec":{"Name":"default","EncryptionConfig":{"AutoLockManagers":true},)"
            R"("CAConfig":{"NodeCertExpiry":7776000000000000}}}}})";
        const auto info = DockerInfoParser::parse(manager);
        QVERIFY2(info, qPrintable(info.errorMessage()));
        QCOMPARE(info->swarmState, QStringLiteral("active"));
        QCOMPARE(info->swarmNodeAddr, QStringLiteral("10.0.0.5"));
        QVERIFY(info->swarmControlAvailable);
        QCOMPARE(info->swarmManagers, std::optional<int>(3));
        QCOMPARE(info->swarmNodes, std::optional<int>(4));
        QCOMPARE(info->swarmAutolock, std::optional<bool>(true));
        QCOMPARE(info->swarmNodeCertExpiry, std::optional<qint64>(7776000000000000LL));

        const auto worker = DockerInfoParser::parse(
            R"({"ServerVersion":"24.0.7","Swarm":{"NodeID":"w","NodeAddr":"10.0.0.9","LocalNodeState":"active",)"
            R"("ControlAvailable":false,"Error":"","RemoteManagers":null}})");
        QVERIFY2(worker, qPrintable(worker.errorMessage()));
        QVERIFY(!worker->swarmControlAvailable);
        QVERIFY(!worker->swarmManagers);
        QVERIFY(!worker->swarmAutolock);
        QVERIFY(!worker->swarmNodeCertExpiry);
        // A hostile type is an error for the document, never a default.
        QVERIFY(!DockerInfoParser::parse(R"({"ServerVersion":"24.0.7","Swarm":{"Cluster":{"Spec":)"
                                         R"({"EncryptionConfig":{"AutoLockManagers":"yes"}}}}})"));
    }

    void noDaemon()
    {
        // What the 20.10 client prints, with exit status 0, when the daemon is unreachable.
        const auto info = DockerInfoParser::parse(readData("docker-info-no-daemon-20.10.json"));
        QVERIFY(!info);
        QVERIFY2(info.errorMessage().contains(QStringLiteral("Cannot connect to the Docker daemon")),
                 qPrintable(info.errorMessage()));
    }

    void malformed_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("why");
        QTest::newRow("truncated") << readData("docker-info-20.10.json").left(100) << "is not valid JSON";
        QTest::newRow("array") << QByteArray("[]") << "expected an object";
        QTest::newRow("no server") << QByteArray("{\"ID\":\"\"}") << "no ServerVersion";
        QTest::newRow("wrong type") << QByteArray("{\"ServerVersion\":20}") << "ServerVersion is number";
    }

    void malformed()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, why);
        const auto info = DockerInfoParser::parse(json);
        QVERIFY(!info);
        QVERIFY2(info.errorMessage().contains(why), qPrintable(info.errorMessage()));
    }
};

QTEST_GUILESS_MAIN(TestDockerInfoParser)
#include "tst_dockerinfoparser.moc"
