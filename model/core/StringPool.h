// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArrayView>
#include <QString>

#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace bulkhead {

// Hands out one shared copy of each distinct text. A fleet's findings repeat the same few thousand
// texts (host names, check ids, messages, values) hundreds of thousands of times: read through a pool,
// 300,000 findings hold each text once instead of once per finding, and a text seen before is found
// by its UTF-8 bytes without being decoded again.
class StringPool
{
public:
    QString intern(QByteArrayView utf8);
    qsizetype size() const { return qsizetype(m_texts.size()); }

private:
    // Looked up by a view of the caller's bytes (no copy); a fast byte hash, not Qt's seeded one: the
    // pool lives for one read of the workspace, and this lookup is most of that read's time.
    struct Hash
    {
        using is_transparent = void;
        size_t operator()(std::string_view bytes) const { return std::hash<std::string_view>()(bytes); }
    };
    std::unordered_map<std::string, QString, Hash, std::equal_to<>> m_texts;
};

} // namespace bulkhead
