// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "inventory/Zone.h"

#include <QDateTime>
#include <QString>
#include <QStringList>
#include <QVector>

#include <optional>

namespace bulkhead {

// What a zone accepted as normal for its hosts (tip 1): the processes and listening sockets of one
// scan, as identities that do not change from boot to boot (a process by its command name, a socket by
// protocol, address and port). Later scans report what is new against it.
struct ZoneBaseline
{
    QStringList processes; // sorted, unique: "sshd", "dockerd", ...
    QStringList sockets;   // sorted, unique: "tcp 0.0.0.0:22", "udp6 :::5353", ...
    qint64 scanId = 0;     // the scan it was taken from
    QDateTime acceptedUtc;
    QString acceptedBy;

    bool operator==(const ZoneBaseline& other) const = default;
};

// The policy one host is judged by: its zone (approved registries and users, required log targets),
// the zone's accepted baseline, and every zone of the workspace (a container may be labelled for
// another one). A host in no zone (an ad hoc `--host` scan) is judged without a policy: the checks that
// need one say so instead of passing.
struct ZonePolicy
{
    std::optional<Zone> zone;
    std::optional<ZoneBaseline> baseline;
    QVector<Zone> zones;

    // The zone named `name` (case-insensitive, as zone names are unique that way), or null.
    const Zone* findZone(const QString& name) const;
    QString zoneName() const { return zone ? zone->name : QString(); }
};

// The label a workload carries to say which zone it belongs to (tip 10).
inline constexpr const char* ZoneLabel = "bulkhead.zone";

} // namespace bulkhead
