// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStyledItemDelegate>

namespace bulkhead {

// Default delegate for every view that shows host data: cells are one line with control
// characters made visible, and tooltips show the full text HTML-escaped (Qt renders tooltips that
// look like markup as rich text, so a raw container label must never reach one).
class PlainTextDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    QString displayText(const QVariant& value, const QLocale& locale) const override;
    bool helpEvent(QHelpEvent* event, QAbstractItemView* view, const QStyleOptionViewItem& option,
                   const QModelIndex& index) override;
};

} // namespace bulkhead
