// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/StringPool.h"

namespace bulkhead {

QString StringPool::intern(QByteArrayView utf8)
{
    const std::string_view bytes(utf8.data(), size_t(utf8.size()));
    const auto found = m_texts.find(bytes);
    if (found != m_texts.end())
        return found->second;
    const QString text = QString::fromUtf8(utf8);
    m_texts.emplace(std::string(bytes), text);
    return text;
}

} // namespace bulkhead
