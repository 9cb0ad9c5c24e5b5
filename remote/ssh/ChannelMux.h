// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "ssh/SshOptions.h"
#include "ssh/SshSession.h"

#include <libssh/libssh.h>

#include <QString>
#include <QVector>

#include <atomic>
#include <functional>

namespace bulkhead {

// Runs several commands on parallel channels of one connected libssh session, in one thread, with
// one non-blocking loop: up to maxChannels channels are open at once, each command gets the same
// treatment as SshSession::run() (wall-clock timeout from its own start, stdout and stderr caps with
// `truncated`, exit status and exit signal, TERM to a command cut short), and a new command starts
// as soon as a channel is free. A server that refuses a channel while others are open (OpenSSH's
// MaxSessions) only lowers the number of channels used.
class ChannelMux
{
public:
    struct Options
    {
        QString endpoint;                   // for messages: "host:port"
        int openTimeoutMs = 10000;          // bound on opening a channel and starting its command
        int maxChannels = 4;                // clamped to 1..MaxChannels
        std::function<QString()> peerCheck; // keepalive: non-empty when the server counts as dead
    };
    static constexpr int MaxChannels = 16;

    // Called as each command ends (completion order) with its index in `commands`; returning false
    // stops the run: open channels are closed and run() returns what was finished until then.
    using Done = std::function<bool(int index, CommandResult& result)>;

    // Errors are transport failures ("lost the connection", channel open timeout) and cancellation
    // ("cancelled"); results handed to `done` before that stay handed over. The session must be in
    // blocking mode; it is switched to non-blocking for the run and back afterwards. On success the
    // vector holds every command's result, in command order.
    static Result<QVector<CommandResult>> run(ssh_session session, const QVector<QString>& commands,
                                              const CommandLimits& limits, const Options& options,
                                              const std::atomic<bool>* cancel, const Done& done = {});
};

} // namespace bulkhead
