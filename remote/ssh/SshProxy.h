// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "ssh/SshOptions.h"

#include <QString>
#include <QVector>

namespace bulkhead {

// ProxyJump as libssh 0.10 can do it: by running the OpenSSH client (`ssh -W host:port jumphost`)
// as a ProxyCommand; libssh talks SSH to the target through that process's stdin/stdout, so the
// target's host key and the login are still checked by Bulkhead end to end. Native jump hosts
// arrive only with libssh 0.11; this needs the `ssh` binary (not on Windows).
// The jump connections get Bulkhead's host-key policy too: StrictHostKeyChecking=yes (accept-new
// with acceptNew) against the same known_hosts file, whatever the user's ssh config says.
class SshProxy
{
public:
    struct Hop
    {
        QString user; // empty: ssh's (or the config's) default
        QString host; // a host, an address or an ssh_config alias
        int port = 0; // 0: ssh's (or the config's) default
        QString text; // as written, for -J
    };

    // "[user@]host[:port][,...]" or "ssh://[user@]host[:port]" items, as ssh -J takes them.
    static Result<QVector<Hop>> parseJumps(const QString& proxyJump);

    // The shell command libssh runs to reach options.host through options.proxyJump. errorLog:
    // file that receives ssh's stderr (libssh would send it to /dev/null); empty: discarded.
    // askpass: program `ssh` may use for the jump hosts' passphrases; empty: BatchMode (no prompt).
    static Result<QString> jumpCommand(const SshOptions& options, const QString& errorLog = {},
                                       const QString& askpass = {});

    static QString shellQuote(const QString& word);
    static QString sshProgram(); // absolute path of `ssh`, empty when it is not installed
};

} // namespace bulkhead
