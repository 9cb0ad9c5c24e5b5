// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStringList>

#include <optional>

namespace bulkhead {

// Engine-wide facts from `docker info --format '{{json .}}'`.
struct DockerInfo
{
    QString id;
    QString name; // the daemon host's name
    QString serverVersion;
    QString operatingSystem;
    QString osType;
    QString kernelVersion;
    QString architecture;
    QString storageDriver;
    QString loggingDriver;
    QString cgroupDriver;
    QString cgroupVersion;
    QString dockerRootDir;
    QStringList securityOptions; // e.g. "name=seccomp,profile=default", "name=rootless"
    QStringList insecureRegistries;
    QString swarmState; // LocalNodeState: "inactive", "active", ...
    // The rest of Swarm (tip 3): the cluster's figures and settings are only known to a manager
    // (ControlAvailable); a worker's docker info has no Cluster and no counts.
    QString swarmNodeAddr; // the address this node advertises to the others
    bool swarmControlAvailable = false;
    std::optional<int> swarmManagers;
    std::optional<int> swarmNodes;
    std::optional<bool> swarmAutolock;         // Cluster.Spec.EncryptionConfig.AutoLockManagers
    std::optional<qint64> swarmNodeCertExpiry; // Cluster.Spec.CAConfig.NodeCertExpiry, nanoseconds
    bool liveRestore = false;
    bool experimental = false;
    int containers = 0;
    int containersRunning = 0;
    int containersPaused = 0;
    int containersStopped = 0;
    int images = 0;
    QStringList warnings;
};

} // namespace bulkhead
