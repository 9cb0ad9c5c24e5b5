// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "checks/HostEvidence.h"
#include "domain/Finding.h"

#include <QStringList>
#include <QVector>

namespace bulkhead {

// Tip 3, Docker Swarm (CIS 5.1, 7.1-7.9): judged from docker info (the node's swarm state and, on a
// manager, the cluster's settings), the nodes and services a manager lists, the overlay networks and the
// host's listening sockets. An engine outside a swarm makes them not_applicable (5.1 passes); a worker
// cannot see the cluster's settings, so the checks that need them are not_applicable there, with the
// reason. One finding per overlay network for 7.3.
class SwarmRules
{
public:
    static QStringList ids(); // in catalog order
    static QVector<Finding> evaluate(const HostEvidence& evidence);
};

} // namespace bulkhead
