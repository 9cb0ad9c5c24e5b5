// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/DisplayText.h"

namespace bulkhead {

namespace {

QString codePoint(char32_t c)
{
    return QStringLiteral("U+%1").arg(QString::number(static_cast<uint>(c), 16).toUpper().rightJustified(4, u'0'));
}

} // namespace

std::optional<QString> DisplayText::unsafeCharacter(const QString& text, bool multiLine)
{
    for (qsizetype i = 0; i < text.size(); ++i) {
        const char16_t c = text.at(i).unicode();
        if (multiLine && (c == u'\n' || c == u'\t'))
            continue;
        if (c == u'\n')
            return QStringLiteral("a line break");
        if (c == u'\t')
            return QStringLiteral("a tab");
        if (c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f))
            return QStringLiteral("a control character (%1)").arg(codePoint(c));
        // Bidirectional embeddings, overrides and isolates reorder what a reader sees.
        if ((c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) || c == 0x200e || c == 0x200f || c == 0x061c)
            return QStringLiteral("a bidirectional text control (%1)").arg(codePoint(c));
        if (c == 0xfeff || c == 0x200b)
            return QStringLiteral("an invisible character (%1)").arg(codePoint(c));
    }
    return std::nullopt;
}

QString DisplayText::shown(const QString& text, int max)
{
    QString out;
    const QString cut = text.size() > max ? text.left(max) : text;
    for (QChar c : cut) {
        if (unsafeCharacter(QString(c)))
            out += QStringLiteral("\\u{%1}").arg(QString::number(c.unicode(), 16).toUpper());
        else
            out += c;
    }
    if (text.size() > max)
        out += QStringLiteral("...");
    return out;
}

QString DisplayText::quoted(const QString& text, int max)
{
    return QLatin1Char('"') + shown(text, max) + QLatin1Char('"');
}

} // namespace bulkhead
