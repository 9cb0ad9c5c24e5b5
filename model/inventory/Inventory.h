// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "inventory/InventoryDiagnostic.h"
#include "inventory/InventoryHost.h"
#include "inventory/Zone.h"

#include <QString>
#include <QStringList>
#include <QVector>

namespace bulkhead {

// The fleet as the auditor describes it: zones (scope, rationale, policy) and hosts, each in exactly
// one zone. A plain value: an editor may hold an invalid one (a draft) and ask validate() what is
// wrong; InventoryParser only hands out inventories without errors.
struct Inventory
{
    static constexpr int FormatVersion = 1; // the `version:` this Bulkhead reads and writes

    QVector<Zone> zones;
    QVector<InventoryHost> hosts;

    const Zone* findZone(const QString& name) const;
    const InventoryHost* findHost(const QString& name) const;
    QVector<InventoryHost> hostsInZone(const QString& zoneName) const;

    // Every rule of the format that is not about YAML syntax: names, addresses, ports, users, jump
    // hosts, labels, zone references, uniqueness, "a machine is in exactly one zone", scope and
    // rationale present. Positions come from each object's `where`; `file` only labels them.
    InventoryDiagnostics validate(const QString& file = QString()) const;

    // The inventory restricted to the named zones (all their hosts, those zones only). Naming a
    // zone that does not exist is an error, with the zones that do.
    Result<Inventory> restrictedTo(const QStringList& zoneNames) const;
    // The in-scope zones and their hosts: what a scan covers unless zones are named.
    Inventory inScope() const;

    // "~/x" → home folder; a relative path → relative to `baseDir` (the inventory file's folder).
    static QString resolvePath(const QString& path, const QString& baseDir);

    bool operator==(const Inventory&) const = default;
};

} // namespace bulkhead
