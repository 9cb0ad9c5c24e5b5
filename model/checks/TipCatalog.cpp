// SPDX-License-Identifier: GPL-3.0-or-later
#include "checks/TipCatalog.h"

#include <array>

namespace bulkhead {

QString TipCatalog::title(int tip)
{
    static const std::array<const char*, Count> titles{
        "Secure the host",           "Secure the engine and images",       "Secure the orchestrator",
        "Images from known sources", "Scan images for security issues",    "Logging and auditing",
        "Containers not as root",    "No secrets or source in containers", "Read-only containers",
        "Zones that separate scope",
    };
    if (tip < 1 || tip > Count)
        return QStringLiteral("Tip %1").arg(tip);
    return QString::fromLatin1(titles[std::size_t(tip - 1)]);
}

} // namespace bulkhead
