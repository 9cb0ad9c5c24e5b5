// SPDX-License-Identifier: GPL-3.0-or-later
#include "ssh/SshAuthenticator.h"

#include "ssh/CredentialsProvider.h"
#include "ssh/LibsshHandles.h"
#include "ssh/SshAgent.h"

#include <QFile>
#include <QFileInfo>

#include <poll.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <thread>

namespace bulkhead {

namespace {

constexpr int SliceMs = 50;    // how often a pending round trip checks cancel
constexpr int MaxAttempts = 3; // passphrase and password tries, as ssh's NumberOfPasswordPrompts
constexpr int MaxKbdRounds = 10;

struct PassphrasePrompt
{
    bool asked = false;
};

// libssh calls this only for an encrypted key; we note that and decline, so a passphrase is asked
// only once we know the server would take the key.
int notePassphrase(const char* /*prompt*/, char* buffer, size_t length, int /*echo*/, int /*verify*/, void* userdata)
{
    static_cast<PassphrasePrompt*>(userdata)->asked = true;
    if (length > 0) {
        buffer[0] = '\0';
    }
    return -1;
}

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

QString libsshError(ssh_session session)
{
    return QString::fromUtf8(ssh_get_error(session));
}

// The public half of a key file: NAME.pub, or the public part an OpenSSH-format private key carries
// in clear.
libssh::Key publicKeyOf(const QString& path)
{
    for (const QString& candidate : QStringList{path + QLatin1String(".pub"), path}) {
        if (!QFileInfo(candidate).isFile()) {
            continue;
        }
        ssh_key raw = nullptr;
        const QByteArray encoded = QFile::encodeName(candidate);
        if (ssh_pki_import_pubkey_file(encoded.constData(), &raw) == SSH_OK && raw != nullptr) {
            return libssh::Key(raw);
        }
        ssh_key_free(raw);
    }
    return libssh::Key();
}

} // namespace

SshAuthenticator::SshAuthenticator(ssh_session session, const SshOptions& options, const QString& userAtHost,
                                   const std::atomic<bool>* cancel)
    : m_session(session)
    , m_options(options)
    , m_userAtHost(userAtHost)
    , m_cancel(cancel)
    , m_timeoutMs(std::max(options.connectTimeoutMs, 1))
    , m_deadline(m_timeoutMs)
{}

bool SshAuthenticator::cancelled() const
{
    return m_cancel != nullptr && m_cancel->load();
}

template <typename Call> std::optional<int> SshAuthenticator::roundTrip(Call call)
{
    while (true) {
        const int rc = call();
        if (rc != SSH_AUTH_AGAIN) {
            m_attempted = true;
            return rc;
        }
        if (cancelled()) {
            m_stop = makeError(QStringLiteral("cancelled"));
            return std::nullopt;
        }
        const qint64 remaining = m_deadline.remainingTime();
        if (remaining == 0) {
            m_stop = makeError(QStringLiteral("authentication failed for %1: timed out after %2 s")
                                   .arg(m_userAtHost, m_timeoutMs % 1000 == 0
                                                          ? QString::number(m_timeoutMs / 1000)
                                                          : QString::number(m_timeoutMs / 1000.0, 'f', 1)));
            return std::nullopt;
        }
        waitForSocket(m_session, static_cast<int>(std::min<qint64>(remaining, SliceMs)));
    }
}

std::optional<SecretBytes> SshAuthenticator::ask(CredentialRequest request)
{
    request.target = m_userAtHost;
    auto answer = m_options.credentials->ask(request, m_cancel);
    // The person took their time; the server's share of the time budget starts again now.
    m_deadline = QDeadlineTimer(m_timeoutMs);
    if (cancelled()) {
        m_stop = makeError(QStringLiteral("cancelled"));
        return std::nullopt;
    }
    return answer;
}

QString SshAuthenticator::agentSocket() const
{
    return m_options.agentSocket.isEmpty() ? SshAgent::socketPath() : m_options.agentSocket;
}

bool SshAuthenticator::agentHolds(ssh_key publicKey)
{
    if (!m_options.useAgent || agentSocket().isEmpty()) {
        return false;
    }
    if (!m_agentAsked) {
        m_agentAsked = true;
        m_agentBlobs = SshAgent::identities(agentSocket());
    }
    if (!m_agentBlobs) {
        return false;
    }
    char* base64 = nullptr;
    if (ssh_pki_export_pubkey_base64(publicKey, &base64) != SSH_OK || base64 == nullptr) {
        return false;
    }
    const libssh::CString owned(base64);
    const QByteArray blob = QByteArray::fromBase64(QByteArray(owned.get()));
    return m_agentBlobs->contains(blob);
}

int SshAuthenticator::serverMethods()
{
    if (!m_attempted) {
        // The method list comes with the answer to a first request; "none" asks for nothing else.
        const auto rc = roundTrip([this] { return ssh_userauth_none(m_session, nullptr); });
        if (!rc) {
            return 0;
        }
        if (*rc == SSH_AUTH_SUCCESS) {
            return -1; // the server let us in without credentials
        }
    }
    return ssh_userauth_list(m_session, nullptr);
}

SshAuthenticator::Step SshAuthenticator::signWith(ssh_key key, const QString& label)
{
    const auto rc = roundTrip([&] { return ssh_userauth_publickey(m_session, nullptr, key); });
    if (!rc) {
        return Step::Stop;
    }
    switch (*rc) {
    case SSH_AUTH_SUCCESS:
        return Step::Success;
    case SSH_AUTH_ERROR:
        m_stop =
            makeError(QStringLiteral("authentication failed for %1: %2").arg(m_userAtHost, libsshError(m_session)));
        return Step::Stop;
    case SSH_AUTH_PARTIAL:
        m_offered << QStringLiteral("%1 (accepted, the server wants more)").arg(label);
        return Step::Next;
    default:
        m_offered << label;
        return Step::Next;
    }
}

SshAuthenticator::Step SshAuthenticator::tryKeyFile(const QString& path, bool explicitFile)
{
    const QFileInfo info(path);
    if (!info.exists()) {
        if (explicitFile) {
            m_stop = makeError(QStringLiteral("key file %1 does not exist").arg(path));
            return Step::Stop;
        }
        return Step::Next; // an IdentityFile of the ssh config that is not there: ssh skips it too
    }
    if (!info.isReadable() || !info.isFile()) {
        if (explicitFile) {
            m_stop = makeError(QStringLiteral("key file %1 cannot be read").arg(path));
            return Step::Stop;
        }
        m_problems << QStringLiteral("key file %1 cannot be read").arg(path);
        return Step::Next;
    }
    const QString label = QStringLiteral("key file %1").arg(path);
    const QByteArray encoded = QFile::encodeName(path);

    PassphrasePrompt prompt;
    ssh_key raw = nullptr;
    const int imported = ssh_pki_import_privkey_file(encoded.constData(), nullptr, notePassphrase, &prompt, &raw);
    libssh::Key key(raw);
    if (!prompt.asked) {
        if (imported != SSH_OK || !key) {
            if (explicitFile) {
                m_stop = makeError(QStringLiteral("key file %1 is not a private key libssh can read").arg(path));
                return Step::Stop;
            }
            m_problems << QStringLiteral("key file %1 is not a private key libssh can read").arg(path);
            return Step::Next;
        }
        return signWith(key.get(), label);
    }

    // Encrypted. Ask the server about the public half first, as ssh does: no passphrase prompt for a
    // key it would refuse anyway, none for a key the agent holds.
    const libssh::Key publicKey = publicKeyOf(path);
    if (publicKey) {
        const auto rc = roundTrip([&] { return ssh_userauth_try_publickey(m_session, nullptr, publicKey.get()); });
        if (!rc) {
            return Step::Stop;
        }
        if (*rc == SSH_AUTH_ERROR) {
            m_stop =
                makeError(QStringLiteral("authentication failed for %1: %2").arg(m_userAtHost, libsshError(m_session)));
            return Step::Stop;
        }
        if (*rc != SSH_AUTH_SUCCESS) {
            m_offered << QStringLiteral("%1 (encrypted)").arg(label);
            return Step::Next;
        }
        if (agentHolds(publicKey.get())) {
            m_offered << QStringLiteral("%1 (through the agent)").arg(label);
            return Step::Next;
        }
    }
    if (!m_options.credentials) {
        m_problems << QStringLiteral("key file %1 is encrypted; load it into ssh-agent (ssh-add %1) or give an "
                                     "askpass program (--askpass) to be asked for its passphrase")
                          .arg(path);
        return Step::Next;
    }
    for (int attempt = 1; attempt <= MaxAttempts; ++attempt) {
        CredentialRequest request;
        request.kind = CredentialRequest::Kind::KeyPassphrase;
        request.keyFile = path;
        request.prompt = QStringLiteral("Enter passphrase for key '%1':").arg(path);
        request.attempt = attempt;
        auto passphrase = ask(request);
        if (m_stop) {
            return Step::Stop;
        }
        if (!passphrase) {
            m_problems << QStringLiteral("key file %1 is encrypted and no passphrase was given").arg(path);
            return Step::Next;
        }
        ssh_key decrypted = nullptr;
        const int rc =
            ssh_pki_import_privkey_file(encoded.constData(), passphrase->c_str(), nullptr, nullptr, &decrypted);
        passphrase->wipe();
        libssh::Key privateKey(decrypted);
        if (rc == SSH_OK && privateKey) {
            return signWith(privateKey.get(), label);
        }
    }
    m_problems << QStringLiteral("wrong passphrase for key file %1 (%2 attempts)").arg(path).arg(MaxAttempts);
    return Step::Next;
}

SshAuthenticator::Step SshAuthenticator::tryAgent()
{
    const QString socket = agentSocket();
    if (!m_options.useAgent) {
        m_offered << QStringLiteral("agent: not used");
        return Step::Next;
    }
    if (socket.isEmpty()) {
        m_offered << QStringLiteral("agent: none (SSH_AUTH_SOCK is not set)");
        return Step::Next;
    }
    const auto count = SshAgent::identityCount(socket);
    if (!count) {
        m_offered << QStringLiteral("agent: not reachable at %1").arg(socket);
        return Step::Next;
    }
    if (*count > 0) {
        const auto rc = roundTrip([this] { return ssh_userauth_agent(m_session, nullptr); });
        if (!rc) {
            return Step::Stop;
        }
        if (*rc == SSH_AUTH_SUCCESS) {
            return Step::Success;
        }
        if (*rc == SSH_AUTH_ERROR && ssh_is_connected(m_session) == 0) {
            m_stop =
                makeError(QStringLiteral("authentication failed for %1: %2").arg(m_userAtHost, libsshError(m_session)));
            return Step::Stop;
        }
    }
    m_offered
        << QStringLiteral("agent: %1 %2").arg(*count).arg(*count == 1 ? QStringLiteral("key") : QStringLiteral("keys"));
    return Step::Next;
}

SshAuthenticator::Step SshAuthenticator::tryKeyboardInteractive()
{
    int failures = 0;
    for (int round = 0; round < MaxKbdRounds; ++round) {
        const auto rc = roundTrip([this] { return ssh_userauth_kbdint(m_session, nullptr, nullptr); });
        if (!rc) {
            return Step::Stop;
        }
        if (*rc == SSH_AUTH_SUCCESS) {
            return Step::Success;
        }
        if (*rc == SSH_AUTH_ERROR) {
            m_stop =
                makeError(QStringLiteral("authentication failed for %1: %2").arg(m_userAtHost, libsshError(m_session)));
            return Step::Stop;
        }
        if (*rc == SSH_AUTH_PARTIAL) {
            m_offered << QStringLiteral("keyboard-interactive (accepted, the server wants more)");
            return Step::Next;
        }
        if (*rc == SSH_AUTH_DENIED) {
            if (++failures >= MaxAttempts) {
                m_problems << QStringLiteral("keyboard-interactive login refused (%1 attempts)").arg(MaxAttempts);
                return Step::Next;
            }
            continue;
        }
        // SSH_AUTH_INFO: the server's questions (hostile text: shown sanitized, never interpreted).
        const int prompts = ssh_userauth_kbdint_getnprompts(m_session);
        const QString name = CredentialRequest::sanitize(QString::fromUtf8(ssh_userauth_kbdint_getname(m_session)));
        const QString instruction =
            CredentialRequest::sanitize(QString::fromUtf8(ssh_userauth_kbdint_getinstruction(m_session)));
        for (int i = 0; i < prompts; ++i) {
            char echo = 0;
            const char* text = ssh_userauth_kbdint_getprompt(m_session, static_cast<unsigned int>(i), &echo);
            CredentialRequest request;
            request.kind = CredentialRequest::Kind::KeyboardInteractive;
            request.prompt = CredentialRequest::sanitize(QString::fromUtf8(text != nullptr ? text : ""));
            if (request.prompt.isEmpty()) {
                request.prompt = QStringLiteral("Response:");
            }
            request.instruction = QStringList{name, instruction}.join(QLatin1Char(' ')).trimmed();
            request.echo = echo != 0;
            request.attempt = failures + 1;
            auto answer = ask(request);
            m_kbdAsked = true;
            if (m_stop) {
                return Step::Stop;
            }
            if (!answer) {
                m_problems << QStringLiteral("keyboard-interactive: no answer was given");
                return Step::Next;
            }
            const int set = ssh_userauth_kbdint_setanswer(m_session, static_cast<unsigned int>(i), answer->c_str());
            answer->wipe();
            if (set < 0) {
                m_stop = makeError(
                    QStringLiteral("authentication failed for %1: %2").arg(m_userAtHost, libsshError(m_session)));
                return Step::Stop;
            }
        }
    }
    m_problems
        << QStringLiteral("keyboard-interactive: the server kept asking; gave up after %1 rounds").arg(MaxKbdRounds);
    return Step::Next;
}

SshAuthenticator::Step SshAuthenticator::tryPassword()
{
    for (int attempt = 1; attempt <= MaxAttempts; ++attempt) {
        CredentialRequest request;
        request.kind = CredentialRequest::Kind::Password;
        request.prompt = QStringLiteral("%1's password:").arg(m_userAtHost);
        request.attempt = attempt;
        auto password = ask(request);
        if (m_stop) {
            return Step::Stop;
        }
        if (!password) {
            m_problems << QStringLiteral("password: none was given");
            return Step::Next;
        }
        // libssh is re-called with the same arguments while it returns AGAIN: keep the secret alive
        // until the round trip is over, then wipe it.
        const auto rc = roundTrip([&] { return ssh_userauth_password(m_session, nullptr, password->c_str()); });
        password->wipe();
        if (!rc) {
            return Step::Stop;
        }
        if (*rc == SSH_AUTH_SUCCESS) {
            return Step::Success;
        }
        if (*rc == SSH_AUTH_ERROR) {
            m_stop =
                makeError(QStringLiteral("authentication failed for %1: %2").arg(m_userAtHost, libsshError(m_session)));
            return Step::Stop;
        }
        if (*rc == SSH_AUTH_PARTIAL) {
            m_offered << QStringLiteral("password (accepted, the server wants more)");
            return Step::Next;
        }
    }
    m_problems << QStringLiteral("password refused (%1 attempts)").arg(MaxAttempts);
    return Step::Next;
}

Result<void> SshAuthenticator::failure()
{
    // Which methods the server takes (a "none" request asks, when nothing else was sent).
    const int methods = serverMethods();
    if (m_stop) {
        return *m_stop;
    }
    if (methods == -1) {
        return {};
    }
    QString hint;
    if (!m_options.passwordAuth && (methods & (SSH_AUTH_METHOD_PASSWORD | SSH_AUTH_METHOD_INTERACTIVE)) != 0) {
        hint = QStringLiteral("; the server also accepts a password: allow password authentication to be asked "
                              "for one");
    }
    const QString offered = m_offered.isEmpty() ? QStringLiteral("nothing") : m_offered.join(QLatin1String(", "));
    if (!m_problems.isEmpty()) {
        return makeError(QStringLiteral("authentication failed for %1: %2 (tried: %3)%4")
                             .arg(m_userAtHost, m_problems.join(QLatin1String("; ")), offered, hint));
    }
    return makeError(QStringLiteral("authentication failed for %1: the server accepted none of the offered keys (%2)%3")
                         .arg(m_userAtHost, offered, hint));
}

Result<void> SshAuthenticator::run()
{
    const auto stopped = [this]() -> Result<void> { return *m_stop; };
    if (cancelled()) {
        return makeError(QStringLiteral("cancelled"));
    }

    QStringList keyFiles;
    if (!m_options.identityFile.isEmpty()) {
        keyFiles << m_options.identityFile;
    }
    for (const QString& file : m_options.identityFiles) {
        if (!keyFiles.contains(file)) {
            keyFiles << file;
        }
    }
    if (keyFiles.isEmpty()) {
        m_offered << QStringLiteral("no key file");
    }
    for (const QString& file : keyFiles) {
        const bool explicitFile = file == m_options.identityFile;
        const Step step = tryKeyFile(file, explicitFile);
        if (step == Step::Success) {
            return {};
        }
        if (step == Step::Stop) {
            return stopped();
        }
        if (cancelled()) {
            return makeError(QStringLiteral("cancelled"));
        }
    }

    if (const Step step = tryAgent(); step != Step::Next) {
        return step == Step::Success ? Result<void>() : stopped();
    }
    if (cancelled()) {
        return makeError(QStringLiteral("cancelled"));
    }

    if (m_options.passwordAuth) {
        if (!m_options.credentials) {
            m_problems << QStringLiteral("password authentication was allowed but nothing can ask for a password");
        } else {
            const int methods = serverMethods();
            if (m_stop) {
                return stopped();
            }
            if (methods == -1) {
                return {};
            }
            if ((methods & SSH_AUTH_METHOD_INTERACTIVE) != 0) {
                if (const Step step = tryKeyboardInteractive(); step != Step::Next) {
                    return step == Step::Success ? Result<void>() : stopped();
                }
            }
            // Keyboard-interactive that asked and was refused usually checks the same password as
            // "password" would: asking three more times would only annoy.
            if ((methods & SSH_AUTH_METHOD_PASSWORD) != 0 && !m_kbdAsked) {
                if (const Step step = tryPassword(); step != Step::Next) {
                    return step == Step::Success ? Result<void>() : stopped();
                }
            }
            if ((methods & (SSH_AUTH_METHOD_PASSWORD | SSH_AUTH_METHOD_INTERACTIVE)) == 0) {
                m_offered << QStringLiteral("password: the server does not accept passwords");
            }
        }
    }
    return failure();
}

} // namespace bulkhead
