// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/JsonPointer.h"

#include <QByteArray>
#include <QString>
#include <QStringView>
#include <QVector>

#include <optional>
#include <utility>

namespace bulkhead {

// Where every value inside one JSON value lies, down to a depth, found in one pass over its text: a
// container's checks cite dozens of its values, and locating each would scan the element again. The
// values are kept as a tree of spans whose keys stay in the text, so building it allocates one array and
// no string; a lookup walks the pointer's tokens. It answers as JsonPointer::locate() does, relative to
// the indexed value: where a key repeats, the first one counts.
class JsonIndex
{
public:
    JsonIndex() = default;
    // The index of the value at `within` in `json`, `depth` levels down; empty when the text is not
    // well-formed on the way or the span lies outside it (callers then fall back to locate()).
    static JsonIndex build(const QByteArray& json, JsonPointer::Span within, int depth);

    bool isEmpty() const { return m_nodes.isEmpty(); }
    qsizetype size() const { return m_nodes.size(); }
    // The span (in the whole text) of the value at `pointer`, relative to the indexed value ("" is the
    // value itself); nullopt when it does not resolve or lies deeper than the index reaches.
    std::optional<JsonPointer::Span> find(QStringView pointer) const;
    // Every indexed value by its relative pointer, in document order (for tests and diagnostics).
    QVector<std::pair<QString, JsonPointer::Span>> entries() const;

private:
    struct Node
    {
        JsonPointer::Span value;
        qsizetype keyOffset = -1; // the key's bytes between its quotes; -1: an element of an array
        qsizetype keyLength = 0;  // an element of an array: its position
        qint32 firstChild = -1;
        qint32 lastChild = -1;
        qint32 nextSibling = -1;
    };

    class Builder;
    qint32 child(qint32 node, QStringView token) const;
    bool keyIs(const Node& node, QStringView token) const;
    QString tokenOf(const Node& node) const;

    QByteArray m_json; // shared with the artifact's bytes, never copied
    QVector<Node> m_nodes;
};

} // namespace bulkhead
