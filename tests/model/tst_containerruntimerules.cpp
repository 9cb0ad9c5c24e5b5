// SPDX-License-Identifier: GPL-3.0-or-later
// The CIS 5.x container runtime checks (issue 4): each with a container that passes and one that fails,
// made from a real `docker container inspect` (Docker 20.10) with the fields in question changed, judged
// by the evaluator as a scan would, plus an absent field (error, never a pass).
#include "checks/CheckCatalog.h"
#include "checks/ContainerRuntimeRules.h"
#include "checks/Evaluator.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace bulkhead;

namespace {

QJsonObject baseContainer()
{
    QFile file(QStringLiteral(BULKHEAD_TEST_DATA "/container-app-20.10.json"));
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot read container-app-20.10.json");
    return QJsonDocument::fromJson(file.readAll()).array().at(0).toObject();
}

constexpr const char* Absent = "<absent>"; // as a value of a change: remove the field

// Sets (or with the value Absent removes) the field at a slash path such as "HostConfig/PidMode".
void setPath(QJsonObject& object, const QStringList& path, const QJsonValue& value)
{
    if (path.size() == 1) {
        if (value == QJsonValue(QLatin1String(Absent)))
            object.remove(path.front());
        else
            object.insert(path.front(), value);
        return;
    }
    QJsonObject child = object.value(path.front()).toObject();
    setPath(child, path.mid(1), value);
    object.insert(path.front(), child);
}

Finding judge(const QString& checkId, const QJsonObject& changes)
{
    QJsonObject container = baseContainer();
    for (auto it = changes.begin(); it != changes.end(); ++it)
        setPath(container, it.key().split(QLatin1Char('/')), it.value());
    Artifact artifact;
    artifact.id = 7;
    artifact.probe = QStringLiteral("docker.containers.inspect");
    artifact.exitStatus = 0;
    artifact.output = QJsonDocument(QJsonArray{container}).toJson();
    for (const Finding& finding : Evaluator::evaluateHost({artifact})) {
        if (finding.checkId == checkId)
            return finding;
    }
    qFatal("no finding for %s", qPrintable(checkId));
}

QJsonObject ports(const QString& hostIp, const QString& hostPort)
{
    return QJsonObject{{QStringLiteral("80/tcp"), QJsonArray{QJsonObject{{QStringLiteral("HostIp"), hostIp},
                                                                         {QStringLiteral("HostPort"), hostPort}}}}};
}

QJsonObject mount(const QString& source, bool rw, const QString& propagation = QString())
{
    return QJsonObject{{QStringLiteral("Type"), QStringLiteral("bind")},
                       {QStringLiteral("Source"), source},
                       {QStringLiteral("Destination"), QStringLiteral("/mnt/host")},
                       {QStringLiteral("Mode"), QString()},
                       {QStringLiteral("RW"), rw},
                       {QStringLiteral("Propagation"), propagation}};
}

} // namespace

class TestContainerRuntimeRules : public QObject
{
    Q_OBJECT

private slots:
    void everyRuleIsInTheCatalog()
    {
        for (const ContainerRule& rule : ContainerRuntimeRules::all()) {
            const CheckDefinition* check = CheckCatalog::instance().find(QLatin1String(rule.id));
            QVERIFY2(check, rule.id);
            QCOMPARE(check->level, SubjectKind::Container);
            QVERIFY2(!check->cis.isEmpty(), rule.id);
        }
    }

    void rules_data()
    {
        QTest::addColumn<QString>("check");
        QTest::addColumn<QJsonObject>("changes");
        QTest::addColumn<Status>("status");

        const auto opts = [](std::initializer_list<const char*> list) {
            QJsonArray array;
            for (const char* item : list)
                array.append(QLatin1String(item));
            return array;
        };
        const QString hc = QStringLiteral("HostConfig/");
        QTest::newRow("apparmor profile")
            << "container.apparmor"
            << QJsonObject{{QStringLiteral("AppArmorProfile"), QStringLiteral("docker-default")}} << Status::Pass;
        QTest::newRow("apparmor unconfined")
            << "container.apparmor"
            << QJsonObject{{hc + QStringLiteral("SecurityOpt"), opts({"apparmor=unconfined"})},
                           {QStringLiteral("AppArmorProfile"), QStringLiteral("unconfined")}}
            << Status::Fail;
        QTest::newRow("apparmor none") << "container.apparmor" << QJsonObject{} << Status::Warn;
        QTest::newRow("selinux label") << "container.selinux"
                                       << QJsonObject{{QStringLiteral("ProcessLabel"),
                                                       QStringLiteral("system_u:system_r:container_t:s0:c1,c2")}}
                                       << Status::Pass;
        QTest::newRow("selinux disabled")
            << "container.selinux" << QJsonObject{{hc + QStringLiteral("SecurityOpt"), opts({"label=disable"})}}
            << Status::Fail;
        QTest::newRow("caps default") << "container.no-added-capabilities" << QJsonObject{} << Status::Pass;
        QTest::newRow("caps added") << "container.no-added-capabilities"
                                    << QJsonObject{{hc + QStringLiteral("CapAdd"), opts({"net_admin"})}}
                                    << Status::Fail;
        QTest::newRow("caps all") << "container.no-added-capabilities"
                                  << QJsonObject{{hc + QStringLiteral("CapAdd"), opts({"ALL"})}} << Status::Fail;
        QTest::newRow("mount etc rw") << "container.no-sensitive-mounts"
                                      << QJsonObject{{QStringLiteral("Mounts"),
                                                      QJsonArray{mount(QStringLiteral("/etc/"), true)}}}
                                      << Status::Fail;
        QTest::newRow("mount etc ro") << "container.no-sensitive-mounts"
                                      << QJsonObject{{QStringLiteral("Mounts"),
                                                      QJsonArray{mount(QStringLiteral("/etc"), false)}}}
                                      << Status::Warn;
        QTest::newRow("mount data") << "container.no-sensitive-mounts"
                                    << QJsonObject{{QStringLiteral("Mounts"),
                                                    QJsonArray{mount(QStringLiteral("/srv/data"), true)}}}
                                    << Status::Pass;
        QTest::newRow("port 80") << "container.no-privileged-ports"
                                 << QJsonObject{{hc + QStringLiteral("PortBindings"),
                                                 ports(QStringLiteral("127.0.0.1"), QStringLiteral("80"))}}
                                 << Status::Fail;
        QTest::newRow("port 8080") << "container.no-privileged-ports"
                                   << QJsonObject{{hc + QStringLiteral("PortBindings"),
                                                   ports(QStringLiteral("127.0.0.1"), QStringLiteral("8080"))}}
                                   << Status::Pass;
        QTest::newRow("host network") << "container.no-host-network"
                                      << QJsonObject{{hc + QStringLiteral("NetworkMode"), QStringLiteral("host")}}
                                      << Status::Fail;
        QTest::newRow("own network") << "container.no-host-network" << QJsonObject{} << Status::Pass;
        QTest::newRow("no memory limit") << "container.memory-limit" << QJsonObject{} << Status::Fail;
        QTest::newRow("memory limit") << "container.memory-limit"
                                      << QJsonObject{{hc + QStringLiteral("Memory"), 268435456}} << Status::Pass;
        QTest::newRow("no cpu limit") << "container.cpu-limit" << QJsonObject{} << Status::Fail;
        QTest::newRow("cpu shares 1024 is the default")
            << "container.cpu-limit" << QJsonObject{{hc + QStringLiteral("CpuShares"), 1024}} << Status::Fail;
        QTest::newRow("cpus") << "container.cpu-limit" << QJsonObject{{hc + QStringLiteral("NanoCpus"), 500000000}}
                              << Status::Pass;
        QTest::newRow("all interfaces v6")
            << "container.ports-bound-to-interface"
            << QJsonObject{{hc + QStringLiteral("PortBindings"), ports(QStringLiteral("::"), QStringLiteral("8443"))}}
            << Status::Fail;
        QTest::newRow("all interfaces empty")
            << "container.ports-bound-to-interface"
            << QJsonObject{{hc + QStringLiteral("PortBindings"), ports(QString(), QStringLiteral("8443"))}}
            << Status::Fail;
        QTest::newRow("one interface") << "container.ports-bound-to-interface"
                                       << QJsonObject{{hc + QStringLiteral("PortBindings"),
                                                       ports(QStringLiteral("10.0.0.5"), QStringLiteral("8443"))}}
                                       << Status::Pass;
        QTest::newRow("publish all") << "container.ports-bound-to-interface"
                                     << QJsonObject{{hc + QStringLiteral("PublishAllPorts"), true}} << Status::Fail;
        QTest::newRow("restart always") << "container.restart-policy"
                                        << QJsonObject{{hc + QStringLiteral("RestartPolicy"),
                                                        QJsonObject{{QStringLiteral("Name"), QStringLiteral("always")},
                                                                    {QStringLiteral("MaximumRetryCount"), 0}}}}
                                        << Status::Fail;
        QTest::newRow("restart on-failure 5")
            << "container.restart-policy"
            << QJsonObject{{hc + QStringLiteral("RestartPolicy"),
                            QJsonObject{{QStringLiteral("Name"), QStringLiteral("on-failure")},
                                        {QStringLiteral("MaximumRetryCount"), 5}}}}
            << Status::Pass;
        QTest::newRow("restart on-failure unlimited")
            << "container.restart-policy"
            << QJsonObject{{hc + QStringLiteral("RestartPolicy"),
                            QJsonObject{{QStringLiteral("Name"), QStringLiteral("on-failure")},
                                        {QStringLiteral("MaximumRetryCount"), 0}}}}
            << Status::Fail;
        QTest::newRow("restart no") << "container.restart-policy" << QJsonObject{} << Status::Pass;
        QTest::newRow("host pid") << "container.no-host-pid"
                                  << QJsonObject{{hc + QStringLiteral("PidMode"), QStringLiteral("host")}}
                                  << Status::Fail;
        QTest::newRow("own pid") << "container.no-host-pid" << QJsonObject{} << Status::Pass;
        QTest::newRow("host ipc") << "container.no-host-ipc"
                                  << QJsonObject{{hc + QStringLiteral("IpcMode"), QStringLiteral("host")}}
                                  << Status::Fail;
        QTest::newRow("device rwm") << "container.no-host-devices"
                                    << QJsonObject{{hc + QStringLiteral("Devices"),
                                                    QJsonArray{QJsonObject{
                                                        {QStringLiteral("PathOnHost"), QStringLiteral("/dev/sda")},
                                                        {QStringLiteral("PathInContainer"), QStringLiteral("/dev/sda")},
                                                        {QStringLiteral("CgroupPermissions"), QStringLiteral("rwm")}}}}}
                                    << Status::Fail;
        QTest::newRow("device r") << "container.no-host-devices"
                                  << QJsonObject{{hc + QStringLiteral("Devices"),
                                                  QJsonArray{QJsonObject{
                                                      {QStringLiteral("PathOnHost"), QStringLiteral("/dev/fuse")},
                                                      {QStringLiteral("PathInContainer"), QStringLiteral("/dev/fuse")},
                                                      {QStringLiteral("CgroupPermissions"), QStringLiteral("r")}}}}}
                                  << Status::Warn;
        QTest::newRow("no devices") << "container.no-host-devices" << QJsonObject{} << Status::Pass;
        QTest::newRow("rshared") << "container.no-shared-propagation"
                                 << QJsonObject{{QStringLiteral("Mounts"),
                                                 QJsonArray{
                                                     mount(QStringLiteral("/srv"), true, QStringLiteral("rshared"))}}}
                                 << Status::Fail;
        QTest::newRow("rprivate") << "container.no-shared-propagation"
                                  << QJsonObject{{QStringLiteral("Mounts"),
                                                  QJsonArray{
                                                      mount(QStringLiteral("/srv"), true, QStringLiteral("rprivate"))}}}
                                  << Status::Pass;
        QTest::newRow("host uts") << "container.no-host-uts"
                                  << QJsonObject{{hc + QStringLiteral("UTSMode"), QStringLiteral("host")}}
                                  << Status::Fail;
        QTest::newRow("seccomp unconfined")
            << "container.seccomp" << QJsonObject{{hc + QStringLiteral("SecurityOpt"), opts({"seccomp:unconfined"})}}
            << Status::Fail;
        QTest::newRow("seccomp default") << "container.seccomp" << QJsonObject{} << Status::Pass;
        QTest::newRow("cgroup parent") << "container.default-cgroup"
                                       << QJsonObject{{hc + QStringLiteral("CgroupParent"), QStringLiteral("/batch")}}
                                       << Status::Warn;
        QTest::newRow("nnp") << "container.no-new-privileges"
                             << QJsonObject{{hc + QStringLiteral("SecurityOpt"), opts({"no-new-privileges=true"})}}
                             << Status::Pass;
        QTest::newRow("nnp false") << "container.no-new-privileges"
                                   << QJsonObject{{hc + QStringLiteral("SecurityOpt"),
                                                   opts({"no-new-privileges:false"})}}
                                   << Status::Fail;
        QTest::newRow("nnp unset") << "container.no-new-privileges" << QJsonObject{} << Status::Fail;
        QTest::newRow("no health check") << "container.healthcheck" << QJsonObject{} << Status::Fail;
        QTest::newRow("health check") << "container.healthcheck"
                                      << QJsonObject{{QStringLiteral("Config/Healthcheck"),
                                                      QJsonObject{{QStringLiteral("Test"),
                                                                   opts({"CMD-SHELL", "wget -q -O- localhost"})}}}}
                                      << Status::Pass;
        QTest::newRow("health NONE") << "container.healthcheck"
                                     << QJsonObject{{QStringLiteral("Config/Healthcheck"),
                                                     QJsonObject{{QStringLiteral("Test"), opts({"NONE"})}}}}
                                     << Status::Fail;
        QTest::newRow("pids unlimited") << "container.pids-limit" << QJsonObject{} << Status::Fail;
        QTest::newRow("pids -1") << "container.pids-limit" << QJsonObject{{hc + QStringLiteral("PidsLimit"), -1}}
                                 << Status::Fail;
        QTest::newRow("pids 200") << "container.pids-limit" << QJsonObject{{hc + QStringLiteral("PidsLimit"), 200}}
                                  << Status::Pass;
        QTest::newRow("default bridge") << "container.no-default-bridge" << QJsonObject{} << Status::Fail;
        QTest::newRow("user network") << "container.no-default-bridge"
                                      << QJsonObject{{hc + QStringLiteral("NetworkMode"), QStringLiteral("app-net")}}
                                      << Status::Pass;
        QTest::newRow("host userns") << "container.no-host-userns"
                                     << QJsonObject{{hc + QStringLiteral("UsernsMode"), QStringLiteral("host")}}
                                     << Status::Fail;
        QTest::newRow("json-file unbounded") << "container.logging" << QJsonObject{} << Status::Warn;
        QTest::newRow("json-file bounded")
            << "container.logging"
            << QJsonObject{{hc + QStringLiteral("LogConfig"),
                            QJsonObject{{QStringLiteral("Type"), QStringLiteral("json-file")},
                                        {QStringLiteral("Config"),
                                         QJsonObject{{QStringLiteral("max-size"), QStringLiteral("10m")}}}}}}
            << Status::Pass;
        QTest::newRow("log none") << "container.logging"
                                  << QJsonObject{{hc + QStringLiteral("LogConfig"),
                                                  QJsonObject{{QStringLiteral("Type"), QStringLiteral("none")},
                                                              {QStringLiteral("Config"), QJsonObject{}}}}}
                                  << Status::Fail;
        // Absent fields are errors, never passes.
        QTest::newRow("absent PidsLimit")
            << "container.pids-limit" << QJsonObject{{hc + QStringLiteral("PidsLimit"), QLatin1String(Absent)}}
            << Status::Error;
        QTest::newRow("absent RestartPolicy")
            << "container.restart-policy" << QJsonObject{{hc + QStringLiteral("RestartPolicy"), QLatin1String(Absent)}}
            << Status::Error;
        QTest::newRow("absent PidMode") << "container.no-host-pid"
                                        << QJsonObject{{hc + QStringLiteral("PidMode"), QLatin1String(Absent)}}
                                        << Status::Error;
    }

    void rules()
    {
        QFETCH(QString, check);
        QFETCH(QJsonObject, changes);
        QFETCH(Status, status);
        const Finding finding = judge(check, changes);
        QCOMPARE(finding.subject.kind, SubjectKind::Container);
        QVERIFY2(finding.status == status,
                 qPrintable(statusToString(finding.status) + QStringLiteral(": ") + finding.message));
        QVERIFY(!finding.message.isEmpty() && !finding.expected.isEmpty());
        if (status != Status::Error) {
            QVERIFY2(!finding.evidence.isEmpty(), qPrintable(check));
            for (const EvidenceRef& ref : finding.evidence) {
                QCOMPARE(ref.artifactId, qint64(7));
                QVERIFY2(ref.locator.startsWith(QLatin1String("/0/")), qPrintable(ref.locator));
                QVERIFY2(!ref.excerpt.isEmpty(),
                         qPrintable(check + QLatin1Char(' ') + ref.locator)); // the exact text cited
            }
        }
    }
};

QTEST_GUILESS_MAIN(TestContainerRuntimeRules)
#include "tst_containerruntimerules.moc"
