// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "facts/ContainerFacts.h"

#include <QDateTime>
#include <QStringList>

namespace bulkhead {

// Typed view of one element of `docker image inspect` output.
struct ImageFacts
{
    int index = 0;
    QString pointer; // "/<index>"
    QString id;      // "sha256:<64 hex>"
    QStringList repoTags;
    QStringList repoDigests;
    QDateTime created; // UTC; invalid when absent or unreadable
    QString user;      // Config.User
    QVector<EnvEntry> env;
    QMap<QString, QString> labels;
    QString os;
    QString architecture;
    qint64 size = 0;

    // Read leniently: absent when missing or of a type docker never writes. Keys docker omits when
    // unset (Healthcheck, ExposedPorts; Volumes and OnBuild from newer engines) are empty when
    // Config is present; null lists are empty.
    bool configPresent = false;              // Config is an object
    std::optional<HealthConfig> healthcheck; // omitted: an empty HealthConfig (4.6 fails)
    std::optional<QStringList> cmd;
    std::optional<QStringList> entrypoint;
    std::optional<QStringList> exposedPorts; // keys: "8080/tcp"
    std::optional<QStringList> volumes;      // keys: "/data"
    std::optional<QStringList> onBuild;      // "RUN true", ...
    std::optional<int> layerCount;           // RootFS.Layers
    QStringList mistyped;                    // pointers of fields read as absent for their type

    QString repoTagsPointer() const { return pointer + QStringLiteral("/RepoTags"); }
    QString repoDigestsPointer() const { return pointer + QStringLiteral("/RepoDigests"); }
    QString createdPointer() const { return pointer + QStringLiteral("/Created"); }
    QString configPointer() const { return pointer + QStringLiteral("/Config"); }
    QString userPointer() const { return pointer + QStringLiteral("/Config/User"); }
    QString envPointer() const { return pointer + QStringLiteral("/Config/Env"); }
    QString labelsPointer() const { return pointer + QStringLiteral("/Config/Labels"); }
    QString healthcheckPointer() const { return pointer + QStringLiteral("/Config/Healthcheck"); }
    QString cmdPointer() const { return pointer + QStringLiteral("/Config/Cmd"); }
    QString entrypointPointer() const { return pointer + QStringLiteral("/Config/Entrypoint"); }
    QString exposedPortsPointer() const { return pointer + QStringLiteral("/Config/ExposedPorts"); }
    QString volumesPointer() const { return pointer + QStringLiteral("/Config/Volumes"); }
    QString onBuildPointer() const { return pointer + QStringLiteral("/Config/OnBuild"); }
    QString layersPointer() const { return pointer + QStringLiteral("/RootFS/Layers"); }
};

} // namespace bulkhead
