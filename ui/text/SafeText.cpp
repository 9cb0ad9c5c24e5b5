// SPDX-License-Identifier: GPL-3.0-or-later
#include "text/SafeText.h"

namespace bulkhead {

namespace {

bool needsEscape(char16_t c, bool keepLayout)
{
    if (keepLayout && (c == u'\n' || c == u'\t'))
        return false;
    if (c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f))
        return true;
    // Zero-width characters and marks, bidi embeddings/overrides/isolates, line and paragraph
    // separators, the byte-order mark: all change how text looks without being seen.
    return (c >= 0x200b && c <= 0x200f) || (c >= 0x2028 && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) || c == 0xfeff;
}

QString escaped(const QString& text, bool keepLayout)
{
    QString out;
    out.reserve(text.size());
    for (QChar ch : text) {
        const char16_t c = ch.unicode();
        if (!needsEscape(c, keepLayout)) {
            out.append(ch);
            continue;
        }
        if (c == u'\n')
            out.append(QLatin1String("\\n"));
        else if (c == u'\r')
            out.append(QLatin1String("\\r"));
        else if (c == u'\t')
            out.append(QLatin1String("\\t"));
        else if (c < 0x100)
            out.append(QLatin1String("\\x") + QString::number(c, 16).rightJustified(2, QLatin1Char('0')));
        else
            out.append(QLatin1String("\\u") + QString::number(c, 16).rightJustified(4, QLatin1Char('0')));
    }
    return out;
}

} // namespace

QString SafeText::visible(const QString& text)
{
    return escaped(text, true);
}

QString SafeText::visibleLine(const QString& text)
{
    return escaped(text, false);
}

QString SafeText::html(const QString& text)
{
    return visible(text).toHtmlEscaped();
}

QString SafeText::htmlLine(const QString& text)
{
    return visibleLine(text).toHtmlEscaped();
}

} // namespace bulkhead
