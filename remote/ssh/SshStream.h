// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"

#include <QByteArray>
#include <QString>

#include <atomic>
#include <memory>

struct ssh_session_struct;

namespace bulkhead {

class Keepalive;

// A long-running command on its own channel of an SshSession, read as its output arrives (`docker
// events`). Other commands may run on the same session between reads (SshSession::run): what arrives
// for this channel meanwhile is buffered by libssh. Not thread-safe; must not outlive its session.
// Destroying it stops the command (stop()).
class SshStream
{
public:
    ~SshStream();
    SshStream(const SshStream&) = delete;
    SshStream& operator=(const SshStream&) = delete;

    // Waits up to waitMs for output and returns what stdout brought (possibly nothing), at most
    // MaxReadBytes per call. Errors: the connection broke, or the server stopped answering keepalives
    // (the connection is then dropped: later commands on the session fail at once).
    Result<QByteArray> read(int waitMs);
    static constexpr qsizetype MaxReadBytes = 1 << 20;

    // The command ended (EOF or channel closed) and everything it printed has been read.
    bool finished() const;
    QByteArray errorOutput() const; // stderr so far, capped at MaxErrorBytes
    static constexpr qsizetype MaxErrorBytes = 64 * 1024;
    int exitStatus() const; // -1: none received
    QString exitSignal() const;

    // Ends the command: EOF on its stdin, TERM to it (OpenSSH forwards the signal, except in root
    // sessions; closing alone would leave it running), then the channel is closed. Idempotent.
    void stop();

private:
    friend class SshSession;
    struct Impl;
    explicit SshStream(std::unique_ptr<Impl> impl);
    // Opens a channel on a connected, blocking session and starts `command` on it.
    static Result<std::unique_ptr<SshStream>> open(ssh_session_struct* session, Keepalive& keepalive,
                                                   const QString& endpoint, const QString& command, int openTimeoutMs,
                                                   const std::atomic<bool>* cancel);
    std::unique_ptr<Impl> m_impl;
};

} // namespace bulkhead
