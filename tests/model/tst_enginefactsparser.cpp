// SPDX-License-Identifier: GPL-3.0-or-later
#include "facts/EngineFactsParser.h"

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

class TestEngineFactsParser : public QObject
{
    Q_OBJECT

private slots:
    void version()
    {
        auto parsed = EngineFactsParser::version(fleet("docker.version"));
        QVERIFY2(parsed, qPrintable(parsed.errorMessage()));
        QCOMPARE(parsed->serverVersion, QStringLiteral("20.10.24+dfsg1"));
        QCOMPARE(parsed->apiVersion, QStringLiteral("1.41"));
        QVERIFY(parsed->components.contains(QStringLiteral("containerd")));
        QVERIFY(!parsed->clientVersion.isEmpty());
        QVERIFY(!EngineFactsParser::version("{\"Client\":{\"Version\":\"20.10\"}}"));
        QVERIFY(!EngineFactsParser::version("{\"Server\":{\"Components\":\"x\"}}"));
        QVERIFY(!EngineFactsParser::version("[1"));
    }

    void history()
    {
        auto images = EngineFactsParser::imageHistory(fleet("docker.images.history"));
        QVERIFY2(images, qPrintable(images.errorMessage()));
        QCOMPARE(images->size(), 2);
        for (const ImageHistory& image : images.value())
            QVERIFY(!image.layers.isEmpty());
        const QByteArray hash(64, 'a');
        const QByteArray lines =
            "{\"Image\":\"sha256:" + hash +
            "\",\"Layer\":{\"CreatedBy\":\"ADD file:x in /\",\"ID\":\"<missing>\",\"Size\":\"5MB\"}}\n"
            "{\"Image\":\"sha256:" +
            hash +
            "\",\"Layer\":{\"CreatedBy\":\"RUN apt-get update\",\"ID\":\"<missing>\",\"Size\":\"1kB\"}}\n"
            "{\"Image\":\"sha256:" +
            QByteArray(64, 'b') + "\",\"Error\":true}\n";
        auto parsed = EngineFactsParser::imageHistory(lines);
        QVERIFY2(parsed, qPrintable(parsed.errorMessage()));
        QCOMPARE(parsed->size(), 2);
        QCOMPARE(parsed->at(0).layers.size(), 2);
        QCOMPARE(parsed->at(0).layers.at(0).createdBy, QStringLiteral("ADD file:x in /"));
        QVERIFY(parsed->at(1).failed);
        QVERIFY(EngineFactsParser::imageHistory(""));
        QVERIFY(!EngineFactsParser::imageHistory("{\"Image\":\"sha256:short\",\"Layer\":{}}\n"));
        QVERIFY(!EngineFactsParser::imageHistory("{\"Image\":\"sha256:" + hash + "\"}\n"));
        QVERIFY(!EngineFactsParser::imageHistory("not json\n"));
    }

    void networks()
    {
        auto parsed = EngineFactsParser::networks(fleet("docker.networks.inspect"));
        QVERIFY2(parsed, qPrintable(parsed.errorMessage()));
        QVERIFY(parsed->size() >= 2);
        const QByteArray overlay =
            "[{\"Name\":\"ov\",\"Id\":\"abc\",\"Driver\":\"overlay\",\"Scope\":\"swarm\","
            "\"Options\":{\"encrypted\":\"\"}},{\"Name\":\"br\",\"Id\":\"def\",\"Driver\":\"bridge\","
            "\"Options\":{\"com.docker.network.bridge.enable_icc\":\"false\"}}]";
        auto two = EngineFactsParser::networks(overlay);
        QVERIFY2(two, qPrintable(two.errorMessage()));
        QVERIFY(two->at(0).encrypted());
        QVERIFY(!two->at(1).encrypted());
        QVERIFY(!two->at(1).iccEnabled());
        QVERIFY(two->at(0).iccEnabled());
        QVERIFY(!EngineFactsParser::networks("{}"));
        QVERIFY(!EngineFactsParser::networks("[{\"Name\":\"x\"}]"));
        QVERIFY(!EngineFactsParser::networks("[{\"Id\":\"x\",\"Options\":{\"a\":1}}]"));
    }

    void daemonSettings()
    {
        auto none = EngineFactsParser::daemonJson("");
        QVERIFY(none);
        QVERIFY(none->configPath.isEmpty());
        auto parsed = EngineFactsParser::daemonJson(
            "==> /etc/docker/daemon.json <==\n|{\n|  \"log-level\": \"info\",\n|  \"icc\": false,\n"
            "|  \"insecure-registries\": [\"registry.invalid:5000\"]\n|}\n");
        QVERIFY2(parsed, qPrintable(parsed.errorMessage()));
        QCOMPARE(parsed->configPath, QStringLiteral("/etc/docker/daemon.json"));
        QCOMPARE(parsed->value(QStringLiteral("icc")), std::optional<QString>(QStringLiteral("false")));
        QCOMPARE(parsed->value(QStringLiteral("insecure-registries")),
                 std::optional<QString>(QStringLiteral("[\"registry.invalid:5000\"]")));

        ProcessArgs dockerd;
        dockerd.args = QStringList{QStringLiteral("dockerd"), QStringLiteral("--log-level"), QStringLiteral("debug"),
                                   QStringLiteral("--iptables=false"), QStringLiteral("--tlsverify")};
        const DaemonSettings merged = EngineFactsParser::withFlags(parsed.value(), {dockerd});
        QCOMPARE(merged.value(QStringLiteral("log-level")), std::optional<QString>(QStringLiteral("debug")));
        QVERIFY(merged.fromFlag(QStringLiteral("log-level")));
        QCOMPARE(merged.value(QStringLiteral("iptables")), std::optional<QString>(QStringLiteral("false")));
        QCOMPARE(merged.value(QStringLiteral("tlsverify")), std::optional<QString>(QStringLiteral("true")));
        QVERIFY(!merged.value(QStringLiteral("userns-remap")));

        QVERIFY(!EngineFactsParser::daemonJson("==> /etc/docker/daemon.json <==\n|{\"a\": \n"));
        QVERIFY(!EngineFactsParser::daemonJson("==> /etc/docker/daemon.json <==\n|[1]\n"));
        QVERIFY(!EngineFactsParser::daemonJson("==> /etc/docker/daemon.json <==\n!denied\n"));
        auto empty = EngineFactsParser::daemonJson("==> /etc/docker/daemon.json <==\n");
        QVERIFY(empty);
        QVERIFY(empty->file.isEmpty());
    }

    void swarm()
    {
        const QByteArray nodes =
            "{\"Availability\":\"Active\",\"EngineVersion\":\"20.10.24\",\"Hostname\":\"m1\",\"ID\":\"a1\","
            "\"ManagerStatus\":\"Leader\",\"Self\":true,\"Status\":\"Ready\",\"TLSStatus\":\"Ready\"}\n"
            "{\"Availability\":\"Active\",\"EngineVersion\":\"20.10.24\",\"Hostname\":\"w1\",\"ID\":\"b2\","
            "\"ManagerStatus\":\"\",\"Self\":false,\"Status\":\"Ready\",\"TLSStatus\":\"Ready\"}\n";
        auto parsed = EngineFactsParser::swarmNodes(nodes);
        QVERIFY2(parsed, qPrintable(parsed.errorMessage()));
        QCOMPARE(parsed->size(), 2);
        QVERIFY(parsed->at(0).manager());
        QVERIFY(parsed->at(0).self);
        QVERIFY(!parsed->at(1).manager());
        QVERIFY(!EngineFactsParser::swarmNodes(""));
        QVERIFY(!EngineFactsParser::swarmNodes("{\"ID\":\"a\",\"Self\":\"yes\"}\n"));

        const QByteArray services =
            "[{\"ID\":\"s1\",\"Spec\":{\"Name\":\"web\",\"Mode\":{\"Replicated\":{\"Replicas\":2}},"
            "\"TaskTemplate\":{\"ContainerSpec\":{\"Image\":\"nginx:1\",\"Secrets\":[{\"SecretName\":\"k\"}]},"
            "\"Networks\":[{\"Target\":\"ov\"}]},"
            "\"EndpointSpec\":{\"Ports\":[{\"Protocol\":\"tcp\",\"TargetPort\":80,\"PublishedPort\":8080,"
            "\"PublishMode\":\"ingress\"}]}}}]";
        auto list = EngineFactsParser::swarmServices(services);
        QVERIFY2(list, qPrintable(list.errorMessage()));
        QCOMPARE(list->size(), 1);
        QCOMPARE(list->front().mode, QStringLiteral("replicated"));
        QCOMPARE(list->front().secrets, 1);
        QCOMPARE(list->front().ports.front().publishedPort, 8080);
        QCOMPARE(list->front().networks, QStringList{QStringLiteral("ov")});
        QVERIFY(EngineFactsParser::swarmServices("[]"));
        QVERIFY(!EngineFactsParser::swarmServices("[{\"ID\":\"x\"}]"));
    }
};

QTEST_GUILESS_MAIN(TestEngineFactsParser)
#include "tst_enginefactsparser.moc"
