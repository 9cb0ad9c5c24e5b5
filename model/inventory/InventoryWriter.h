// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "inventory/Inventory.h"

#include <QByteArray>
#include <QString>

namespace bulkhead {

// Writes an inventory in the format InventoryParser reads: parse(toYaml(x)) == x for every valid x.
// A draft (a zone without scope or rationale, as an import makes it) is written with `~` and a
// TODO comment in those places, so the parser points the user at exactly what is left to decide.
class InventoryWriter
{
public:
    static QByteArray toYaml(const Inventory& inventory);
    // Atomically (QSaveFile): a failed write leaves an existing file as it was.
    static Result<void> write(const Inventory& inventory, const QString& path);
};

} // namespace bulkhead
