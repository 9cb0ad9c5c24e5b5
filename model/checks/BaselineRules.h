// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "checks/HostEvidence.h"
#include "checks/ZonePolicy.h"
#include "core/Result.h"
#include "domain/Finding.h"

#include <QStringList>
#include <QVector>

namespace bulkhead {

// Tip 1, unknown processes and listening sockets: what a host runs and listens on, against what its
// zone accepted as normal (the baseline, taken from a scan the auditor accepts). What is new since then
// fails; without a baseline the auditor reviews the list (`manual`).
class BaselineRules
{
public:
    static QStringList ids(); // in catalog order
    static QVector<Finding> evaluate(const HostEvidence& evidence, const ZonePolicy& policy);

    // The identities one host's scan shows: processes by command name (kernel threads left out) and
    // sockets as "PROTOCOL ADDRESS:PORT". Fails when either probe's evidence cannot be read, so a baseline
    // is never taken from half the evidence.
    static Result<ZoneBaseline> observed(const HostEvidence& evidence);
};

} // namespace bulkhead
