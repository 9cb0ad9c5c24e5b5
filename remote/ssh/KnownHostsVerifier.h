// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "ssh/SshOptions.h"

#include <libssh/libssh.h>

#include <QString>
#include <QVector>

namespace bulkhead {

// Strict host-key policy over an OpenSSH known_hosts file: a known key proceeds, an unknown one is
// added only with acceptNew, a changed one (or one of another type) is always refused with both
// fingerprints. The system-wide known_hosts file is never consulted.
class KnownHostsVerifier
{
public:
    struct KnownKey
    {
        int line = 0;        // 1-based line in the known_hosts file
        QString type;        // "ssh-ed25519", ...
        QString fingerprint; // "SHA256:..."
    };

    // OpenSSH-style fingerprint, as `ssh-keygen -lf` prints it: "SHA256:" + unpadded base64.
    static QString fingerprint(ssh_key key);
    // The host name known_hosts lines are matched against: "addr" on port 22, else "[addr]:port".
    static QString knownHostsName(const HostSpec& host);
    // The keys recorded for hostName (plain, pattern or hashed entries), with their line numbers.
    static QVector<KnownKey> knownKeys(const QString& knownHostsFile, const QString& hostName);

    // Verifies the host key of a connected session; returns the verified fingerprint.
    static Result<QString> verify(ssh_session session, const SshOptions& options);
};

} // namespace bulkhead
