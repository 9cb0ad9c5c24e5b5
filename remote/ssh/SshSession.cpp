// SPDX-License-Identifier: GPL-3.0-or-later
#include "ssh/SshSession.h"
#include "ssh/ChannelExit.h"

#include "ssh/ChannelMux.h"
#include "ssh/CredentialsProvider.h"
#include "ssh/Endpoint.h"
#include "ssh/Keepalive.h"
#include "ssh/KnownHostsVerifier.h"
#include "ssh/LibsshHandles.h"
#include "ssh/SshAgent.h"
#include "ssh/SshAuthenticator.h"
#include "ssh/SshProxy.h"

#include <libssh/callbacks.h>

#include <QDeadlineTimer>
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QTemporaryFile>

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <optional>
#include <thread>

namespace bulkhead {

namespace {

constexpr int PollSliceMs = 100;   // how often a running command checks cancel and its deadline
constexpr int PendingSliceMs = 50; // how often a pending connect or authentication checks cancel
constexpr int ReadChunk = 64 * 1024;

bool isCancelled(const std::atomic<bool>* cancel)
{
    return cancel != nullptr && cancel->load();
}

QString libsshError(ssh_session session)
{
    return QString::fromUtf8(ssh_get_error(session));
}

QString secondsText(int ms)
{
    if (ms % 1000 == 0) {
        return QString::number(ms / 1000);
    }
    return QString::number(ms / 1000.0, 'f', 1);
}

// Sets the libssh timeout that bounds blocking operations once connected (channel open, exec request,
// exit status, close, flush). connect() runs non-blocking and keeps its own deadlines.
int setBlockingTimeout(ssh_session session, int ms)
{
    ms = std::max(ms, 1);
    long seconds = ms / 1000;
    long micros = static_cast<long>(ms % 1000) * 1000;
    if (ssh_options_set(session, SSH_OPTIONS_TIMEOUT, &seconds) != SSH_OK) {
        return SSH_ERROR;
    }
    return ssh_options_set(session, SSH_OPTIONS_TIMEOUT_USEC, &micros);
}

// libssh 0.10 has no ServerAliveInterval: let the kernel notice a server that vanished, so a
// blocking call fails instead of hanging until the command deadline.
void enableTcpKeepalive(ssh_session session)
{
    const int fd = ssh_get_fd(session);
    if (fd < 0) {
        return;
    }
    const int on = 1;
    const int idle = 15;
    const int interval = 5;
    const int count = 4;
    const unsigned int userTimeoutMs = 45000;
    setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &on, sizeof(on));
    setsockopt(fd, IPPROTO_TCP, TCP_KEEPIDLE, &idle, sizeof(idle));
    setsockopt(fd, IPPROTO_TCP, TCP_KEEPINTVL, &interval, sizeof(interval));
    setsockopt(fd, IPPROTO_TCP, TCP_KEEPCNT, &count, sizeof(count));
    setsockopt(fd, IPPROTO_TCP, TCP_USER_TIMEOUT, &userTimeoutMs, sizeof(userTimeoutMs));
}

// Waits, at most timeoutMs, until the socket can move the pending libssh call on: readable, or
// writable while libssh has something to send (or the TCP connect is in progress).
void waitForSocket(ssh_session session, int timeoutMs)
{
    const int fd = ssh_get_fd(session);
    if (fd < 0) {
        std::this_thread::sleep_for(std::chrono::milliseconds(timeoutMs));
        return;
    }
    pollfd pfd{fd, POLLIN, 0};
    if ((ssh_get_poll_flags(session) & SSH_WRITE_PENDING) != 0) {
        pfd.events |= POLLOUT;
    }
    while (::poll(&pfd, 1, timeoutMs) < 0 && errno == EINTR) {
    }
}

struct Pending
{
    int rc = SSH_ERROR;
    bool cancelled = false;
    bool timedOut = false;
};

// Drives a libssh call on a non-blocking session to its end: repeats it while it returns `again`,
// waiting for the socket in short slices so a cancel or the deadline ends the wait promptly.
template <typename Call>
Pending untilDone(ssh_session session, int again, const QDeadlineTimer& deadline, const std::atomic<bool>* cancel,
                  Call call)
{
    while (true) {
        Pending pending;
        pending.rc = call();
        if (pending.rc != again) {
            return pending;
        }
        if (isCancelled(cancel)) {
            pending.cancelled = true;
            return pending;
        }
        const qint64 remaining = deadline.remainingTime();
        if (remaining == 0) {
            pending.timedOut = true;
            return pending;
        }
        waitForSocket(session, static_cast<int>(std::min<qint64>(remaining, PendingSliceMs)));
    }
}

Result<void> setOption(ssh_session session, ssh_options_e option, const void* value, const char* what)
{
    if (ssh_options_set(session, option, value) != SSH_OK) {
        return makeError(
            QStringLiteral("cannot set the SSH option %1: %2").arg(QString::fromLatin1(what), libsshError(session)));
    }
    return {};
}

} // namespace

struct SshSession::Impl
{
    libssh::Session session;
    SshOptions options;
    QString endpoint;
    QString userAtHost;
    QString fingerprint;
    Keepalive keepalive;
    std::unique_ptr<QTemporaryFile> proxyLog; // stderr of the ProxyJump ssh process, for error messages
};

SshSession::SshSession(std::unique_ptr<Impl> impl)
    : m_impl(std::move(impl))
{}

SshSession::~SshSession() = default;

QString SshSession::serverFingerprint() const
{
    return m_impl->fingerprint;
}

namespace {

Result<void> configure(ssh_session session, const SshOptions& options, const QString& user, const QString& proxyCommand)
{
    // libssh never reads ~/.ssh/config or /etc/ssh itself: a user's StrictHostKeyChecking or
    // UserKnownHostsFile must not reach it. An ssh config, when wanted, is resolved by SshConfig
    // into these options first.
    const bool processConfig = false;
    const QByteArray host = options.host.address.toUtf8();
    const unsigned int port = static_cast<unsigned int>(options.host.port);
    const QByteArray userBytes = user.toUtf8();
    const QByteArray knownHosts = QFile::encodeName(options.knownHostsFile);
    const int strict = 1;
    const int noDelay = 1;
    // libssh only consults these flags for its automatic methods; SshAuthenticator decides itself.
    const int passwords = options.passwordAuth ? 1 : 0;
    const int off = 0;

    for (const auto& step : {
             setOption(session, SSH_OPTIONS_PROCESS_CONFIG, &processConfig, "ProcessConfig"),
             setOption(session, SSH_OPTIONS_HOST, host.constData(), "Host"),
             setOption(session, SSH_OPTIONS_PORT, &port, "Port"),
             setOption(session, SSH_OPTIONS_USER, userBytes.constData(), "User"),
             setOption(session, SSH_OPTIONS_KNOWNHOSTS, knownHosts.constData(), "UserKnownHostsFile"),
             setOption(session, SSH_OPTIONS_GLOBAL_KNOWNHOSTS, "/dev/null", "GlobalKnownHostsFile"),
             setOption(session, SSH_OPTIONS_STRICTHOSTKEYCHECK, &strict, "StrictHostKeyChecking"),
             setOption(session, SSH_OPTIONS_NODELAY, &noDelay, "NoDelay"),
             setOption(session, SSH_OPTIONS_PASSWORD_AUTH, &passwords, "PasswordAuthentication"),
             setOption(session, SSH_OPTIONS_KBDINT_AUTH, &passwords, "KbdInteractiveAuthentication"),
             setOption(session, SSH_OPTIONS_GSSAPI_AUTH, &off, "GSSAPIAuthentication"),
         }) {
        if (!step) {
            return step.error();
        }
    }
    if (setBlockingTimeout(session, options.connectTimeoutMs) != SSH_OK) {
        return makeError(QStringLiteral("cannot set the SSH connect timeout: %1").arg(libsshError(session)));
    }
    const QString agentSocket = options.agentSocket.isEmpty() ? SshAgent::socketPath() : options.agentSocket;
    if (options.useAgent && !agentSocket.isEmpty()) {
        const QByteArray agent = QFile::encodeName(agentSocket);
        if (auto set = setOption(session, SSH_OPTIONS_IDENTITY_AGENT, agent.constData(), "IdentityAgent"); !set) {
            return set.error();
        }
    }
    if (!proxyCommand.isEmpty()) {
        // Our command has every token expanded already; libssh expands %-tokens once more, so a
        // literal % (an IPv6 zone, a path) must reach it as %%.
        QString escaped = proxyCommand;
        escaped.replace(QLatin1Char('%'), QLatin1String("%%"));
        const QByteArray command = escaped.toUtf8();
        if (auto set = setOption(session, SSH_OPTIONS_PROXYCOMMAND, command.constData(), "ProxyCommand"); !set) {
            return set.error();
        }
    }
    return {};
}

} // namespace

Result<std::unique_ptr<SshSession>> SshSession::connect(const SshOptions& options, const std::atomic<bool>* cancel)
{
    const QString endpoint = Endpoint::label(options.host);
    if (options.host.address.isEmpty()) {
        return makeError(QStringLiteral("no host address given"));
    }
    // libssh would split "user@host" itself and take whitespace literally; a HostSpec never holds either.
    for (const QChar c : options.host.address) {
        if (c == QLatin1Char('@') || c.isSpace() || c.unicode() < 0x20) {
            return makeError(QStringLiteral("invalid host address \"%1\"").arg(options.host.address));
        }
    }
    if (options.host.port < 1 || options.host.port > 65535) {
        return makeError(QStringLiteral("invalid port %1 for %2").arg(options.host.port).arg(options.host.address));
    }
    if (options.knownHostsFile.isEmpty()) {
        return makeError(
            QStringLiteral("no known_hosts file given for %1: host keys are always verified").arg(endpoint));
    }
    if (isCancelled(cancel)) {
        return makeError(QStringLiteral("cancelled"));
    }

    auto impl = std::make_unique<Impl>();
    impl->options = options;
    impl->endpoint = endpoint;
    impl->userAtHost = Endpoint::userAtLabel(options.host);
    impl->session.reset(ssh_new());
    if (!impl->session) {
        return makeError(QStringLiteral("cannot create an SSH session"));
    }
    ssh_session session = impl->session.get();
    QString proxyCommand = options.proxyCommand;
    QString route; // how the host is reached, for error messages
    if (!options.proxyJump.isEmpty()) {
        // ssh's own messages ("Host key verification failed", "Permission denied") are the only
        // explanation when a jump fails; libssh would send them to /dev/null.
        impl->proxyLog =
            std::make_unique<QTemporaryFile>(QDir::temp().filePath(QStringLiteral("bulkhead-jump-XXXXXX")));
        if (!impl->proxyLog->open()) {
            return makeError(QStringLiteral("cannot create a temporary file for the ProxyJump log"));
        }
        impl->proxyLog->close();
        const QString askpass = options.credentials ? options.credentials->askpassProgram() : QString();
        auto jump = SshProxy::jumpCommand(options, impl->proxyLog->fileName(), askpass);
        if (!jump) {
            return makeError(QStringLiteral("cannot connect to %1: %2").arg(endpoint, jump.errorMessage()));
        }
        proxyCommand = jump.value();
        route = QStringLiteral(" through ProxyJump %1").arg(options.proxyJump);
    } else if (!proxyCommand.isEmpty()) {
        route = QStringLiteral(" through ProxyCommand");
    }
    if (auto configured = configure(session, options, Endpoint::effectiveUser(options.host), proxyCommand);
        !configured) {
        return configured.error();
    }
    const auto jumpError = [&impl]() -> QString {
        if (!impl->proxyLog) {
            return {};
        }
        QFile log(impl->proxyLog->fileName());
        if (!log.open(QIODevice::ReadOnly)) {
            return {};
        }
        // What ssh printed about the jump host: hostile-ish text, kept to one sanitized line.
        const QString text = CredentialRequest::sanitize(QString::fromUtf8(log.read(4096)), 400);
        return text.isEmpty() ? QString() : QStringLiteral(" (ssh: %1)").arg(text);
    };

    // A blocking ssh_connect() cannot be interrupted: a host that accepts TCP but never sends its banner
    // would hold a cancel for the whole timeout. Non-blocking, we wait in short slices instead, until
    // authenticated; run() relies on blocking mode again after that. (Name resolution still blocks.)
    ssh_set_blocking(session, 0);
    const int connectTimeoutMs = std::max(options.connectTimeoutMs, 1);
    const QDeadlineTimer connectDeadline(connectTimeoutMs);
    const Pending connected =
        untilDone(session, SSH_AGAIN, connectDeadline, cancel, [session] { return ssh_connect(session); });
    if (connected.cancelled) {
        return makeError(QStringLiteral("cancelled"));
    }
    if (connected.rc != SSH_OK) {
        const QString reason = libsshError(session);
        // libssh words a timeout differently per phase (TCP connect, banner, key exchange): name it once.
        if (connected.timedOut || reason.contains(QLatin1String("imeout"))) {
            return makeError(QStringLiteral("cannot connect to %1%2: timed out after %3 s%4")
                                 .arg(endpoint, route, secondsText(connectTimeoutMs), jumpError()));
        }
        return makeError(QStringLiteral("cannot connect to %1%2: %3%4").arg(endpoint, route, reason, jumpError()));
    }
    enableTcpKeepalive(session);
    if (isCancelled(cancel)) {
        return makeError(QStringLiteral("cancelled"));
    }

    auto verified = KnownHostsVerifier::verify(session, options);
    if (!verified) {
        return verified.error();
    }
    impl->fingerprint = verified.value();
    if (isCancelled(cancel)) {
        return makeError(QStringLiteral("cancelled"));
    }

    SshAuthenticator authenticator(session, options, impl->userAtHost, cancel);
    if (auto authenticated = authenticator.run(); !authenticated) {
        return authenticated.error();
    }
    ssh_set_blocking(session, 1);
    impl->keepalive.attach(session, options.keepaliveIntervalMs, options.keepaliveCountMax);
    return std::unique_ptr<SshSession>(new SshSession(std::move(impl)));
}

Result<QVector<CommandResult>> SshSession::runAll(const QVector<QString>& commands, const CommandLimits& limits,
                                                  const std::atomic<bool>* cancel, int maxChannels,
                                                  const CommandDone& done)
{
    ChannelMux::Options options;
    options.endpoint = m_impl->endpoint;
    options.openTimeoutMs = m_impl->options.connectTimeoutMs;
    options.maxChannels = maxChannels;
    options.peerCheck = [this] { return m_impl->keepalive.check(); };
    m_impl->keepalive.reset();
    return ChannelMux::run(m_impl->session.get(), commands, limits, options, cancel, done);
}

Result<std::unique_ptr<SshStream>> SshSession::openStream(const QString& command, const std::atomic<bool>* cancel)
{
    return SshStream::open(m_impl->session.get(), m_impl->keepalive, m_impl->endpoint, command,
                           m_impl->options.connectTimeoutMs, cancel);
}

Result<CommandResult> SshSession::run(const QString& command, const CommandLimits& limits,
                                      const std::atomic<bool>* cancel, const QByteArray& input)
{
    ssh_session session = m_impl->session.get();
    const QString& endpoint = m_impl->endpoint;
    CommandResult result;
    result.startedUtc = QDateTime::currentDateTimeUtc();
    QElapsedTimer clock;
    clock.start();

    if (isCancelled(cancel)) {
        return makeError(QStringLiteral("cancelled"));
    }
    if (ssh_is_connected(session) == 0) {
        return makeError(QStringLiteral("the connection to %1 is closed").arg(endpoint));
    }

    // Blocking steps (channel open, exec request) must not outlive the command's own deadline.
    const int blockingMs = std::min(m_impl->options.connectTimeoutMs, std::max(limits.timeoutMs, 1));
    setBlockingTimeout(session, blockingMs);

    libssh::Channel channel(ssh_channel_new(session));
    if (!channel) {
        return makeError(QStringLiteral("cannot open a channel to %1: %2").arg(endpoint, libsshError(session)));
    }
    ChannelExit exitInfo;
    ssh_channel_callbacks_struct callbacks{};
    exitInfo.prepare(callbacks);
    if (ssh_channel_open_session(channel.get()) != SSH_OK) {
        return makeError(QStringLiteral("cannot open a channel to %1: %2").arg(endpoint, libsshError(session)));
    }
    ssh_set_channel_callbacks(channel.get(), &callbacks);
    // libssh keeps a channel freed before the server closed it, and would call these callbacks for its
    // late packets (the exit signal of a command cut short) with this frame long gone. Every way out of
    // this function detaches them first.
    struct CallbackGuard
    {
        CallbackGuard(libssh::Channel& c, ssh_channel_callbacks_struct& cb)
            : channel(c)
            , callbacks(cb)
        {}
        libssh::Channel& channel;
        ssh_channel_callbacks_struct& callbacks;
        void detach()
        {
            if (channel)
                ssh_remove_channel_callbacks(channel.get(), &callbacks);
        }
        ~CallbackGuard() { detach(); }
        CallbackGuard(const CallbackGuard&) = delete;
        CallbackGuard& operator=(const CallbackGuard&) = delete;
    } callbackGuard{channel, callbacks};

    const QByteArray commandBytes = command.toUtf8();
    if (ssh_channel_request_exec(channel.get(), commandBytes.constData()) != SSH_OK) {
        const QString reason = libsshError(session);
        ssh_channel_close(channel.get());
        return makeError(QStringLiteral("%1 refused to run the command: %2").arg(endpoint, reason));
    }
    if (!input.isEmpty()) {
        // Blocking writes, bounded like the exec request; small (a configuration file), so the window holds it.
        qsizetype written = 0;
        while (written < input.size()) {
            const auto chunk = static_cast<uint32_t>(std::min<qsizetype>(input.size() - written, ReadChunk));
            const int n = ssh_channel_write(channel.get(), input.constData() + written, chunk);
            if (n <= 0) {
                const QString reason = libsshError(session);
                ssh_channel_close(channel.get());
                return makeError(QStringLiteral("cannot send the command's input to %1: %2").arg(endpoint, reason));
            }
            written += n;
        }
        ssh_channel_send_eof(channel.get());
    }

    const qint64 maxOut = std::max<qint64>(limits.maxOutputBytes, 0);
    const qint64 maxErr = std::max<qint64>(limits.maxErrorBytes, 0);
    QByteArray buffer(ReadChunk, Qt::Uninitialized);
    bool eof = false;
    bool stopped = false; // we ended the command early: deadline, cap or cancel
    bool cancelled = false;
    bool peerDead = false; // the keepalive gave up: nothing more is sent to this server
    QString transportError;

    // Appends what was read to `sink`, keeping at most `cap` bytes. Returns false on overflow.
    const auto keep = [](QByteArray& sink, const char* data, int n, qint64 cap) {
        const qint64 room = cap - sink.size();
        if (n <= room) {
            sink.append(data, n);
            return true;
        }
        if (room > 0) {
            sink.append(data, static_cast<qsizetype>(room));
        }
        return false;
    };
    // Reads whatever is buffered on one stream without blocking; false on a transport error.
    const auto drain = [&](int isStderr) {
        while (true) {
            const int n = ssh_channel_read_nonblocking(channel.get(), buffer.data(), ReadChunk, isStderr);
            if (n == SSH_ERROR) {
                transportError = libsshError(session);
                return false;
            }
            if (n <= 0) {
                return true;
            }
            if (isStderr != 0) {
                keep(result.errorOutput, buffer.constData(), n, maxErr); // beyond the cap: read and dropped
            } else if (!keep(result.output, buffer.constData(), n, maxOut)) {
                result.truncated = true;
                return true;
            }
        }
    };

    m_impl->keepalive.reset();
    while (true) {
        if (isCancelled(cancel)) {
            cancelled = true;
            break;
        }
        if (const QString dead = m_impl->keepalive.check(); !dead.isEmpty()) {
            transportError = dead;
            peerDead = true;
            break;
        }
        const qint64 remaining = limits.timeoutMs - clock.elapsed();
        if (remaining <= 0) {
            result.timedOut = true;
            break;
        }
        // Waits for stdout (or EOF) for one slice; stderr is drained below on every turn, so neither
        // stream can fill the shared window while we wait on the other.
        const int polled =
            ssh_channel_poll_timeout(channel.get(), static_cast<int>(std::min<qint64>(remaining, PollSliceMs)), 0);
        if (polled == SSH_ERROR) {
            transportError = libsshError(session);
            break;
        }
        if (!drain(0) || !drain(1)) {
            break;
        }
        if (result.truncated) {
            break;
        }
        // A slow command gives empty reads while its channel is open: only EOF with both streams
        // drained is the end.
        if (ssh_channel_is_eof(channel.get()) != 0) {
            eof = true;
            break;
        }
        if (ssh_channel_is_closed(channel.get()) != 0) {
            break;
        }
    }

    if (!transportError.isEmpty()) {
        result.finishedUtc = QDateTime::currentDateTimeUtc();
        if (peerDead) {
            // A server that answers nothing would hold every further call until its timeout: drop
            // the connection without a goodbye, so the next run() fails at once.
            // ssh_disconnect frees the session's channels itself: hand ours over rather than free it
            // twice (freeing it first would try to send a close to the server that answers nothing).
            callbackGuard.detach();
            [[maybe_unused]] ssh_channel released = channel.release();
            ssh_silent_disconnect(session);
            return makeError(
                QStringLiteral("lost the connection to %1 while running a command: %2").arg(endpoint, transportError));
        }
        ssh_channel_close(channel.get());
        return makeError(
            QStringLiteral("lost the connection to %1 while running a command: %2").arg(endpoint, transportError));
    }

    if (eof) {
        // The exit status or signal may trail the EOF: wait for it (or the close), within the deadline.
        const qint64 remaining = limits.timeoutMs - clock.elapsed();
        if (!exitInfo.statusReceived && exitInfo.signal.isEmpty() && remaining > 0) {
            setBlockingTimeout(session, static_cast<int>(std::min<qint64>(remaining, blockingMs)));
            const int status = ssh_channel_get_exit_status(channel.get());
            if (!exitInfo.statusReceived && status != -1) {
                exitInfo.statusReceived = true;
                exitInfo.status = status;
            }
        }
    } else {
        stopped = true;
    }

    if (stopped && ssh_channel_is_closed(channel.get()) == 0) {
        // OpenSSH forwards the signal to the command; closing alone would leave it running.
        ssh_channel_request_send_signal(channel.get(), "TERM");
    }
    setBlockingTimeout(session, blockingMs);
    ssh_channel_close(channel.get());
    callbackGuard.detach();
    channel.reset();
    setBlockingTimeout(session, m_impl->options.connectTimeoutMs);

    result.finishedUtc = QDateTime::currentDateTimeUtc();
    if (cancelled) {
        return makeError(QStringLiteral("cancelled"));
    }
    result.exitStatus = exitInfo.statusReceived ? exitInfo.status : -1;
    result.exitSignal = exitInfo.signal;
    return result;
}

} // namespace bulkhead
