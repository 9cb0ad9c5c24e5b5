// SPDX-License-Identifier: GPL-3.0-or-later
#include "checks/ContainerRuntimeRules.h"

#include "checks/CheckText.h"
#include "facts/DockerOptions.h"

#include <QDir>

#include <optional>

namespace bulkhead {

namespace {

QString joined(const QStringList& items)
{
    return CheckText::printable(items.join(QStringLiteral(", ")));
}

// A finding whose field is absent from the inspect output: an error, never a pass.
template <typename T>
bool absent(const ContainerCheck& check, Finding& finding, const std::optional<T>& value, const char* field,
            const QString& pointer)
{
    if (value)
        return false;
    finding = check.missing(finding, QLatin1String(field), pointer);
    return true;
}

Finding verdict(Finding finding, Status status, const QString& actual, const QString& message)
{
    finding.status = status;
    finding.actual = actual;
    finding.message = message;
    return finding;
}

// pid, ipc, uts, network, user namespaces: "host" shares the host's.
Finding hostNamespace(const ContainerCheck& check, const char* id, const std::optional<QString>& mode,
                      const char* field, const QString& pointer, const char* what, const char* risk)
{
    Finding finding = check.make(QLatin1String(id));
    finding.expected = QStringLiteral("%1 is not host").arg(QLatin1String(field));
    if (absent(check, finding, mode, field, pointer))
        return finding;
    check.cite(finding, pointer);
    const QString actual = QStringLiteral("%1=%2").arg(QLatin1String(field), CheckText::quoted(*mode));
    return DockerOptions::isHostMode(*mode)
               ? verdict(finding, Status::Fail, actual,
                         QStringLiteral("Shares the host's %1: %2").arg(QLatin1String(what), QLatin1String(risk)))
               : verdict(finding, Status::Pass, actual, QStringLiteral("Has its own %1").arg(QLatin1String(what)));
}

Finding appArmor(const ContainerCheck& check)
{
    const ContainerFacts& c = check.container();
    Finding finding = check.make(QStringLiteral("container.apparmor"));
    finding.expected = QStringLiteral("An AppArmor profile (docker-default or a custom one), not unconfined");
    if (absent(check, finding, c.appArmorProfile, "AppArmorProfile", c.appArmorProfilePointer()))
        return finding;
    check.cite(finding, c.appArmorProfilePointer());
    const std::optional<QString> opt =
        c.securityOpt ? DockerOptions::securityOptValue(*c.securityOpt, QStringLiteral("apparmor")) : std::nullopt;
    const QString profile = opt ? *opt : *c.appArmorProfile;
    const QString actual = QStringLiteral("AppArmorProfile=%1").arg(CheckText::quoted(profile));
    if (profile == QLatin1String("unconfined"))
        return verdict(finding, Status::Fail, actual, QStringLiteral("AppArmor confinement is switched off"));
    if (profile.isEmpty())
        return verdict(finding, Status::Warn, actual,
                       QStringLiteral("No AppArmor profile applies (the host may not use AppArmor; SELinux then "
                                      "takes its place)"));
    return verdict(finding, Status::Pass, actual,
                   QStringLiteral("Confined by the AppArmor profile %1").arg(CheckText::quoted(profile)));
}

Finding selinux(const ContainerCheck& check)
{
    const ContainerFacts& c = check.container();
    Finding finding = check.make(QStringLiteral("container.selinux"));
    finding.expected = QStringLiteral("An SELinux process label, and no label=disable");
    if (absent(check, finding, c.securityOpt, "HostConfig.SecurityOpt", c.securityOptPointer()) ||
        absent(check, finding, c.processLabel, "ProcessLabel", c.processLabelPointer()))
        return finding;
    check.cite(finding, c.securityOptPointer());
    check.cite(finding, c.processLabelPointer());
    const std::optional<QString> label = DockerOptions::securityOptValue(*c.securityOpt, QStringLiteral("label"));
    if (label && (*label == QLatin1String("disable") || *label == QLatin1String("disabled")))
        return verdict(finding, Status::Fail, QStringLiteral("SecurityOpt label=disable"),
                       QStringLiteral("SELinux labelling is switched off for this container"));
    if (c.processLabel->isEmpty())
        return verdict(finding, Status::Warn, QStringLiteral("ProcessLabel=\"\""),
                       QStringLiteral("No SELinux label applies (the host may not use SELinux; AppArmor then takes "
                                      "its place)"));
    return verdict(finding, Status::Pass, QStringLiteral("ProcessLabel=%1").arg(CheckText::quoted(*c.processLabel)),
                   QStringLiteral("Confined by SELinux"));
}

Finding capabilities(const ContainerCheck& check)
{
    const ContainerFacts& c = check.container();
    Finding finding = check.make(QStringLiteral("container.no-added-capabilities"));
    finding.expected = QStringLiteral("No capability added to Docker's default set (CapAdd empty)");
    if (absent(check, finding, c.capAdd, "HostConfig.CapAdd", c.capAddPointer()))
        return finding;
    check.cite(finding, c.capAddPointer());
    if (c.capDrop)
        check.cite(finding, c.capDropPointer());
    QStringList added;
    for (const QString& cap : *c.capAdd)
        added << DockerOptions::normalizedCapability(cap);
    if (added.isEmpty()) {
        const bool dropsAll = c.capDrop && DockerOptions::containsCapability(
                                               [&] {
                                                   QStringList dropped;
                                                   for (const QString& cap : *c.capDrop)
                                                       dropped << DockerOptions::normalizedCapability(cap);
                                                   return dropped;
                                               }(),
                                               QStringLiteral("ALL"));
        return verdict(finding, Status::Pass,
                       dropsAll ? QStringLiteral("CapAdd empty, CapDrop ALL") : QStringLiteral("CapAdd empty"),
                       dropsAll ? QStringLiteral("Runs without any capability beyond what it adds back (none)")
                                : QStringLiteral("No capability added to the default set"));
    }
    const QString actual = QStringLiteral("CapAdd: %1").arg(joined(added));
    return verdict(finding, Status::Fail, actual,
                   added.contains(QStringLiteral("ALL"))
                       ? QStringLiteral("Every capability is added (CapAdd ALL): root in it is root on the host")
                       : QStringLiteral("Capabilities added to the default set: %1").arg(joined(added)));
}

Finding sensitiveMounts(const ContainerCheck& check)
{
    const ContainerFacts& c = check.container();
    Finding finding = check.make(QStringLiteral("container.no-sensitive-mounts"));
    finding.expected = QStringLiteral("No mount of /, /boot, /dev, /etc, /lib, /proc, /sys or /usr from the host");
    static const QStringList sensitive{QStringLiteral("/"),    QStringLiteral("/boot"), QStringLiteral("/dev"),
                                       QStringLiteral("/etc"), QStringLiteral("/lib"),  QStringLiteral("/proc"),
                                       QStringLiteral("/sys"), QStringLiteral("/usr")};
    QStringList readWrite;
    QStringList readOnly;
    for (const MountFact& mount : c.mounts) {
        if (mount.type == QLatin1String("volume") || mount.type == QLatin1String("tmpfs") || mount.source.isEmpty())
            continue;
        const QString source = QDir::cleanPath(mount.source);
        if (!sensitive.contains(source))
            continue;
        check.cite(finding, mount.pointer);
        const QString line =
            QStringLiteral("%1 -> %2").arg(CheckText::printable(source), CheckText::printable(mount.destination));
        QStringList& list = mount.readWrite ? readWrite : readOnly;
        if (!list.contains(line))
            list << line;
    }
    if (readWrite.isEmpty() && readOnly.isEmpty()) {
        check.cite(finding, c.mountsPointer());
        return verdict(finding, Status::Pass,
                       QStringLiteral("%1 mount(s), none of a sensitive host directory").arg(c.mounts.size()),
                       QStringLiteral("No sensitive host directory is mounted"));
    }
    if (!readWrite.isEmpty())
        return verdict(finding, Status::Fail, joined(readWrite + readOnly),
                       QStringLiteral("Sensitive host directories are mounted writable: %1").arg(joined(readWrite)));
    return verdict(finding, Status::Warn, joined(readOnly),
                   QStringLiteral("Sensitive host directories are mounted read-only: %1").arg(joined(readOnly)));
}

Finding privilegedPorts(const ContainerCheck& check)
{
    const ContainerFacts& c = check.container();
    Finding finding = check.make(QStringLiteral("container.no-privileged-ports"));
    finding.expected = QStringLiteral("No host port below 1024 mapped");
    if (absent(check, finding, c.portBindings, "HostConfig.PortBindings", c.portBindingsPointer()))
        return finding;
    QStringList low;
    for (const PortBinding& binding : *c.portBindings) {
        const std::optional<int> port = DockerOptions::lowestHostPort(binding.hostPort);
        if (port && *port < 1024) {
            check.cite(finding, binding.pointer);
            low << QStringLiteral("%1 -> %2/%3")
                       .arg(CheckText::printable(binding.hostPort), binding.containerPort, binding.protocol);
        }
    }
    if (low.isEmpty()) {
        check.cite(finding, c.portBindingsPointer());
        return verdict(finding, Status::Pass,
                       QStringLiteral("%1 binding(s), none below 1024").arg(c.portBindings->size()),
                       QStringLiteral("No privileged host port is mapped"));
    }
    return verdict(finding, Status::Fail, joined(low),
                   QStringLiteral("Privileged host ports are mapped: %1").arg(joined(low)));
}

Finding hostNetwork(const ContainerCheck& c)
{
    return hostNamespace(c, "container.no-host-network", c.container().networkMode, "HostConfig.NetworkMode",
                         c.container().networkModePointer(), "network namespace",
                         "it uses every host interface and port");
}

Finding memoryLimit(const ContainerCheck& check)
{
    const ContainerFacts& c = check.container();
    Finding finding = check.make(QStringLiteral("container.memory-limit"));
    finding.expected = QStringLiteral("HostConfig.Memory above 0");
    if (absent(check, finding, c.memory, "HostConfig.Memory", c.memoryPointer()))
        return finding;
    check.cite(finding, c.memoryPointer());
    const QString actual = QStringLiteral("Memory=%1").arg(*c.memory);
    return *c.memory > 0 ? verdict(finding, Status::Pass, actual,
                                   QStringLiteral("Memory is limited to %1 MiB").arg(*c.memory / (1024 * 1024)))
                         : verdict(finding, Status::Fail, actual,
                                   QStringLiteral("No memory limit: the container can take the host's memory"));
}

Finding cpuLimit(const ContainerCheck& check)
{
    const ContainerFacts& c = check.container();
    Finding finding = check.make(QStringLiteral("container.cpu-limit"));
    finding.expected = QStringLiteral("CPU shares other than the default, a CPU quota, or a CPU count");
    if (absent(check, finding, c.cpuShares, "HostConfig.CpuShares", c.cpuSharesPointer()))
        return finding;
    check.cite(finding, c.cpuSharesPointer());
    const bool shares = *c.cpuShares > 0 && *c.cpuShares != 1024;
    const bool quota = c.cpuQuota && *c.cpuQuota > 0;
    const bool cpus = c.nanoCpus && *c.nanoCpus > 0;
    if (quota)
        check.cite(finding, c.cpuQuotaPointer());
    if (cpus)
        check.cite(finding, c.nanoCpusPointer());
    const QString actual = QStringLiteral("CpuShares=%1, CpuQuota=%2, NanoCpus=%3")
                               .arg(*c.cpuShares)
                               .arg(c.cpuQuota.value_or(0))
                               .arg(c.nanoCpus.value_or(0));
    return shares || quota || cpus
               ? verdict(finding, Status::Pass, actual, QStringLiteral("CPU use is weighted or limited"))
               : verdict(finding, Status::Fail, actual,
                         QStringLiteral("No CPU weight or limit: the container competes equally "
                                        "with everything on the host"));
}

Finding boundToInterface(const ContainerCheck& check)
{
    const ContainerFacts& c = check.container();
    Finding finding = check.make(QStringLiteral("container.ports-bound-to-interface"));
    finding.expected = QStringLiteral("Every published port bound to a specific host address");
    if (absent(check, finding, c.portBindings, "HostConfig.PortBindings", c.portBindingsPointer()))
        return finding;
    QStringList open;
    for (const PortBinding& binding : *c.portBindings) {
        if (!DockerOptions::isAllInterfaces(binding.hostIp))
            continue;
        check.cite(finding, binding.pointer);
        const QString address = binding.hostIp.isEmpty() ? QStringLiteral("all interfaces (IPv4 and IPv6)")
                                                         : CheckText::printable(binding.hostIp, 60);
        open << QStringLiteral("%1:%2 -> %3/%4")
                    .arg(address,
                         binding.hostPort.isEmpty() ? QStringLiteral("(any port)")
                                                    : CheckText::printable(binding.hostPort),
                         binding.containerPort, binding.protocol);
    }
    if (c.publishAllPorts && *c.publishAllPorts) {
        check.cite(finding, c.publishAllPortsPointer());
        open << QStringLiteral("every exposed port (-P), on all interfaces");
    }
    if (open.isEmpty()) {
        check.cite(finding, c.portBindingsPointer());
        return verdict(finding, Status::Pass,
                       QStringLiteral("%1 binding(s), each to a specific address").arg(c.portBindings->size()),
                       QStringLiteral("No port listens on every host interface"));
    }
    return verdict(finding, Status::Fail, joined(open),
                   QStringLiteral("Ports listen on every host interface: %1").arg(joined(open)));
}

Finding restartPolicy(const ContainerCheck& check)
{
    const ContainerFacts& c = check.container();
    Finding finding = check.make(QStringLiteral("container.restart-policy"));
    finding.expected = QStringLiteral("RestartPolicy on-failure with at most 5 retries (or no restart)");
    if (absent(check, finding, c.restartPolicy, "HostConfig.RestartPolicy", c.restartPolicyPointer()))
        return finding;
    check.cite(finding, c.restartPolicyPointer());
    const QString name = c.restartPolicy->name;
    const qint64 retries = c.restartPolicy->maximumRetryCount;
    const QString actual =
        QStringLiteral("RestartPolicy=%1, MaximumRetryCount=%2").arg(CheckText::quoted(name)).arg(retries);
    if (name == QLatin1String("on-failure"))
        return retries > 0 && retries <= 5
                   ? verdict(finding, Status::Pass, actual,
                             QStringLiteral("Restarts on failure at most %1 times").arg(retries))
                   : verdict(finding, Status::Fail, actual,
                             QStringLiteral("Restarts on failure without a limit of 5 (%1)")
                                 .arg(retries == 0 ? QStringLiteral("unlimited") : QString::number(retries)));
    if (name.isEmpty() || name == QLatin1String("no"))
        return verdict(finding, Status::Pass, actual, QStringLiteral("Never restarted automatically"));
    return verdict(
        finding, Status::Fail, actual,
        QStringLiteral("Restarted forever (%1): a crash loop can exhaust the host").arg(CheckText::quoted(name)));
}

Finding hostPid(const ContainerCheck& c)
{
    return hostNamespace(c, "container.no-host-pid", c.container().pidMode, "HostConfig.PidMode",
                         c.container().pidModePointer(), "process namespace", "it sees and can signal host processes");
}

Finding hostIpc(const ContainerCheck& c)
{
    return hostNamespace(c, "container.no-host-ipc", c.container().ipcMode, "HostConfig.IpcMode",
                         c.container().ipcModePointer(), "IPC namespace",
                         "it reaches the shared memory of host processes");
}

Finding devices(const ContainerCheck& check)
{
    const ContainerFacts& c = check.container();
    Finding finding = check.make(QStringLiteral("container.no-host-devices"));
    finding.expected = QStringLiteral("No host device passed in (HostConfig.Devices empty)");
    if (absent(check, finding, c.devices, "HostConfig.Devices", c.devicesPointer()))
        return finding;
    check.cite(finding, c.devicesPointer());
    if (c.devices->isEmpty())
        return verdict(finding, Status::Pass, QStringLiteral("no devices"),
                       QStringLiteral("No host device is exposed"));
    QStringList listed;
    bool writable = false;
    for (const DeviceMapping& device : *c.devices) {
        listed << QStringLiteral("%1 (%2)").arg(CheckText::printable(device.pathOnHost),
                                                CheckText::printable(device.cgroupPermissions));
        writable = writable || device.cgroupPermissions.isEmpty() ||
                   device.cgroupPermissions.contains(QLatin1Char('w')) ||
                   device.cgroupPermissions.contains(QLatin1Char('m'));
    }
    return verdict(finding, writable ? Status::Fail : Status::Warn, joined(listed),
                   QStringLiteral("Host devices are exposed%1: %2")
                       .arg(writable ? QString() : QStringLiteral(" read-only"), joined(listed)));
}

Finding mountPropagation(const ContainerCheck& check)
{
    const ContainerFacts& c = check.container();
    Finding finding = check.make(QStringLiteral("container.no-shared-propagation"));
    finding.expected = QStringLiteral("No mount with shared or rshared propagation");
    QStringList shared;
    for (const MountFact& mount : c.mounts) {
        if (!mount.propagation)
            continue;
        if (*mount.propagation == QLatin1String("shared") || *mount.propagation == QLatin1String("rshared")) {
            check.cite(finding, mount.pointer);
            shared << QStringLiteral("%1 (%2)").arg(CheckText::printable(mount.destination), *mount.propagation);
        }
    }
    if (shared.isEmpty()) {
        check.cite(finding, c.mountsPointer());
        return verdict(finding, Status::Pass, QStringLiteral("no shared mounts"),
                       QStringLiteral("No mount propagates to or from the host"));
    }
    shared.removeDuplicates();
    return verdict(finding, Status::Fail, joined(shared),
                   QStringLiteral("Mounts propagate to the host: %1").arg(joined(shared)));
}

Finding hostUts(const ContainerCheck& c)
{
    return hostNamespace(c, "container.no-host-uts", c.container().utsMode, "HostConfig.UTSMode",
                         c.container().utsModePointer(), "UTS namespace", "it can change the host's name");
}

Finding seccomp(const ContainerCheck& check)
{
    const ContainerFacts& c = check.container();
    Finding finding = check.make(QStringLiteral("container.seccomp"));
    finding.expected = QStringLiteral("No seccomp=unconfined");
    if (absent(check, finding, c.securityOpt, "HostConfig.SecurityOpt", c.securityOptPointer()))
        return finding;
    check.cite(finding, c.securityOptPointer());
    const std::optional<QString> profile = DockerOptions::securityOptValue(*c.securityOpt, QStringLiteral("seccomp"));
    if (profile && *profile == QLatin1String("unconfined"))
        return verdict(finding, Status::Fail, QStringLiteral("seccomp=unconfined"),
                       QStringLiteral("seccomp is switched off: every system call is allowed"));
    return verdict(finding, Status::Pass,
                   profile ? QStringLiteral("seccomp=%1").arg(CheckText::printable(*profile, 80))
                           : QStringLiteral("default profile"),
                   profile ? QStringLiteral("A custom seccomp profile applies")
                           : QStringLiteral("The daemon's seccomp profile applies"));
}

Finding cgroupParent(const ContainerCheck& check)
{
    const ContainerFacts& c = check.container();
    Finding finding = check.make(QStringLiteral("container.default-cgroup"));
    finding.expected = QStringLiteral("No CgroupParent, or one confirmed as intended");
    if (absent(check, finding, c.cgroupParent, "HostConfig.CgroupParent", c.cgroupParentPointer()))
        return finding;
    check.cite(finding, c.cgroupParentPointer());
    const QString actual = QStringLiteral("CgroupParent=%1").arg(CheckText::quoted(*c.cgroupParent));
    return c.cgroupParent->isEmpty()
               ? verdict(finding, Status::Pass, actual, QStringLiteral("Runs under the daemon's cgroup parent"))
               : verdict(finding, Status::Warn, actual,
                         QStringLiteral("Runs under the cgroup %1: confirm its limits are intended")
                             .arg(CheckText::quoted(*c.cgroupParent)));
}

Finding noNewPrivileges(const ContainerCheck& check)
{
    const ContainerFacts& c = check.container();
    Finding finding = check.make(QStringLiteral("container.no-new-privileges"));
    finding.expected =
        QStringLiteral("SecurityOpt no-new-privileges (or the daemon's default, see daemon.no-new-privileges)");
    if (absent(check, finding, c.securityOpt, "HostConfig.SecurityOpt", c.securityOptPointer()))
        return finding;
    check.cite(finding, c.securityOptPointer());
    const std::optional<bool> set = DockerOptions::noNewPrivileges(*c.securityOpt);
    if (set && *set)
        return verdict(finding, Status::Pass, QStringLiteral("no-new-privileges=true"),
                       QStringLiteral("Cannot gain privileges through setuid or setcap binaries"));
    return verdict(finding, Status::Fail, set ? QStringLiteral("no-new-privileges=false") : QStringLiteral("not set"),
                   QStringLiteral("May gain privileges through setuid or setcap binaries, unless the daemon sets "
                                  "no-new-privileges for every container"));
}

Finding health(const ContainerCheck& check)
{
    const ContainerFacts& c = check.container();
    Finding finding = check.make(QStringLiteral("container.healthcheck"));
    finding.expected = QStringLiteral("A HEALTHCHECK (from the image or --health-cmd)");
    if (absent(check, finding, c.healthcheck, "Config.Healthcheck", c.healthcheckPointer()))
        return finding;
    if (!c.healthcheck->defined()) {
        check.cite(finding, c.configPointer() + QStringLiteral("/Image"));
        return verdict(finding, Status::Fail, QStringLiteral("no health check"),
                       QStringLiteral("Nothing checks that the service in the container works"));
    }
    check.cite(finding, c.healthcheckPointer());
    QString status = c.healthStatus ? *c.healthStatus : QString();
    if (!status.isEmpty())
        check.cite(finding, c.healthStatusPointer());
    return verdict(
        finding, Status::Pass,
        status.isEmpty() ? QStringLiteral("health check defined")
                         : QStringLiteral("health %1").arg(CheckText::quoted(status)),
        status.isEmpty()
            ? QStringLiteral("A health check is defined")
            : QStringLiteral("A health check is defined; the container is %1").arg(CheckText::quoted(status)));
}

Finding pidsLimit(const ContainerCheck& check)
{
    const ContainerFacts& c = check.container();
    Finding finding = check.make(QStringLiteral("container.pids-limit"));
    finding.expected = QStringLiteral("HostConfig.PidsLimit above 0");
    if (absent(check, finding, c.pidsLimit, "HostConfig.PidsLimit", c.pidsLimitPointer()))
        return finding;
    check.cite(finding, c.pidsLimitPointer());
    const QString actual = QStringLiteral("PidsLimit=%1").arg(*c.pidsLimit);
    return DockerOptions::isUnlimitedPids(*c.pidsLimit)
               ? verdict(finding, Status::Fail, actual,
                         QStringLiteral("No limit on processes: a fork bomb takes the host"))
               : verdict(finding, Status::Pass, actual, QStringLiteral("At most %1 processes").arg(*c.pidsLimit));
}

Finding defaultBridge(const ContainerCheck& check)
{
    const ContainerFacts& c = check.container();
    Finding finding = check.make(QStringLiteral("container.no-default-bridge"));
    finding.expected = QStringLiteral("A user-defined network (or none), not the default bridge docker0");
    if (absent(check, finding, c.networkMode, "HostConfig.NetworkMode", c.networkModePointer()))
        return finding;
    check.cite(finding, c.networkModePointer());
    const QString actual = QStringLiteral("NetworkMode=%1").arg(CheckText::quoted(*c.networkMode));
    const bool bridge = *c.networkMode == QLatin1String("default") || *c.networkMode == QLatin1String("bridge");
    return bridge ? verdict(finding, Status::Fail, actual,
                            QStringLiteral("On the default bridge, where every container can reach every other"))
                  : verdict(finding, Status::Pass, actual, QStringLiteral("Not on the default bridge"));
}

Finding hostUserns(const ContainerCheck& c)
{
    return hostNamespace(c, "container.no-host-userns", c.container().usernsMode, "HostConfig.UsernsMode",
                         c.container().usernsModePointer(), "user namespace", "root in it is not remapped");
}

Finding logDriver(const ContainerCheck& check)
{
    const ContainerFacts& c = check.container();
    Finding finding = check.make(QStringLiteral("container.logging"));
    finding.expected = QStringLiteral("A log driver other than none; json-file and local with max-size");
    if (absent(check, finding, c.logConfig, "HostConfig.LogConfig", c.logConfigPointer()))
        return finding;
    check.cite(finding, c.logConfigPointer());
    const QString type = c.logConfig->type;
    const QString actual = QStringLiteral("LogConfig.Type=%1").arg(CheckText::quoted(type));
    if (type == QLatin1String("none"))
        return verdict(finding, Status::Fail, actual, QStringLiteral("Logging is switched off for this container"));
    if ((type == QLatin1String("json-file") || type == QLatin1String("local")) &&
        !c.logConfig->options.contains(QStringLiteral("max-size")))
        return verdict(finding, Status::Warn, actual,
                       QStringLiteral("Logs to %1 without max-size: the log grows until the disk is full")
                           .arg(CheckText::quoted(type)));
    return verdict(finding, Status::Pass, actual,
                   QStringLiteral("Logs through the %1 driver").arg(CheckText::quoted(type)));
}

} // namespace

const QVector<ContainerRule>& ContainerRuntimeRules::all()
{
    static const QVector<ContainerRule> rules{
        {"container.apparmor", &appArmor},
        {"container.selinux", &selinux},
        {"container.no-added-capabilities", &capabilities},
        {"container.no-sensitive-mounts", &sensitiveMounts},
        {"container.no-privileged-ports", &privilegedPorts},
        {"container.no-host-network", &hostNetwork},
        {"container.memory-limit", &memoryLimit},
        {"container.cpu-limit", &cpuLimit},
        {"container.ports-bound-to-interface", &boundToInterface},
        {"container.restart-policy", &restartPolicy},
        {"container.no-host-pid", &hostPid},
        {"container.no-host-ipc", &hostIpc},
        {"container.no-host-devices", &devices},
        {"container.no-shared-propagation", &mountPropagation},
        {"container.no-host-uts", &hostUts},
        {"container.seccomp", &seccomp},
        {"container.default-cgroup", &cgroupParent},
        {"container.no-new-privileges", &noNewPrivileges},
        {"container.healthcheck", &health},
        {"container.pids-limit", &pidsLimit},
        {"container.no-default-bridge", &defaultBridge},
        {"container.no-host-userns", &hostUserns},
        {"container.logging", &logDriver},
    };
    return rules;
}

} // namespace bulkhead
