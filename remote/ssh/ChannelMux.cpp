// SPDX-License-Identifier: GPL-3.0-or-later
#include "ssh/ChannelMux.h"
#include "ssh/ChannelExit.h"

#include "ssh/LibsshHandles.h"

#include <libssh/callbacks.h>

#include <QElapsedTimer>

#include <poll.h>

#include <algorithm>
#include <cerrno>
#include <deque>
#include <memory>
#include <vector>

namespace bulkhead {

namespace {

constexpr int WaitSliceMs = 50; // longest sleep between turns: bounds the reaction to cancel and deadlines
constexpr int ReadChunk = 64 * 1024;

bool isCancelled(const std::atomic<bool>* cancel)
{
    return cancel != nullptr && cancel->load();
}

QString libsshError(ssh_session session)
{
    return QString::fromUtf8(ssh_get_error(session));
}

// One command in flight. Heap-allocated: libssh keeps pointers to `callbacks` and `exit`.
struct Slot
{
    enum class Phase
    {
        Opening,
        Starting,
        Running,
        AwaitingExit, // EOF seen: the exit status or signal may trail it
        Finished,
    };

    int index = 0;
    QByteArray command;
    libssh::Channel channel;
    Phase phase = Phase::Opening;
    QElapsedTimer clock;
    CommandResult result;
    ChannelExit exit;
    ssh_channel_callbacks_struct callbacks{};
    bool callbacksSet = false;

    ~Slot() { release(); }

    // Closes the channel (TERM first when the command may still run) and frees it. Callbacks are
    // removed first: a late exit-status must not reach a freed Slot.
    void release(bool terminate = false)
    {
        if (!channel)
            return;
        if (callbacksSet)
            ssh_remove_channel_callbacks(channel.get(), &callbacks);
        callbacksSet = false;
        if (ssh_channel_is_open(channel.get()) != 0) {
            // OpenSSH forwards the signal to the command; closing alone would leave it running.
            if (terminate && ssh_channel_is_closed(channel.get()) == 0)
                ssh_channel_request_send_signal(channel.get(), "TERM");
            ssh_channel_close(channel.get());
        }
        channel.reset();
    }
};

// Appends what was read to `sink`, keeping at most `cap` bytes. Returns false on overflow.
bool keep(QByteArray& sink, const char* data, int n, qint64 cap)
{
    const qint64 room = cap - sink.size();
    if (n <= room) {
        sink.append(data, n);
        return true;
    }
    if (room > 0)
        sink.append(data, static_cast<qsizetype>(room));
    return false;
}

class Mux
{
public:
    Mux(ssh_session session, const QVector<QString>& commands, const CommandLimits& limits,
        const ChannelMux::Options& options, const std::atomic<bool>* cancel, const ChannelMux::Done& done)
        : m_session(session)
        , m_commands(commands)
        , m_limits(limits)
        , m_options(options)
        , m_cancel(cancel)
        , m_done(done)
        , m_limit(std::clamp(options.maxChannels, 1, ChannelMux::MaxChannels))
        , m_buffer(ReadChunk, Qt::Uninitialized)
    {
        for (int i = 0; i < commands.size(); ++i)
            m_pending.push_back(i);
        m_results.resize(commands.size());
        // Waiting through an ssh_event also processes what arrives (data, EOF, exit status, close)
        // for every channel of the session: a plain poll() would only say the socket is readable.
        m_event = ssh_event_new();
        if (m_event != nullptr && ssh_event_add_session(m_event, m_session) != SSH_OK) {
            ssh_event_free(m_event);
            m_event = nullptr;
        }
    }

    ~Mux()
    {
        closeAll();
        if (m_event != nullptr) {
            ssh_event_remove_session(m_event, m_session);
            ssh_event_free(m_event);
        }
    }

    Mux(const Mux&) = delete;
    Mux& operator=(const Mux&) = delete;

    Result<QVector<CommandResult>> run()
    {
        while (!m_pending.empty() || !m_active.empty()) {
            if (isCancelled(m_cancel))
                return fail(QStringLiteral("cancelled"));
            if (m_options.peerCheck) {
                if (const QString dead = m_options.peerCheck(); !dead.isEmpty())
                    return fail(QStringLiteral("lost the connection to %1: %2").arg(m_options.endpoint, dead));
            }
            if (ssh_is_connected(m_session) == 0)
                return fail(QStringLiteral("the connection to %1 is closed").arg(m_options.endpoint));
            while (static_cast<int>(m_active.size()) < m_limit && !m_pending.empty()) {
                if (auto started = start(m_pending.front()); !started)
                    return fail(started.errorMessage());
                m_pending.pop_front();
            }

            bool progressed = false;
            for (std::size_t i = 0; i < m_active.size(); ++i) {
                if (auto stepped = step(*m_active[i], progressed); !stepped)
                    return fail(stepped.errorMessage());
            }
            // Hand over finished commands in the order they finished; requeued ones were dropped.
            for (auto it = m_active.begin(); it != m_active.end();) {
                Slot& slot = **it;
                if (slot.phase != Slot::Phase::Finished) {
                    ++it;
                    continue;
                }
                std::unique_ptr<Slot> finished = std::move(*it);
                it = m_active.erase(it);
                if (finished->index < 0)
                    continue; // refused by the server: back in the queue
                m_results[finished->index] = finished->result;
                if (m_done && !m_done(finished->index, m_results[finished->index])) {
                    closeAll();
                    return m_results;
                }
            }
            if (!progressed) {
                if (auto waited = waitForSession(nextDeadlineMs()); !waited)
                    return fail(waited.errorMessage());
            }
        }
        return m_results;
    }

private:
    Result<void> start(int index)
    {
        auto slot = std::make_unique<Slot>();
        slot->index = index;
        slot->command = m_commands.at(index).toUtf8();
        slot->result.startedUtc = QDateTime::currentDateTimeUtc();
        slot->clock.start();
        slot->channel.reset(ssh_channel_new(m_session));
        if (!slot->channel)
            return makeError(
                QStringLiteral("cannot open a channel to %1: %2").arg(m_options.endpoint, libsshError(m_session)));
        slot->exit.prepare(slot->callbacks);
        m_active.push_back(std::move(slot));
        return {};
    }

    qint64 commandRemaining(const Slot& slot) const { return m_limits.timeoutMs - slot.clock.elapsed(); }

    Result<void> step(Slot& slot, bool& progressed)
    {
        switch (slot.phase) {
        case Slot::Phase::Opening: {
            const int rc = ssh_channel_open_session(slot.channel.get());
            if (rc == SSH_AGAIN)
                return openDeadline(slot);
            if (rc != SSH_OK) {
                const QString reason = libsshError(m_session);
                if (m_active.size() > 1 && ssh_is_connected(m_session) != 0) {
                    // The server allows fewer sessions per connection than we asked for (MaxSessions):
                    // use one channel less from now on and run this command when a channel is free.
                    m_limit = std::max(1, static_cast<int>(m_active.size()) - 1);
                    m_pending.push_front(slot.index);
                    slot.index = -1;
                    slot.channel.reset();
                    slot.phase = Slot::Phase::Finished;
                    progressed = true;
                    return {};
                }
                return makeError(QStringLiteral("cannot open a channel to %1: %2").arg(m_options.endpoint, reason));
            }
            ssh_set_channel_callbacks(slot.channel.get(), &slot.callbacks);
            slot.callbacksSet = true;
            slot.phase = Slot::Phase::Starting;
            progressed = true;
            [[fallthrough]];
        }
        case Slot::Phase::Starting: {
            const int rc = ssh_channel_request_exec(slot.channel.get(), slot.command.constData());
            if (rc == SSH_AGAIN)
                return openDeadline(slot);
            if (rc != SSH_OK)
                return makeError(QStringLiteral("%1 refused to run the command: %2")
                                     .arg(m_options.endpoint, libsshError(m_session)));
            slot.phase = Slot::Phase::Running;
            progressed = true;
            [[fallthrough]];
        }
        case Slot::Phase::Running:
        case Slot::Phase::AwaitingExit: {
            if (slot.phase == Slot::Phase::AwaitingExit) {
                // After EOF a non-blocking read no longer reads the socket (libssh only does so while
                // remote EOF is unseen): process what arrived so the exit status and close are seen.
                if (ssh_channel_poll_timeout(slot.channel.get(), 0, 0) == SSH_ERROR && ssh_is_connected(m_session) == 0)
                    return makeError(QStringLiteral("lost the connection to %1 while running a command: %2")
                                         .arg(m_options.endpoint, libsshError(m_session)));
            }
            if (auto read = drain(slot, progressed); !read)
                return read;
            if (slot.result.truncated) {
                finish(slot, true);
                progressed = true;
                return {};
            }
            if (slot.phase == Slot::Phase::Running && ssh_channel_is_eof(slot.channel.get()) != 0) {
                slot.phase = Slot::Phase::AwaitingExit;
                progressed = true;
            }
            const bool closed = ssh_channel_is_closed(slot.channel.get()) != 0;
            if (slot.phase == Slot::Phase::AwaitingExit &&
                (slot.exit.statusReceived || !slot.exit.signal.isEmpty() || closed)) {
                finish(slot, false);
                progressed = true;
                return {};
            }
            if (closed) { // closed without EOF: whatever status arrived is all there is
                finish(slot, false);
                progressed = true;
                return {};
            }
            if (commandRemaining(slot) <= 0) {
                // Running: the command overran. Awaiting its exit: no status came in time (as run()).
                slot.result.timedOut = slot.phase == Slot::Phase::Running;
                finish(slot, slot.result.timedOut);
                progressed = true;
            }
            return {};
        }
        case Slot::Phase::Finished:
            return {};
        }
        return {};
    }

    // Opening a channel and starting the command are bounded by the open timeout and by the
    // command's own deadline, whichever comes first.
    Result<void> openDeadline(const Slot& slot)
    {
        if (slot.clock.elapsed() < std::min<qint64>(m_options.openTimeoutMs, std::max(m_limits.timeoutMs, 1)))
            return {};
        return makeError(QStringLiteral("cannot open a channel to %1: timed out").arg(m_options.endpoint));
    }

    Result<void> drain(Slot& slot, bool& progressed)
    {
        const qint64 maxOut = std::max<qint64>(m_limits.maxOutputBytes, 0);
        const qint64 maxErr = std::max<qint64>(m_limits.maxErrorBytes, 0);
        for (int isStderr : {0, 1}) {
            while (true) {
                const int n = ssh_channel_read_nonblocking(slot.channel.get(), m_buffer.data(), ReadChunk, isStderr);
                if (n == SSH_ERROR)
                    return makeError(QStringLiteral("lost the connection to %1 while running a command: %2")
                                         .arg(m_options.endpoint, libsshError(m_session)));
                if (n <= 0)
                    break;
                progressed = true;
                if (isStderr != 0) {
                    keep(slot.result.errorOutput, m_buffer.constData(), n, maxErr); // beyond the cap: dropped
                } else if (!keep(slot.result.output, m_buffer.constData(), n, maxOut)) {
                    slot.result.truncated = true;
                    return {};
                }
            }
        }
        return {};
    }

    void finish(Slot& slot, bool stoppedEarly)
    {
        slot.result.exitStatus = slot.exit.statusReceived ? slot.exit.status : -1;
        slot.result.exitSignal = slot.exit.signal;
        slot.release(stoppedEarly);
        slot.result.finishedUtc = QDateTime::currentDateTimeUtc();
        slot.phase = Slot::Phase::Finished;
    }

    int nextDeadlineMs() const
    {
        qint64 wait = WaitSliceMs;
        for (const auto& slot : m_active)
            wait = std::min(wait, std::max<qint64>(commandRemaining(*slot), 0));
        return static_cast<int>(std::max<qint64>(wait, 1));
    }

    // Waits until something arrives for the session (or the timeout), and processes it; without an
    // event (allocation failed) falls back to waiting on the socket.
    Result<void> waitForSession(int timeoutMs) const
    {
        if (m_event != nullptr) {
            if (ssh_event_dopoll(m_event, timeoutMs) == SSH_ERROR && ssh_is_connected(m_session) == 0)
                return makeError(QStringLiteral("lost the connection to %1 while running a command: %2")
                                     .arg(m_options.endpoint, libsshError(m_session)));
            return {};
        }
        const int fd = ssh_get_fd(m_session);
        if (fd < 0)
            return {};
        pollfd pfd{fd, POLLIN, 0};
        if ((ssh_get_poll_flags(m_session) & SSH_WRITE_PENDING) != 0)
            pfd.events |= POLLOUT;
        while (::poll(&pfd, 1, timeoutMs) < 0 && errno == EINTR) {
        }
        return {};
    }

    void closeAll()
    {
        for (auto& slot : m_active)
            slot->release(slot->phase == Slot::Phase::Running || slot->phase == Slot::Phase::AwaitingExit);
        m_active.clear();
    }

    Error fail(const QString& message)
    {
        closeAll();
        return makeError(message);
    }

    ssh_session m_session;
    const QVector<QString>& m_commands;
    const CommandLimits& m_limits;
    const ChannelMux::Options& m_options;
    const std::atomic<bool>* m_cancel;
    const ChannelMux::Done& m_done;
    int m_limit;
    QByteArray m_buffer;
    std::deque<int> m_pending;
    std::vector<std::unique_ptr<Slot>> m_active;
    QVector<CommandResult> m_results;
    ssh_event m_event = nullptr;
};

} // namespace

Result<QVector<CommandResult>> ChannelMux::run(ssh_session session, const QVector<QString>& commands,
                                               const CommandLimits& limits, const Options& options,
                                               const std::atomic<bool>* cancel, const Done& done)
{
    if (commands.isEmpty())
        return QVector<CommandResult>();
    ssh_set_blocking(session, 0);
    Result<QVector<CommandResult>> result = [&] {
        Mux mux(session, commands, limits, options, cancel, done);
        return mux.run();
    }();
    ssh_set_blocking(session, 1);
    return result;
}

} // namespace bulkhead
