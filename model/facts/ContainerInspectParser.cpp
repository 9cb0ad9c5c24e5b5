// SPDX-License-Identifier: GPL-3.0-or-later
#include "facts/ContainerInspectParser.h"

#include "core/JsonPointer.h"
#include "facts/InspectFieldReader.h"
#include "facts/JsonReader.h"

#include <QRegularExpression>

namespace bulkhead {

namespace {

bool isContainerId(const QString& id)
{
    static const QRegularExpression hex(QStringLiteral("^[0-9a-f]{64}$"));
    return hex.match(id).hasMatch();
}

// "src:dst[:opts]" as docker writes HostConfig.Binds on Linux. src is a host path or a volume name.
MountFact parseBind(const QString& bind, const QString& pointer)
{
    MountFact mount;
    mount.origin = MountFact::Origin::HostConfigBinds;
    mount.pointer = pointer;
    const QStringList parts = bind.split(QLatin1Char(':'));
    mount.source = parts.value(0);
    mount.destination = parts.value(1);
    mount.type = mount.source.startsWith(QLatin1Char('/')) ? QStringLiteral("bind") : QStringLiteral("volume");
    mount.propagation = QString();
    if (parts.size() >= 3) {
        const QStringList options = parts.at(2).split(QLatin1Char(','));
        mount.readWrite = !options.contains(QStringLiteral("ro"));
        static const QStringList propagations = {QStringLiteral("shared"),  QStringLiteral("rshared"),
                                                 QStringLiteral("slave"),   QStringLiteral("rslave"),
                                                 QStringLiteral("private"), QStringLiteral("rprivate")};
        for (const QString& option : options) {
            if (propagations.contains(option))
                mount.propagation = option;
        }
    }
    return mount;
}

using NullIs = InspectFieldReader::NullIs;

// HostConfig.PortBindings / NetworkSettings.Ports: {"80/tcp": [{"HostIp": "", "HostPort": "80"}],
// "8080/tcp": null}. A port without bindings (null, []) gives no entry; null for the whole map is none.
std::optional<QVector<PortBinding>> readPorts(InspectFieldReader& fields, const Json* parent, const char* key,
                                              const QString& pointer)
{
    const Json* value = InspectFieldReader::member(parent, key);
    if (!value)
        return std::nullopt;
    QVector<PortBinding> bindings;
    if (value->is_null())
        return bindings;
    if (!value->is_object())
        return fields.mismatch(pointer);
    for (const auto& [port, list] : value->items()) {
        const QString portKey = QString::fromStdString(port);
        const QString portPointer = JsonPointer::append(pointer, portKey);
        if (list.is_null())
            continue;
        if (!list.is_array())
            return fields.mismatch(portPointer);
        const qsizetype slash = portKey.indexOf(QLatin1Char('/'));
        for (std::size_t b = 0; b < list.size(); ++b) {
            PortBinding binding;
            binding.containerPort = slash < 0 ? portKey : portKey.left(slash);
            binding.protocol = slash < 0 ? QString() : portKey.mid(slash + 1);
            binding.pointer = JsonPointer::append(portPointer, static_cast<qsizetype>(b));
            const Json& entry = list[b];
            if (!entry.is_object())
                return fields.mismatch(binding.pointer);
            const auto hostIp = fields.string(&entry, "HostIp", binding.pointer + QStringLiteral("/HostIp"));
            const auto hostPort = fields.string(&entry, "HostPort", binding.pointer + QStringLiteral("/HostPort"));
            if (!hostIp || !hostPort)
                return std::nullopt;
            binding.hostIp = *hostIp;
            binding.hostPort = *hostPort;
            bindings.append(binding);
        }
    }
    return bindings;
}

// HostConfig.Devices: [{"PathOnHost": "/dev/x", "PathInContainer": "/dev/x", "CgroupPermissions": "rwm"}].
std::optional<QVector<DeviceMapping>> readDevices(InspectFieldReader& fields, const Json* host, const QString& pointer)
{
    const Json* value = InspectFieldReader::member(host, "Devices");
    if (!value)
        return std::nullopt;
    QVector<DeviceMapping> devices;
    if (value->is_null())
        return devices;
    if (!value->is_array())
        return fields.mismatch(pointer);
    for (std::size_t d = 0; d < value->size(); ++d) {
        DeviceMapping device;
        device.pointer = JsonPointer::append(pointer, static_cast<qsizetype>(d));
        const Json& entry = (*value)[d];
        if (!entry.is_object())
            return fields.mismatch(device.pointer);
        const auto onHost = fields.string(&entry, "PathOnHost", device.pointer + QStringLiteral("/PathOnHost"));
        const auto inContainer =
            fields.string(&entry, "PathInContainer", device.pointer + QStringLiteral("/PathInContainer"));
        const auto permissions =
            fields.string(&entry, "CgroupPermissions", device.pointer + QStringLiteral("/CgroupPermissions"));
        if (!onHost || !inContainer || !permissions)
            return std::nullopt;
        device.pathOnHost = *onHost;
        device.pathInContainer = *inContainer;
        device.cgroupPermissions = *permissions;
        devices.append(device);
    }
    return devices;
}

// HostConfig.Ulimits: [{"Name": "nofile", "Hard": 2048, "Soft": 1024}].
std::optional<QVector<UlimitFact>> readUlimits(InspectFieldReader& fields, const Json* host, const QString& pointer)
{
    const Json* value = InspectFieldReader::member(host, "Ulimits");
    if (!value)
        return std::nullopt;
    QVector<UlimitFact> ulimits;
    if (value->is_null())
        return ulimits;
    if (!value->is_array())
        return fields.mismatch(pointer);
    for (std::size_t u = 0; u < value->size(); ++u) {
        UlimitFact ulimit;
        ulimit.pointer = JsonPointer::append(pointer, static_cast<qsizetype>(u));
        const Json& entry = (*value)[u];
        if (!entry.is_object())
            return fields.mismatch(ulimit.pointer);
        const auto name = fields.string(&entry, "Name", ulimit.pointer + QStringLiteral("/Name"));
        const auto soft = fields.integer(&entry, "Soft", ulimit.pointer + QStringLiteral("/Soft"));
        const auto hard = fields.integer(&entry, "Hard", ulimit.pointer + QStringLiteral("/Hard"));
        if (!name || !soft || !hard)
            return std::nullopt;
        ulimit.name = *name;
        ulimit.soft = *soft;
        ulimit.hard = *hard;
        ulimits.append(ulimit);
    }
    return ulimits;
}

std::optional<RestartPolicy> readRestartPolicy(InspectFieldReader& fields, const Json* host, const QString& pointer)
{
    const Json* policy = fields.object(host, "RestartPolicy", pointer);
    if (!policy)
        return std::nullopt;
    const auto name = fields.string(policy, "Name", pointer + QStringLiteral("/Name"));
    const auto retries = fields.integer(policy, "MaximumRetryCount", pointer + QStringLiteral("/MaximumRetryCount"));
    if (!name || !retries)
        return std::nullopt;
    return RestartPolicy{*name, *retries, pointer};
}

std::optional<LogConfig> readLogConfig(InspectFieldReader& fields, const Json* host, const QString& pointer)
{
    const Json* log = fields.object(host, "LogConfig", pointer);
    if (!log)
        return std::nullopt;
    const auto type = fields.string(log, "Type", pointer + QStringLiteral("/Type"));
    const auto options =
        fields.stringMap(InspectFieldReader::member(log, "Config"), pointer + QStringLiteral("/Config"), NullIs::Empty);
    if (!type || !options)
        return std::nullopt;
    return LogConfig{*type, *options, pointer};
}

// The fields read leniently (InspectFieldReader): each one absent on its own when it is odd.
void readDetails(const Json& element, ContainerFacts& facts)
{
    InspectFieldReader fields(facts.mistyped);
    const Json* top = &element;
    facts.created = fields.string(top, "Created", facts.createdPointer());
    facts.path = fields.string(top, "Path", facts.pathPointer());
    facts.args = fields.stringList(top, "Args", facts.argsPointer(), NullIs::Empty);
    facts.appArmorProfile = fields.string(top, "AppArmorProfile", facts.appArmorProfilePointer());
    facts.processLabel = fields.string(top, "ProcessLabel", facts.processLabelPointer());
    facts.mountLabel = fields.string(top, "MountLabel", facts.mountLabelPointer());

    if (const Json* state = fields.object(top, "State", facts.statePointer())) {
        facts.statePid = fields.integer(state, "Pid", facts.statePidPointer());
        const QString healthPointer = facts.statePointer() + QStringLiteral("/Health");
        const Json* health = InspectFieldReader::member(state, "Health");
        if (!health || health->is_null())
            facts.healthStatus = QString();
        else if (const Json* object = fields.object(state, "Health", healthPointer))
            facts.healthStatus = fields.string(object, "Status", facts.healthStatusPointer());
    }

    if (const Json* network =
            fields.object(top, "NetworkSettings", facts.pointer + QStringLiteral("/NetworkSettings"))) {
        facts.ports = readPorts(fields, network, "Ports", facts.portsPointer());
        facts.networks = fields.keys(network, "Networks", facts.networksPointer(), NullIs::Empty);
    }

    if (const Json* config = fields.object(top, "Config", facts.configPointer())) {
        facts.hostname = fields.string(config, "Hostname", facts.hostnamePointer());
        facts.cmd = fields.stringList(config, "Cmd", facts.cmdPointer(), NullIs::Empty);
        facts.entrypoint = fields.stringList(config, "Entrypoint", facts.entrypointPointer(), NullIs::Empty);
        // Omitted when the image and the run expose nothing.
        facts.exposedPorts = InspectFieldReader::has(config, "ExposedPorts")
                                 ? fields.keys(config, "ExposedPorts", facts.exposedPortsPointer(), NullIs::Empty)
                                 : std::optional<QStringList>(QStringList());
        facts.healthcheck = fields.healthcheck(config, facts.healthcheckPointer());
    }

    if (const Json* host = fields.object(top, "HostConfig", facts.hostConfigPointer())) {
        facts.capAdd = fields.stringList(host, "CapAdd", facts.capAddPointer(), NullIs::Empty);
        facts.capDrop = fields.stringList(host, "CapDrop", facts.capDropPointer(), NullIs::Empty);
        facts.securityOpt = fields.stringList(host, "SecurityOpt", facts.securityOptPointer(), NullIs::Empty);
        facts.pidMode = fields.string(host, "PidMode", facts.pidModePointer());
        facts.ipcMode = fields.string(host, "IpcMode", facts.ipcModePointer());
        facts.utsMode = fields.string(host, "UTSMode", facts.utsModePointer());
        facts.networkMode = fields.string(host, "NetworkMode", facts.networkModePointer());
        facts.usernsMode = fields.string(host, "UsernsMode", facts.usernsModePointer());
        facts.cgroupnsMode = fields.string(host, "CgroupnsMode", facts.cgroupnsModePointer());
        facts.devices = readDevices(fields, host, facts.devicesPointer());
        facts.portBindings = readPorts(fields, host, "PortBindings", facts.portBindingsPointer());
        facts.publishAllPorts = fields.boolean(host, "PublishAllPorts", facts.publishAllPortsPointer());
        facts.memory = fields.integer(host, "Memory", facts.memoryPointer());
        facts.nanoCpus = fields.integer(host, "NanoCpus", facts.nanoCpusPointer());
        facts.cpuShares = fields.integer(host, "CpuShares", facts.cpuSharesPointer());
        facts.cpuQuota = fields.integer(host, "CpuQuota", facts.cpuQuotaPointer());
        facts.pidsLimit = fields.integer(host, "PidsLimit", facts.pidsLimitPointer(), NullIs::Empty);
        facts.restartPolicy = readRestartPolicy(fields, host, facts.restartPolicyPointer());
        facts.logConfig = readLogConfig(fields, host, facts.logConfigPointer());
        facts.ulimits = readUlimits(fields, host, facts.ulimitsPointer());
        facts.oomKillDisable = fields.boolean(host, "OomKillDisable", facts.oomKillDisablePointer());
        facts.cgroupParent = fields.string(host, "CgroupParent", facts.cgroupParentPointer());
        facts.runtime = fields.string(host, "Runtime", facts.runtimePointer());
    }
}

} // namespace

bool ContainerInspectParser::isRootUser(const QString& user)
{
    // Docker's --user is "user[:group]"; only the user part decides who the process is. An empty
    // user part means the image default, which for Config.User "" is root. "00" is UID 0 too.
    const QString name = user.section(QLatin1Char(':'), 0, 0);
    if (name.isEmpty() || name == QLatin1String("root"))
        return true;
    bool numeric = false;
    const qulonglong uid = name.toULongLong(&numeric);
    return numeric && uid == 0 && !name.startsWith(QLatin1Char('+')) && !name.startsWith(QLatin1Char('-'));
}

Result<QVector<ContainerFacts>> ContainerInspectParser::parse(const QByteArray& json)
{
    auto document = parseJson(json, QStringLiteral("docker container inspect output"));
    if (!document)
        return document.error();
    const Json& root = document.value();
    if (!root.is_array()) {
        return makeError(QStringLiteral("docker container inspect output is %1, expected an array")
                             .arg(QString::fromUtf8(root.type_name())));
    }

    QVector<ContainerFacts> containers;
    JsonReader reader(QString{});
    for (std::size_t i = 0; i < root.size(); ++i) {
        const Json& element = root[i];
        ContainerFacts facts;
        facts.index = static_cast<int>(i);
        facts.pointer = JsonPointer::append(QString(), static_cast<qsizetype>(i));
        reader.setWhere(QStringLiteral("container %1 (at %2)").arg(i + 1).arg(facts.pointer));
        if (!element.is_object()) {
            reader.fail(QStringLiteral("is %1, expected an object").arg(QString::fromUtf8(element.type_name())));
            return reader.error();
        }
        InspectFieldReader fields(facts.mistyped);
        facts.id = reader.string(element, "Id", QStringLiteral("Id")).value_or(QString());
        if (!reader.failed() && !isContainerId(facts.id))
            reader.fail(QStringLiteral("Id is not a 64-character hexadecimal container id"));
        facts.name = reader.string(element, "Name", QStringLiteral("Name")).value_or(QString());
        if (facts.name.startsWith(QLatin1Char('/')))
            facts.name.remove(0, 1);
        facts.imageId = reader.string(element, "Image", QStringLiteral("Image")).value_or(QString());

        if (const Json* state = reader.object(element, "State", QStringLiteral("State"))) {
            facts.stateStatus = reader.string(*state, "Status", QStringLiteral("State.Status")).value_or(QString());
            facts.running = reader.boolean(*state, "Running", QStringLiteral("State.Running")).value_or(false);
        }
        if (const Json* config = reader.object(element, "Config", QStringLiteral("Config"))) {
            facts.user = reader.string(*config, "User", QStringLiteral("Config.User"));
            facts.image = reader.string(*config, "Image", QStringLiteral("Config.Image")).value_or(QString());
            if (const Json* env = reader.array(*config, "Env", QStringLiteral("Config.Env"))) {
                facts.envPresent = true;
                for (std::size_t e = 0; e < env->size(); ++e) {
                    const Json& entry = (*env)[e];
                    if (!entry.is_string()) {
                        reader.fail(QStringLiteral("Config.Env holds a %1, expected strings")
                                        .arg(QString::fromUtf8(entry.type_name())));
                        break;
                    }
                    const QString text = QString::fromStdString(entry.get<std::string>());
                    const qsizetype equals = text.indexOf(QLatin1Char('='));
                    EnvEntry parsed;
                    parsed.name = equals < 0 ? text : text.left(equals);
                    parsed.value = equals < 0 ? QString() : text.mid(equals + 1);
                    parsed.pointer = JsonPointer::append(facts.envPointer(), static_cast<qsizetype>(e));
                    facts.env.append(parsed);
                }
            }
            facts.labels = reader.stringMap(*config, "Labels", QStringLiteral("Config.Labels"));
        }
        if (const Json* host = reader.object(element, "HostConfig", QStringLiteral("HostConfig"))) {
            facts.privileged = reader.boolean(*host, "Privileged", QStringLiteral("HostConfig.Privileged"));
            facts.readonlyRootfs = reader.boolean(*host, "ReadonlyRootfs", QStringLiteral("HostConfig.ReadonlyRootfs"));
            const QStringList binds = reader.stringList(*host, "Binds", QStringLiteral("HostConfig.Binds"));
            for (qsizetype b = 0; b < binds.size(); ++b) {
                facts.mounts.append(parseBind(
                    binds.at(b), JsonPointer::append(facts.pointer + QStringLiteral("/HostConfig/Binds"), b)));
            }
            if (const Json* mounts = reader.array(*host, "Mounts", QStringLiteral("HostConfig.Mounts"))) {
                for (std::size_t m = 0; m < mounts->size(); ++m) {
                    const Json& entry = (*mounts)[m];
                    if (!entry.is_object()) {
                        reader.fail(QStringLiteral("HostConfig.Mounts holds a %1, expected objects")
                                        .arg(QString::fromUtf8(entry.type_name())));
                        break;
                    }
                    MountFact mount;
                    mount.origin = MountFact::Origin::HostConfigMounts;
                    mount.pointer = JsonPointer::append(facts.pointer + QStringLiteral("/HostConfig/Mounts"),
                                                        static_cast<qsizetype>(m));
                    mount.type =
                        reader.string(entry, "Type", QStringLiteral("HostConfig.Mounts.Type")).value_or(QString());
                    mount.source =
                        reader.string(entry, "Source", QStringLiteral("HostConfig.Mounts.Source")).value_or(QString());
                    mount.destination =
                        reader.string(entry, "Target", QStringLiteral("HostConfig.Mounts.Target")).value_or(QString());
                    mount.readWrite = !reader.boolean(entry, "ReadOnly", QStringLiteral("HostConfig.Mounts.ReadOnly"))
                                           .value_or(false);
                    // BindOptions is omitted for the default propagation (and for volumes and tmpfs).
                    const QString bindPointer = mount.pointer + QStringLiteral("/BindOptions");
                    if (const Json* bind = fields.object(&entry, "BindOptions", bindPointer)) {
                        mount.propagation =
                            InspectFieldReader::has(bind, "Propagation")
                                ? fields.string(bind, "Propagation", bindPointer + QStringLiteral("/Propagation"))
                                : std::optional<QString>(QString());
                    } else if (const Json* raw = InspectFieldReader::member(&entry, "BindOptions");
                               !raw || raw->is_null()) {
                        mount.propagation = QString();
                    }
                    facts.mounts.append(mount);
                }
            }
        }
        if (const Json* mounts = reader.array(element, "Mounts", QStringLiteral("Mounts"))) {
            for (std::size_t m = 0; m < mounts->size(); ++m) {
                const Json& entry = (*mounts)[m];
                if (!entry.is_object()) {
                    reader.fail(QStringLiteral("Mounts holds a %1, expected objects")
                                    .arg(QString::fromUtf8(entry.type_name())));
                    break;
                }
                MountFact mount;
                mount.origin = MountFact::Origin::Mounts;
                mount.pointer = JsonPointer::append(facts.mountsPointer(), static_cast<qsizetype>(m));
                mount.type = reader.string(entry, "Type", QStringLiteral("Mounts.Type")).value_or(QString());
                mount.source = reader.string(entry, "Source", QStringLiteral("Mounts.Source")).value_or(QString());
                mount.destination =
                    reader.string(entry, "Destination", QStringLiteral("Mounts.Destination")).value_or(QString());
                mount.readWrite = reader.boolean(entry, "RW", QStringLiteral("Mounts.RW")).value_or(true);
                mount.propagation =
                    fields.string(&entry, "Propagation", mount.pointer + QStringLiteral("/Propagation"));
                facts.mounts.append(mount);
            }
        }
        if (reader.failed())
            return reader.error();
        readDetails(element, facts);
        containers.append(facts);
    }
    return containers;
}

} // namespace bulkhead
