// SPDX-License-Identifier: GPL-3.0-or-later
#include "checks/CheckText.h"

#include <QStringList>

namespace bulkhead {

QString CheckText::printable(const QString& text, qsizetype limit)
{
    QString out;
    out.reserve(qMin(text.size(), limit + 1));
    for (QChar c : text) {
        if (out.size() >= limit) {
            out.append(QChar(0x2026)); // …
            break;
        }
        out.append(c.category() == QChar::Other_Control || c.category() == QChar::Other_Format ? QChar(0xfffd) : c);
    }
    return out;
}

QString CheckText::quoted(const QString& text)
{
    return QLatin1Char('"') + printable(text) + QLatin1Char('"');
}

QString CheckText::reasonFrom(const QByteArray& errorOutput)
{
    const QStringList lines = QString::fromUtf8(errorOutput).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QString first;
    for (const QString& raw : lines) {
        const QString line = raw.trimmed();
        if (line.isEmpty())
            continue;
        if (first.isEmpty())
            first = line;
        if (!line.startsWith(QLatin1String("WARNING"), Qt::CaseInsensitive))
            return printable(line);
    }
    return printable(first);
}

} // namespace bulkhead
