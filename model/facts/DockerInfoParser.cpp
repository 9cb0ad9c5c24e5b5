// SPDX-License-Identifier: GPL-3.0-or-later
#include "facts/DockerInfoParser.h"

#include "core/DisplayText.h"
#include "facts/JsonReader.h"

namespace bulkhead {

Result<DockerInfo> DockerInfoParser::parse(const QByteArray& json)
{
    auto document = parseJson(json, QStringLiteral("docker info output"));
    if (!document)
        return document.error();
    const Json& root = document.value();
    if (!root.is_object()) {
        return makeError(
            QStringLiteral("docker info output is %1, expected an object").arg(QString::fromUtf8(root.type_name())));
    }
    JsonReader reader(QStringLiteral("docker info output"));
    const QStringList serverErrors = reader.stringList(root, "ServerErrors", QStringLiteral("ServerErrors"));
    if (!serverErrors.isEmpty())
        return makeError(QStringLiteral("docker info could not reach the daemon: %1")
                             .arg(DisplayText::shown(serverErrors.join(QStringLiteral("; ")), 300)));

    DockerInfo info;
    auto text = [&](const char* key) { return reader.string(root, key, QLatin1String(key)).value_or(QString()); };
    auto number = [&](const char* key) {
        return static_cast<int>(reader.integer(root, key, QLatin1String(key)).value_or(0));
    };
    info.id = text("ID");
    info.name = text("Name");
    info.serverVersion = text("ServerVersion");
    info.operatingSystem = text("OperatingSystem");
    info.osType = text("OSType");
    info.kernelVersion = text("KernelVersion");
    info.architecture = text("Architecture");
    info.storageDriver = text("Driver");
    info.loggingDriver = text("LoggingDriver");
    info.cgroupDriver = text("CgroupDriver");
    info.cgroupVersion = text("CgroupVersion");
    info.dockerRootDir = text("DockerRootDir");
    info.securityOptions = reader.stringList(root, "SecurityOptions", QStringLiteral("SecurityOptions"));
    info.warnings = reader.stringList(root, "Warnings", QStringLiteral("Warnings"));
    info.liveRestore = reader.boolean(root, "LiveRestoreEnabled", QStringLiteral("LiveRestoreEnabled")).value_or(false);
    info.experimental = reader.boolean(root, "ExperimentalBuild", QStringLiteral("ExperimentalBuild")).value_or(false);
    info.containers = number("Containers");
    info.containersRunning = number("ContainersRunning");
    info.containersPaused = number("ContainersPaused");
    info.containersStopped = number("ContainersStopped");
    info.images = number("Images");
    if (const Json* swarm = reader.object(root, "Swarm", QStringLiteral("Swarm"))) {
        info.swarmState =
            reader.string(*swarm, "LocalNodeState", QStringLiteral("Swarm.LocalNodeState")).value_or(QString());
        info.swarmNodeAddr = reader.string(*swarm, "NodeAddr", QStringLiteral("Swarm.NodeAddr")).value_or(QString());
        info.swarmControlAvailable =
            reader.boolean(*swarm, "ControlAvailable", QStringLiteral("Swarm.ControlAvailable")).value_or(false);
        if (const auto managers = reader.integer(*swarm, "Managers", QStringLiteral("Swarm.Managers")))
            info.swarmManagers = static_cast<int>(*managers);
        if (const auto nodes = reader.integer(*swarm, "Nodes", QStringLiteral("Swarm.Nodes")))
            info.swarmNodes = static_cast<int>(*nodes);
        const Json* cluster = reader.object(*swarm, "Cluster", QStringLiteral("Swarm.Cluster"));
        const Json* spec = cluster ? reader.object(*cluster, "Spec", QStringLiteral("Swarm.Cluster.Spec")) : nullptr;
        if (spec) {
            if (const Json* encryption =
                    reader.object(*spec, "EncryptionConfig", QStringLiteral("Swarm.Cluster.Spec.EncryptionConfig")))
                info.swarmAutolock =
                    reader.boolean(*encryption, "AutoLockManagers",
                                   QStringLiteral("Swarm.Cluster.Spec.EncryptionConfig.AutoLockManagers"));
            if (const Json* ca = reader.object(*spec, "CAConfig", QStringLiteral("Swarm.Cluster.Spec.CAConfig")))
                info.swarmNodeCertExpiry =
                    reader.integer(*ca, "NodeCertExpiry", QStringLiteral("Swarm.Cluster.Spec.CAConfig.NodeCertExpiry"));
        }
    }
    if (const Json* registries = reader.object(root, "RegistryConfig", QStringLiteral("RegistryConfig")))
        info.insecureRegistries = reader.stringList(*registries, "InsecureRegistryCIDRs",
                                                    QStringLiteral("RegistryConfig.InsecureRegistryCIDRs"));
    if (reader.failed())
        return reader.error();
    if (info.serverVersion.isEmpty())
        return makeError(QStringLiteral("docker info output has no ServerVersion: the daemon did not answer"));
    return info;
}

} // namespace bulkhead
