// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "checks/HostEvidence.h"
#include "checks/ZonePolicy.h"
#include "domain/Finding.h"

#include <QStringList>

namespace bulkhead {

// Tip 6, host logging: the journal survives a reboot, and the host's logs reach a remote collector
// (rsyslog or syslog-ng forwarding), so they outlive the host and cannot be edited on it; and every
// collector the zone requires is among the targets.
class LoggingRules
{
public:
    static QStringList ids(); // in catalog order
    static QVector<Finding> evaluate(const HostEvidence& evidence, const ZonePolicy& policy = {});
};

} // namespace bulkhead
