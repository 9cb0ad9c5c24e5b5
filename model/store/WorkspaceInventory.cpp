// SPDX-License-Identifier: GPL-3.0-or-later
#include "store/WorkspaceInventory.h"

#include "store/Workspace.h"

namespace bulkhead {

Result<Inventory> WorkspaceInventory::read(const Workspace& workspace)
{
    auto zones = workspace.zones();
    if (!zones)
        return zones.error();
    auto hosts = workspace.hosts();
    if (!hosts)
        return hosts.error();
    Inventory inventory;
    inventory.zones = zones.value();
    for (const HostRecord& record : hosts.value()) {
        InventoryHost host;
        host.name = record.name.isEmpty() ? record.spec.displayName() : record.name;
        // An address equal to the name is the format's default: leave it out, as a file would.
        host.address = record.spec.address == host.name ? QString() : record.spec.address;
        host.port = record.spec.port;
        host.user = record.spec.user;
        host.zone = record.zone;
        inventory.hosts << host;
    }
    return inventory;
}

} // namespace bulkhead
