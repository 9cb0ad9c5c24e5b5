// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "inventory/Inventory.h"
#include "inventory/InventoryDiagnostic.h"

#include <QByteArray>
#include <QString>

namespace bulkhead {

// What analyze() found: the inventory as far as it could be read, and every problem with its
// position. An editor shows all of them; hasErrors(diagnostics) says whether the file is usable.
struct InventoryParseResult
{
    Inventory inventory;
    InventoryDiagnostics diagnostics;
};

// Reads the Bulkhead inventory format (YAML; described in model/README.md, "Inventory files").
// Hostile input is expected: no exception escapes, every problem is a diagnostic with the file,
// line and column, unknown keys are errors (a typo must not silently drop a policy), and sizes are
// bounded.
class InventoryParser
{
public:
    static InventoryParseResult analyze(const QByteArray& yaml, const QString& file = QString());

    // The inventory when it has no errors; otherwise an Error listing them, one per line
    // ("FILE:LINE:COLUMN: error: ..."). Warnings are appended to `warnings` when given.
    static Result<Inventory> parse(const QByteArray& yaml, const QString& file = QString(),
                                   InventoryDiagnostics* warnings = nullptr);
    static Result<Inventory> load(const QString& path, InventoryDiagnostics* warnings = nullptr);
};

} // namespace bulkhead
