// SPDX-License-Identifier: GPL-3.0-or-later
// ScanRequest (declared in FleetScanner.h): how its SSH fields become one host's SshOptions.
#include "scan/FleetScanner.h"

#include "ssh/SshConfig.h"

namespace bulkhead {

Result<SshOptions> ScanRequest::sshOptionsFor(const HostSpec& host) const
{
    SshOptions options;
    options.host = host;
    options.identityFile = identityFile;
    options.knownHostsFile = knownHostsFile;
    options.acceptNew = acceptNew;
    options.connectTimeoutMs = connectTimeoutMs;
    options.passwordAuth = passwordAuth;
    options.credentials = credentials;
    options.keepaliveIntervalMs = keepaliveIntervalMs;
    options.keepaliveCountMax = keepaliveCountMax;
    if (sshConfig) {
        if (auto applied = sshConfig->apply(host, options, connectTimeoutGiven); !applied) {
            return applied.error();
        }
    }
    return options;
}

} // namespace bulkhead
