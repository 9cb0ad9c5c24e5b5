// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "ssh/CredentialRequest.h"
#include "ssh/SecretBytes.h"

#include <atomic>
#include <optional>

namespace bulkhead {

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
    // An askpass program the `ssh` binary may use for a ProxyJump host; empty when there is none.
    virtual QString askpassProgram() const { return {}; }
};

} // namespace bulkhead
