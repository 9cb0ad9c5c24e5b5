// SPDX-License-Identifier: GPL-3.0-or-later
// Tip 3, Docker Swarm (CIS 5.1, 7.1-7.9; issue 4): one row per verdict of each check, from artifacts as the
// probes store them. Every pass, fail and warn cites evidence that was read, at a locator that resolves.
#include "StoredArtifact.h"
#include "checks/CheckCatalog.h"
#include "checks/Evaluator.h"
#include "checks/HostEvidence.h"
#include "checks/SwarmRules.h"
#include "core/JsonPointer.h"

#include "VerdictEvidence.h"

#include <QTest>

using namespace bulkhead;
using bulkhead::test::artifact;

namespace {

Artifact absent(qint64 id, const char* probe, const QByteArray& what)
{
    return artifact(id, probe, {}, 3, "bulkhead: not present: " + what + "\n");
}

constexpr qint64 Days90 = 90LL * 24 * 3600 * 1000 * 1000 * 1000;

QByteArray info(const QByteArray& swarm)
{
    return R"({"ServerVersion":"24.0.7","Driver":"overlay2","Swarm":)" + swarm + "}";
}

QByteArray inactive()
{
    return info(R"({"NodeID":"","NodeAddr":"","LocalNodeState":"inactive","ControlAvailable":false,"Error":"",)"
                R"("RemoteManagers":null})");
}

QByteArray worker()
{
    return info(R"({"NodeID":"w1","NodeAddr":"10.0.0.9","LocalNodeState":"active","ControlAvailable":false,)"
                R"("Error":"","RemoteManagers":[{"NodeID":"m1","Addr":"10.0.0.5:2377"}]})");
}

QByteArray locked()
{
    return info(R"({"NodeID":"m1","NodeAddr":"10.0.0.5","LocalNodeState":"locked","ControlAvailable":false,)"
                R"("Error":"","RemoteManagers":null})");
}

QByteArray manager(bool autolock = false, qint64 expiry = Days90, bool withAutolock = true)
{
    const QByteArray encryption =
        withAutolock ? QByteArray(R"("EncryptionConfig":{"AutoLockManagers":)") + (autolock ? "true" : "false") + "},"
                     : QByteArray();
    return info(R"({"NodeID":"m1","NodeAddr":"10.0.0.5","LocalNodeState":"active","ControlAvailable":true,)"
                R"("Error":"","RemoteManagers":[{"NodeID":"m1","Addr":"10.0.0.5:2377"}],"Nodes":1,"Managers":1,)"
                R"("Cluster":{"ID":"c1","Spec":{"Name":"default",)" +
                encryption + R"("CAConfig":{"NodeCertExpiry":)" + QByteArray::number(expiry) + "}}}}");
}

// docker node ls: `managers` managers (the first the leader), then `workers` workers.
QByteArray nodes(int managers, int workers)
{
    QByteArray out;
    for (int i = 0; i < managers + workers; ++i) {
        const QByteArray status = i == 0 ? "Leader" : (i < managers ? "Reachable" : "");
        out += R"({"Availability":"Active","EngineVersion":"24.0.7","Hostname":"n)" + QByteArray::number(i) +
               R"(","ID":"id)" + QByteArray::number(i) + R"(","ManagerStatus":")" + status + R"(","Self":)" +
               (i == 0 ? "true" : "false") + R"(,"Status":"Ready","TLSStatus":"Ready"})" + "\n";
    }
    return out;
}

QByteArray services(int withSecret, int without)
{
    QByteArrayList list;
    for (int i = 0; i < withSecret + without; ++i) {
        const QByteArray secrets = i < withSecret ? R"(,"Secrets":[{"SecretName":"db"}])" : "";
        list << R"({"ID":"s)" + QByteArray::number(i) + R"(","Spec":{"Name":"svc)" + QByteArray::number(i) +
                    R"(","Mode":{"Replicated":{"Replicas":1}},"TaskTemplate":{"ContainerSpec":{"Image":"app:1")" +
                    secrets + "}}}}";
    }
    return "[" + list.join(',') + "]";
}

const QByteArray Networks =
    R"([{"Name":"bridge","Id":"n0","Scope":"local","Driver":"bridge","Options":{"com.docker.network.bridge.name":"docker0"}},)"
    R"({"Name":"ingress","Id":"n1","Scope":"swarm","Driver":"overlay","Ingress":true,"Options":{"com.docker.network.driver.overlay.vxlanid_list":"4096"}},)"
    R"({"Name":"plain","Id":"n2","Scope":"swarm","Driver":"overlay","Options":null},)"
    R"({"Name":"secure","Id":"n3","Scope":"swarm","Driver":"overlay","Options":{"encrypted":""}}])";

QByteArray sockets(const QByteArray& address)
{
    return "==> ss <==\n|Netid State  Recv-Q Send-Q Local Address:Port Peer Address:PortProcess\n"
           "|tcp   LISTEN 0      4096   " +
           address + ":2377    0.0.0.0:*    users:((\"dockerd\",pid=9,fd=20))\n|tcp   LISTEN 0      4096   " + address +
           ":7946    0.0.0.0:*    users:((\"dockerd\",pid=9,fd=21))\n" +
           "|tcp   LISTEN 0      128    0.0.0.0:22    0.0.0.0:*\n!exit 0\n";
}

const QByteArray NoSwarmSockets =
    "==> ss <==\n|Netid State  Recv-Q Send-Q Local Address:Port Peer Address:PortProcess\n"
    "|tcp   LISTEN 0      128    0.0.0.0:22    0.0.0.0:*\n!exit 0\n";

// A manager's artifacts, each replaceable.
struct Host
{
    QByteArray info = manager();
    QByteArray nodes = ::nodes(1, 0);
    QByteArray services = ::services(1, 1);
    QByteArray networks = Networks;
    QByteArray sockets = ::sockets("10.0.0.5");

    QVector<Artifact> artifacts() const
    {
        return {artifact(1, "docker.info", info), artifact(2, "swarm.nodes", nodes),
                artifact(3, "swarm.services", services), artifact(4, "docker.networks.inspect", networks),
                artifact(5, "host.sockets", sockets)};
    }
};

// A non-manager's artifacts: the swarm probes say why they did not run, as bh_manager does.
QVector<Artifact> notManager(const QByteArray& dockerInfo, const QByteArray& why)
{
    return {artifact(1, "docker.info", dockerInfo), absent(2, "swarm.nodes", why), absent(3, "swarm.services", why),
            artifact(4, "docker.networks.inspect", Networks), artifact(5, "host.sockets", sockets("10.0.0.9"))};
}

} // namespace

Q_DECLARE_METATYPE(QVector<Artifact>)

class TestSwarmRules : public QObject
{
    Q_OBJECT

private slots:
    void catalog()
    {
        QCOMPARE(SwarmRules::ids().size(), 10);
        QStringList cis;
        for (const QString& id : SwarmRules::ids()) {
            const CheckDefinition* check = CheckCatalog::instance().find(id);
            QVERIFY2(check, qPrintable(id));
            QCOMPARE(check->tip, 3);
            QCOMPARE(check->level, SubjectKind::Daemon);
            cis += check->cis;
        }
        QCOMPARE(cis, (QStringList{QStringLiteral("5.1"), QStringLiteral("7.1"), QStringLiteral("7.2"),
                                   QStringLiteral("7.3"), QStringLiteral("7.4"), QStringLiteral("7.5"),
                                   QStringLiteral("7.6"), QStringLiteral("7.7"), QStringLiteral("7.8"),
                                   QStringLiteral("7.9")}));
    }

    void verdicts_data()
    {
        QTest::addColumn<QVector<Artifact>>("artifacts");
        QTest::addColumn<QString>("check");
        QTest::addColumn<QString>("subject"); // empty: the swarm
        QTest::addColumn<Status>("status");
        QTest::addColumn<QString>("says"); // in the message

        const Host good;
        const QVector<Artifact> off{artifact(1, "docker.info", inactive()), absent(2, "swarm.nodes", "swarm"),
                                    absent(3, "swarm.services", "swarm"),
                                    artifact(4, "docker.networks.inspect", Networks),
                                    artifact(5, "host.sockets", NoSwarmSockets)};
        const QVector<Artifact> noDocker{absent(1, "docker.info", "docker"), absent(2, "swarm.nodes", "docker"),
                                         absent(3, "swarm.services", "docker")};
        const QVector<Artifact> infoFailed{
            artifact(1, "docker.info", {}, 1, "Cannot connect to the Docker daemon at unix:///var/run/docker.sock\n")};
        const QVector<Artifact> infoGarbage{artifact(1, "docker.info", "{\"Swarm\":")};
        const QVector<Artifact> onWorker = notManager(worker(), "swarm manager (this node is a worker)");
        const QVector<Artifact> whileLocked = notManager(locked(), "swarm");

        // 5.1
        const QString mode = QStringLiteral("swarm.mode-needed");
        QTest::newRow("5.1 off") << off << mode << QString() << Status::Pass << "off";
        QTest::newRow("5.1 services") << good.artifacts() << mode << QString() << Status::Pass << "svc0, svc1";
        Host idle;
        idle.services = "[]";
        QTest::newRow("5.1 no service") << idle.artifacts() << mode << QString() << Status::Warn << "no service";
        QTest::newRow("5.1 worker") << onWorker << mode << QString() << Status::Manual << "confirm";
        QTest::newRow("5.1 no docker") << noDocker << mode << QString() << Status::NotApplicable << "not installed";
        QTest::newRow("5.1 info failed") << infoFailed << mode << QString() << Status::Error << "Cannot connect";
        QTest::newRow("5.1 info garbage") << infoGarbage << mode << QString() << Status::Error << "not valid JSON";
        Host servicesFailed;
        QVector<Artifact> failedServices = servicesFailed.artifacts();
        failedServices[2] = artifact(3, "swarm.services", {}, 1, "Error response from daemon: rpc error\n");
        QTest::newRow("5.1 services failed") << failedServices << mode << QString() << Status::Error << "rpc error";

        const QVector<Artifact> pending = notManager(
            info(R"({"NodeID":"m1","NodeAddr":"10.0.0.5","LocalNodeState":"pending","ControlAvailable":false})"),
            "swarm");
        QTest::newRow("5.1 locked") << whileLocked << mode << QString() << Status::Manual << "locked";
        QTest::newRow("7.3 pending") << pending << QStringLiteral("swarm.overlay-encrypted") << QString()
                                     << Status::Error << "pending";

        // 7.1
        const QString managers = QStringLiteral("swarm.manager-count");
        QTest::newRow("7.1 single node") << good.artifacts() << managers << QString() << Status::Pass << "single-node";
        Host three;
        three.nodes = nodes(3, 4);
        QTest::newRow("7.1 three") << three.artifacts() << managers << QString() << Status::Pass << "loss of 1";
        Host lonely;
        lonely.nodes = nodes(1, 3);
        QTest::newRow("7.1 one for four")
            << lonely.artifacts() << managers << QString() << Status::Fail << "One manager for 4 nodes";
        Host even;
        even.nodes = nodes(2, 3); // docker-bench counts the leader alone and would pass this
        QTest::newRow("7.1 two") << even.artifacts() << managers << QString() << Status::Fail << "even number";
        Host four;
        four.nodes = nodes(4, 0);
        QTest::newRow("7.1 four") << four.artifacts() << managers << QString() << Status::Fail << "even number";
        Host nine;
        nine.nodes = nodes(9, 0);
        QTest::newRow("7.1 nine") << nine.artifacts() << managers << QString() << Status::Warn << "more than 7";
        QTest::newRow("7.1 off") << off << managers << QString() << Status::NotApplicable << "not part of a swarm";
        QTest::newRow("7.1 worker") << onWorker << managers << QString() << Status::NotApplicable << "worker";
        QTest::newRow("7.1 locked") << whileLocked << managers << QString() << Status::Error << "locked";
        Host badNodes;
        badNodes.nodes = "{\"ID\":";
        QTest::newRow("7.1 unreadable") << badNodes.artifacts() << managers << QString() << Status::Error
                                        << "docker node ls";

        // 7.2
        const QString bound = QStringLiteral("swarm.bound-interface");
        QTest::newRow("7.2 one address") << good.artifacts() << bound << QString() << Status::Pass << "one address";
        Host wide;
        wide.sockets = sockets("*");
        QTest::newRow("7.2 every interface")
            << wide.artifacts() << bound << QString() << Status::Fail << "every interface";
        Host wide6;
        wide6.sockets = sockets("[::]");
        QTest::newRow("7.2 every interface v6")
            << wide6.artifacts() << bound << QString() << Status::Fail << "every interface";
        Host hidden;
        hidden.sockets = NoSwarmSockets;
        QTest::newRow("7.2 other namespace")
            << hidden.artifacts() << bound << QString() << Status::Manual << "10.0.0.5";
        QTest::newRow("7.2 worker") << onWorker << bound << QString() << Status::Pass << "one address";
        QTest::newRow("7.2 off") << off << bound << QString() << Status::NotApplicable << "not part of a swarm";
        QVector<Artifact> deniedSockets = good.artifacts();
        deniedSockets[4] = artifact(5, "host.sockets", {}, 1, "bulkhead: permission denied: ss\n");
        QTest::newRow("7.2 sockets denied")
            << deniedSockets << bound << QString() << Status::Error << "permission denied";

        // 7.3: one finding per overlay network, the ingress network included; bridges are not judged.
        const QString overlay = QStringLiteral("swarm.overlay-encrypted");
        QTest::newRow("7.3 encrypted") << good.artifacts() << overlay << "secure" << Status::Pass << "encrypted";
        QTest::newRow("7.3 plain") << good.artifacts() << overlay << "plain" << Status::Fail << "in clear";
        QTest::newRow("7.3 ingress") << good.artifacts() << overlay << "ingress" << Status::Fail << "ingress network";
        QTest::newRow("7.3 on a worker") << onWorker << overlay << "plain" << Status::Fail << "in clear";
        Host noOverlay;
        noOverlay.networks = R"([{"Name":"bridge","Id":"n0","Scope":"local","Driver":"bridge","Options":{}}])";
        QTest::newRow("7.3 none") << noOverlay.artifacts() << overlay << QString() << Status::NotApplicable
                                  << "no overlay";
        QTest::newRow("7.3 off") << off << overlay << QString() << Status::NotApplicable << "not part of a swarm";
        Host badNetworks;
        badNetworks.networks = "[{]";
        QTest::newRow("7.3 unreadable") << badNetworks.artifacts() << overlay << QString() << Status::Error
                                        << "not valid JSON";

        // 7.4
        const QString secrets = QStringLiteral("swarm.secrets-managed");
        QTest::newRow("7.4 manual") << good.artifacts() << secrets << QString() << Status::Manual << "1 of 2";
        QTest::newRow("7.4 no service") << idle.artifacts() << secrets << QString() << Status::NotApplicable
                                        << "no service";
        QTest::newRow("7.4 worker") << onWorker << secrets << QString() << Status::NotApplicable << "worker";
        QTest::newRow("7.4 off") << off << secrets << QString() << Status::NotApplicable << "not part of a swarm";

        // 7.5
        const QString autolock = QStringLiteral("swarm.autolock");
        Host autolocked;
        autolocked.info = manager(true);
        QTest::newRow("7.5 on") << autolocked.artifacts() << autolock << QString() << Status::Pass << "unlock key";
        QTest::newRow("7.5 off") << good.artifacts() << autolock << QString() << Status::Fail << "Autolock is off";
        QTest::newRow("7.5 locked") << whileLocked << autolock << QString() << Status::Pass << "locked";
        QTest::newRow("7.5 worker") << onWorker << autolock << QString() << Status::NotApplicable << "worker";
        QTest::newRow("7.5 no swarm") << off << autolock << QString() << Status::NotApplicable << "not part of a swarm";
        Host silent;
        silent.info = manager(false, Days90, false);
        QTest::newRow("7.5 not shown") << silent.artifacts() << autolock << QString() << Status::Error
                                       << "does not show";

        // 7.6
        const QString rotation = QStringLiteral("swarm.autolock-key-rotation");
        QTest::newRow("7.6 manual") << autolocked.artifacts() << rotation << QString() << Status::Manual << "rotate";
        QTest::newRow("7.6 no key") << good.artifacts() << rotation << QString() << Status::NotApplicable
                                    << "no unlock key";
        QTest::newRow("7.6 off") << off << rotation << QString() << Status::NotApplicable << "not part of a swarm";

        // 7.7
        const QString expiry = QStringLiteral("swarm.node-cert-expiry");
        QTest::newRow("7.7 default") << good.artifacts() << expiry << QString() << Status::Pass << "90 days";
        Host shortLived;
        shortLived.info = manager(false, Days90 / 3);
        QTest::newRow("7.7 30 days") << shortLived.artifacts() << expiry << QString() << Status::Pass << "30 days";
        Host longLived;
        longLived.info = manager(false, Days90 * 4);
        QTest::newRow("7.7 360 days") << longLived.artifacts() << expiry << QString() << Status::Fail << "360 days";
        QTest::newRow("7.7 worker") << onWorker << expiry << QString() << Status::NotApplicable << "worker";
        QTest::newRow("7.7 off") << off << expiry << QString() << Status::NotApplicable << "not part of a swarm";
        Host zero;
        zero.info = manager(false, 0);
        QTest::newRow("7.7 nonsense") << zero.artifacts() << expiry << QString() << Status::Error << "not a duration";

        // 7.8, 7.9
        const QString ca = QStringLiteral("swarm.ca-rotation");
        QTest::newRow("7.8 manual") << good.artifacts() << ca << QString() << Status::Manual << "root CA";
        QTest::newRow("7.8 off") << off << ca << QString() << Status::NotApplicable << "not part of a swarm";
        const QString plane = QStringLiteral("swarm.management-plane-separated");
        QTest::newRow("7.9 manual") << good.artifacts() << plane << QString() << Status::Manual << "10.0.0.5";
        QTest::newRow("7.9 off") << off << plane << QString() << Status::NotApplicable << "not part of a swarm";
        QTest::newRow("7.9 no docker") << noDocker << plane << QString() << Status::NotApplicable << "not installed";
    }

    void verdicts()
    {
        QFETCH(QVector<Artifact>, artifacts);
        QFETCH(QString, check);
        QFETCH(QString, subject);
        QFETCH(Status, status);
        QFETCH(QString, says);
        const QVector<Finding> findings = SwarmRules::evaluate(HostEvidence(artifacts));
        // Every check answers, in catalog order, whatever the host.
        QStringList order;
        for (const Finding& finding : findings) {
            if (order.isEmpty() || order.last() != finding.checkId)
                order << finding.checkId;
        }
        QCOMPARE(order, SwarmRules::ids());
        const Finding* found = nullptr;
        for (const Finding& finding : findings) {
            if (finding.checkId == check && (subject.isEmpty() || finding.subject.name == subject)) {
                QVERIFY2(!found, "more than one finding for the subject");
                found = &finding;
            }
        }
        QVERIFY2(found, qPrintable(check + QLatin1Char(' ') + subject));
        QVERIFY2(found->status == status,
                 qPrintable(statusToString(found->status) + QStringLiteral(": ") + found->message));
        QVERIFY2(found->message.contains(says), qPrintable(found->message));
        const QString broken = test::verdictWithoutEvidence({*found}, artifacts);
        QVERIFY2(broken.isEmpty(), qPrintable(broken));
        // Cited pointers and lines resolve to the excerpt they claim.
        for (const EvidenceRef& ref : found->evidence) {
            const Artifact* cited = nullptr;
            for (const Artifact& a : artifacts)
                cited = a.id == ref.artifactId ? &a : cited;
            QVERIFY(cited);
            if (ref.locator.startsWith(QLatin1Char('/'))) {
                QVERIFY2(JsonPointer::locate(cited->output, ref.locator), qPrintable(ref.locator));
                QCOMPARE(ref.excerpt.toUtf8(), JsonPointer::excerpt(cited->output, ref.locator));
            } else if (ref.locator.startsWith(QLatin1String("lines "))) {
                const QStringList range = ref.locator.mid(6).split(QLatin1Char('-'));
                const QList<QByteArray> lines = cited->output.split('\n');
                QCOMPARE(lines.mid(range.at(0).toInt() - 1, range.at(1).toInt() - range.at(0).toInt() + 1).join('\n'),
                         ref.excerpt.toUtf8());
            }
        }
        if (status == Status::Pass || status == Status::Fail || status == Status::Warn) {
            QVERIFY(!found->expected.isEmpty());
            QVERIFY(!found->actual.isEmpty());
        }
    }

    // The Evaluator runs the group: a scan gives these findings.
    void registeredInEvaluator()
    {
        const QVector<Artifact> artifacts = Host().artifacts();
        QStringList ids;
        for (const Finding& finding : Evaluator::evaluateHost(artifacts)) {
            if (finding.checkId.startsWith(QLatin1String("swarm.")) && !ids.contains(finding.checkId))
                ids << finding.checkId;
        }
        QCOMPARE(ids, SwarmRules::ids());
    }

    // One finding per overlay network, each naming its network by id and name.
    void overlaySubjects()
    {
        const QVector<Artifact> artifacts = Host().artifacts();
        const QVector<Finding> findings = SwarmRules::evaluate(HostEvidence(artifacts));
        QStringList names;
        for (const Finding& finding : findings) {
            if (finding.checkId == QLatin1String("swarm.overlay-encrypted")) {
                names << finding.subject.name;
                QVERIFY(finding.subject.id.startsWith(QLatin1Char('n')));
            }
        }
        QCOMPARE(names, (QStringList{QStringLiteral("ingress"), QStringLiteral("plain"), QStringLiteral("secure")}));
    }
};

QTEST_GUILESS_MAIN(TestSwarmRules)
#include "tst_swarmrules.moc"
