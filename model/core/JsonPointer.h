// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>
#include <QVector>

#include <optional>

namespace bulkhead {

// RFC 6901 JSON pointers over raw JSON bytes. Evidence cites the exact bytes of a stored
// artifact, so this finds where a value lies in the text instead of re-serialising a parsed tree.
class JsonPointer
{
public:
    struct Span
    {
        qsizetype offset = 0;
        qsizetype length = 0;
    };

    static QString escape(const QString& token);   // "~" -> "~0", "/" -> "~1"
    static QString unescape(const QString& token); // the reverse
    static QString append(const QString& pointer, const QString& token);
    static QString append(const QString& pointer, qsizetype index);
    // The tokens of a pointer ("" -> none; "/a/0" -> {"a", "0"}); nullopt when it does not start with '/'.
    static std::optional<QStringList> split(const QString& pointer);

    // Where the value at `pointer` lies in `json`; nullopt when the pointer does not resolve or the
    // text is not well-formed on the way there.
    static std::optional<Span> locate(const QByteArray& json, const QString& pointer);
    // The same, for a pointer relative to the value that lies at `within` (a span from locate or
    // elements); the result is a span of `json`.
    static std::optional<Span> locate(const QByteArray& json, const QString& pointer, Span within);
    // Where each element of a top-level array lies, in one pass: a document of N containers cites
    // each container's values without scanning the whole text for each (nullopt: not an array).
    static std::optional<QVector<Span>> elements(const QByteArray& json);
    // The exact bytes of that value (empty when it does not resolve).
    static QByteArray excerpt(const QByteArray& json, const QString& pointer);
};

} // namespace bulkhead
