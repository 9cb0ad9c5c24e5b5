// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "inventory/Inventory.h"

namespace bulkhead {

class Workspace;

// The zones and hosts a workspace stores, as an inventory an editor can start from. The workspace keeps
// each host's name, [user@]address:port and zone only: identity, jump host, access and labels come back
// empty (defaults), and a host in no zone comes back with an empty zone (a draft, not yet valid).
class WorkspaceInventory
{
public:
    static Result<Inventory> read(const Workspace& workspace);
};

} // namespace bulkhead
