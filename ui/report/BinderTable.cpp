// SPDX-License-Identifier: GPL-3.0-or-later
#include "report/BinderTable.h"

#include "report/BinderPage.h"

#include "text/SafeText.h"

#include <QFont>
#include <QFontMetricsF>
#include <QPainter>
#include <QPen>

#include <algorithm>

namespace bulkhead {

namespace {

double mm(double millimetres)
{
    return BinderPage::mm(millimetres);
}

QFont sans(bool bold = false)
{
    return BinderPage::font(BinderPage::sansFamily(), 7, bold);
}

QFont mono()
{
    return BinderPage::font(BinderPage::monoFamily(), 6.5);
}

const double Padding = mm(0.9);
const double LineHeight = mm(3.4);

} // namespace

BinderTable::BinderTable(QVector<Column> columns, QVector<BinderTableRow> rows, double width)
    : m_columns(std::move(columns))
    , m_rows(std::move(rows))
    , m_width(width)
{}

double BinderTable::headHeight() const
{
    return LineHeight + 2 * Padding;
}

double BinderTable::rowHeight() const
{
    return 2 * LineHeight + 2 * Padding;
}

int BinderTable::rowsFitting(double height) const
{
    return std::max(0, int((height - headHeight()) / rowHeight()));
}

void BinderTable::paint(QPainter& painter, const QPointF& topLeft, int first, int count) const
{
    painter.save();
    const QColor ink(0x1d, 0x23, 0x30);
    const QColor label(0x50, 0x5a, 0x6b);
    const QColor rule(0xc9, 0xd0, 0xdc);
    QVector<double> left{topLeft.x()};
    for (const Column& column : m_columns)
        left << left.last() + column.share * m_width;

    // The head.
    double y = topLeft.y();
    painter.fillRect(QRectF(topLeft.x(), y, m_width, headHeight()), QColor(0xe7, 0xeb, 0xf3));
    painter.setPen(QColor(0x14, 0x30, 0x6b));
    painter.setFont(sans(true));
    for (int c = 0; c < m_columns.size(); ++c) {
        const QRectF cell(left[c] + Padding, y + Padding, left[c + 1] - left[c] - 2 * Padding, LineHeight);
        painter.drawText(cell, (m_columns[c].right ? Qt::AlignRight : Qt::AlignLeft) | Qt::AlignVCenter,
                         m_columns[c].title);
    }
    y += headHeight();

    const QFont sansFont = sans();
    const QFont monoFont = mono();
    const QFontMetricsF sansMetrics(sansFont, painter.device());
    const QFontMetricsF monoMetrics(monoFont, painter.device());
    const int last = std::min<int>(int(m_rows.size()), first + count);
    for (int r = first; r < last; ++r) {
        const BinderTableRow& row = m_rows[r];
        if ((r - first) % 2 == 1)
            painter.fillRect(QRectF(topLeft.x(), y, m_width, rowHeight()), QColor(0xf4, 0xf6, 0xfa));
        painter.setPen(ink);
        for (int c = 0; c < m_columns.size() && c < row.cells.size(); ++c) {
            const Column& column = m_columns[c];
            const QRectF cell(left[c] + Padding, y + Padding, left[c + 1] - left[c] - 2 * Padding, LineHeight);
            painter.setFont(column.mono ? monoFont : sansFont);
            const QFontMetricsF& metrics = column.mono ? monoMetrics : sansMetrics;
            painter.drawText(cell, (column.right ? Qt::AlignRight : Qt::AlignLeft) | Qt::AlignVCenter,
                             metrics.elidedText(SafeText::visibleLine(row.cells[c]), Qt::ElideRight, cell.width()));
        }
        const QRectF detail(left[0] + Padding, y + Padding + LineHeight, m_width - 2 * Padding, LineHeight);
        painter.setFont(sansFont);
        painter.setPen(label);
        const double labelWidth = left[1] - left[0] - Padding;
        painter.drawText(QRectF(detail.left(), detail.top(), labelWidth, LineHeight), Qt::AlignLeft | Qt::AlignVCenter,
                         row.detailLabel);
        painter.setFont(monoFont);
        painter.setPen(ink);
        const QRectF value(left[1] + Padding, detail.top(), detail.right() - left[1] - Padding, LineHeight);
        painter.drawText(value, Qt::AlignLeft | Qt::AlignVCenter,
                         monoMetrics.elidedText(SafeText::visibleLine(row.detail), Qt::ElideRight, value.width()));
        y += rowHeight();
        painter.setPen(QPen(rule, mm(0.15)));
        painter.drawLine(QPointF(topLeft.x(), y), QPointF(topLeft.x() + m_width, y));
    }
    painter.restore();
}

} // namespace bulkhead
