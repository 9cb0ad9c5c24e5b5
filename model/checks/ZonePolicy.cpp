// SPDX-License-Identifier: GPL-3.0-or-later
#include "checks/ZonePolicy.h"

namespace bulkhead {

const Zone* ZonePolicy::findZone(const QString& name) const
{
    for (const Zone& candidate : zones) {
        if (candidate.name.compare(name, Qt::CaseInsensitive) == 0)
            return &candidate;
    }
    return nullptr;
}

} // namespace bulkhead
