// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/HostSpec.h"

#include <QString>

namespace bulkhead {

struct SshOptions
{
    HostSpec host;
    QString identityFile;   // private key file; empty: ssh-agent only
    QString knownHostsFile; // OpenSSH known_hosts format; required
    bool acceptNew = false; // add an unknown host's key to knownHostsFile (never a changed one)
    bool useAgent = true;   // try ssh-agent (SSH_AUTH_SOCK) when present
    int connectTimeoutMs = 10000;
};

struct CommandLimits
{
    int timeoutMs = 120000;             // whole command, wall clock
    qint64 maxOutputBytes = 64LL << 20; // stdout cap; beyond it the output is cut and marked truncated
    qint64 maxErrorBytes = 1LL << 20;   // stderr cap
};

} // namespace bulkhead
