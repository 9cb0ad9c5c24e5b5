// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "ssh/SshOptions.h"
#include "ssh/SshStream.h"

#include <QByteArray>
#include <QDateTime>
#include <QString>
#include <QVector>

#include <atomic>
#include <functional>
#include <memory>

namespace bulkhead {

struct CommandResult
{
    QByteArray output;
    QByteArray errorOutput;
    int exitStatus = -1; // -1: none received
    QString exitSignal;  // set when the command died of a signal
    bool truncated = false;
    bool timedOut = false;
    QDateTime startedUtc;
    QDateTime finishedUtc;
};

// One libssh session to one host. Not thread-safe: use it from the thread that connected it.
// Host keys are verified strictly against options.knownHostsFile: unknown keys are refused unless
// acceptNew; a changed key is always refused, naming both fingerprints.
class SshSession
{
public:
    static Result<std::unique_ptr<SshSession>> connect(const SshOptions& options,
                                                       const std::atomic<bool>* cancel = nullptr);
    ~SshSession();
    SshSession(const SshSession&) = delete;
    SshSession& operator=(const SshSession&) = delete;

    // Runs one command on a new channel; output is capped and the command bounded in time.
    // A non-zero exit is not an error here (it is evidence); errors are transport failures.
    // `input`, when not empty, is written to the command's stdin, then end of file is sent: how a file's
    // new content reaches a fixed command (`cat > FILE`) without ever being part of a command line.
    Result<CommandResult> run(const QString& command, const CommandLimits& limits = {},
                              const std::atomic<bool>* cancel = nullptr, const QByteArray& input = QByteArray());

    // Runs the commands on up to maxChannels parallel channels of this session (ChannelMux), each
    // with run()'s caps, timeout and exit semantics; `done` gets each result as it ends (completion
    // order) and may return false to stop. On success: every result, in command order.
    using CommandDone = std::function<bool(int index, CommandResult& result)>;
    Result<QVector<CommandResult>> runAll(const QVector<QString>& commands, const CommandLimits& limits = {},
                                          const std::atomic<bool>* cancel = nullptr, int maxChannels = 4,
                                          const CommandDone& done = {});

    // Starts a long-running command on its own channel and hands it over to be read as its output
    // arrives (SshStream); run() may be used meanwhile. The stream must not outlive this session.
    Result<std::unique_ptr<SshStream>> openStream(const QString& command, const std::atomic<bool>* cancel = nullptr);

    QString serverFingerprint() const; // "SHA256:..." of the verified host key

private:
    struct Impl;
    explicit SshSession(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

} // namespace bulkhead
