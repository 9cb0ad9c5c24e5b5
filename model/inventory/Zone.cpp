// SPDX-License-Identifier: GPL-3.0-or-later
#include "inventory/Zone.h"

namespace bulkhead {

QString zoneScopeToString(ZoneScope scope)
{
    return scope == ZoneScope::In ? QStringLiteral("in") : QStringLiteral("out");
}

std::optional<ZoneScope> zoneScopeFromString(const QString& text)
{
    if (text == QLatin1String("in"))
        return ZoneScope::In;
    if (text == QLatin1String("out"))
        return ZoneScope::Out;
    return std::nullopt;
}

bool Zone::operator==(const Zone& other) const
{
    return name == other.name && scope == other.scope && rationale == other.rationale &&
           approvedRegistries == other.approvedRegistries && approvedUsers == other.approvedUsers &&
           requiredLogTargets == other.requiredLogTargets;
}

} // namespace bulkhead
