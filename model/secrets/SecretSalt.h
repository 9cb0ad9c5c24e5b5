// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"

#include <QByteArray>
#include <QString>
#include <QStringView>

#include <utility>

namespace bulkhead {

// The per-workspace key of secret fingerprints. A redacted value is stored as
// "[REDACTED:<rule>:<fingerprint>]", the fingerprint being HMAC-SHA256(salt, value) cut to 16 hex
// digits: the same secret is recognisable across the scans of one workspace, while a workspace that
// leaks its artifacts (but not its salt) does not let anyone confirm a guessed value. The salt lives in
// the workspace's meta table and is never exported.
class SecretSalt
{
public:
    static constexpr qsizetype Size = 32;
    static constexpr qsizetype FingerprintLength = 16; // hex digits: 64 bits, collisions negligible per workspace

    SecretSalt() = default;       // null: markers carry no fingerprint (tools and tests without a workspace)
    static SecretSalt generate(); // from the system's random source
    // Exactly Size bytes, as 2 * Size hex digits (the stored form).
    static Result<SecretSalt> fromHex(const QString& hex);

    bool isNull() const { return m_bytes.isEmpty(); }
    QString toHex() const;
    // Empty for a null salt. The value is hashed as UTF-8.
    QString fingerprint(QStringView value) const;

private:
    explicit SecretSalt(QByteArray bytes)
        : m_bytes(std::move(bytes))
    {}
    QByteArray m_bytes;
};

} // namespace bulkhead
