// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/JsonPointer.h"

#include <algorithm>

namespace bulkhead {

namespace {

// A forward-only scanner over JSON text. It checks structure only as far as it needs to find
// value boundaries; every step is bounded by the input size, so hostile input cannot hang it.
class Scanner
{
public:
    explicit Scanner(QByteArrayView text)
        : m_text(text)
    {}

    qsizetype position() const { return m_pos; }
    void seek(qsizetype position) { m_pos = position; }

    void skipSpace()
    {
        while (m_pos < m_text.size()) {
            const char c = m_text.at(m_pos);
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t')
                break;
            ++m_pos;
        }
    }

    bool peek(char c)
    {
        skipSpace();
        return m_pos < m_text.size() && m_text.at(m_pos) == c;
    }

    bool consume(char c)
    {
        if (!peek(c))
            return false;
        ++m_pos;
        return true;
    }

    // Reads a string literal and returns its decoded text.
    std::optional<QString> readString()
    {
        if (!consume('"'))
            return std::nullopt;
        QByteArray raw;
        while (m_pos < m_text.size()) {
            const char c = m_text.at(m_pos++);
            if (c == '"')
                return decode(raw);
            raw.append(c);
            if (c == '\\') {
                if (m_pos >= m_text.size())
                    return std::nullopt;
                raw.append(m_text.at(m_pos++));
            }
        }
        return std::nullopt;
    }

    // Skips a string literal without decoding it.
    bool skipString()
    {
        if (!consume('"'))
            return false;
        while (m_pos < m_text.size()) {
            const char c = m_text.at(m_pos++);
            if (c == '"')
                return true;
            if (c == '\\') {
                if (m_pos >= m_text.size())
                    return false;
                ++m_pos;
            }
        }
        return false;
    }

    // Skips one value of any type; false when the text is malformed.
    bool skipValue(int depth = 0)
    {
        if (depth > 512)
            return false;
        skipSpace();
        if (m_pos >= m_text.size())
            return false;
        const char c = m_text.at(m_pos);
        if (c == '"')
            return skipString();
        if (c == '{') {
            ++m_pos;
            if (consume('}'))
                return true;
            do {
                if (!skipString() || !consume(':') || !skipValue(depth + 1))
                    return false;
            } while (consume(','));
            return consume('}');
        }
        if (c == '[') {
            ++m_pos;
            if (consume(']'))
                return true;
            do {
                if (!skipValue(depth + 1))
                    return false;
            } while (consume(','));
            return consume(']');
        }
        // number, true, false, null
        const qsizetype start = m_pos;
        while (m_pos < m_text.size()) {
            const char d = m_text.at(m_pos);
            if (d == ',' || d == '}' || d == ']' || d == ' ' || d == '\n' || d == '\r' || d == '\t')
                break;
            ++m_pos;
        }
        return m_pos > start;
    }

private:
    static QString decode(const QByteArray& raw)
    {
        QString out;
        const QString text = QString::fromUtf8(raw);
        for (qsizetype i = 0; i < text.size(); ++i) {
            const QChar c = text.at(i);
            if (c != QLatin1Char('\\') || i + 1 >= text.size()) {
                out.append(c);
                continue;
            }
            const QChar e = text.at(++i);
            switch (e.unicode()) {
            case 'n':
                out.append(QLatin1Char('\n'));
                break;
            case 't':
                out.append(QLatin1Char('\t'));
                break;
            case 'r':
                out.append(QLatin1Char('\r'));
                break;
            case 'b':
                out.append(QLatin1Char('\b'));
                break;
            case 'f':
                out.append(QLatin1Char('\f'));
                break;
            case 'u': {
                bool ok = false;
                const ushort code = text.mid(i + 1, 4).toUShort(&ok, 16);
                if (ok && i + 4 < text.size()) {
                    out.append(QChar(code));
                    i += 4;
                } else {
                    out.append(QLatin1String("\\u"));
                }
                break;
            }
            default:
                out.append(e);
            }
        }
        return out;
    }

    QByteArrayView m_text;
    qsizetype m_pos = 0;
};

// Records the span of the value at the scanner (relative pointer `pointer`) and, down to `depth`
// levels, of everything inside it.
bool indexValue(Scanner& scanner, const QString& pointer, int depth, QHash<QString, JsonPointer::Span>& out)
{
    scanner.skipSpace();
    const qsizetype start = scanner.position();
    if (depth > 0 && scanner.consume('{')) {
        if (!scanner.consume('}')) {
            do {
                const auto key = scanner.readString();
                if (!key || !scanner.consume(':'))
                    return false;
                const QString child = JsonPointer::append(pointer, *key);
                // A repeated key: the first one counts, so the repeat's values are not indexed either.
                if (out.contains(child) ? !scanner.skipValue() : !indexValue(scanner, child, depth - 1, out))
                    return false;
            } while (scanner.consume(','));
            if (!scanner.consume('}'))
                return false;
        }
    } else if (depth > 0 && scanner.consume('[')) {
        if (!scanner.consume(']')) {
            qsizetype index = 0;
            do {
                if (!indexValue(scanner, JsonPointer::append(pointer, index++), depth - 1, out))
                    return false;
            } while (scanner.consume(','));
            if (!scanner.consume(']'))
                return false;
        }
    } else if (!scanner.skipValue()) {
        return false;
    }
    if (!out.contains(pointer)) // a repeated key: the first one counts
        out.insert(pointer, JsonPointer::Span{start, scanner.position() - start});
    return true;
}

} // namespace

QHash<QString, JsonPointer::Span> JsonPointer::index(const QByteArray& json, Span within, int depth)
{
    QHash<QString, Span> out;
    out.reserve(std::min<qsizetype>(within.length / 16, 4096)); // about one value per 16 bytes of JSON
    if (within.offset < 0 || within.length < 0 || within.offset + within.length > json.size())
        return out;
    Scanner scanner(QByteArrayView(json).first(within.offset + within.length));
    scanner.seek(within.offset);
    if (!indexValue(scanner, QString(), depth, out))
        out.clear();
    return out;
}

QString JsonPointer::escape(const QString& token)
{
    QString out = token;
    out.replace(QLatin1Char('~'), QLatin1String("~0"));
    out.replace(QLatin1Char('/'), QLatin1String("~1"));
    return out;
}

QString JsonPointer::unescape(const QString& token)
{
    QString out = token;
    out.replace(QLatin1String("~1"), QLatin1String("/"));
    out.replace(QLatin1String("~0"), QLatin1String("~"));
    return out;
}

QString JsonPointer::append(const QString& pointer, const QString& token)
{
    return pointer + QLatin1Char('/') + escape(token);
}

QString JsonPointer::append(const QString& pointer, qsizetype index)
{
    return pointer + QLatin1Char('/') + QString::number(index);
}

std::optional<QStringList> JsonPointer::split(const QString& pointer)
{
    if (pointer.isEmpty())
        return QStringList();
    if (!pointer.startsWith(QLatin1Char('/')))
        return std::nullopt;
    QStringList tokens = pointer.mid(1).split(QLatin1Char('/'));
    for (QString& token : tokens)
        token = unescape(token);
    return tokens;
}

std::optional<JsonPointer::Span> JsonPointer::locate(const QByteArray& json, const QString& pointer)
{
    return locate(json, pointer, Span{0, json.size()});
}

std::optional<QVector<JsonPointer::Span>> JsonPointer::elements(const QByteArray& json)
{
    Scanner scanner(json);
    if (!scanner.consume('['))
        return std::nullopt;
    QVector<Span> spans;
    if (scanner.consume(']'))
        return spans;
    do {
        scanner.skipSpace();
        const qsizetype start = scanner.position();
        if (!scanner.skipValue())
            return std::nullopt;
        spans.append(Span{start, scanner.position() - start});
    } while (scanner.consume(','));
    if (!scanner.consume(']'))
        return std::nullopt;
    return spans;
}

std::optional<JsonPointer::Span> JsonPointer::locate(const QByteArray& json, const QString& pointer, Span within)
{
    const auto tokens = split(pointer);
    if (!tokens || within.offset < 0 || within.length < 0 || within.offset + within.length > json.size())
        return std::nullopt;
    Scanner scanner(QByteArrayView(json).sliced(within.offset, within.length));
    for (const QString& token : *tokens) {
        if (scanner.consume('{')) {
            if (scanner.consume('}'))
                return std::nullopt;
            bool found = false;
            do {
                const auto key = scanner.readString();
                if (!key || !scanner.consume(':'))
                    return std::nullopt;
                if (*key == token) {
                    found = true;
                    break;
                }
                if (!scanner.skipValue())
                    return std::nullopt;
            } while (scanner.consume(','));
            if (!found)
                return std::nullopt;
        } else if (scanner.consume('[')) {
            bool isIndex = false;
            const qsizetype index = token.toLongLong(&isIndex);
            if (!isIndex || index < 0 || (token.size() > 1 && token.startsWith(QLatin1Char('0'))))
                return std::nullopt;
            if (scanner.peek(']'))
                return std::nullopt;
            for (qsizetype i = 0; i < index; ++i) {
                if (!scanner.skipValue() || !scanner.consume(','))
                    return std::nullopt;
            }
        } else {
            return std::nullopt; // a scalar has no children
        }
    }
    scanner.skipSpace();
    const qsizetype start = scanner.position();
    if (!scanner.skipValue())
        return std::nullopt;
    return Span{within.offset + start, scanner.position() - start};
}

QByteArray JsonPointer::excerpt(const QByteArray& json, const QString& pointer)
{
    const auto span = locate(json, pointer);
    return span ? json.mid(span->offset, span->length) : QByteArray();
}

} // namespace bulkhead
