// SPDX-License-Identifier: GPL-3.0-or-later
#include "ssh/PassphraseCache.h"

#include <QFileInfo>

#include <chrono>

namespace bulkhead {

PassphraseCache::PassphraseCache(std::shared_ptr<CredentialsProvider> inner)
    : m_inner(std::move(inner))
{}

QString PassphraseCache::askpassProgram() const
{
    return m_inner ? m_inner->askpassProgram() : QString();
}

std::optional<SecretBytes> PassphraseCache::ask(const CredentialRequest& request, const std::atomic<bool>* cancel)
{
    if (!m_inner) {
        return std::nullopt;
    }
    // Wait for another worker's prompt in slices, so a cancel is not stuck behind a person.
    std::unique_lock<std::timed_mutex> lock(m_mutex, std::defer_lock);
    while (!lock.try_lock_for(std::chrono::milliseconds(100))) {
        if (cancel != nullptr && cancel->load()) {
            return std::nullopt;
        }
    }
    if (request.kind != CredentialRequest::Kind::KeyPassphrase) {
        return m_inner->ask(request, cancel);
    }
    const QString key = QFileInfo(request.keyFile).absoluteFilePath();
    if (request.attempt > 1) {
        m_passphrases.erase(key);
    } else if (const auto known = m_passphrases.find(key); known != m_passphrases.end()) {
        return known->second.copy();
    } else if (m_declined.count(key) != 0) {
        return std::nullopt;
    }
    auto answer = m_inner->ask(request, cancel);
    if (!answer) {
        if (cancel == nullptr || !cancel->load()) {
            m_declined[key] = true;
        }
        return std::nullopt;
    }
    m_passphrases[key] = answer->copy();
    return answer;
}

bool PassphraseCache::trustHostKey(const HostKeyQuestion& question, const std::atomic<bool>* cancel)
{
    // Never remembered here: a key trusted is in known_hosts from then on.
    return m_inner && m_inner->trustHostKey(question, cancel);
}

} // namespace bulkhead
