// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

#include <optional>

namespace bulkhead {

// How Bulkhead gets the access a probe needs on one host (a per-host setting).
enum class AccessMode
{
    Direct, // every probe runs as the login user: root, or a user in the docker group
    Sudo,   // probes that need privilege run through `sudo -n` (never a password prompt)
};

QString accessModeName(AccessMode mode); // "direct", "sudo"
std::optional<AccessMode> accessModeFromString(const QString& text);

} // namespace bulkhead
