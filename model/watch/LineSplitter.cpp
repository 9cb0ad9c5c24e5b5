// SPDX-License-Identifier: GPL-3.0-or-later
#include "watch/LineSplitter.h"

#include <algorithm>

namespace bulkhead {

LineSplitter::LineSplitter(qsizetype maxBytes)
    : m_max(std::max<qsizetype>(maxBytes, 1))
{}

QVector<LineSplitter::Line> LineSplitter::feed(QByteArrayView data)
{
    QVector<Line> lines;
    while (!data.isEmpty()) {
        const qsizetype newline = data.indexOf('\n');
        const QByteArrayView piece = newline < 0 ? data : data.first(newline);
        if (!m_skipping) {
            const qsizetype room = m_max - m_partial.size();
            if (piece.size() <= room) {
                m_partial.append(piece);
            } else {
                m_partial.append(piece.first(room));
                lines.append(Line{m_partial, true});
                m_partial.clear();
                m_skipping = true;
            }
        }
        if (newline < 0)
            break;
        if (!m_skipping) {
            if (m_partial.endsWith('\r'))
                m_partial.chop(1);
            lines.append(Line{m_partial, false});
        }
        m_partial.clear();
        m_skipping = false;
        data = data.sliced(newline + 1);
    }
    return lines;
}

QVector<LineSplitter::Line> LineSplitter::finish()
{
    QVector<Line> lines;
    if (!m_skipping && !m_partial.isEmpty())
        lines.append(Line{m_partial, false});
    m_partial.clear();
    m_skipping = false;
    return lines;
}

} // namespace bulkhead
