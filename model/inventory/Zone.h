// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "inventory/SourcePosition.h"

#include <QString>
#include <QStringList>

#include <optional>

namespace bulkhead {

// Whether a zone's hosts are audited (tip 10): the binder covers in-scope zones and lists the
// excluded ones with their rationale.
enum class ZoneScope
{
    In,
    Out,
};

QString zoneScopeToString(ZoneScope scope); // "in", "out"
std::optional<ZoneScope> zoneScopeFromString(const QString& text);

// A zone of the fleet: a set of hosts under one policy. Where the zone and its fields were read
// from is not part of its value: == ignores `where`.
struct Zone
{
    QString name;
    std::optional<ZoneScope> scope; // empty only in a draft (an import); a valid inventory always has one
    QString rationale;              // why the zone is in or out of scope; required
    QStringList approvedRegistries; // registries images may come from (tip 4)
    QStringList approvedUsers;      // accounts allowed on the hosts (tip 1)
    QStringList requiredLogTargets; // remote log destinations the hosts must forward to (tip 6)
    SourcePositions where;

    bool operator==(const Zone& other) const;
};

} // namespace bulkhead
