// SPDX-License-Identifier: GPL-3.0-or-later
#include "inventory/InventoryHost.h"

namespace bulkhead {

bool InventoryHost::operator==(const InventoryHost& other) const
{
    return name == other.name && address == other.address && port == other.port && user == other.user &&
           identity == other.identity && proxyJump == other.proxyJump && zone == other.zone && access == other.access &&
           labels == other.labels;
}

} // namespace bulkhead
