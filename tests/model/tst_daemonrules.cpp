// SPDX-License-Identifier: GPL-3.0-or-later
// The daemon checks (CIS 2.x, issue 4): each one with a passing and a failing configuration, read the way
// a scan stores it (the running dockerd's command line, daemon.json as the probe prints it, docker info),
// the flag winning over daemon.json, and what happens when the evidence is missing or unreadable.
#include "checks/CheckCatalog.h"
#include "checks/DaemonRules.h"
#include "checks/Evaluator.h"
#include "checks/HostEvidence.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
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

// A host's daemon evidence: dockerd's arguments, daemon.json (null: none), docker info with changes.
struct Daemon
{
    QStringList flags;
    QByteArray daemonJson; // empty: the file does not exist
    QJsonObject info = QJsonDocument::fromJson(readData("docker-info-20.10.json")).object();

    QVector<Artifact> artifacts() const
    {
        QVector<Artifact> list;
        Artifact cmdline;
        cmdline.id = 1;
        cmdline.probe = QStringLiteral("docker.dockerd.cmdline");
        cmdline.exitStatus = 0;
        QByteArray args = "dockerd";
        args.append('\0');
        for (const QString& flag : flags) {
            args += flag.toUtf8();
            args.append('\0');
        }
        cmdline.output =
            "==> pid=17 uid=0 comm=dockerd bytes=" + QByteArray::number(args.size()) + " <==\n" + args + "\n";
        list << cmdline;
        Artifact file;
        file.id = 2;
        file.probe = QStringLiteral("docker.daemon.json");
        if (daemonJson.isEmpty()) {
            file.exitStatus = 3;
            file.errorOutput = "bulkhead: not present: daemon.json\n";
        } else {
            file.exitStatus = 0;
            file.output = "==> /etc/docker/daemon.json <==\n";
            for (const QByteArray& line : daemonJson.split('\n'))
                file.output += "|" + line + "\n";
        }
        list << file;
        Artifact dockerInfo;
        dockerInfo.id = 3;
        dockerInfo.probe = QStringLiteral("docker.info");
        dockerInfo.exitStatus = 0;
        dockerInfo.output = QJsonDocument(info).toJson(QJsonDocument::Compact) + "\n";
        list << dockerInfo;
        return list;
    }
};

Finding judge(const QString& checkId, const Daemon& daemon)
{
    for (const Finding& finding : Evaluator::evaluateHost(daemon.artifacts())) {
        if (finding.checkId == checkId)
            return finding;
    }
    qFatal("no finding for %s", qPrintable(checkId));
}

} // namespace

class TestDaemonRules : public QObject
{
    Q_OBJECT

private slots:
    void everyRuleIsInTheCatalog()
    {
        const CheckCatalog& catalog = CheckCatalog::instance();
        QVERIFY2(catalog.loadError().isEmpty(), qPrintable(catalog.loadError()));
        for (const DaemonRule& rule : DaemonRules::all()) {
            const CheckDefinition* check = catalog.find(QLatin1String(rule.id));
            QVERIFY2(check, rule.id);
            QCOMPARE(check->level, SubjectKind::Daemon);
            QVERIFY2(!check->cis.isEmpty() && check->cis.front().startsWith(QLatin1String("2.")), rule.id);
        }
    }

    void rules_data()
    {
        QTest::addColumn<QString>("check");
        QTest::addColumn<QStringList>("flags");
        QTest::addColumn<QByteArray>("daemonJson");
        QTest::addColumn<QJsonObject>("info"); // keys replaced in the captured docker info
        QTest::addColumn<Status>("status");
        QTest::addColumn<QString>("message"); // a part of the message

        const QJsonObject none;
        QTest::newRow("icc default") << "daemon.icc-disabled" << QStringList() << QByteArray() << none << Status::Fail
                                     << "icc is on";
        QTest::newRow("icc off in file") << "daemon.icc-disabled" << QStringList() << QByteArray("{\"icc\": false}")
                                         << none << Status::Pass << "cannot talk";
        QTest::newRow("icc flag wins over file")
            << "daemon.icc-disabled" << QStringList{QStringLiteral("--icc=true")} << QByteArray("{\"icc\": false}")
            << none << Status::Fail << "icc is on";
        QTest::newRow("log level default")
            << "daemon.log-level-info" << QStringList() << QByteArray() << none << Status::Pass << "level info";
        QTest::newRow("log level debug") << "daemon.log-level-info"
                                         << QStringList{QStringLiteral("--log-level"), QStringLiteral("debug")}
                                         << QByteArray() << none << Status::Fail << "\"debug\"";
        QTest::newRow("log level -l warn")
            << "daemon.log-level-info" << QStringList{QStringLiteral("-l"), QStringLiteral("warn")} << QByteArray()
            << none << Status::Fail << "\"warn\"";
        QTest::newRow("iptables default")
            << "daemon.iptables-enabled" << QStringList() << QByteArray() << none << Status::Pass << "manages";
        QTest::newRow("iptables off") << "daemon.iptables-enabled" << QStringList{QStringLiteral("--iptables=false")}
                                      << QByteArray() << none << Status::Fail << "iptables=false";
        QTest::newRow("registries none") << "daemon.no-insecure-registries" << QStringList() << QByteArray() << none
                                         << Status::Pass << "verified TLS";
        QTest::newRow("registry in file") << "daemon.no-insecure-registries" << QStringList()
                                          << QByteArray("{\"insecure-registries\": [\"registry.lan:5000\"]}") << none
                                          << Status::Fail << "registry.lan:5000";
        QTest::newRow("registry in info")
            << "daemon.no-insecure-registries" << QStringList() << QByteArray()
            << QJsonObject{{QStringLiteral("RegistryConfig"),
                            QJsonObject{{QStringLiteral("InsecureRegistryCIDRs"),
                                         QJsonArray{QStringLiteral("127.0.0.0/8"), QStringLiteral("10.0.0.0/8")}}}}}
            << Status::Fail << "10.0.0.0/8";
        QTest::newRow("vfs") << "daemon.no-aufs" << QStringList() << QByteArray() << none << Status::Pass << "\"vfs\"";
        QTest::newRow("aufs") << "daemon.no-aufs" << QStringList() << QByteArray()
                              << QJsonObject{{QStringLiteral("Driver"), QStringLiteral("aufs")}} << Status::Fail
                              << "aufs";
        QTest::newRow("unix socket only")
            << "daemon.tls-for-tcp"
            << QStringList{QStringLiteral("--host"), QStringLiteral("unix:///var/run/docker.sock")} << QByteArray()
            << none << Status::Pass << "not listen on TCP";
        QTest::newRow("tcp without tls") << "daemon.tls-for-tcp"
                                         << QStringList{QStringLiteral("-H"), QStringLiteral("tcp://0.0.0.0:2375")}
                                         << QByteArray() << none << Status::Fail << "without tlsverify, tlscacert";
        QTest::newRow("bare tcp in file")
            << "daemon.tls-for-tcp" << QStringList() << QByteArray("{\"hosts\": [\":2375\"]}") << none << Status::Fail
            << "listens on :2375";
        QTest::newRow("tcp with tls") << "daemon.tls-for-tcp"
                                      << QStringList{QStringLiteral("-H"),
                                                     QStringLiteral("tcp://0.0.0.0:2376"),
                                                     QStringLiteral("--tlsverify"),
                                                     QStringLiteral("--tlscacert=/etc/docker/ca.pem"),
                                                     QStringLiteral("--tlscert=/etc/docker/cert.pem"),
                                                     QStringLiteral("--tlskey=/etc/docker/key.pem")}
                                      << QByteArray() << none << Status::Pass << "client certificates";
        QTest::newRow("userns off") << "daemon.userns-remap" << QStringList() << QByteArray() << none << Status::Fail
                                    << "root on the host";
        QTest::newRow("userns default") << "daemon.userns-remap" << QStringList()
                                        << QByteArray("{\"userns-remap\": \"default\"}") << none << Status::Pass
                                        << "userns-remap=default";
        QTest::newRow("cgroup default") << "daemon.default-cgroup" << QStringList() << QByteArray() << none
                                        << Status::Pass << "default";
        QTest::newRow("cgroup custom") << "daemon.default-cgroup"
                                       << QStringList{QStringLiteral("--cgroup-parent"), QStringLiteral("/batch")}
                                       << QByteArray() << none << Status::Warn << "\"/batch\"";
        QTest::newRow("basesize default")
            << "daemon.base-device-size" << QStringList() << QByteArray() << none << Status::Pass << "default";
        QTest::newRow("basesize changed")
            << "daemon.base-device-size" << QStringList() << QByteArray("{\"storage-opts\": [\"dm.basesize=50G\"]}")
            << none << Status::Warn << "dm.basesize";
        QTest::newRow("authz none") << "daemon.authorization-plugin" << QStringList() << QByteArray() << none
                                    << Status::Fail << "No authorization";
        QTest::newRow("authz opa") << "daemon.authorization-plugin"
                                   << QStringList{QStringLiteral("--authorization-plugin=opa-docker-authz")}
                                   << QByteArray() << none << Status::Pass << "opa-docker-authz";
        QTest::newRow("logging json-file")
            << "daemon.remote-logging" << QStringList() << QByteArray() << none << Status::Fail << "\"json-file\"";
        QTest::newRow("logging syslog") << "daemon.remote-logging" << QStringList()
                                        << QByteArray("{\"log-driver\": \"syslog\"}") << none << Status::Pass
                                        << "\"syslog\"";
        QTest::newRow("nnp default") << "daemon.no-new-privileges" << QStringList() << QByteArray() << none
                                     << Status::Fail << "setuid";
        QTest::newRow("nnp bare flag") << "daemon.no-new-privileges"
                                       << QStringList{QStringLiteral("--no-new-privileges")} << QByteArray() << none
                                       << Status::Pass << "cannot gain";
        QTest::newRow("live restore off")
            << "daemon.live-restore" << QStringList() << QByteArray() << none << Status::Fail << "stops";
        QTest::newRow("live restore on") << "daemon.live-restore" << QStringList()
                                         << QByteArray("{\"live-restore\": true}")
                                         << QJsonObject{{QStringLiteral("LiveRestoreEnabled"), true}} << Status::Pass
                                         << "keep running";
        QTest::newRow("live restore in swarm")
            << "daemon.live-restore" << QStringList() << QByteArray()
            << QJsonObject{{QStringLiteral("Swarm"),
                            QJsonObject{{QStringLiteral("LocalNodeState"), QStringLiteral("active")}}}}
            << Status::NotApplicable << "Swarm";
        QTest::newRow("proxy default") << "daemon.userland-proxy-disabled" << QStringList() << QByteArray() << none
                                       << Status::Fail << "docker-proxy runs";
        QTest::newRow("proxy off") << "daemon.userland-proxy-disabled"
                                   << QStringList{QStringLiteral("--userland-proxy=false")} << QByteArray() << none
                                   << Status::Pass << "kernel";
        QTest::newRow("seccomp default") << "daemon.seccomp-profile" << QStringList() << QByteArray() << none
                                         << Status::Warn << "default seccomp";
        QTest::newRow("seccomp custom") << "daemon.seccomp-profile" << QStringList()
                                        << QByteArray("{\"seccomp-profile\": \"/etc/docker/strict.json\"}") << none
                                        << Status::Pass << "custom";
        QTest::newRow("seccomp unconfined")
            << "daemon.seccomp-profile" << QStringList{QStringLiteral("--seccomp-profile=unconfined")} << QByteArray()
            << none << Status::Fail << "switched off";
        QTest::newRow("experimental off")
            << "daemon.no-experimental" << QStringList() << QByteArray() << none << Status::Pass << "off";
        QTest::newRow("experimental on") << "daemon.no-experimental" << QStringList() << QByteArray()
                                         << QJsonObject{{QStringLiteral("ExperimentalBuild"), true}} << Status::Fail
                                         << "enabled";
        QTest::newRow("root daemon") << "daemon.rootless" << QStringList() << QByteArray() << none << Status::Warn
                                     << "runs as root";
        QTest::newRow("rootless") << "daemon.rootless" << QStringList() << QByteArray()
                                  << QJsonObject{{QStringLiteral("SecurityOptions"),
                                                  QJsonArray{QStringLiteral("name=seccomp,profile=default"),
                                                             QStringLiteral("name=rootless")}}}
                                  << Status::Pass << "rootless mode";
    }

    void rules()
    {
        QFETCH(QString, check);
        QFETCH(QStringList, flags);
        QFETCH(QByteArray, daemonJson);
        QFETCH(QJsonObject, info);
        QFETCH(Status, status);
        QFETCH(QString, message);
        Daemon daemon;
        daemon.flags = flags;
        daemon.daemonJson = daemonJson;
        for (auto it = info.begin(); it != info.end(); ++it)
            daemon.info.insert(it.key(), it.value());
        const Finding finding = judge(check, daemon);
        QCOMPARE(finding.subject.kind, SubjectKind::Daemon);
        QVERIFY2(finding.status == status,
                 qPrintable(statusToString(finding.status) + QStringLiteral(": ") + finding.message));
        QVERIFY2(finding.message.contains(message), qPrintable(finding.message));
        QVERIFY(!finding.expected.isEmpty());
        QVERIFY(!finding.actual.isEmpty());
        QVERIFY2(!finding.evidence.isEmpty(), qPrintable(check)); // every verdict cites what it rests on
        for (const EvidenceRef& ref : finding.evidence)
            QVERIFY(ref.artifactId >= 1 && ref.artifactId <= 3);
    }

    // The setting's own line is the evidence: the flag on the command line, the key in daemon.json.
    void evidenceIsTheSettingsLine()
    {
        Daemon daemon;
        daemon.daemonJson = "{\n  \"log-driver\": \"json-file\",\n  \"icc\": false\n}";
        const Finding icc = judge(QStringLiteral("daemon.icc-disabled"), daemon);
        QCOMPARE(icc.evidence.size(), 1);
        QCOMPARE(icc.evidence.at(0).artifactId, qint64(2));
        QCOMPARE(icc.evidence.at(0).locator, QStringLiteral("lines 4-4"));
        QCOMPARE(icc.evidence.at(0).excerpt, QStringLiteral("|  \"icc\": false"));
        daemon.flags = {QStringLiteral("--iptables=false")};
        const Finding iptables = judge(QStringLiteral("daemon.iptables-enabled"), daemon);
        QCOMPARE(iptables.evidence.at(0).artifactId, qint64(1));
        QVERIFY(iptables.evidence.at(0).excerpt.contains(QLatin1String("--iptables=false")));
        // The flag as written, not daemon.json's spelling of the key.
        daemon.flags = {QStringLiteral("--host"), QStringLiteral("unix:///var/run/docker.sock")};
        QVERIFY2(judge(QStringLiteral("daemon.tls-for-tcp"), daemon).actual.startsWith(QLatin1String("--host=unix://")),
                 qPrintable(judge(QStringLiteral("daemon.tls-for-tcp"), daemon).actual));
        daemon.flags = {QStringLiteral("-H"), QStringLiteral("unix:///var/run/docker.sock")};
        QVERIFY(judge(QStringLiteral("daemon.tls-for-tcp"), daemon).actual.startsWith(QLatin1String("-H=unix://")));
        const Finding driver = judge(QStringLiteral("daemon.no-aufs"), daemon);
        QCOMPARE(driver.evidence.at(0).locator, QStringLiteral("/Driver"));
        QCOMPARE(driver.evidence.at(0).excerpt, QStringLiteral("\"vfs\""));
    }

    // Without the evidence there is no verdict: docker absent is not_applicable, the rest error.
    void missingEvidence()
    {
        const auto statuses = [](const QVector<Artifact>& artifacts) {
            QSet<Status> seen;
            for (const Finding& finding : Evaluator::evaluateHost(artifacts)) {
                if (finding.checkId.startsWith(QLatin1String("daemon.")))
                    seen.insert(finding.status);
            }
            return seen;
        };
        QCOMPARE(statuses({}), QSet<Status>{Status::Error});
        Artifact absent;
        absent.probe = QStringLiteral("docker.dockerd.cmdline");
        absent.exitStatus = 3;
        absent.errorOutput = "bulkhead: not present: dockerd\n";
        QCOMPARE(statuses({absent}), QSet<Status>{Status::NotApplicable});
        QVector<Artifact> denied = Daemon().artifacts();
        denied[1].exitStatus = 1;
        denied[1].output = "==> /etc/docker/daemon.json <==\n!denied\n";
        denied[1].errorOutput = "bulkhead: permission denied: /etc/docker/daemon.json\n";
        QCOMPARE(statuses(denied), QSet<Status>{Status::Error}); // its settings are unknown: no verdict
        QVector<Artifact> badJson = Daemon().artifacts();
        badJson[1].exitStatus = 0;
        badJson[1].output = "==> /etc/docker/daemon.json <==\n|{\"icc\": fal\n";
        QCOMPARE(statuses(badJson), QSet<Status>{Status::Error});
        // docker info unreadable: the checks on it are errors, the others still judged from the configuration.
        QVector<Artifact> noInfo = Daemon().artifacts();
        noInfo[2].exitStatus = 1;
        noInfo[2].output.clear();
        noInfo[2].errorOutput = "Cannot connect to the Docker daemon\n";
        const Finding aufs = [&] {
            for (const Finding& f : Evaluator::evaluateHost(noInfo)) {
                if (f.checkId == QLatin1String("daemon.no-aufs"))
                    return f;
            }
            return Finding{};
        }();
        QCOMPARE(aufs.status, Status::Error);
        QVERIFY(aufs.message.contains(QLatin1String("Cannot connect")));
        QCOMPARE(aufs.subject.kind, SubjectKind::Daemon);
        QVERIFY(statuses(noInfo).contains(Status::Fail)); // icc default, judged without docker info
    }

    // Host data in a setting reaches messages only as printable text.
    void hostileValues()
    {
        Daemon daemon;
        daemon.daemonJson = "{\"log-level\": \"\\u001b[2J<b>debug\", \"cgroup-parent\": \"/a\\nb\"}";
        const Finding level = judge(QStringLiteral("daemon.log-level-info"), daemon);
        QCOMPARE(level.status, Status::Fail);
        QVERIFY(!level.message.contains(QChar(0x1b)) && !level.actual.contains(QChar(0x1b)));
        const Finding cgroup = judge(QStringLiteral("daemon.default-cgroup"), daemon);
        QVERIFY(!cgroup.message.contains(QLatin1Char('\n')));
    }
};

QTEST_GUILESS_MAIN(TestDaemonRules)
#include "tst_daemonrules.moc"
