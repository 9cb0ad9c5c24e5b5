// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/JsonIndex.h"

#include "core/JsonScanner.h"

#include <QSet>

#include <algorithm>

namespace bulkhead {

class JsonIndex::Builder
{
public:
    Builder(JsonIndex& index, JsonScanner& scanner)
        : m_index(index)
        , m_scanner(scanner)
    {}

    qint32 add(qsizetype keyOffset, qsizetype keyLength)
    {
        Node node;
        node.keyOffset = keyOffset;
        node.keyLength = keyLength;
        m_index.m_nodes.append(node);
        return static_cast<qint32>(m_index.m_nodes.size() - 1);
    }

    void link(qint32 parent, qint32 child)
    {
        Node& p = m_index.m_nodes[parent];
        if (p.lastChild < 0)
            p.firstChild = child;
        else
            m_index.m_nodes[p.lastChild].nextSibling = child;
        p.lastChild = child;
    }

    // The value at the scanner is `self`'s; down to `depth` levels, so is everything inside it.
    bool value(qint32 self, int depth)
    {
        m_scanner.skipSpace();
        const qsizetype start = m_scanner.position();
        if (depth > 0 && m_scanner.consume('{')) {
            if (!m_scanner.consume('}')) {
                do {
                    m_scanner.skipSpace();
                    const qsizetype keyStart = m_scanner.position() + 1;
                    if (!m_scanner.skipString())
                        return false;
                    const qint32 child = add(keyStart, m_scanner.position() - 1 - keyStart);
                    if (!m_scanner.consume(':'))
                        return false;
                    link(self, child);
                    if (!value(child, depth - 1))
                        return false;
                } while (m_scanner.consume(','));
                if (!m_scanner.consume('}'))
                    return false;
            }
        } else if (depth > 0 && m_scanner.consume('[')) {
            if (!m_scanner.consume(']')) {
                qsizetype position = 0;
                do {
                    const qint32 child = add(-1, position++);
                    link(self, child);
                    if (!value(child, depth - 1))
                        return false;
                } while (m_scanner.consume(','));
                if (!m_scanner.consume(']'))
                    return false;
            }
        } else if (!m_scanner.skipValue()) {
            return false;
        }
        m_index.m_nodes[self].value = JsonPointer::Span{start, m_scanner.position() - start};
        return true;
    }

private:
    JsonIndex& m_index;
    JsonScanner& m_scanner;
};

JsonIndex JsonIndex::build(const QByteArray& json, JsonPointer::Span within, int depth)
{
    JsonIndex index;
    if (within.offset < 0 || within.length < 0 || within.offset + within.length > json.size())
        return index;
    index.m_json = json;
    index.m_nodes.reserve(std::min<qsizetype>(within.length / 16 + 1, 4096)); // about a value per 16 bytes
    JsonScanner scanner(QByteArrayView(json).first(within.offset + within.length));
    scanner.seek(within.offset);
    Builder builder(index, scanner);
    if (!builder.value(builder.add(-1, 0), depth))
        index.m_nodes.clear();
    return index;
}

bool JsonIndex::keyIs(const Node& node, QStringView token) const
{
    const QByteArrayView key = QByteArrayView(m_json).sliced(node.keyOffset, node.keyLength);
    // The common case, plain ASCII on both sides, is compared in place.
    const bool plainKey =
        std::all_of(key.begin(), key.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80 && c != '\\'; });
    const bool plainToken =
        std::all_of(token.begin(), token.end(), [](QChar c) { return c.unicode() < 0x80 && c != QLatin1Char('~'); });
    if (plainKey && plainToken) {
        if (key.size() != token.size())
            return false;
        for (qsizetype i = 0; i < key.size(); ++i) {
            if (key.at(i) != static_cast<char>(token.at(i).unicode()))
                return false;
        }
        return true;
    }
    return JsonScanner::decode(key.toByteArray()) == JsonPointer::unescape(token.toString());
}

qint32 JsonIndex::child(qint32 node, QStringView token) const
{
    const Node& parent = m_nodes.at(node);
    if (parent.firstChild < 0)
        return -1;
    if (m_nodes.at(parent.firstChild).keyOffset < 0) {
        // An array: the token is an index, without sign or leading zero (as locate() reads it).
        bool isIndex = false;
        const qsizetype wanted = token.toLongLong(&isIndex);
        if (!isIndex || wanted < 0 || (token.size() > 1 && token.startsWith(QLatin1Char('0'))))
            return -1;
        for (qint32 at = parent.firstChild; at >= 0; at = m_nodes.at(at).nextSibling) {
            if (m_nodes.at(at).keyLength == wanted)
                return at;
        }
        return -1;
    }
    for (qint32 at = parent.firstChild; at >= 0; at = m_nodes.at(at).nextSibling) {
        if (keyIs(m_nodes.at(at), token))
            return at; // the first of a repeated key
    }
    return -1;
}

std::optional<JsonPointer::Span> JsonIndex::find(QStringView pointer) const
{
    if (m_nodes.isEmpty())
        return std::nullopt;
    qint32 node = 0;
    if (!pointer.isEmpty()) {
        if (pointer.front() != QLatin1Char('/'))
            return std::nullopt;
        qsizetype from = 1;
        while (node >= 0) {
            const qsizetype slash = pointer.indexOf(QLatin1Char('/'), from);
            const QStringView token = pointer.mid(from, slash < 0 ? pointer.size() - from : slash - from);
            node = child(node, token);
            if (slash < 0)
                break;
            from = slash + 1;
        }
        if (node < 0)
            return std::nullopt;
    }
    return m_nodes.at(node).value;
}

QString JsonIndex::tokenOf(const Node& node) const
{
    if (node.keyOffset < 0)
        return QString::number(node.keyLength);
    return JsonPointer::escape(JsonScanner::decode(m_json.mid(node.keyOffset, node.keyLength)));
}

QVector<std::pair<QString, JsonPointer::Span>> JsonIndex::entries() const
{
    QVector<std::pair<QString, JsonPointer::Span>> out;
    if (m_nodes.isEmpty())
        return out;
    // Depth first from the root, carrying each node's pointer.
    QVector<std::pair<qint32, QString>> stack{{0, QString()}};
    while (!stack.isEmpty()) {
        const auto [node, pointer] = stack.takeLast();
        out.append({pointer, m_nodes.at(node).value});
        QVector<std::pair<qint32, QString>> children;
        QSet<QString> seen;
        for (qint32 at = m_nodes.at(node).firstChild; at >= 0; at = m_nodes.at(at).nextSibling) {
            const QString token = tokenOf(m_nodes.at(at));
            if (!seen.contains(token)) // a repeated key: only the first resolves
                children.append({at, pointer + QLatin1Char('/') + token});
            seen.insert(token);
        }
        std::reverse(children.begin(), children.end());
        stack += children;
    }
    return out;
}

} // namespace bulkhead
