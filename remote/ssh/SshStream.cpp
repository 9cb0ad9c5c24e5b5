// SPDX-License-Identifier: GPL-3.0-or-later
#include "ssh/SshStream.h"
#include "ssh/ChannelExit.h"

#include "ssh/Keepalive.h"
#include "ssh/LibsshHandles.h"

#include <libssh/callbacks.h>

#include <algorithm>

namespace bulkhead {

namespace {

constexpr int ReadChunk = 64 * 1024;

QString libsshError(ssh_session session)
{
    return QString::fromUtf8(ssh_get_error(session));
}

void setBlockingTimeout(ssh_session session, int ms)
{
    ms = std::max(ms, 1);
    long seconds = ms / 1000;
    long micros = static_cast<long>(ms % 1000) * 1000;
    ssh_options_set(session, SSH_OPTIONS_TIMEOUT, &seconds);
    ssh_options_set(session, SSH_OPTIONS_TIMEOUT_USEC, &micros);
}

} // namespace

// Heap-allocated: libssh keeps pointers to `callbacks` and `exit`.
struct SshStream::Impl
{
    ssh_session session = nullptr;
    Keepalive* keepalive = nullptr;
    QString endpoint;
    int blockingMs = 10000;
    libssh::Channel channel;
    ssh_channel_callbacks_struct callbacks{};
    bool callbacksSet = false;
    ChannelExit exit;
    QByteArray errorOutput;
    QByteArray buffer = QByteArray(ReadChunk, Qt::Uninitialized);
    bool eof = false;
    bool dead = false; // the connection is gone: nothing more may be sent

    void detach()
    {
        if (channel && callbacksSet)
            ssh_remove_channel_callbacks(channel.get(), &callbacks);
        callbacksSet = false;
    }
};

SshStream::SshStream(std::unique_ptr<Impl> impl)
    : m_impl(std::move(impl))
{}

SshStream::~SshStream()
{
    stop();
}

Result<std::unique_ptr<SshStream>> SshStream::open(ssh_session_struct* session, Keepalive& keepalive,
                                                   const QString& endpoint, const QString& command, int openTimeoutMs,
                                                   const std::atomic<bool>* cancel)
{
    if (cancel != nullptr && cancel->load())
        return makeError(QStringLiteral("cancelled"));
    if (ssh_is_connected(session) == 0)
        return makeError(QStringLiteral("the connection to %1 is closed").arg(endpoint));
    auto impl = std::make_unique<Impl>();
    impl->session = session;
    impl->keepalive = &keepalive;
    impl->endpoint = endpoint;
    impl->blockingMs = std::max(openTimeoutMs, 1);
    setBlockingTimeout(session, impl->blockingMs);
    impl->channel.reset(ssh_channel_new(session));
    if (!impl->channel || ssh_channel_open_session(impl->channel.get()) != SSH_OK)
        return makeError(QStringLiteral("cannot open a channel to %1: %2").arg(endpoint, libsshError(session)));
    impl->exit.prepare(impl->callbacks);
    ssh_set_channel_callbacks(impl->channel.get(), &impl->callbacks);
    impl->callbacksSet = true;
    std::unique_ptr<SshStream> stream(new SshStream(std::move(impl)));
    const QByteArray bytes = command.toUtf8();
    if (ssh_channel_request_exec(stream->m_impl->channel.get(), bytes.constData()) != SSH_OK)
        return makeError(QStringLiteral("%1 refused to run the command: %2").arg(endpoint, libsshError(session)));
    keepalive.reset();
    return stream;
}

Result<QByteArray> SshStream::read(int waitMs)
{
    Impl& d = *m_impl;
    QByteArray out;
    if (!d.channel || d.eof)
        return out;
    if (ssh_is_connected(d.session) == 0) {
        // Dropped meanwhile (a command of this session met a dead server): libssh freed our channel.
        d.dead = true;
        d.callbacksSet = false;
        [[maybe_unused]] ssh_channel released = d.channel.release();
        return makeError(QStringLiteral("the connection to %1 is closed").arg(d.endpoint));
    }
    if (const QString gone = d.keepalive->check(); !gone.isEmpty()) {
        // A server that answers nothing would hold every further call until its timeout: drop the
        // connection without a goodbye. ssh_silent_disconnect frees the session's channels itself.
        d.dead = true;
        d.detach();
        [[maybe_unused]] ssh_channel released = d.channel.release();
        ssh_silent_disconnect(d.session);
        return makeError(QStringLiteral("lost the connection to %1: %2").arg(d.endpoint, gone));
    }
    const auto broken = [&d]() {
        d.dead = ssh_is_connected(d.session) == 0;
        return makeError(QStringLiteral("lost the connection to %1: %2").arg(d.endpoint, libsshError(d.session)));
    };
    if (ssh_channel_poll_timeout(d.channel.get(), std::max(waitMs, 0), 0) == SSH_ERROR)
        return broken();
    for (int isStderr : {0, 1}) {
        while (isStderr != 0 || out.size() < MaxReadBytes) {
            const int n = ssh_channel_read_nonblocking(d.channel.get(), d.buffer.data(), ReadChunk, isStderr);
            if (n == SSH_ERROR)
                return broken();
            if (n <= 0)
                break;
            if (isStderr == 0) {
                out.append(d.buffer.constData(), n);
            } else {
                const qsizetype room = MaxErrorBytes - d.errorOutput.size();
                if (room > 0)
                    d.errorOutput.append(d.buffer.constData(), std::min<qsizetype>(room, n)); // the rest: dropped
            }
        }
    }
    // Only EOF with both streams drained is the end; a quiet command gives empty reads while open.
    if (out.isEmpty() && (ssh_channel_is_eof(d.channel.get()) != 0 || ssh_channel_is_closed(d.channel.get()) != 0)) {
        // The exit status may trail the EOF: give it the rest of this wait.
        if (!d.exit.statusReceived && d.exit.signal.isEmpty() && ssh_channel_is_closed(d.channel.get()) == 0)
            ssh_channel_poll_timeout(d.channel.get(), std::max(waitMs, 0), 0);
        d.eof = true;
    }
    return out;
}

bool SshStream::finished() const
{
    return m_impl->eof || !m_impl->channel;
}

QByteArray SshStream::errorOutput() const
{
    return m_impl->errorOutput;
}

int SshStream::exitStatus() const
{
    return m_impl->exit.statusReceived ? m_impl->exit.status : -1;
}

QString SshStream::exitSignal() const
{
    return m_impl->exit.signal;
}

void SshStream::stop()
{
    Impl& d = *m_impl;
    if (!d.channel)
        return;
    if (d.dead || ssh_is_connected(d.session) == 0) {
        // A dropped session has freed its channels already (ssh_disconnect does): leave ours alone.
        d.callbacksSet = false;
        [[maybe_unused]] ssh_channel released = d.channel.release();
        return;
    }
    d.detach();
    setBlockingTimeout(d.session, d.blockingMs);
    if (ssh_channel_is_open(d.channel.get()) != 0) {
        if (ssh_channel_is_closed(d.channel.get()) == 0 && !d.eof) {
            // EOF on its stdin first: a command that watches its stdin ends even where sshd refuses
            // signals (root sessions).
            ssh_channel_send_eof(d.channel.get());
            ssh_channel_request_send_signal(d.channel.get(), "TERM");
        }
        ssh_channel_close(d.channel.get());
    }
    d.channel.reset();
}

} // namespace bulkhead
