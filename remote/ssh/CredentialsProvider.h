// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "ssh/CredentialRequest.h"
#include "ssh/SecretBytes.h"

#include <QString>

#include <atomic>
#include <optional>

namespace bulkhead {

// A host whose key known_hosts does not have: what a person needs to decide whether to trust it.
struct HostKeyQuestion
{
    QString target;         // "root@10.0.0.5:22"
    QString keyType;        // "ssh-ed25519"
    QString fingerprint;    // "SHA256:..." as ssh-keygen -lf prints it
    QString knownHostsFile; // where it is added when trusted
};

// Answers credential questions: a GUI dialog, an askpass program, the terminal. Secrets are never
// stored by the transport: it wipes each answer as soon as libssh has used it.
// ask() is called on the scan's worker threads, possibly several at once; implementations
// serialize their own prompts. It blocks until answered, declined, or `cancel` is set (then it
// returns promptly, within about 100 ms).
class CredentialsProvider
{
public:
    virtual ~CredentialsProvider() = default;
    // nullopt: declined (the user cancelled the prompt, askpass exited non-zero) or cancelled.
    virtual std::optional<SecretBytes> ask(const CredentialRequest& request, const std::atomic<bool>* cancel) = 0;
    // An unknown host key (never a changed one): true to trust it and add it to known_hosts. Asked only
    // when the user did not choose to trust unknown keys beforehand (acceptNew). Default: refused, as the
    // command line does without --accept-new.
    virtual bool trustHostKey(const HostKeyQuestion& question, const std::atomic<bool>* cancel)
    {
        (void)question;
        (void)cancel;
        return false;
    }
    // An askpass program the `ssh` binary may use for a ProxyJump host; empty when there is none.
    virtual QString askpassProgram() const { return {}; }
};

} // namespace bulkhead
