// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "ssh/SshOptions.h"

#include <libssh/libssh.h>

#include <QByteArray>
#include <QDeadlineTimer>
#include <QString>
#include <QStringList>
#include <QVector>

#include <atomic>
#include <optional>

namespace bulkhead {

class SecretBytes;
struct CredentialRequest;

// Logs a connected, host-verified, non-blocking session in, the way ssh(1) does:
//  1. key files (options.identityFile, then options.identityFiles). An encrypted key is first
//     offered by its public half; only when the server would take it, and the agent does not hold
//     it, is a passphrase asked (options.credentials, up to 3 attempts);
//  2. the agent's keys;
//  3. only with options.passwordAuth: keyboard-interactive, else password (3 attempts).
// Each server round trip is bounded by the connect timeout, restarted after every prompt (a person
// may take longer than a server). Every answer is wiped once libssh has used it. Cancel is honoured
// between round trips and during prompts.
class SshAuthenticator
{
public:
    SshAuthenticator(ssh_session session, const SshOptions& options, const QString& userAtHost,
                     const std::atomic<bool>* cancel);

    Result<void> run();

private:
    enum class Step
    {
        Next,    // this method did not log in: try the next one
        Success, // logged in
        Stop,    // give up: m_stop says why
    };

    Step tryKeyFile(const QString& path, bool explicitFile);
    Step signWith(ssh_key key, const QString& label);
    Step tryAgent();
    Step tryKeyboardInteractive();
    Step tryPassword();

    // Runs one libssh auth call to completion (it returns SSH_AUTH_AGAIN while waiting).
    template <typename Call> std::optional<int> roundTrip(Call call);
    std::optional<SecretBytes> ask(CredentialRequest request);
    bool cancelled() const;
    int serverMethods();
    bool agentHolds(ssh_key publicKey);
    QString agentSocket() const;
    Result<void> failure();

    ssh_session m_session;
    const SshOptions& m_options;
    QString m_userAtHost;
    const std::atomic<bool>* m_cancel;
    int m_timeoutMs;
    QDeadlineTimer m_deadline;
    bool m_attempted = false; // a userauth request was sent, so the server's method list is known
    bool m_kbdAsked = false;  // keyboard-interactive put a question to the user
    std::optional<QVector<QByteArray>> m_agentBlobs;
    bool m_agentAsked = false;
    QStringList m_offered;  // "key file X", "agent: 2 keys": for the final message
    QStringList m_problems; // "key file X: wrong passphrase (3 attempts)": reported first
    std::optional<Error> m_stop;
};

} // namespace bulkhead
