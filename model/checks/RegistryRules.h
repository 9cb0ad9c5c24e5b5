// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "checks/HostEvidence.h"
#include "checks/ZonePolicy.h"
#include "domain/Finding.h"

#include <QStringList>
#include <QVector>

namespace bulkhead {

// Tip 4 (don't use images from unknown sources): every local image is traced to the registries of its
// RepoDigests and compared with the zone's approved registries. An image without a digest was built or
// loaded on the host, so its source cannot be shown: that fails whatever the zone approves.
class RegistryRules
{
public:
    static QStringList ids(); // in catalog order
    static QVector<Finding> evaluate(const HostEvidence& evidence, const ZonePolicy& policy);
};

} // namespace bulkhead
