// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QStringList>
#include <QVector>

class QPainter;
class QPointF;

namespace bulkhead {

// One row of a painted table: a line of cells, then one line across the row (a label and a monospace value,
// e.g. a sha256).
struct BinderTableRow
{
    QStringList cells;
    QString detailLabel;
    QString detail;
};

// A long, regular table painted straight onto the binder's pages, for what is too big for a text document
// to lay out quickly (the evidence index of a fleet: thousands of rows). Every row has the same height, so
// pagination is arithmetic. Cells are drawn with drawText after SafeText::visibleLine and elided to their
// column: host text can neither run into the next column nor be interpreted. Lengths are in device pixels at
// 300 dpi.
class BinderTable
{
public:
    struct Column
    {
        QString title;
        double share = 0; // of the table's width
        bool mono = false;
        bool right = false;
    };

    BinderTable(QVector<Column> columns, QVector<BinderTableRow> rows, double width);

    int rowCount() const { return int(m_rows.size()); }
    double headHeight() const;
    double rowHeight() const;
    // How many rows fit under the head in `height` (0 when not even one does).
    int rowsFitting(double height) const;
    // The head, then rows [first, first + count), from `topLeft` down.
    void paint(QPainter& painter, const QPointF& topLeft, int first, int count) const;

private:
    QVector<Column> m_columns;
    QVector<BinderTableRow> m_rows;
    double m_width;
};

} // namespace bulkhead
