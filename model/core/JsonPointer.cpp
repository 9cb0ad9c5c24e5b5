// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/JsonPointer.h"

#include "core/JsonScanner.h"

namespace bulkhead {

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
    JsonScanner scanner(json);
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
    JsonScanner scanner(QByteArrayView(json).sliced(within.offset, within.length));
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
