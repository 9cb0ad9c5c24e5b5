// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/JsonScanner.h"

namespace bulkhead {

QString JsonScanner::decode(const QByteArray& raw)
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

} // namespace bulkhead
