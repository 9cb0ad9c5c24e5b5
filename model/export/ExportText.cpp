// SPDX-License-Identifier: GPL-3.0-or-later
#include "export/ExportText.h"

#include <QCryptographicHash>

namespace bulkhead {

QString ExportText::isoTime(const QDateTime& time)
{
    return time.isValid() ? time.toUTC().toString(Qt::ISODateWithMs) : QString();
}

QString ExportText::xmlSafe(const QString& text)
{
    QString safe;
    safe.reserve(text.size());
    const qsizetype size = text.size();
    for (qsizetype i = 0; i < size; ++i) {
        const QChar c = text.at(i);
        if (c.isHighSurrogate() && i + 1 < size && text.at(i + 1).isLowSurrogate()) {
            safe.append(c);
            safe.append(text.at(++i));
            continue;
        }
        const char16_t u = c.unicode();
        const bool allowed =
            u == 0x9 || u == 0xA || u == 0xD || (u >= 0x20 && u <= 0xD7FF) || (u >= 0xE000 && u <= 0xFFFD);
        safe.append(allowed ? c : QChar(QChar::ReplacementCharacter));
    }
    return safe;
}

QString ExportText::oneLine(const QString& text, const QString& fallback)
{
    QString line = xmlSafe(text);
    for (QChar& c : line) {
        const char16_t u = c.unicode();
        if (u == u'\n' || u == u'\r' || u == u'\t' || u == 0x85 || u == 0x2028 || u == 0x2029)
            c = QLatin1Char(' ');
    }
    line = line.trimmed();
    return line.isEmpty() ? fallback : line;
}

QString ExportText::sha256(const QString& text)
{
    return QString::fromLatin1(QCryptographicHash::hash(text.toUtf8(), QCryptographicHash::Sha256).toHex());
}

} // namespace bulkhead
