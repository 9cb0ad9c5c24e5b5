// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "checks/ZonePolicy.h"
#include "domain/Artifact.h"
#include "domain/Finding.h"

#include <QStringList>
#include <QVector>

namespace bulkhead {

// Turns the stored artifacts of one host's scan into findings: pure, no network, no store.
// Missing or unreadable evidence (probe failed, permission denied, bad JSON) gives `error`
// findings with the reason; docker absent gives `not_applicable`. Never a silent pass.
class Evaluator
{
public:
    // `policy`: the host's zone and its baseline; without one, the checks that need a zone say so
    // (`manual` or `not_applicable`), never `pass`.
    // `workers`: threads that judge the containers of a large host (0: one per core); the findings and their
    // order do not depend on it.
    static QVector<Finding> evaluateHost(const QVector<Artifact>& artifacts, const ZonePolicy& policy = {},
                                         int workers = 0);
    // Ids of the checks evaluateHost() produces findings for, in catalog order.
    static QStringList implementedChecks();
};

} // namespace bulkhead
