// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "checks/ContainerRules.h"

#include <QVector>

namespace bulkhead {

// Tip 10 (isolate hosts into zones), per container: a workload labelled `bulkhead.zone` for another
// zone than its host's, above all an out-of-scope workload on an in-scope host (or the reverse), breaks
// the isolation the zones stand for.
class ZoneRules
{
public:
    static const QVector<ContainerRule>& containerRules(); // in catalog order
    static Finding workloadZone(const ContainerCheck& check);
};

} // namespace bulkhead
