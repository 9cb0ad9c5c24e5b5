// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "ssh/SshOptions.h"

#include <QStringList>

namespace bulkhead {

// How a host will be reached, in plain lines for the dry-run, the log and the GUI: the resolved
// address, the route (direct, ProxyJump, ProxyCommand), host-key policy, which keys and methods
// will be tried, timeouts, and what the ssh config set or was ignored (with file and line).
// Holds no secret: SshOptions never carries one.
class ConnectionSummary
{
public:
    static QStringList lines(const SshOptions& options);
};

} // namespace bulkhead
