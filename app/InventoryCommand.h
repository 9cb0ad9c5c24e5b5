// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/HostSpec.h"
#include "inventory/Inventory.h"
#include "probes/AccessMode.h"

#include <QByteArray>
#include <QStringList>
#include <QTemporaryFile>
#include <QTextStream>

#include <memory>
#include <optional>

namespace bulkhead {

// The inventory side of bulkhead-cli: `inventory import|show` (`scan --inventory` plans with
// remote/scan/InventoryScanPlan).
// Argument handling and printing only; the work is done by model/inventory.
class InventoryCommand
{
public:
    // `bulkhead-cli inventory SUBCOMMAND ...`; returns a Cli::ExitCode.
    static int run(const QStringList& arguments, QTextStream& out, QTextStream& err);
};

} // namespace bulkhead
