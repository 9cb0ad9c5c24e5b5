// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "facts/EngineFacts.h"
#include "facts/ProcessArgsParser.h"

#include <QByteArray>

namespace bulkhead {

// Parsers for docker version, image history, networks, daemon.json with the dockerd command line,
// and the Swarm probes.
class EngineFactsParser
{
public:
    static Result<DockerVersion> version(const QByteArray& json);
    static Result<QVector<ImageHistory>> imageHistory(const QByteArray& jsonLines);
    static Result<QVector<NetworkFacts>> networks(const QByteArray& json);
    // daemon.json as the docker.daemon.json probe prints it (one section), or an empty output.
    static Result<DaemonSettings> daemonJson(const QByteArray& sectioned);
    // Merges the first dockerd's flags into settings parsed from daemon.json.
    static DaemonSettings withFlags(DaemonSettings settings, const QVector<ProcessArgs>& dockerd);
    static Result<QVector<SwarmNode>> swarmNodes(const QByteArray& jsonLines);
    static Result<QVector<SwarmService>> swarmServices(const QByteArray& json);
};

} // namespace bulkhead
