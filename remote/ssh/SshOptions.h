// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/HostSpec.h"

#include <QString>
#include <QStringList>

#include <memory>

namespace bulkhead {

class CredentialsProvider;

struct SshOptions
{
    HostSpec host;
    QString identityFile;   // private key file; empty: ssh-agent only
    QString knownHostsFile; // OpenSSH known_hosts format; required
    bool acceptNew = false; // add an unknown host's key to knownHostsFile (never a changed one)
    bool useAgent = true;   // try ssh-agent (SSH_AUTH_SOCK) when present
    int connectTimeoutMs = 10000;

    // More private keys, tried after identityFile (IdentityFile lines of an ssh config); files that
    // do not exist are skipped, as ssh does.
    QStringList identityFiles;
    QString agentSocket; // ssh-agent socket (IdentityAgent); empty: $SSH_AUTH_SOCK

    // Keepalive (ServerAliveInterval / ServerAliveCountMax): while a command runs and the server has
    // sent nothing for keepaliveIntervalMs, ask it for an answer; after keepaliveCountMax unanswered
    // asks the connection is given up as dead. 0: off.
    int keepaliveIntervalMs = 15000;
    int keepaliveCountMax = 3;

    // Password and keyboard-interactive authentication, asked through `credentials`. Off unless the
    // user chose it; the answers are never stored.
    bool passwordAuth = false;
    // Asks for key passphrases and passwords (GUI prompt, askpass, terminal). Null: nothing can be
    // asked, so an encrypted key works only through the agent.
    std::shared_ptr<CredentialsProvider> credentials;

    // How the host is reached when not by a direct TCP connection: jump hosts ("[user@]host[:port],...",
    // run as `ssh -W`, see SshProxy) or a ProxyCommand for /bin/sh with its %-tokens expanded.
    QString proxyJump;
    QString proxyCommand;

    // Where the settings came from (ssh config), for the dry-run and the log.
    QString configFile;        // empty: no ssh config was used
    QString configAlias;       // the name the host was given by, before HostName
    QStringList configApplied; // "Port 2222 (FILE line 4)"
    QStringList configIgnored; // "StrictHostKeyChecking no (FILE line 2): ignored: ..."
};

struct CommandLimits
{
    int timeoutMs = 120000;             // whole command, wall clock
    qint64 maxOutputBytes = 64LL << 20; // stdout cap; beyond it the output is cut and marked truncated
    qint64 maxErrorBytes = 1LL << 20;   // stderr cap
};

} // namespace bulkhead
