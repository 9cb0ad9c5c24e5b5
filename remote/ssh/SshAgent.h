// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

#include <optional>

namespace bulkhead {

// Minimal ssh-agent client: only what the transport needs to explain an authentication failure.
// libssh 0.10 authenticates through the agent itself but cannot say how many keys it offered.
class SshAgent
{
public:
    static QString socketPath(); // $SSH_AUTH_SOCK, empty when unset
    // Number of identities the agent holds, or nullopt when it cannot be asked.
    static std::optional<int> identityCount(const QString& socketPath, int timeoutMs = 2000);
};

} // namespace bulkhead
