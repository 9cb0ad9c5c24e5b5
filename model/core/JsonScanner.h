// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include <optional>

namespace bulkhead {

// A forward-only scanner over JSON text. It checks structure only as far as it needs to find
// value boundaries; every step is bounded by the input size, so hostile input cannot hang it.
class JsonScanner
{
public:
    explicit JsonScanner(QByteArrayView text)
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

    // The text of a string literal's raw contents (between the quotes): escapes decoded, UTF-8 read.
    static QString decode(const QByteArray& raw);

private:
    QByteArrayView m_text;
    qsizetype m_pos = 0;
};

} // namespace bulkhead
