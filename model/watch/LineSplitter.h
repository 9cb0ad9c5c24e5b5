// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QVector>

namespace bulkhead {

// Splits a byte stream from a host into lines of at most maxBytes each, so a host that never sends a
// newline cannot make us buffer without bound. A line over the cap is reported once, as `overlong`
// with its first maxBytes bytes, and the rest of it (up to its newline) is dropped.
class LineSplitter
{
public:
    struct Line
    {
        QByteArray text;       // without the newline (and without a trailing \r)
        bool overlong = false; // the line was longer than the cap: `text` is its beginning only
    };

    explicit LineSplitter(qsizetype maxBytes);

    // The lines completed by `data`, in order.
    QVector<Line> feed(QByteArrayView data);
    // At the end of the stream: the unterminated last line, if any.
    QVector<Line> finish();

    qsizetype maxBytes() const { return m_max; }

private:
    qsizetype m_max;
    QByteArray m_partial;
    bool m_skipping = false; // inside a line already reported as overlong
};

} // namespace bulkhead
