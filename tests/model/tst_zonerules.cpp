// SPDX-License-Identifier: GPL-3.0-or-later
// The checks judged against a zone's policy (issue 4, item 5): approved registries (tip 4), approved
// accounts and the docker group (tip 1), the process and socket baseline (tip 1), required log targets
// (tip 6) and workloads labelled for another zone (tip 10). Each with a host that passes, one that
// fails, and the same host without a zone (never a pass).
#include "StoredArtifact.h"
#include "checks/BaselineRules.h"
#include "checks/CheckCatalog.h"
#include "checks/Evaluator.h"
#include "checks/HostEvidence.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace bulkhead;
using bulkhead::test::artifact;

namespace {

QByteArray fleet(const char* probe)
{
    QFile file(QStringLiteral(BULKHEAD_TEST_DATA "/fleet/") + QLatin1String(probe) + QStringLiteral(".out"));
    if (!file.open(QIODevice::ReadOnly))
        qFatal("missing fleet capture %s", probe);
    return file.readAll();
}

Zone zone(const QString& name, ZoneScope scope = ZoneScope::In)
{
    Zone z;
    z.name = name;
    z.scope = scope;
    z.rationale = QStringLiteral("test");
    return z;
}

ZonePolicy policyOf(const Zone& home, const QVector<Zone>& others = {})
{
    ZonePolicy policy;
    policy.zone = home;
    policy.zones = QVector<Zone>{home} + others;
    return policy;
}

Finding find(const QVector<Finding>& findings, const QString& checkId, const QString& subjectName = QString())
{
    for (const Finding& finding : findings) {
        if (finding.checkId == checkId && (subjectName.isEmpty() || finding.subject.name == subjectName))
            return finding;
    }
    qFatal("no finding %s %s", qPrintable(checkId), qPrintable(subjectName));
}

QJsonObject image(const QString& tag, const QStringList& digests)
{
    static int n = 0;
    const QString id = QStringLiteral("sha256:%1").arg(++n, 64, 10, QLatin1Char('0'));
    return QJsonObject{{QStringLiteral("Id"), id},
                       {QStringLiteral("RepoTags"), tag.isEmpty() ? QJsonArray{} : QJsonArray{tag}},
                       {QStringLiteral("RepoDigests"), QJsonArray::fromStringList(digests)},
                       {QStringLiteral("Created"), QStringLiteral("2026-10-01T10:00:00Z")},
                       {QStringLiteral("Config"), QJsonObject{{QStringLiteral("User"), QStringLiteral("10001")}}}};
}

Finding registryVerdict(const QJsonObject& inspect, const ZonePolicy& policy)
{
    const QVector<Artifact> artifacts{
        artifact(1, "docker.images.inspect", QJsonDocument(QJsonArray{inspect}).toJson(QJsonDocument::Compact))};
    return find(Evaluator::evaluateHost(artifacts, policy), QStringLiteral("image.registry-approved"));
}

const QByteArray Passwd = "root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n"
                          "alice:x:1000:1000:Alice:/home/alice:/bin/bash\nci:x:1001:994::/home/ci:/usr/sbin/nologin\n";
const QByteArray Groups = "root:x:0:\ndocker:x:994:alice\nalice:x:1000:\nsudo:x:27:alice\n";
const QByteArray Sudoers = "==> /etc/sudoers <==\n|root\tALL=(ALL:ALL) ALL\n|%sudo\tALL=(ALL:ALL) ALL\n"
                           "|deploy ALL=(root) NOPASSWD: /usr/bin/systemctl\n";

QVector<Finding> accounts(const ZonePolicy& policy, bool withSudoers = true)
{
    QVector<Artifact> artifacts{artifact(1, "host.passwd", Passwd), artifact(2, "host.group", Groups)};
    if (withSudoers)
        artifacts << artifact(3, "host.sudoers", Sudoers);
    else
        artifacts << artifact(3, "host.sudoers", "==> /etc/sudoers <==\n!denied\n", 1,
                              "bulkhead: permission denied: /etc/sudoers\n");
    return Evaluator::evaluateHost(artifacts, policy);
}

QJsonObject labelledContainer(const QString& zoneLabel)
{
    QFile file(QStringLiteral(BULKHEAD_TEST_DATA "/container-app-20.10.json"));
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot read container-app-20.10.json");
    QJsonObject container = QJsonDocument::fromJson(file.readAll()).array().at(0).toObject();
    QJsonObject config = container.value(QStringLiteral("Config")).toObject();
    QJsonObject labels = config.value(QStringLiteral("Labels")).toObject();
    if (!zoneLabel.isNull())
        labels.insert(QLatin1String(ZoneLabel), zoneLabel);
    config.insert(QStringLiteral("Labels"), labels);
    container.insert(QStringLiteral("Config"), config);
    return container;
}

Finding workloadVerdict(const QString& zoneLabel, const ZonePolicy& policy)
{
    const QVector<Artifact> artifacts{
        artifact(1, "docker.containers.inspect", QJsonDocument(QJsonArray{labelledContainer(zoneLabel)}).toJson())};
    return find(Evaluator::evaluateHost(artifacts, policy), QStringLiteral("zone.workload-in-host-zone"));
}

} // namespace

class TestZoneRules : public QObject
{
    Q_OBJECT

private slots:
    void catalog()
    {
        for (const char* id : {"image.registry-approved", "host.accounts-approved", "host.process-baseline",
                               "host.socket-baseline", "logging.zone-required-targets", "zone.workload-in-host-zone"}) {
            QVERIFY2(CheckCatalog::instance().find(QLatin1String(id)), id);
            QVERIFY2(Evaluator::implementedChecks().contains(QLatin1String(id)), id);
        }
    }

    void registry_data()
    {
        QTest::addColumn<QString>("tag");
        QTest::addColumn<QStringList>("digests");
        QTest::addColumn<QStringList>("approved");
        QTest::addColumn<int>("status");
        const QString digest = QStringLiteral("@sha256:") + QString(64, QLatin1Char('b'));
        QTest::newRow("approved registry") << "registry.example.com/shop/web:1.4"
                                           << QStringList{QStringLiteral("registry.example.com/shop/web") + digest}
                                           << QStringList{QStringLiteral("registry.example.com")} << int(Status::Pass);
        QTest::newRow("approved path prefix")
            << "ghcr.io/acme/app:2" << QStringList{QStringLiteral("ghcr.io/acme/app") + digest}
            << QStringList{QStringLiteral("ghcr.io/acme")} << int(Status::Pass);
        QTest::newRow("prefix is not a string prefix")
            << "ghcr.io/acmeevil/app:2" << QStringList{QStringLiteral("ghcr.io/acmeevil/app") + digest}
            << QStringList{QStringLiteral("ghcr.io/acme")} << int(Status::Fail);
        QTest::newRow("bare name is Docker Hub") << "nginx:1.25" << QStringList{QStringLiteral("nginx") + digest}
                                                 << QStringList{QStringLiteral("index.docker.io")} << int(Status::Pass);
        QTest::newRow("Docker Hub not approved")
            << "nginx:1.25" << QStringList{QStringLiteral("nginx") + digest}
            << QStringList{QStringLiteral("registry.example.com")} << int(Status::Fail);
        QTest::newRow("one of two digests unapproved")
            << "web:1"
            << QStringList{QStringLiteral("registry.example.com/web") + digest, QStringLiteral("web") + digest}
            << QStringList{QStringLiteral("registry.example.com")} << int(Status::Fail);
        QTest::newRow("no digest: built here")
            << "shop/web:1.4" << QStringList{} << QStringList{QStringLiteral("docker.io")} << int(Status::Fail);
        QTest::newRow("zone approves nothing")
            << "nginx:1.25" << QStringList{QStringLiteral("nginx") + digest} << QStringList{} << int(Status::Manual);
        QTest::newRow("untagged, unused")
            << QString() << QStringList{} << QStringList{QStringLiteral("docker.io")} << int(Status::NotApplicable);
        QTest::newRow("hostile digest") << "x:1" << QStringList{QStringLiteral("evil\x1b[31m/\n@sha256:zz")}
                                        << QStringList{QStringLiteral("docker.io")} << int(Status::Fail);
    }

    void registry()
    {
        QFETCH(QString, tag);
        QFETCH(QStringList, digests);
        QFETCH(QStringList, approved);
        QFETCH(int, status);
        Zone prod = zone(QStringLiteral("prod"));
        prod.approvedRegistries = approved;
        const Finding finding = registryVerdict(image(tag, digests), policyOf(prod));
        QVERIFY2(int(finding.status) == status, qPrintable(statusToString(finding.status) + u' ' + finding.message));
        if (finding.status == Status::Pass || finding.status == Status::Fail) {
            QVERIFY(!finding.evidence.isEmpty());
            QVERIFY2(finding.evidence.front().locator.endsWith(QLatin1String("/RepoDigests")),
                     qPrintable(finding.evidence.front().locator));
        }
        QVERIFY(!finding.message.contains(QChar(0x1b)));
        QVERIFY(!finding.actual.contains(QLatin1Char('\n')));
        // Without a zone, a digest never passes: nobody approved anything.
        if (!digests.isEmpty()) {
            const Finding noZone = registryVerdict(image(tag, digests), ZonePolicy{});
            QVERIFY(noZone.status == Status::Manual || noZone.status == Status::Fail);
        }
    }

    void dockerGroupAndAccounts()
    {
        Zone prod = zone(QStringLiteral("prod"));
        // Without a list: the auditor decides, with the accounts named.
        QVector<Finding> found = accounts(policyOf(prod));
        QCOMPARE(find(found, QStringLiteral("host.docker-group-members")).status, Status::Manual);
        Finding all = find(found, QStringLiteral("host.accounts-approved"));
        QCOMPARE(all.status, Status::Manual);
        QVERIFY2(all.actual.contains(QLatin1String("alice (login shell, docker group, sudo)")), qPrintable(all.actual));
        QVERIFY2(all.actual.contains(QLatin1String("ci (docker group)")), qPrintable(all.actual)); // by primary group
        QVERIFY2(all.actual.contains(QLatin1String("deploy (sudo)")), qPrintable(all.actual));

        prod.approvedUsers = {QStringLiteral("root"), QStringLiteral("alice"), QStringLiteral("ci"),
                              QStringLiteral("deploy")};
        found = accounts(policyOf(prod));
        QCOMPARE(find(found, QStringLiteral("host.docker-group-members")).status, Status::Pass);
        all = find(found, QStringLiteral("host.accounts-approved"));
        QVERIFY2(all.status == Status::Pass, qPrintable(all.message));
        QCOMPARE(all.evidence.size(), 3); // passwd, group, sudoers

        // Sudoers unreadable: approved so far is not clean.
        QCOMPARE(find(accounts(policyOf(prod), false), QStringLiteral("host.accounts-approved")).status, Status::Error);

        prod.approvedUsers = {QStringLiteral("root"), QStringLiteral("alice")};
        found = accounts(policyOf(prod));
        const Finding docker = find(found, QStringLiteral("host.docker-group-members"));
        QCOMPARE(docker.status, Status::Fail);
        QVERIFY(docker.message.contains(QLatin1String("ci")));
        all = find(found, QStringLiteral("host.accounts-approved"));
        QCOMPARE(all.status, Status::Fail);
        QVERIFY(all.message.contains(QLatin1String("deploy (sudo)")));
        QVERIFY(!all.message.contains(QLatin1String("alice")));
        // Sudoers unreadable does not hide an unapproved account found elsewhere.
        QCOMPARE(find(accounts(policyOf(prod), false), QStringLiteral("host.accounts-approved")).status, Status::Fail);
    }

    void requiredTargets_data()
    {
        QTest::addColumn<QByteArray>("rsyslog");
        QTest::addColumn<QStringList>("required");
        QTest::addColumn<int>("status");
        const QByteArray siem = "==> /etc/rsyslog.d/90-remote.conf <==\n|*.* @@SIEM.example.org:6514\n";
        QTest::newRow("required and present")
            << siem << QStringList{QStringLiteral("siem.example.org:6514")} << int(Status::Pass);
        QTest::newRow("wrong port") << siem << QStringList{QStringLiteral("siem.example.org")} << int(Status::Fail);
        QTest::newRow("default port") << QByteArray("==> /etc/rsyslog.conf <==\n|*.* @logs.example.org\n")
                                      << QStringList{QStringLiteral("logs.example.org:514")} << int(Status::Pass);
        QTest::newRow("one of two missing")
            << siem << QStringList{QStringLiteral("siem.example.org:6514"), QStringLiteral("archive.example.org")}
            << int(Status::Fail);
        QTest::newRow("nothing forwarded") << QByteArray("==> /etc/rsyslog.conf <==\n|*.* /var/log/syslog\n")
                                           << QStringList{QStringLiteral("siem.example.org:6514")} << int(Status::Fail);
        QTest::newRow("zone requires none") << siem << QStringList{} << int(Status::NotApplicable);
        QTest::newRow("unreadable") << QByteArray("==> /etc/rsyslog.conf <==\n!denied\n")
                                    << QStringList{QStringLiteral("siem.example.org:6514")} << int(Status::Error);
    }

    void requiredTargets()
    {
        QFETCH(QByteArray, rsyslog);
        QFETCH(QStringList, required);
        QFETCH(int, status);
        const bool denied = rsyslog.contains("!denied");
        const QVector<Artifact> artifacts{
            artifact(1, "logging.rsyslog", rsyslog, denied ? 1 : 0,
                     denied ? QByteArray("bulkhead: permission denied: /etc/rsyslog.conf\n") : QByteArray()),
            artifact(2, "logging.syslog-ng", {}, 3, "bulkhead: not present: syslog-ng\n")};
        Zone prod = zone(QStringLiteral("prod"));
        prod.requiredLogTargets = required;
        const Finding finding =
            find(Evaluator::evaluateHost(artifacts, policyOf(prod)), QStringLiteral("logging.zone-required-targets"));
        QVERIFY2(int(finding.status) == status, qPrintable(statusToString(finding.status) + u' ' + finding.message));
        if (status == int(Status::Fail))
            QVERIFY(finding.message.contains(QLatin1String("prod")));
        // No zone: nothing is required, and that is not a pass either.
        QCOMPARE(find(Evaluator::evaluateHost(artifacts, ZonePolicy{}), QStringLiteral("logging.zone-required-targets"))
                     .status,
                 Status::NotApplicable);
    }

    void baseline()
    {
        // Real outputs captured on a fleet host.
        const QVector<Artifact> artifacts{artifact(1, "host.processes", fleet("host.processes")),
                                          artifact(2, "host.sockets", fleet("host.sockets"))};
        const HostEvidence evidence(artifacts);
        auto observed = BaselineRules::observed(evidence);
        QVERIFY2(observed, qPrintable(observed.errorMessage()));
        QVERIFY(observed->processes.contains(QStringLiteral("dockerd")));
        QVERIFY(observed->processes.contains(QStringLiteral("containerd")));
        QVERIFY(observed->sockets.contains(QStringLiteral("tcp 0.0.0.0:2024")));
        QVERIFY(std::is_sorted(observed->sockets.cbegin(), observed->sockets.cend()));
        // The scan's own probe shell and the ps under it are not the host's processes.
        QVERIFY(!observed->processes.contains(QStringLiteral("ps")));
        QVERIFY(observed->processes.contains(QStringLiteral("sleep"))); // the containers' processes are

        Zone prod = zone(QStringLiteral("prod"));
        ZonePolicy policy = policyOf(prod);
        // No baseline yet: manual, with the list.
        QVector<Finding> found = BaselineRules::evaluate(evidence, policy);
        QCOMPARE(found.at(0).status, Status::Manual);
        QVERIFY(found.at(0).actual.contains(QLatin1String("dockerd")));

        // The scan's own baseline: everything known.
        policy.baseline = observed.value();
        policy.baseline->scanId = 4;
        found = BaselineRules::evaluate(evidence, policy);
        QVERIFY2(found.at(0).status == Status::Pass, qPrintable(found.at(0).message));
        QVERIFY2(found.at(1).status == Status::Pass, qPrintable(found.at(1).message));

        // A baseline without containerd and port 2024: both are new, cited by their lines.
        policy.baseline->processes.removeAll(QStringLiteral("containerd"));
        policy.baseline->sockets.removeAll(QStringLiteral("tcp 0.0.0.0:2024"));
        policy.baseline->sockets << QStringLiteral("tcp 0.0.0.0:8080");
        found = BaselineRules::evaluate(evidence, policy);
        QCOMPARE(found.at(0).status, Status::Fail);
        QCOMPARE(found.at(0).actual, QStringLiteral("new: containerd"));
        QCOMPARE(found.at(0).evidence.size(), 1);
        QVERIFY(found.at(0).evidence.front().excerpt.contains(QLatin1String("containerd --config")));
        QVERIFY(found.at(0).evidence.front().locator.startsWith(QLatin1String("lines ")));
        QCOMPARE(found.at(1).status, Status::Fail);
        QVERIFY(found.at(1).message.contains(QLatin1String("tcp 0.0.0.0:2024")));
        QVERIFY(found.at(1).evidence.front().excerpt.contains(QLatin1String("0.0.0.0:2024")));

        // Unreadable: error, and no baseline can be taken from it.
        const QVector<Artifact> denied{artifact(1, "host.processes", "==> procps <==\n!exit 1\n", 1, "ps: boom\n"),
                                       artifact(2, "host.sockets", fleet("host.sockets"))};
        const HostEvidence deniedEvidence(denied);
        QCOMPARE(BaselineRules::evaluate(deniedEvidence, policy).at(0).status, Status::Error);
        QVERIFY(!BaselineRules::observed(deniedEvidence));
    }

    void workloadZone_data()
    {
        QTest::addColumn<QString>("label");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("says");
        QTest::newRow("no label") << QString() << int(Status::Pass) << "claims no zone";
        QTest::newRow("own zone") << QStringLiteral("PROD") << int(Status::Pass) << "its host's zone";
        QTest::newRow("other in-scope zone") << QStringLiteral("payments") << int(Status::Fail) << "belongs to zone";
        QTest::newRow("out-of-scope workload") << QStringLiteral("lab") << int(Status::Fail) << "out of scope workload";
        QTest::newRow("unknown zone") << QStringLiteral("nowhere\x1b[2J") << int(Status::Fail) << "does not know";
    }

    void workloadZone()
    {
        QFETCH(QString, label);
        QFETCH(int, status);
        QFETCH(QString, says);
        const ZonePolicy policy = policyOf(zone(QStringLiteral("prod")), {zone(QStringLiteral("payments")),
                                                                          zone(QStringLiteral("lab"), ZoneScope::Out)});
        const Finding finding = workloadVerdict(label, policy);
        QVERIFY2(int(finding.status) == status, qPrintable(statusToString(finding.status) + u' ' + finding.message));
        QVERIFY2(finding.message.contains(says), qPrintable(finding.message));
        QVERIFY(!finding.message.contains(QChar(0x1b)));
        QVERIFY(!finding.evidence.isEmpty());
        if (!label.isEmpty())
            QVERIFY2(finding.evidence.front().locator.endsWith(QLatin1String("/Config/Labels/bulkhead.zone")),
                     qPrintable(finding.evidence.front().locator));
        // A host in no zone: nothing to compare with.
        QCOMPARE(workloadVerdict(label, ZonePolicy{}).status, Status::NotApplicable);
    }
};

QTEST_GUILESS_MAIN(TestZoneRules)
#include "tst_zonerules.moc"
