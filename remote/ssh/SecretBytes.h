// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QString>

#include <memory>

namespace bulkhead {

// A passphrase or password in memory: one owner (move-only), never implicitly shared, zeroed when
// it dies. Qt containers copy and share freely, so a secret lives here and not in a QByteArray.
class SecretBytes
{
public:
    SecretBytes() = default;
    // Copies `bytes` and zeroes the source (detached first, so no shared copy survives in it).
    static SecretBytes take(QByteArray& bytes);
    static SecretBytes take(QString& text); // as UTF-8; the QString is zeroed too
    SecretBytes(const char* data, qsizetype size);
    ~SecretBytes();
    SecretBytes(SecretBytes&& other) noexcept;
    SecretBytes& operator=(SecretBytes&& other) noexcept;
    SecretBytes(const SecretBytes&) = delete;
    SecretBytes& operator=(const SecretBytes&) = delete;

    SecretBytes copy() const;
    const char* c_str() const { return m_data ? m_data.get() : ""; } // NUL-terminated
    qsizetype size() const { return m_size; }
    bool isEmpty() const { return m_size == 0; }
    void wipe();

    // Zeroes memory in a way the optimizer may not drop.
    static void zero(void* data, size_t size);
    static void zero(QByteArray& bytes);
    static void zero(QString& text);

private:
    std::unique_ptr<char[]> m_data;
    qsizetype m_size = 0;
};

} // namespace bulkhead
