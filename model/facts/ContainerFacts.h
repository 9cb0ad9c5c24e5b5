// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QMap>
#include <QString>
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
};

// NAME=VALUE from Config.Env, as stored (values that looked like secrets are already markers).
struct EnvEntry
{
    QString name;
    QString value;
    QString pointer; // e.g. "/2/Config/Env/3"
};

// Typed view of one element of `docker container inspect` output. Optional fields are absent
// from the JSON (a check that needs one reports an error for that container, never a pass).
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

    QString userPointer() const { return pointer + QStringLiteral("/Config/User"); }
    QString privilegedPointer() const { return pointer + QStringLiteral("/HostConfig/Privileged"); }
    QString readonlyRootfsPointer() const { return pointer + QStringLiteral("/HostConfig/ReadonlyRootfs"); }
    QString envPointer() const { return pointer + QStringLiteral("/Config/Env"); }
    QString mountsPointer() const { return pointer + QStringLiteral("/Mounts"); }
};

} // namespace bulkhead
