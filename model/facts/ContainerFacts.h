// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QMap>
#include <QString>
#include <QStringList>
#include <QVector>

#include <optional>

namespace bulkhead {

// One mount of a container, from whichever part of docker inspect declared it.
struct MountFact
{
    enum class Origin
    {
        Mounts,          // top-level "Mounts" (the effective mounts)
        HostConfigBinds, // "HostConfig.Binds" ("src:dst[:opts]")
        HostConfigMounts // "HostConfig.Mounts" (--mount)
    };
    Origin origin = Origin::Mounts;
    QString type; // "bind", "volume", "tmpfs", ...; empty for Binds entries
    QString source;
    QString destination;
    bool readWrite = true;
    QString pointer; // JSON pointer of the entry in the artifact, e.g. "/2/Mounts/0"
    // "shared", "rshared", "slave", ... as given; "" is docker's default (rprivate). Absent when the
    // entry's Propagation is missing or not a string (Mounts), or BindOptions is not an object.
    std::optional<QString> propagation;
};

// NAME=VALUE from Config.Env, as stored (values that looked like secrets are already markers).
struct EnvEntry
{
    QString name;
    QString value;
    QString pointer; // e.g. "/2/Config/Env/3"
};

// One published port: HostConfig.PortBindings (configured) or NetworkSettings.Ports (effective).
// Strings as docker wrote them; DockerOptions reads addresses and port ranges.
struct PortBinding
{
    QString containerPort; // "80" from the key "80/tcp"
    QString protocol;      // "tcp" from the key "80/tcp"; "" when the key has no '/'
    QString hostIp;        // "", "0.0.0.0", "::", "127.0.0.1", ... ("" binds every interface)
    QString hostPort;      // "80", "8000-8010", "" (an ephemeral port)
    QString pointer;       // e.g. "/0/HostConfig/PortBindings/80~1tcp/0"

    bool operator==(const PortBinding&) const = default;
};

// One entry of HostConfig.Devices (--device).
struct DeviceMapping
{
    QString pathOnHost;
    QString pathInContainer;
    QString cgroupPermissions; // "rwm" or a subset
    QString pointer;           // e.g. "/0/HostConfig/Devices/0"

    bool operator==(const DeviceMapping&) const = default;
};

// HostConfig.RestartPolicy.
struct RestartPolicy
{
    QString name; // "no", "always", "unless-stopped", "on-failure", "" (no)
    qint64 maximumRetryCount = 0;
    QString pointer; // ".../HostConfig/RestartPolicy"

    bool operator==(const RestartPolicy&) const = default;
};

// HostConfig.LogConfig: the logging driver and its --log-opt options.
struct LogConfig
{
    QString type; // "json-file", "none", "syslog", ...
    QMap<QString, QString> options;
    QString pointer; // ".../HostConfig/LogConfig"

    bool operator==(const LogConfig&) const = default;
};

// One entry of HostConfig.Ulimits (--ulimit).
struct UlimitFact
{
    QString name;
    qint64 soft = 0;
    qint64 hard = 0;
    QString pointer;

    bool operator==(const UlimitFact&) const = default;
};

// Config.Healthcheck of a container or image. Docker omits the key when no HEALTHCHECK is defined:
// then `test` is empty and `pointer` is empty (cite the Config object instead).
struct HealthConfig
{
    QStringList test;    // ["CMD", ...], ["CMD-SHELL", "..."], ["NONE"] (disabled), or empty
    qint64 interval = 0; // nanoseconds; 0 is docker's default
    qint64 timeout = 0;
    qint64 startPeriod = 0;
    qint64 retries = 0;
    QString pointer;

    bool operator==(const HealthConfig&) const = default;
    bool defined() const { return !test.isEmpty() && test.constFirst() != QLatin1String("NONE"); }
};

// Typed view of one element of `docker container inspect` output. Optional fields are absent
// from the JSON, or of a type docker never writes (a check that needs one reports an error for
// that container, never a pass). Keys docker writes as null when unset (CapAdd, SecurityOpt,
// PidsLimit, ...) are present and empty (0 for PidsLimit); keys docker omits when unset
// (Config.Healthcheck, Config.ExposedPorts, State.Health) are empty when their parent is present.
struct ContainerFacts
{
    int index = 0;       // position in the inspect array
    QString pointer;     // "/<index>"
    QString id;          // 64 hex
    QString name;        // without the leading '/'
    QString image;       // Config.Image as the user wrote it (tag), e.g. "nginx:1.25"
    QString imageId;     // "sha256:..."
    QString stateStatus; // "created", "running", "exited", ...
    bool running = false;
    std::optional<QString> user;        // Config.User ("" when unset: root)
    std::optional<bool> privileged;     // HostConfig.Privileged
    std::optional<bool> readonlyRootfs; // HostConfig.ReadonlyRootfs
    QVector<MountFact> mounts;
    QVector<EnvEntry> env;
    bool envPresent = false; // Config.Env was an array (it is null for images without ENV)
    QMap<QString, QString> labels;

    // Top level.
    std::optional<QString> created;         // RFC 3339 as given
    std::optional<QString> path;            // the process started: Path + Args
    std::optional<QStringList> args;        // null: empty
    std::optional<QString> appArmorProfile; // "", "unconfined", "docker-default", ...
    std::optional<QString> processLabel;    // SELinux
    std::optional<QString> mountLabel;
    std::optional<qint64> statePid;            // State.Pid (0 when not running)
    std::optional<QString> healthStatus;       // State.Health.Status; "" when the container has none
    std::optional<QVector<PortBinding>> ports; // NetworkSettings.Ports (bound ports of a running container)
    std::optional<QStringList> networks;       // the keys of NetworkSettings.Networks

    // Config.
    std::optional<QString> hostname;
    std::optional<QStringList> cmd;          // null: empty
    std::optional<QStringList> entrypoint;   // null: empty
    std::optional<QStringList> exposedPorts; // keys ("80/tcp"); omitted: empty
    std::optional<HealthConfig> healthcheck; // omitted: an empty HealthConfig

    // HostConfig.
    std::optional<QStringList> capAdd;      // as given: "NET_ADMIN", "CAP_NET_ADMIN", "ALL", ...
    std::optional<QStringList> capDrop;     // (DockerOptions::normalizedCapability compares them)
    std::optional<QStringList> securityOpt; // "no-new-privileges:true", "seccomp=unconfined", ...
    std::optional<QString> pidMode;         // "", "host", "container:<id>"
    std::optional<QString> ipcMode;         // "private", "shareable", "host", ...
    std::optional<QString> utsMode;
    std::optional<QString> networkMode; // "default", "bridge", "host", "none", "<network>"
    std::optional<QString> usernsMode;
    std::optional<QString> cgroupnsMode; // API 1.41+
    std::optional<QVector<DeviceMapping>> devices;
    std::optional<QVector<PortBinding>> portBindings; // HostConfig.PortBindings
    std::optional<bool> publishAllPorts;              // -P
    std::optional<qint64> memory;                     // bytes; 0: unlimited
    std::optional<qint64> nanoCpus;                   // 0: unlimited
    std::optional<qint64> cpuShares;                  // 0: default (1024)
    std::optional<qint64> cpuQuota;                   // 0 or -1: unlimited
    std::optional<qint64> pidsLimit;                  // null, 0 or negative: unlimited (null reads 0)
    std::optional<RestartPolicy> restartPolicy;
    std::optional<LogConfig> logConfig;
    std::optional<QVector<UlimitFact>> ulimits;
    std::optional<bool> oomKillDisable;
    std::optional<QString> cgroupParent;
    std::optional<QString> runtime;

    // Pointers of fields that were present with a type docker never writes, read as absent.
    QStringList mistyped;

    QString userPointer() const { return pointer + QStringLiteral("/Config/User"); }
    QString privilegedPointer() const { return pointer + QStringLiteral("/HostConfig/Privileged"); }
    QString readonlyRootfsPointer() const { return pointer + QStringLiteral("/HostConfig/ReadonlyRootfs"); }
    QString envPointer() const { return pointer + QStringLiteral("/Config/Env"); }
    QString mountsPointer() const { return pointer + QStringLiteral("/Mounts"); }

    QString namePointer() const { return pointer + QStringLiteral("/Name"); }
    QString createdPointer() const { return pointer + QStringLiteral("/Created"); }
    QString pathPointer() const { return pointer + QStringLiteral("/Path"); }
    QString argsPointer() const { return pointer + QStringLiteral("/Args"); }
    QString appArmorProfilePointer() const { return pointer + QStringLiteral("/AppArmorProfile"); }
    QString processLabelPointer() const { return pointer + QStringLiteral("/ProcessLabel"); }
    QString mountLabelPointer() const { return pointer + QStringLiteral("/MountLabel"); }
    QString statePointer() const { return pointer + QStringLiteral("/State"); }
    QString statePidPointer() const { return pointer + QStringLiteral("/State/Pid"); }
    QString healthStatusPointer() const { return pointer + QStringLiteral("/State/Health/Status"); }
    QString portsPointer() const { return pointer + QStringLiteral("/NetworkSettings/Ports"); }
    QString networksPointer() const { return pointer + QStringLiteral("/NetworkSettings/Networks"); }
    QString configPointer() const { return pointer + QStringLiteral("/Config"); }
    QString hostnamePointer() const { return pointer + QStringLiteral("/Config/Hostname"); }
    QString cmdPointer() const { return pointer + QStringLiteral("/Config/Cmd"); }
    QString entrypointPointer() const { return pointer + QStringLiteral("/Config/Entrypoint"); }
    QString exposedPortsPointer() const { return pointer + QStringLiteral("/Config/ExposedPorts"); }
    QString healthcheckPointer() const { return pointer + QStringLiteral("/Config/Healthcheck"); }
    QString labelsPointer() const { return pointer + QStringLiteral("/Config/Labels"); }
    QString hostConfigPointer() const { return pointer + QStringLiteral("/HostConfig"); }
    QString capAddPointer() const { return pointer + QStringLiteral("/HostConfig/CapAdd"); }
    QString capDropPointer() const { return pointer + QStringLiteral("/HostConfig/CapDrop"); }
    QString securityOptPointer() const { return pointer + QStringLiteral("/HostConfig/SecurityOpt"); }
    QString pidModePointer() const { return pointer + QStringLiteral("/HostConfig/PidMode"); }
    QString ipcModePointer() const { return pointer + QStringLiteral("/HostConfig/IpcMode"); }
    QString utsModePointer() const { return pointer + QStringLiteral("/HostConfig/UTSMode"); }
    QString networkModePointer() const { return pointer + QStringLiteral("/HostConfig/NetworkMode"); }
    QString usernsModePointer() const { return pointer + QStringLiteral("/HostConfig/UsernsMode"); }
    QString cgroupnsModePointer() const { return pointer + QStringLiteral("/HostConfig/CgroupnsMode"); }
    QString devicesPointer() const { return pointer + QStringLiteral("/HostConfig/Devices"); }
    QString portBindingsPointer() const { return pointer + QStringLiteral("/HostConfig/PortBindings"); }
    QString publishAllPortsPointer() const { return pointer + QStringLiteral("/HostConfig/PublishAllPorts"); }
    QString memoryPointer() const { return pointer + QStringLiteral("/HostConfig/Memory"); }
    QString nanoCpusPointer() const { return pointer + QStringLiteral("/HostConfig/NanoCpus"); }
    QString cpuSharesPointer() const { return pointer + QStringLiteral("/HostConfig/CpuShares"); }
    QString cpuQuotaPointer() const { return pointer + QStringLiteral("/HostConfig/CpuQuota"); }
    QString pidsLimitPointer() const { return pointer + QStringLiteral("/HostConfig/PidsLimit"); }
    QString restartPolicyPointer() const { return pointer + QStringLiteral("/HostConfig/RestartPolicy"); }
    QString logConfigPointer() const { return pointer + QStringLiteral("/HostConfig/LogConfig"); }
    QString ulimitsPointer() const { return pointer + QStringLiteral("/HostConfig/Ulimits"); }
    QString oomKillDisablePointer() const { return pointer + QStringLiteral("/HostConfig/OomKillDisable"); }
    QString cgroupParentPointer() const { return pointer + QStringLiteral("/HostConfig/CgroupParent"); }
    QString runtimePointer() const { return pointer + QStringLiteral("/HostConfig/Runtime"); }
};

} // namespace bulkhead
