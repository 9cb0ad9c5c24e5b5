// SPDX-License-Identifier: GPL-3.0-or-later
#include "ssh/SecretBytes.h"

#include <cstring>
#include <string.h> // explicit_bzero

namespace bulkhead {

void SecretBytes::zero(void* data, size_t size)
{
    if (data != nullptr && size > 0) {
        explicit_bzero(data, size);
    }
}

void SecretBytes::zero(QByteArray& bytes)
{
    // data() detaches: when the bytes were shared, only our copy is zeroed, which is the most a
    // caller can do with a value it does not own exclusively.
    zero(bytes.data(), static_cast<size_t>(bytes.size()));
    bytes.clear();
}

void SecretBytes::zero(QString& text)
{
    zero(text.data(), static_cast<size_t>(text.size()) * sizeof(QChar));
    text.clear();
}

SecretBytes::SecretBytes(const char* data, qsizetype size)
{
    m_size = size > 0 ? size : 0;
    m_data = std::make_unique<char[]>(static_cast<size_t>(m_size) + 1);
    if (m_size > 0) {
        std::memcpy(m_data.get(), data, static_cast<size_t>(m_size));
    }
    m_data[static_cast<size_t>(m_size)] = '\0';
}

SecretBytes SecretBytes::take(QByteArray& bytes)
{
    SecretBytes secret(bytes.constData(), bytes.size());
    zero(bytes);
    return secret;
}

SecretBytes SecretBytes::take(QString& text)
{
    QByteArray utf8 = text.toUtf8();
    zero(text);
    return take(utf8);
}

SecretBytes::~SecretBytes()
{
    wipe();
}

SecretBytes::SecretBytes(SecretBytes&& other) noexcept
    : m_data(std::move(other.m_data))
    , m_size(other.m_size)
{
    other.m_size = 0;
}

SecretBytes& SecretBytes::operator=(SecretBytes&& other) noexcept
{
    if (this != &other) {
        wipe();
        m_data = std::move(other.m_data);
        m_size = other.m_size;
        other.m_size = 0;
    }
    return *this;
}

SecretBytes SecretBytes::copy() const
{
    return SecretBytes(c_str(), m_size);
}

void SecretBytes::wipe()
{
    if (m_data) {
        zero(m_data.get(), static_cast<size_t>(m_size) + 1);
        m_data.reset();
    }
    m_size = 0;
}

} // namespace bulkhead
