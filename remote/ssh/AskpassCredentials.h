// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "ssh/CredentialsProvider.h"

#include <QString>

#include <mutex>

namespace bulkhead {

// Asks an askpass program, as ssh does with SSH_ASKPASS: the program gets the prompt as its only
// argument (no shell: the prompt may hold server text) and prints the answer on stdout; a non-zero
// exit declines. The answer is read into memory only and wiped once used. One prompt at a time.
class AskpassCredentials : public CredentialsProvider
{
public:
    explicit AskpassCredentials(QString program);

    std::optional<SecretBytes> ask(const CredentialRequest& request, const std::atomic<bool>* cancel) override;
    QString askpassProgram() const override { return m_program; }

private:
    QString m_program;
    std::mutex m_mutex;
};

} // namespace bulkhead
