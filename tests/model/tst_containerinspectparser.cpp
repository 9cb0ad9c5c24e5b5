// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/JsonPointer.h"
#include "facts/ContainerInspectParser.h"
#include "facts/DockerOptions.h"

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

const ContainerFacts* byName(const QVector<ContainerFacts>& containers, const QString& name)
{
    for (const ContainerFacts& container : containers) {
        if (container.name == name)
            return &container;
    }
    return nullptr;
}

// One container with the given members next to its Id: `"HostConfig":{...}`.
QByteArray oneContainer(const QByteArray& members)
{
    return "[{\"Id\":\"" + QByteArray(64, 'c') + "\"" + (members.isEmpty() ? QByteArray() : "," + members) + "}]";
}

ContainerFacts parseOne(const QByteArray& members)
{
    const auto parsed = ContainerInspectParser::parse(oneContainer(members));
    if (!parsed || parsed->size() != 1)
        qFatal("cannot parse %s: %s", members.constData(), qPrintable(parsed.errorMessage()));
    return parsed->at(0);
}

QStringList strings(std::initializer_list<const char*> list)
{
    QStringList result;
    for (const char* entry : list)
        result << QString::fromUtf8(entry);
    return result;
}

} // namespace

class TestContainerInspectParser : public QObject
{
    Q_OBJECT

private slots:
    void capturedDocker2010()
    {
        const auto parsed = ContainerInspectParser::parse(readData("containers-docker-20.10.json"));
        QVERIFY2(parsed, qPrintable(parsed.errorMessage()));
        const QVector<ContainerFacts>& containers = parsed.value();
        QCOMPARE(containers.size(), 8);
        for (int i = 0; i < containers.size(); ++i) {
            QCOMPARE(containers.at(i).index, i);
            QCOMPARE(containers.at(i).pointer, QStringLiteral("/%1").arg(i));
            QCOMPARE(containers.at(i).id.size(), 64);
            QVERIFY(!containers.at(i).name.startsWith(QLatin1Char('/')));
            QVERIFY(containers.at(i).imageId.startsWith(QStringLiteral("sha256:")));
        }

        const ContainerFacts* web = byName(containers, QStringLiteral("web"));
        QVERIFY(web);
        QCOMPARE(web->user, std::optional<QString>(QString()));
        QCOMPARE(web->privileged, std::optional<bool>(false));
        QCOMPARE(web->readonlyRootfs, std::optional<bool>(false));
        QCOMPARE(web->stateStatus, QStringLiteral("created"));
        QCOMPARE(web->image, QStringLiteral("bulkhead/busybox:1"));
        QCOMPARE(web->env.size(), 6);
        QCOMPARE(web->env.at(1).name, QStringLiteral("DB_PASSWORD"));
        QCOMPARE(web->env.at(1).pointer, web->pointer + QStringLiteral("/Config/Env/1"));
        QVERIFY(web->labels.value(QStringLiteral("com.example.note")).contains(QStringLiteral("$(rm -rf /)")));
        // The same bind appears as HostConfig.Binds and in the effective Mounts.
        QCOMPARE(web->mounts.size(), 2);
        for (const MountFact& mount : web->mounts) {
            QCOMPARE(mount.source, QStringLiteral("/srv/web"));
            QCOMPARE(mount.destination, QStringLiteral("/usr/share/web"));
            QVERIFY(!mount.readWrite);
        }

        const ContainerFacts* app = byName(containers, QStringLiteral("app"));
        QVERIFY(app);
        QCOMPARE(app->user, std::optional<QString>(QStringLiteral("1000:1000")));
        QCOMPARE(app->readonlyRootfs, std::optional<bool>(true));
        QVERIFY(app->running);
        QCOMPARE(app->stateStatus, QStringLiteral("running"));
        QCOMPARE(app->labels.value(QStringLiteral("org.opencontainers.image.title")), QStringLiteral("demo app"));

        const ContainerFacts* priv = byName(containers, QStringLiteral("priv"));
        QVERIFY(priv);
        QCOMPARE(priv->privileged, std::optional<bool>(true));
        QCOMPARE(priv->user, std::optional<QString>(QStringLiteral("0:0")));
        QVERIFY(!priv->envPresent); // the imported image has no ENV: Config.Env is null
        QVERIFY(priv->env.isEmpty());

        const ContainerFacts* mountsock = byName(containers, QStringLiteral("mountsock"));
        QVERIFY(mountsock);
        QCOMPARE(mountsock->mounts.size(), 2); // HostConfig.Mounts (--mount) + Mounts
        QCOMPARE(mountsock->mounts.at(0).origin, MountFact::Origin::HostConfigMounts);
        QCOMPARE(mountsock->mounts.at(0).destination, QStringLiteral("/run/docker.sock"));
        QCOMPARE(mountsock->mounts.at(0).pointer, mountsock->pointer + QStringLiteral("/HostConfig/Mounts/0"));
        QCOMPARE(mountsock->mounts.at(1).origin, MountFact::Origin::Mounts);
        QVERIFY(mountsock->mounts.at(1).readWrite);

        const ContainerFacts* exited = byName(containers, QStringLiteral("exited"));
        QVERIFY(exited);
        QCOMPARE(exited->stateStatus, QStringLiteral("exited"));
        QVERIFY(!exited->running);
    }

    void binds_data()
    {
        QTest::addColumn<QString>("bind");
        QTest::addColumn<QString>("type");
        QTest::addColumn<QString>("source");
        QTest::addColumn<QString>("destination");
        QTest::addColumn<bool>("readWrite");
        QTest::newRow("path") << "/srv:/data"
                              << "bind"
                              << "/srv"
                              << "/data" << true;
        QTest::newRow("read-only") << "/srv:/data:ro"
                                   << "bind"
                                   << "/srv"
                                   << "/data" << false;
        QTest::newRow("options") << "/srv:/data:ro,Z"
                                 << "bind"
                                 << "/srv"
                                 << "/data" << false;
        QTest::newRow("rw") << "/srv:/data:rw,z"
                            << "bind"
                            << "/srv"
                            << "/data" << true;
        QTest::newRow("volume") << "appdata:/data"
                                << "volume"
                                << "appdata"
                                << "/data" << true;
        QTest::newRow("socket") << "/var/run/docker.sock:/var/run/docker.sock:ro"
                                << "bind"
                                << "/var/run/docker.sock"
                                << "/var/run/docker.sock" << false;
    }

    void binds()
    {
        QFETCH(QString, bind);
        QFETCH(QString, type);
        QFETCH(QString, source);
        QFETCH(QString, destination);
        QFETCH(bool, readWrite);
        const QByteArray json =
            "[{\"Id\":\"" + QByteArray(64, 'c') + "\",\"HostConfig\":{\"Binds\":[\"" + bind.toUtf8() + "\"]}}]";
        const auto parsed = ContainerInspectParser::parse(json);
        QVERIFY2(parsed, qPrintable(parsed.errorMessage()));
        QCOMPARE(parsed->size(), 1);
        QCOMPARE(parsed->at(0).mounts.size(), 1);
        const MountFact& mount = parsed->at(0).mounts.at(0);
        QCOMPARE(mount.origin, MountFact::Origin::HostConfigBinds);
        QCOMPARE(mount.type, type);
        QCOMPARE(mount.source, source);
        QCOMPARE(mount.destination, destination);
        QCOMPARE(mount.readWrite, readWrite);
        QCOMPARE(mount.pointer, QStringLiteral("/0/HostConfig/Binds/0"));
        // Absent fields stay absent: a check reports an error, never a pass.
        QVERIFY(!parsed->at(0).user);
        QVERIFY(!parsed->at(0).privileged);
    }

    void rootUser_data()
    {
        QTest::addColumn<QString>("user");
        QTest::addColumn<bool>("root");
        QTest::newRow("empty") << "" << true;
        QTest::newRow("0") << "0" << true;
        QTest::newRow("0:0") << "0:0" << true;
        QTest::newRow("root") << "root" << true;
        QTest::newRow("root:root") << "root:root" << true;
        QTest::newRow("0:1000") << "0:1000" << true;
        QTest::newRow("root:wheel") << "root:wheel" << true;
        QTest::newRow("00") << "00" << true;
        QTest::newRow("empty user, group only") << ":1000" << true;
        QTest::newRow("1000") << "1000" << false;
        QTest::newRow("1000:0") << "1000:0" << false;
        QTest::newRow("app") << "app" << false;
        QTest::newRow("nobody") << "nobody" << false;
        QTest::newRow("Root is another name") << "Root" << false;
        QTest::newRow("rootless") << "rootless" << false;
        QTest::newRow("10") << "10" << false;
    }

    void rootUser()
    {
        QFETCH(QString, user);
        QFETCH(bool, root);
        QCOMPARE(ContainerInspectParser::isRootUser(user), root);
    }

    void malformed_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("why");
        const QByteArray real = readData("containers-docker-20.10.json");
        const QByteArray id = QByteArray(64, 'a');
        QTest::newRow("truncated") << real.left(real.size() / 2) << "is not valid JSON";
        QTest::newRow("truncated at the end") << real.left(real.size() - 3) << "unexpected end of input";
        QTest::newRow("empty") << QByteArray() << "the output is empty";
        QTest::newRow("whitespace") << QByteArray(" \n") << "the output is empty";
        QTest::newRow("text") << QByteArray("Error: No such container\n") << "is not valid JSON";
        QTest::newRow("invalid utf-8") << QByteArray("[{\"Id\":\"\xff\"}]") << "is not valid JSON";
        QTest::newRow("object, not array") << QByteArray("{\"Id\":\"x\"}") << "expected an array";
        QTest::newRow("element not object") << QByteArray("[1]") << "container 1 (at /0): is number";
        QTest::newRow("missing id") << QByteArray("[{}]") << "Id is not a 64-character";
        QTest::newRow("short id") << QByteArray("[{\"Id\":\"abc\"}]") << "Id is not a 64-character";
        QTest::newRow("id with shell") << QByteArray("[{\"Id\":\"$(reboot)" + QByteArray(55, 'a') + "\"}]")
                                       << "Id is not a 64-character";
        QTest::newRow("user is a number") << QByteArray("[{\"Id\":\"" + id + "\",\"Config\":{\"User\":0}}]")
                                          << "Config.User is number, expected a string";
        QTest::newRow("privileged is a string")
            << QByteArray("[{\"Id\":\"" + id + "\",\"HostConfig\":{\"Privileged\":\"false\"}}]")
            << "HostConfig.Privileged is string, expected a boolean";
        QTest::newRow("env holds a number")
            << QByteArray("[{\"Id\":\"" + id + "\",\"Config\":{\"Env\":[1]}}]") << "Config.Env holds a number";
        QTest::newRow("mounts not array")
            << QByteArray("[{\"Id\":\"" + id + "\",\"Mounts\":{}}]") << "Mounts is object, expected an array";
        QTest::newRow("second container bad")
            << QByteArray("[{\"Id\":\"" + id + "\"},{\"Id\":7}]") << "container 2 (at /1): Id is number";
    }

    void malformed()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, why);
        const auto parsed = ContainerInspectParser::parse(json);
        QVERIFY(!parsed);
        QVERIFY2(parsed.errorMessage().contains(why), qPrintable(parsed.errorMessage()));
    }

    // A capture of three containers from docker 20.10 (API 1.41) with most run options set:
    // `options` (running, healthy), `hostns` (every host namespace) and `plain` (defaults).
    void capturedOptions()
    {
        const QByteArray json = readData("containers-options-docker-20.10.json");
        const auto parsed = ContainerInspectParser::parse(json);
        QVERIFY2(parsed, qPrintable(parsed.errorMessage()));
        QCOMPARE(parsed->size(), 3);
        const auto at = [&json](const QString& pointer) { return JsonPointer::excerpt(json, pointer); };

        const ContainerFacts* options = byName(parsed.value(), QStringLiteral("options"));
        QVERIFY(options);
        QVERIFY(options->mistyped.isEmpty());
        QCOMPARE(options->capAdd, std::optional<QStringList>(strings({"CAP_NET_ADMIN", "CAP_SYS_TIME"})));
        QCOMPARE(options->capDrop, std::optional<QStringList>(strings({"ALL"})));
        QCOMPARE(at(options->capAddPointer()).replace(' ', QByteArray()).replace('\n', QByteArray()),
                 QByteArray("[\"CAP_NET_ADMIN\",\"CAP_SYS_TIME\"]"));
        QCOMPARE(options->securityOpt,
                 std::optional<QStringList>(strings(
                     {"no-new-privileges:true", "seccomp=unconfined", "apparmor=unconfined", "label=disable"})));
        QCOMPARE(DockerOptions::noNewPrivileges(*options->securityOpt), std::optional<bool>(true));
        QCOMPARE(options->networkMode, std::optional<QString>(QStringLiteral("none")));
        QCOMPARE(options->ipcMode, std::optional<QString>(QStringLiteral("private")));
        QCOMPARE(options->pidMode, std::optional<QString>(QString()));
        QCOMPARE(options->cgroupnsMode, std::optional<QString>(QStringLiteral("host")));
        QVERIFY(options->devices);
        QCOMPARE(options->devices->size(), 1);
        QCOMPARE(options->devices->at(0).pathOnHost, QStringLiteral("/dev/null"));
        QCOMPARE(options->devices->at(0).pathInContainer, QStringLiteral("/dev/xnull"));
        QCOMPARE(options->devices->at(0).cgroupPermissions, QStringLiteral("rw"));
        QCOMPARE(at(options->devices->at(0).pointer + QStringLiteral("/PathOnHost")), QByteArray("\"/dev/null\""));
        QCOMPARE(options->memory, std::optional<qint64>(67108864));
        QCOMPARE(options->nanoCpus, std::optional<qint64>(500000000));
        QCOMPARE(options->cpuShares, std::optional<qint64>(512));
        QCOMPARE(options->cpuQuota, std::optional<qint64>(0));
        QCOMPARE(options->pidsLimit, std::optional<qint64>(100));
        QCOMPARE(at(options->pidsLimitPointer()), QByteArray("100"));
        QVERIFY(options->restartPolicy);
        QCOMPARE(options->restartPolicy->name, QStringLiteral("on-failure"));
        QCOMPARE(options->restartPolicy->maximumRetryCount, 5);
        QCOMPARE(options->restartPolicy->pointer, options->restartPolicyPointer());
        QVERIFY(options->logConfig);
        QCOMPARE(options->logConfig->type, QStringLiteral("none"));
        QVERIFY(options->logConfig->options.isEmpty());
        QVERIFY(options->ulimits);
        QCOMPARE(options->ulimits->size(), 1);
        QCOMPARE(options->ulimits->at(0).name, QStringLiteral("nofile"));
        QCOMPARE(options->ulimits->at(0).soft, 1024);
        QCOMPARE(options->ulimits->at(0).hard, 2048);
        QCOMPARE(options->oomKillDisable, std::optional<bool>(true));
        QCOMPARE(options->cgroupParent, std::optional<QString>(QStringLiteral("/facts-wt/options")));
        QCOMPARE(options->runtime, std::optional<QString>(QStringLiteral("runc")));
        QCOMPARE(options->publishAllPorts, std::optional<bool>(false));
        QCOMPARE(options->hostname, std::optional<QString>(QStringLiteral("facts")));
        QCOMPARE(options->path, std::optional<QString>(QStringLiteral("sh")));
        QCOMPARE(options->args, std::optional<QStringList>(strings({"-c", "sleep 3600"})));
        QCOMPARE(options->entrypoint, std::optional<QStringList>(strings({"sh"})));
        QCOMPARE(options->cmd, std::optional<QStringList>(strings({"-c", "sleep 3600"})));
        QCOMPARE(options->exposedPorts,
                 std::optional<QStringList>(strings({"443/tcp", "53/udp", "80/tcp", "8080/tcp"})));
        QCOMPARE(options->appArmorProfile, std::optional<QString>(QString()));
        QCOMPARE(options->processLabel, std::optional<QString>(QString()));
        QCOMPARE(options->mountLabel, std::optional<QString>(QString()));
        QVERIFY(options->created && options->created->startsWith(QStringLiteral("2026-")));
        QVERIFY(options->statePid && *options->statePid > 0);
        QCOMPARE(options->healthStatus, std::optional<QString>(QStringLiteral("healthy")));
        QCOMPARE(at(options->healthStatusPointer()), QByteArray("\"healthy\""));
        QVERIFY(options->healthcheck);
        QCOMPARE(options->healthcheck->test, strings({"CMD-SHELL", "true"}));
        QVERIFY(options->healthcheck->defined());
        QCOMPARE(options->healthcheck->interval, Q_INT64_C(30000000000));
        QCOMPARE(options->healthcheck->timeout, Q_INT64_C(3000000000));
        QCOMPARE(options->healthcheck->startPeriod, Q_INT64_C(1000000000));
        QCOMPARE(options->healthcheck->retries, 2);
        QCOMPARE(options->networks, std::optional<QStringList>(strings({"none"})));
        QCOMPARE(options->ports, std::optional<QVector<PortBinding>>(QVector<PortBinding>())); // network none
        // -p 80:80 (every interface, written ""), -p [::]:8443:443, -p 127.0.0.1:8053:53/udp.
        QVERIFY(options->portBindings);
        QCOMPARE(options->portBindings->size(), 3);
        for (const PortBinding& binding : *options->portBindings) {
            QCOMPARE(at(binding.pointer + QStringLiteral("/HostPort")), '"' + binding.hostPort.toUtf8() + '"');
            if (binding.containerPort == QLatin1String("80")) {
                QCOMPARE(binding.protocol, QStringLiteral("tcp"));
                QCOMPARE(binding.hostIp, QString());
                QCOMPARE(binding.pointer, options->portBindingsPointer() + QStringLiteral("/80~1tcp/0"));
                QVERIFY(DockerOptions::isAllInterfaces(binding.hostIp));
                QCOMPARE(DockerOptions::lowestHostPort(binding.hostPort), std::optional<int>(80));
            } else if (binding.containerPort == QLatin1String("443")) {
                QCOMPARE(binding.hostIp, QStringLiteral("::"));
                QCOMPARE(binding.hostPort, QStringLiteral("8443"));
                QVERIFY(DockerOptions::isAllInterfaces(binding.hostIp));
            } else {
                QCOMPARE(binding.containerPort, QStringLiteral("53"));
                QCOMPARE(binding.protocol, QStringLiteral("udp"));
                QCOMPARE(binding.hostIp, QStringLiteral("127.0.0.1"));
                QVERIFY(!DockerOptions::isAllInterfaces(binding.hostIp));
            }
        }
        // --mount type=bind,...,bind-propagation=rshared: in HostConfig.Mounts and in Mounts.
        int rshared = 0;
        for (const MountFact& mount : options->mounts) {
            if (mount.destination == QLatin1String("/share")) {
                QCOMPARE(mount.propagation, std::optional<QString>(QStringLiteral("rshared")));
                ++rshared;
            }
        }
        QCOMPARE(rshared, 2);

        const ContainerFacts* hostns = byName(parsed.value(), QStringLiteral("hostns"));
        QVERIFY(hostns);
        QVERIFY(hostns->mistyped.isEmpty());
        for (const auto& mode : {hostns->pidMode, hostns->ipcMode, hostns->utsMode, hostns->networkMode,
                                 hostns->usernsMode, hostns->cgroupnsMode}) {
            QVERIFY(mode);
            QVERIFY(DockerOptions::isHostMode(*mode));
        }
        QCOMPARE(hostns->capAdd, std::optional<QStringList>(strings({"ALL"})));
        QCOMPARE(hostns->capDrop, std::optional<QStringList>(QStringList())); // null
        QVERIFY(DockerOptions::containsCapability(*hostns->capAdd, QStringLiteral("sys_admin")));
        QCOMPARE(DockerOptions::noNewPrivileges(*hostns->securityOpt), std::optional<bool>(true)); // bare form
        QCOMPARE(DockerOptions::securityOptValue(*hostns->securityOpt, QStringLiteral("seccomp")),
                 std::optional<QString>(QStringLiteral("unconfined")));
        QCOMPARE(hostns->pidsLimit, std::optional<qint64>(0)); // --pids-limit -1 is stored as null
        QVERIFY(DockerOptions::isUnlimitedPids(*hostns->pidsLimit));
        QCOMPARE(hostns->restartPolicy->name, QStringLiteral("always"));
        QCOMPARE(hostns->logConfig->type, QStringLiteral("json-file"));
        QCOMPARE(hostns->logConfig->options.value(QStringLiteral("max-file")), QStringLiteral("3"));
        QVERIFY(!hostns->logConfig->options.contains(QStringLiteral("max-size")));
        QCOMPARE(hostns->healthcheck->test, strings({"NONE"})); // --no-healthcheck
        QVERIFY(!hostns->healthcheck->defined());
        QCOMPARE(hostns->healthStatus, std::optional<QString>(QString())); // never started
        QCOMPARE(hostns->statePid, std::optional<qint64>(0));
        QCOMPARE(hostns->entrypoint, std::optional<QStringList>(QStringList())); // null
        QCOMPARE(hostns->devices, std::optional<QVector<DeviceMapping>>(QVector<DeviceMapping>()));
        // -v ...:/share:ro,rshared: the Binds entry and the effective mount.
        int binds = 0;
        for (const MountFact& mount : hostns->mounts) {
            if (mount.destination == QLatin1String("/share")) {
                QCOMPARE(mount.propagation, std::optional<QString>(QStringLiteral("rshared")));
                QVERIFY(!mount.readWrite);
                ++binds;
            } else {
                QCOMPARE(mount.propagation, std::optional<QString>(QString())); // a volume
            }
        }
        QCOMPARE(binds, 2);

        const ContainerFacts* plain = byName(parsed.value(), QStringLiteral("plain"));
        QVERIFY(plain);
        QVERIFY(plain->mistyped.isEmpty());
        QCOMPARE(plain->capAdd, std::optional<QStringList>(QStringList()));
        QCOMPARE(plain->securityOpt, std::optional<QStringList>(QStringList()));
        QCOMPARE(DockerOptions::noNewPrivileges(*plain->securityOpt), std::nullopt);
        QCOMPARE(plain->pidsLimit, std::optional<qint64>(0)); // --pids-limit 0
        QCOMPARE(plain->restartPolicy->name, QStringLiteral("on-failure"));
        QCOMPARE(plain->restartPolicy->maximumRetryCount, 0);
        QCOMPARE(plain->logConfig->options.value(QStringLiteral("max-size")), QStringLiteral("10m"));
        QCOMPARE(plain->healthcheck->test, strings({"CMD", "true"})); // from the image
        QCOMPARE(plain->portBindings, std::optional<QVector<PortBinding>>(QVector<PortBinding>()));
        QCOMPARE(plain->user, std::optional<QString>(QStringLiteral("1000"))); // from the image
    }

    // The older capture: every new field is read, none is mistyped, and docker's omissions are empty.
    void capturedDocker2010Details()
    {
        const QByteArray json = readData("containers-docker-20.10.json");
        const auto parsed = ContainerInspectParser::parse(json);
        QVERIFY2(parsed, qPrintable(parsed.errorMessage()));
        for (const ContainerFacts& container : parsed.value()) {
            QVERIFY2(container.mistyped.isEmpty(), qPrintable(container.mistyped.join(QLatin1Char(' '))));
            QVERIFY(container.capAdd && container.capDrop && container.securityOpt);
            QVERIFY(container.pidMode && container.ipcMode && container.utsMode && container.networkMode &&
                    container.usernsMode && container.cgroupnsMode);
            QVERIFY(container.devices && container.portBindings && container.ports && container.ulimits);
            QVERIFY(container.memory && container.nanoCpus && container.cpuShares && container.cpuQuota);
            QCOMPARE(container.pidsLimit, std::optional<qint64>(0)); // null
            QVERIFY(container.restartPolicy && container.logConfig && container.oomKillDisable);
            QVERIFY(container.healthcheck);
            QVERIFY(!container.healthcheck->defined()); // no HEALTHCHECK: the key is omitted
            QVERIFY(container.healthcheck->pointer.isEmpty());
            QCOMPARE(container.healthStatus, std::optional<QString>(QString()));
            QVERIFY(container.cmd && container.entrypoint && container.path && container.args);
            QVERIFY(container.exposedPorts && container.hostname && container.created);
            for (const MountFact& mount : container.mounts)
                QVERIFY(mount.propagation);
        }
        const ContainerFacts* priv = byName(parsed.value(), QStringLiteral("priv"));
        QVERIFY(priv);
        QCOMPARE(priv->securityOpt, std::optional<QStringList>(strings({"label=disable"})));
        QCOMPARE(DockerOptions::securityOptValue(*priv->securityOpt, QStringLiteral("label")),
                 std::optional<QString>(QStringLiteral("disable")));
    }

    // Nothing but an Id: every new field is absent, so a check reports an error.
    void absentFields()
    {
        const ContainerFacts facts = parseOne(QByteArray());
        QVERIFY(!facts.capAdd && !facts.capDrop && !facts.securityOpt && !facts.pidMode && !facts.ipcMode &&
                !facts.utsMode && !facts.networkMode && !facts.usernsMode && !facts.cgroupnsMode);
        QVERIFY(!facts.devices && !facts.portBindings && !facts.ports && !facts.publishAllPorts && !facts.memory &&
                !facts.nanoCpus && !facts.cpuShares && !facts.cpuQuota && !facts.pidsLimit);
        QVERIFY(!facts.restartPolicy && !facts.logConfig && !facts.ulimits && !facts.oomKillDisable &&
                !facts.cgroupParent && !facts.runtime);
        QVERIFY(!facts.healthcheck && !facts.healthStatus && !facts.cmd && !facts.entrypoint && !facts.exposedPorts &&
                !facts.hostname && !facts.path && !facts.args && !facts.created && !facts.appArmorProfile &&
                !facts.processLabel && !facts.mountLabel && !facts.statePid && !facts.networks);
        QVERIFY(facts.mistyped.isEmpty());

        // Present parents without the keys: absent too, except what docker omits when unset.
        const ContainerFacts empty = parseOne("\"HostConfig\":{},\"Config\":{},\"State\":{}");
        QVERIFY(!empty.capAdd && !empty.pidsLimit && !empty.restartPolicy && !empty.cmd);
        QCOMPARE(empty.exposedPorts, std::optional<QStringList>(QStringList()));
        QVERIFY(empty.healthcheck && !empty.healthcheck->defined());
        QCOMPARE(empty.healthStatus, std::optional<QString>(QString()));
    }

    // A value of a type docker never writes is absent for that field alone: the container, its
    // other fields and the next container are still read.
    void mistypedFields_data()
    {
        QTest::addColumn<QByteArray>("members");
        QTest::addColumn<QString>("pointer");
        QTest::newRow("CapAdd string") << QByteArray("\"HostConfig\":{\"CapAdd\":\"ALL\"}") << "/0/HostConfig/CapAdd";
        QTest::newRow("CapAdd number element")
            << QByteArray("\"HostConfig\":{\"CapAdd\":[\"NET_ADMIN\",1]}") << "/0/HostConfig/CapAdd/1";
        QTest::newRow("SecurityOpt object")
            << QByteArray("\"HostConfig\":{\"SecurityOpt\":{}}") << "/0/HostConfig/SecurityOpt";
        QTest::newRow("PidMode bool") << QByteArray("\"HostConfig\":{\"PidMode\":true}") << "/0/HostConfig/PidMode";
        QTest::newRow("PidsLimit float") << QByteArray("\"HostConfig\":{\"PidsLimit\":1.5}")
                                         << "/0/HostConfig/PidsLimit";
        QTest::newRow("PidsLimit string")
            << QByteArray("\"HostConfig\":{\"PidsLimit\":\"100\"}") << "/0/HostConfig/PidsLimit";
        QTest::newRow("Memory float") << QByteArray("\"HostConfig\":{\"Memory\":6.4e7}") << "/0/HostConfig/Memory";
        QTest::newRow("Memory too large")
            << QByteArray("\"HostConfig\":{\"Memory\":18446744073709551615}") << "/0/HostConfig/Memory";
        QTest::newRow("RestartPolicy count string")
            << QByteArray("\"HostConfig\":{\"RestartPolicy\":{\"Name\":\"on-failure\",\"MaximumRetryCount\":\"5\"}}")
            << "/0/HostConfig/RestartPolicy/MaximumRetryCount";
        QTest::newRow("LogConfig option number")
            << QByteArray("\"HostConfig\":{\"LogConfig\":{\"Type\":\"json-file\",\"Config\":{\"max-size\":10}}}")
            << "/0/HostConfig/LogConfig/Config/max-size";
        QTest::newRow("Devices element string")
            << QByteArray("\"HostConfig\":{\"Devices\":[\"/dev/sda\"]}") << "/0/HostConfig/Devices/0";
        QTest::newRow("PortBindings list")
            << QByteArray("\"HostConfig\":{\"PortBindings\":[\"80:80\"]}") << "/0/HostConfig/PortBindings";
        QTest::newRow("PortBindings HostIp number")
            << QByteArray("\"HostConfig\":{\"PortBindings\":{\"80/tcp\":[{\"HostIp\":0,\"HostPort\":\"80\"}]}}")
            << "/0/HostConfig/PortBindings/80~1tcp/0/HostIp";
        QTest::newRow("Ports value object")
            << QByteArray("\"NetworkSettings\":{\"Ports\":{\"80/tcp\":{}}}") << "/0/NetworkSettings/Ports/80~1tcp";
        QTest::newRow("Healthcheck Test string")
            << QByteArray("\"Config\":{\"Healthcheck\":{\"Test\":\"true\"}}") << "/0/Config/Healthcheck/Test";
        QTest::newRow("Healthcheck interval float")
            << QByteArray("\"Config\":{\"Healthcheck\":{\"Test\":[\"NONE\"],\"Interval\":1.0}}")
            << "/0/Config/Healthcheck/Interval";
        QTest::newRow("Health array") << QByteArray("\"State\":{\"Health\":[]}") << "/0/State/Health";
        QTest::newRow("Cmd string") << QByteArray("\"Config\":{\"Cmd\":\"sh\"}") << "/0/Config/Cmd";
        QTest::newRow("ExposedPorts list")
            << QByteArray("\"Config\":{\"ExposedPorts\":[\"80/tcp\"]}") << "/0/Config/ExposedPorts";
        QTest::newRow("Mounts Propagation number")
            << QByteArray("\"Mounts\":[{\"Type\":\"bind\",\"Propagation\":1}]") << "/0/Mounts/0/Propagation";
        QTest::newRow("BindOptions string")
            << QByteArray("\"HostConfig\":{\"Mounts\":[{\"Type\":\"bind\",\"BindOptions\":\"rshared\"}]}")
            << "/0/HostConfig/Mounts/0/BindOptions";
        QTest::newRow("HostConfig array") << QByteArray("\"HostConfig\":[]") << "/0/HostConfig";
    }

    void mistypedFields()
    {
        QFETCH(QByteArray, members);
        QFETCH(QString, pointer);
        // HostConfig is read strictly by the older fields: an array there fails the whole parse.
        if (members.startsWith("\"HostConfig\":[]")) {
            QVERIFY(!ContainerInspectParser::parse(oneContainer(members)));
            return;
        }
        const QByteArray json = oneContainer(members + ",\"Name\":\"/odd\"").chopped(1) + ",{\"Id\":\"" +
                                QByteArray(64, 'd') + "\",\"HostConfig\":{\"PidsLimit\":7}}]";
        const auto parsed = ContainerInspectParser::parse(json);
        QVERIFY2(parsed, qPrintable(parsed.errorMessage()));
        QCOMPARE(parsed->size(), 2);
        const ContainerFacts& odd = parsed->at(0);
        QCOMPARE(odd.name, QStringLiteral("odd"));
        QCOMPARE(odd.mistyped, QStringList{pointer});
        QVERIFY(!odd.capAdd && !odd.securityOpt && !odd.pidMode && !odd.pidsLimit && !odd.memory &&
                !odd.restartPolicy && !odd.logConfig && !odd.devices && !odd.portBindings && !odd.ports && !odd.cmd &&
                !odd.healthStatus);
        if (members.contains("Healthcheck"))
            QVERIFY(!odd.healthcheck);
        if (members.contains("ExposedPorts"))
            QVERIFY(!odd.exposedPorts);
        for (const MountFact& mount : odd.mounts)
            QVERIFY(!mount.propagation);
        QCOMPARE(parsed->at(1).pidsLimit, std::optional<qint64>(7));
        QVERIFY(parsed->at(1).mistyped.isEmpty());
    }

    void pidsLimit_data()
    {
        QTest::addColumn<QByteArray>("value");
        QTest::addColumn<bool>("present");
        QTest::addColumn<qint64>("limit");
        QTest::addColumn<bool>("unlimited");
        QTest::newRow("null") << QByteArray("null") << true << qint64(0) << true;
        QTest::newRow("0") << QByteArray("0") << true << qint64(0) << true;
        QTest::newRow("-1") << QByteArray("-1") << true << qint64(-1) << true;
        QTest::newRow("100") << QByteArray("100") << true << qint64(100) << false;
        QTest::newRow("1") << QByteArray("1") << true << qint64(1) << false;
        QTest::newRow("float") << QByteArray("100.0") << false << qint64(0) << false;
        QTest::newRow("string") << QByteArray("\"100\"") << false << qint64(0) << false;
        QTest::newRow("bool") << QByteArray("false") << false << qint64(0) << false;
    }

    void pidsLimit()
    {
        QFETCH(QByteArray, value);
        QFETCH(bool, present);
        QFETCH(qint64, limit);
        QFETCH(bool, unlimited);
        const ContainerFacts facts = parseOne("\"HostConfig\":{\"PidsLimit\":" + value + "}");
        QCOMPARE(facts.pidsLimit.has_value(), present);
        if (present) {
            QCOMPARE(*facts.pidsLimit, limit);
            QCOMPARE(DockerOptions::isUnlimitedPids(*facts.pidsLimit), unlimited);
        }
    }

    // Published ports of a running container: IPv4 and IPv6 listeners, a port exposed but not
    // published (null) and one published on an ephemeral port.
    void networkSettingsPorts()
    {
        const QByteArray json = oneContainer(
            "\"NetworkSettings\":{\"Ports\":{\"80/tcp\":[{\"HostIp\":\"0.0.0.0\",\"HostPort\":\"80\"},"
            "{\"HostIp\":\"::\",\"HostPort\":\"80\"}],\"443/tcp\":[{\"HostIp\":\"[::]\",\"HostPort\":\"8443\"}],"
            "\"9000/tcp\":null,\"53/udp\":[],\"5000/tcp\":[{\"HostIp\":\"127.0.0.1\",\"HostPort\":\"49153\"}]},"
            "\"Networks\":{\"bridge\":{},\"backend\":{}}}");
        const auto parsed = ContainerInspectParser::parse(json);
        QVERIFY2(parsed, qPrintable(parsed.errorMessage()));
        const ContainerFacts& facts = parsed->at(0);
        QVERIFY(facts.ports);
        QCOMPARE(facts.ports->size(), 4);
        QStringList seen;
        for (const PortBinding& binding : *facts.ports) {
            seen << binding.containerPort + QLatin1Char('/') + binding.protocol + QLatin1Char(' ') + binding.hostIp +
                        QLatin1Char(':') + binding.hostPort;
            QCOMPARE(JsonPointer::excerpt(json, binding.pointer + QStringLiteral("/HostIp")),
                     '"' + binding.hostIp.toUtf8() + '"');
        }
        QCOMPARE(seen, strings({"443/tcp [::]:8443", "5000/tcp 127.0.0.1:49153", "80/tcp 0.0.0.0:80", "80/tcp :::80"}));
        QCOMPARE(facts.networks, std::optional<QStringList>(strings({"backend", "bridge"})));
    }

    void propagation_data()
    {
        QTest::addColumn<QByteArray>("members");
        QTest::addColumn<QString>("propagation");
        QTest::newRow("bind rshared") << QByteArray("\"HostConfig\":{\"Binds\":[\"/srv:/srv:ro,rshared\"]}")
                                      << "rshared";
        QTest::newRow("bind shared, z") << QByteArray("\"HostConfig\":{\"Binds\":[\"/srv:/srv:z,shared\"]}")
                                        << "shared";
        QTest::newRow("bind default") << QByteArray("\"HostConfig\":{\"Binds\":[\"/srv:/srv\"]}") << "";
        QTest::newRow("mount shared")
            << QByteArray("\"HostConfig\":{\"Mounts\":[{\"Type\":\"bind\",\"Source\":\"/srv\",\"Target\":\"/srv\","
                          "\"BindOptions\":{\"Propagation\":\"shared\"}}]}")
            << "shared";
        QTest::newRow("mount without BindOptions")
            << QByteArray("\"HostConfig\":{\"Mounts\":[{\"Type\":\"bind\",\"Source\":\"/srv\",\"Target\":\"/srv\"}]}")
            << "";
        QTest::newRow("mount BindOptions without Propagation")
            << QByteArray("\"HostConfig\":{\"Mounts\":[{\"Type\":\"bind\",\"BindOptions\":{\"NonRecursive\":true}}]}")
            << "";
        QTest::newRow("effective rshared")
            << QByteArray("\"Mounts\":[{\"Type\":\"bind\",\"Source\":\"/\",\"Destination\":\"/host\",\"RW\":true,"
                          "\"Propagation\":\"rshared\"}]")
            << "rshared";
        QTest::newRow("effective default")
            << QByteArray("\"Mounts\":[{\"Type\":\"volume\",\"Propagation\":\"\"}]") << "";
    }

    void propagation()
    {
        QFETCH(QByteArray, members);
        QFETCH(QString, propagation);
        const ContainerFacts facts = parseOne(members);
        QCOMPARE(facts.mounts.size(), 1);
        QCOMPARE(facts.mounts.at(0).propagation, std::optional<QString>(propagation));
    }

    void effectiveMountWithoutPropagation()
    {
        const ContainerFacts facts = parseOne("\"Mounts\":[{\"Type\":\"bind\",\"Source\":\"/\"}]");
        QCOMPARE(facts.mounts.size(), 1);
        QVERIFY(!facts.mounts.at(0).propagation);
        QVERIFY(facts.mistyped.isEmpty());
    }

    void emptyArray()
    {
        const auto parsed = ContainerInspectParser::parse("[]\n");
        QVERIFY(parsed);
        QCOMPARE(parsed->size(), 0);
    }
};

QTEST_GUILESS_MAIN(TestContainerInspectParser)
#include "tst_containerinspectparser.moc"
