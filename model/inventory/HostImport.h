// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "inventory/InventoryDiagnostic.h"
#include "inventory/InventoryHost.h"

#include <QVector>

namespace bulkhead {

// Hosts read from another tool's file (~/.ssh/config, an Ansible inventory). They carry connection
// settings only: an imported host has no zone until the auditor decides it. `diagnostics` holds
// warnings: settings Bulkhead does not use, hosts skipped and why.
struct HostImport
{
    QVector<InventoryHost> hosts;
    InventoryDiagnostics diagnostics;
};

} // namespace bulkhead
