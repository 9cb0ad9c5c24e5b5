// SPDX-License-Identifier: GPL-3.0-or-later
#include "checks/DaemonRules.h"

#include "checks/CheckText.h"

#include <algorithm>

namespace bulkhead {

namespace {

// A finding judged from one setting: `good` decides pass or `failStatus`; the evidence is the setting's.
Finding fromSetting(const DaemonCheck& daemon, const char* checkId, const QString& key, const DaemonValue& value,
                    const QString& expected, bool good, const QString& passMessage, const QString& failMessage,
                    Status failStatus = Status::Fail)
{
    Finding finding = daemon.make(QLatin1String(checkId));
    finding.expected = expected;
    finding.actual = value.describe(key);
    finding.evidence = value.evidence;
    finding.status = good ? Status::Pass : failStatus;
    finding.message = good ? passMessage : failMessage;
    return finding;
}

bool isFalse(const DaemonValue& value)
{
    return value.isSet() && value.last().compare(QLatin1String("false"), Qt::CaseInsensitive) == 0;
}

bool isTrue(const DaemonValue& value)
{
    // A bare flag (--icc) means true, as does an explicit true.
    return value.isSet() &&
           (value.last().isEmpty() || value.last().compare(QLatin1String("true"), Qt::CaseInsensitive) == 0);
}

// docker info could not be read: the finding says why, as every check on it does.
Finding infoGap(const DaemonCheck& daemon, const char* checkId, const EvidenceGap& gap)
{
    Finding finding = gap.finding(QLatin1String(checkId));
    finding.subject = daemon.make(QString()).subject;
    return finding;
}

Finding iccDisabled(const DaemonCheck& d)
{
    const DaemonValue v = d.value(QStringLiteral("icc"), {QStringLiteral("icc")});
    return fromSetting(d, "daemon.icc-disabled", QStringLiteral("icc"), v, QStringLiteral("icc=false"), isFalse(v),
                       QStringLiteral("Containers on the default bridge cannot talk to each other (icc=false)"),
                       QStringLiteral("Containers on the default bridge can reach each other unrestricted: icc is on"));
}

Finding logLevelInfo(const DaemonCheck& d)
{
    const DaemonValue v = d.value(QStringLiteral("log-level"), {QStringLiteral("log-level"), QStringLiteral("l")});
    const QString level = v.isSet() ? v.last().toLower() : QStringLiteral("info");
    return fromSetting(d, "daemon.log-level-info", QStringLiteral("log-level"), v,
                       QStringLiteral("log-level is info (or not set)"), level == QLatin1String("info"),
                       QStringLiteral("The daemon logs at level info"),
                       QStringLiteral("The daemon logs at level %1, not info").arg(CheckText::quoted(level)));
}

Finding iptablesEnabled(const DaemonCheck& d)
{
    const DaemonValue v = d.value(QStringLiteral("iptables"), {QStringLiteral("iptables")});
    return fromSetting(d, "daemon.iptables-enabled", QStringLiteral("iptables"), v,
                       QStringLiteral("iptables not false"), !isFalse(v),
                       QStringLiteral("Docker manages the iptables rules of its networks"),
                       QStringLiteral("Docker may not change iptables (iptables=false): published ports and network "
                                      "isolation then depend on rules maintained by hand"));
}

Finding noInsecureRegistries(const DaemonCheck& d)
{
    const DaemonValue v = d.value(QStringLiteral("insecure-registries"), {QStringLiteral("insecure-registry")});
    QStringList insecure = v.values;
    Finding finding = d.make(QStringLiteral("daemon.no-insecure-registries"));
    finding.expected = QStringLiteral("No insecure registry (loopback 127.0.0.0/8 excepted, as Docker adds it)");
    finding.evidence = v.evidence;
    if (const auto* info = std::get_if<DockerInfo>(&d.info())) {
        for (const QString& cidr : info->insecureRegistries) {
            if (cidr != QLatin1String("127.0.0.0/8") && cidr != QLatin1String("::1/128") && !insecure.contains(cidr))
                insecure << cidr;
        }
        finding.evidence << d.infoRef(QStringLiteral("/RegistryConfig/InsecureRegistryCIDRs"));
    }
    insecure.removeAll(QString());
    finding.actual =
        insecure.isEmpty() ? QStringLiteral("none") : CheckText::printable(insecure.join(QStringLiteral(", ")));
    finding.status = insecure.isEmpty() ? Status::Pass : Status::Fail;
    finding.message =
        insecure.isEmpty()
            ? QStringLiteral("Every registry is reached over verified TLS")
            : QStringLiteral("Images may be pulled without TLS verification from: %1").arg(finding.actual);
    return finding;
}

Finding noAufs(const DaemonCheck& d)
{
    const char* id = "daemon.no-aufs";
    const auto* info = std::get_if<DockerInfo>(&d.info());
    if (!info)
        return infoGap(d, id, std::get<EvidenceGap>(d.info()));
    Finding finding = d.make(QLatin1String(id));
    finding.expected = QStringLiteral("Storage driver is not aufs");
    finding.actual = QStringLiteral("Driver=") + CheckText::quoted(info->storageDriver);
    finding.evidence << d.infoRef(QStringLiteral("/Driver"));
    const bool aufs = info->storageDriver == QLatin1String("aufs");
    finding.status = aufs ? Status::Fail : Status::Pass;
    finding.message = aufs ? QStringLiteral("The aufs storage driver is in use: it is unmaintained and unsupported")
                           : QStringLiteral("The storage driver is %1").arg(CheckText::quoted(info->storageDriver));
    return finding;
}

Finding tlsForTcp(const DaemonCheck& d)
{
    const DaemonValue hosts = d.value(QStringLiteral("hosts"), {QStringLiteral("host"), QStringLiteral("H")});
    Finding finding = d.make(QStringLiteral("daemon.tls-for-tcp"));
    finding.expected = QStringLiteral("A TCP listener requires tlsverify with tlscacert, tlscert and tlskey");
    finding.evidence = hosts.evidence;
    QStringList tcp;
    for (const QString& host : hosts.values) {
        // tcp://ADDR:PORT, or ADDR:PORT / :PORT without a scheme, which dockerd also reads as TCP.
        const bool tcpScheme = host.startsWith(QLatin1String("tcp://"), Qt::CaseInsensitive);
        const bool bare = !host.contains(QLatin1String("://")) && host.contains(QLatin1Char(':'));
        if (tcpScheme || bare)
            tcp << host;
    }
    if (tcp.isEmpty()) {
        finding.status = Status::Pass;
        finding.actual = hosts.describe(QStringLiteral("hosts"));
        finding.message = QStringLiteral("The daemon does not listen on TCP");
        return finding;
    }
    const DaemonValue verify = d.value(QStringLiteral("tlsverify"), {QStringLiteral("tlsverify")});
    QStringList missing;
    if (!isTrue(verify))
        missing << QStringLiteral("tlsverify");
    for (const char* key : {"tlscacert", "tlscert", "tlskey"}) {
        const DaemonValue v = d.value(QLatin1String(key), {QLatin1String(key)});
        finding.evidence += v.evidence;
        if (!v.isSet() || v.last().isEmpty())
            missing << QLatin1String(key);
    }
    finding.evidence += verify.evidence;
    const QString listeners = CheckText::printable(tcp.join(QStringLiteral(", ")));
    finding.actual = QStringLiteral("listens on %1").arg(listeners);
    finding.status = missing.isEmpty() ? Status::Pass : Status::Fail;
    finding.message = missing.isEmpty()
                          ? QStringLiteral("The TCP listener requires client certificates signed by the configured CA")
                          : QStringLiteral("The daemon listens on %1 without %2: anyone who reaches the port controls "
                                           "the host")
                                .arg(listeners, missing.join(QStringLiteral(", ")));
    return finding;
}

Finding usernsRemap(const DaemonCheck& d)
{
    const DaemonValue v = d.value(QStringLiteral("userns-remap"), {QStringLiteral("userns-remap")});
    const bool on = v.isSet() && !v.last().isEmpty();
    return fromSetting(d, "daemon.userns-remap", QStringLiteral("userns-remap"), v,
                       QStringLiteral("userns-remap set (e.g. default)"), on,
                       QStringLiteral("Root in a container is an unprivileged user on the host (userns-remap=%1)")
                           .arg(CheckText::printable(v.last(), 80)),
                       QStringLiteral("User namespace remapping is off: root in a container is root on the host"));
}

Finding defaultCgroup(const DaemonCheck& d)
{
    const DaemonValue v = d.value(QStringLiteral("cgroup-parent"), {QStringLiteral("cgroup-parent")});
    return fromSetting(d, "daemon.default-cgroup", QStringLiteral("cgroup-parent"), v,
                       QStringLiteral("cgroup-parent not set, or confirmed as intended"), !v.isSet(),
                       QStringLiteral("Containers use the default cgroup parent"),
                       QStringLiteral("Containers are placed under the cgroup %1: confirm that its limits are intended")
                           .arg(CheckText::quoted(v.last())),
                       Status::Warn);
}

Finding baseDeviceSize(const DaemonCheck& d)
{
    const DaemonValue v = d.value(QStringLiteral("storage-opts"), {QStringLiteral("storage-opt")});
    bool changed = false;
    for (const QString& option : v.values)
        changed = changed || option.startsWith(QLatin1String("dm.basesize"), Qt::CaseInsensitive);
    return fromSetting(d, "daemon.base-device-size", QStringLiteral("storage-opts"), v,
                       QStringLiteral("No dm.basesize storage option"), !changed,
                       QStringLiteral("The base device size is the driver's default"),
                       QStringLiteral("The base device size is changed (dm.basesize): confirm it is needed"),
                       Status::Warn);
}

Finding authorizationPlugin(const DaemonCheck& d)
{
    const DaemonValue v = d.value(QStringLiteral("authorization-plugins"), {QStringLiteral("authorization-plugin")});
    QStringList plugins = v.values;
    plugins.removeAll(QString());
    return fromSetting(d, "daemon.authorization-plugin", QStringLiteral("authorization-plugins"), v,
                       QStringLiteral("At least one authorization plugin"), !plugins.isEmpty(),
                       QStringLiteral("Client commands pass an authorization plugin (%1)")
                           .arg(CheckText::printable(plugins.join(QStringLiteral(", ")))),
                       QStringLiteral("No authorization plugin: whoever reaches the socket may run any command"));
}

Finding remoteLogging(const DaemonCheck& d)
{
    const DaemonValue v = d.value(QStringLiteral("log-driver"), {QStringLiteral("log-driver")});
    QString driver = v.isSet() ? v.last() : QString();
    if (driver.isEmpty()) {
        if (const auto* info = std::get_if<DockerInfo>(&d.info()))
            driver = info->loggingDriver;
    }
    if (driver.isEmpty())
        driver = QStringLiteral("json-file");
    static const QStringList local{QStringLiteral("json-file"), QStringLiteral("local"), QStringLiteral("none")};
    const bool remote = !local.contains(driver);
    Finding finding =
        fromSetting(d, "daemon.remote-logging", QStringLiteral("log-driver"), v,
                    QStringLiteral("A log driver that ships logs off the host (syslog, journald, "
                                   "fluentd, gelf, awslogs, splunk, ...)"),
                    remote, QStringLiteral("Container logs go to the %1 driver").arg(CheckText::quoted(driver)),
                    QStringLiteral("Container logs stay on the host (%1 driver): they are lost with it "
                                   "and can be altered by whoever controls it")
                        .arg(CheckText::quoted(driver)));
    if (const auto* info = std::get_if<DockerInfo>(&d.info()); info && !v.isSet())
        finding.evidence << d.infoRef(QStringLiteral("/LoggingDriver"));
    return finding;
}

Finding noNewPrivileges(const DaemonCheck& d)
{
    const DaemonValue v = d.value(QStringLiteral("no-new-privileges"), {QStringLiteral("no-new-privileges")});
    return fromSetting(d, "daemon.no-new-privileges", QStringLiteral("no-new-privileges"), v,
                       QStringLiteral("no-new-privileges=true"), isTrue(v),
                       QStringLiteral("Containers cannot gain privileges through setuid binaries by default"),
                       QStringLiteral("Containers may gain privileges through setuid or setcap binaries unless each "
                                      "one sets no-new-privileges"));
}

Finding liveRestore(const DaemonCheck& d)
{
    const char* id = "daemon.live-restore";
    const auto* info = std::get_if<DockerInfo>(&d.info());
    if (!info)
        return infoGap(d, id, std::get<EvidenceGap>(d.info()));
    const DaemonValue v = d.value(QStringLiteral("live-restore"), {QStringLiteral("live-restore")});
    Finding finding = d.make(QLatin1String(id));
    finding.expected = QStringLiteral("live-restore enabled (LiveRestoreEnabled=true)");
    finding.evidence = v.evidence;
    finding.evidence << d.infoRef(QStringLiteral("/LiveRestoreEnabled"));
    finding.actual =
        QStringLiteral("LiveRestoreEnabled=%1").arg(info->liveRestore ? QLatin1String("true") : QLatin1String("false"));
    if (info->swarmState == QLatin1String("active")) {
        finding.status = Status::NotApplicable;
        finding.message = QStringLiteral("The node is in a Swarm, where live restore is not supported");
        finding.evidence << d.infoRef(QStringLiteral("/Swarm/LocalNodeState"));
        return finding;
    }
    finding.status = info->liveRestore ? Status::Pass : Status::Fail;
    finding.message = info->liveRestore ? QStringLiteral("Containers keep running while the daemon restarts")
                                        : QStringLiteral("Every container stops when the daemon stops or is upgraded");
    return finding;
}

Finding userlandProxyDisabled(const DaemonCheck& d)
{
    const DaemonValue v = d.value(QStringLiteral("userland-proxy"), {QStringLiteral("userland-proxy")});
    return fromSetting(d, "daemon.userland-proxy-disabled", QStringLiteral("userland-proxy"), v,
                       QStringLiteral("userland-proxy=false"), isFalse(v),
                       QStringLiteral("Published ports are forwarded by the kernel, not by docker-proxy"),
                       QStringLiteral("docker-proxy runs for every published port (userland-proxy is on)"));
}

Finding seccompProfile(const DaemonCheck& d)
{
    const DaemonValue v = d.value(QStringLiteral("seccomp-profile"), {QStringLiteral("seccomp-profile")});
    Finding finding = d.make(QStringLiteral("daemon.seccomp-profile"));
    finding.expected = QStringLiteral("seccomp active: the default profile, or a custom one where appropriate");
    finding.evidence = v.evidence;
    if (v.isSet() && v.last() == QLatin1String("unconfined")) {
        finding.actual = v.describe(QStringLiteral("seccomp-profile"));
        finding.status = Status::Fail;
        finding.message = QStringLiteral("seccomp is switched off for every container (seccomp-profile=unconfined)");
        return finding;
    }
    if (v.isSet() && !v.last().isEmpty()) {
        finding.actual = v.describe(QStringLiteral("seccomp-profile"));
        finding.status = Status::Pass;
        finding.message = QStringLiteral("A custom seccomp profile applies to every container");
        return finding;
    }
    const auto* info = std::get_if<DockerInfo>(&d.info());
    if (!info)
        return infoGap(d, "daemon.seccomp-profile", std::get<EvidenceGap>(d.info()));
    const bool seccomp = std::any_of(info->securityOptions.cbegin(), info->securityOptions.cend(),
                                     [](const QString& o) { return o.startsWith(QLatin1String("name=seccomp")); });
    finding.evidence << d.infoRef(QStringLiteral("/SecurityOptions"));
    finding.actual = CheckText::printable(info->securityOptions.join(QStringLiteral("; ")));
    finding.status = seccomp ? Status::Warn : Status::Fail;
    finding.message = seccomp ? QStringLiteral("Docker's default seccomp profile applies: confirm no custom profile is "
                                               "needed for this workload")
                              : QStringLiteral("seccomp is not active on this daemon");
    return finding;
}

Finding noExperimental(const DaemonCheck& d)
{
    const char* id = "daemon.no-experimental";
    const auto* info = std::get_if<DockerInfo>(&d.info());
    if (!info)
        return infoGap(d, id, std::get<EvidenceGap>(d.info()));
    Finding finding = d.make(QLatin1String(id));
    finding.expected = QStringLiteral("ExperimentalBuild=false");
    finding.actual =
        QStringLiteral("ExperimentalBuild=%1").arg(info->experimental ? QLatin1String("true") : QLatin1String("false"));
    finding.evidence << d.infoRef(QStringLiteral("/ExperimentalBuild"));
    finding.status = info->experimental ? Status::Fail : Status::Pass;
    finding.message = info->experimental ? QStringLiteral("Experimental features are enabled on a daemon in use")
                                         : QStringLiteral("Experimental features are off");
    return finding;
}

Finding rootless(const DaemonCheck& d)
{
    const char* id = "daemon.rootless";
    const auto* info = std::get_if<DockerInfo>(&d.info());
    if (!info)
        return infoGap(d, id, std::get<EvidenceGap>(d.info()));
    Finding finding = d.make(QLatin1String(id));
    finding.expected = QStringLiteral("SecurityOptions includes name=rootless");
    finding.actual = CheckText::printable(info->securityOptions.join(QStringLiteral("; ")));
    finding.evidence << d.infoRef(QStringLiteral("/SecurityOptions"));
    const bool on = info->securityOptions.contains(QStringLiteral("name=rootless"));
    finding.status = on ? Status::Pass : Status::Warn;
    finding.message =
        on ? QStringLiteral("The daemon runs as an unprivileged user (rootless mode)")
           : QStringLiteral("The daemon runs as root: consider rootless mode where the workload allows it");
    return finding;
}

} // namespace

const QVector<DaemonRule>& DaemonRules::all()
{
    static const QVector<DaemonRule> rules{
        {"daemon.rootless", &rootless},
        {"daemon.icc-disabled", &iccDisabled},
        {"daemon.log-level-info", &logLevelInfo},
        {"daemon.iptables-enabled", &iptablesEnabled},
        {"daemon.no-insecure-registries", &noInsecureRegistries},
        {"daemon.no-aufs", &noAufs},
        {"daemon.tls-for-tcp", &tlsForTcp},
        {"daemon.userns-remap", &usernsRemap},
        {"daemon.default-cgroup", &defaultCgroup},
        {"daemon.base-device-size", &baseDeviceSize},
        {"daemon.authorization-plugin", &authorizationPlugin},
        {"daemon.remote-logging", &remoteLogging},
        {"daemon.no-new-privileges", &noNewPrivileges},
        {"daemon.live-restore", &liveRestore},
        {"daemon.userland-proxy-disabled", &userlandProxyDisabled},
        {"daemon.seccomp-profile", &seccompProfile},
        {"daemon.no-experimental", &noExperimental},
    };
    return rules;
}

} // namespace bulkhead
