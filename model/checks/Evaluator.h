// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

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
    static QVector<Finding> evaluateHost(const QVector<Artifact>& artifacts);
    // Ids of the checks evaluateHost() produces findings for, in catalog order.
    static QStringList implementedChecks();
};

} // namespace bulkhead
