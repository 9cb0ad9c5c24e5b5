// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QString>
#include <QVector>

#include <optional>

namespace bulkhead {

// Minimal ssh-agent client: only what the transport needs around libssh's own agent support, which
// cannot say how many keys it offered (for the error message) nor whether it holds a given key
// (so an encrypted key file the agent has loaded is not asked a passphrase for).
class SshAgent
{
public:
    static QString socketPath(); // $SSH_AUTH_SOCK, empty when unset
    // Number of identities the agent holds, or nullopt when it cannot be asked.
    static std::optional<int> identityCount(const QString& socketPath, int timeoutMs = 2000);
    // The public key blobs (RFC 4253 wire format) of the agent's identities, or nullopt.
    static std::optional<QVector<QByteArray>> identities(const QString& socketPath, int timeoutMs = 2000);
};

} // namespace bulkhead
