// SPDX-License-Identifier: GPL-3.0-or-later
#include "probes/AccessMode.h"

namespace bulkhead {

QString accessModeName(AccessMode mode)
{
    return mode == AccessMode::Sudo ? QStringLiteral("sudo") : QStringLiteral("direct");
}

std::optional<AccessMode> accessModeFromString(const QString& text)
{
    if (text == QLatin1String("direct"))
        return AccessMode::Direct;
    if (text == QLatin1String("sudo"))
        return AccessMode::Sudo;
    return std::nullopt;
}

} // namespace bulkhead
