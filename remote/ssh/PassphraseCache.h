// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "ssh/CredentialsProvider.h"

#include <QString>

#include <map>
#include <memory>
#include <mutex>

namespace bulkhead {

// One scan's memory of key passphrases, in front of the provider that asks the person: with 20 hosts
// and one encrypted key, the passphrase is asked once, not 20 times. Kept in memory for the life of
// this object only (make one per scan), wiped when it dies, never written anywhere. A passphrase
// that turned out wrong (attempt > 1) is forgotten and asked again; a declined key is not asked
// again in this scan. Passwords and keyboard-interactive answers are never remembered.
// All prompts go through one lock, so several workers never prompt at the same time.
class PassphraseCache : public CredentialsProvider
{
public:
    explicit PassphraseCache(std::shared_ptr<CredentialsProvider> inner);

    std::optional<SecretBytes> ask(const CredentialRequest& request, const std::atomic<bool>* cancel) override;
    bool trustHostKey(const HostKeyQuestion& question, const std::atomic<bool>* cancel) override;
    QString askpassProgram() const override;

private:
    std::shared_ptr<CredentialsProvider> m_inner;
    std::timed_mutex m_mutex;
    std::map<QString, SecretBytes> m_passphrases; // key file → passphrase
    std::map<QString, bool> m_declined;
};

} // namespace bulkhead
