// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QMap>
#include <QString>
#include <QStringList>
#include <QVector>

#include <optional>

namespace bulkhead {

// Typed facts about the Docker engine (tips 2-5), beyond docker info and inspect.

struct DockerVersion
{
    QString clientVersion;
    QString serverVersion; // the Engine component
    QString apiVersion;
    QString minApiVersion;
    QString goVersion;
    QString os;
    QString arch;
    QString buildTime;
    QMap<QString, QString> components; // containerd, runc, docker-init: name -> version
};

struct HistoryLayer
{
    QString id; // "<missing>" for layers built elsewhere
    QString createdBy;
    QString createdAt;
    QString size;
    QString comment;
};

struct ImageHistory
{
    QString imageId;              // sha256:...
    bool failed = false;          // docker history failed for it (the image vanished mid-probe)
    QVector<HistoryLayer> layers; // newest first, as docker prints them
};

struct NetworkFacts
{
    QString id;
    QString name;
    QString driver;
    QString scope;
    bool internal = false;
    bool attachable = false;
    bool ingress = false;
    bool ipv6 = false;
    QMap<QString, QString> options;
    bool encrypted() const { return options.contains(QStringLiteral("encrypted")); }
    // Inter-container communication on a bridge (CIS 2.1): on unless the option says false.
    bool iccEnabled() const;
};

// The daemon's effective configuration: dockerd flags override daemon.json (CIS 2.x).
struct DaemonSettings
{
    QString configPath;               // the daemon.json read; empty when none
    QMap<QString, QString> file;      // top-level daemon.json keys -> compact JSON text of the value
    QMap<QString, QStringList> flags; // dockerd command-line flags (without dashes) -> values
    // The value in effect for a daemon.json key ("log-level", "icc", "userns-remap"): the flag of
    // the same name wins; file values are JSON text ("\"info\"", "false", "[\"a\"]").
    std::optional<QString> value(const QString& key) const;
    bool fromFlag(const QString& key) const { return flags.contains(key); }
};

struct SwarmNode
{
    QString id;
    QString hostname;
    QString status;        // Ready, Down
    QString availability;  // Active, Pause, Drain
    QString managerStatus; // Leader, Reachable, Unreachable, "" for workers
    QString engineVersion;
    bool self = false;
    bool manager() const { return !managerStatus.isEmpty(); }
};

struct PublishedPort
{
    QString protocol;
    int targetPort = 0;
    int publishedPort = 0;
    QString publishMode; // ingress, host
};

struct SwarmService
{
    QString id;
    QString name;
    QString mode; // replicated, global
    QString image;
    QVector<PublishedPort> ports;
    int secrets = 0;
    int configs = 0;
    QStringList networks;
};

} // namespace bulkhead
