// SPDX-License-Identifier: GPL-3.0-or-later
#include "delegates/PlainTextDelegate.h"

#include "text/SafeText.h"

#include <QAbstractItemView>
#include <QHelpEvent>
#include <QToolTip>

namespace bulkhead {

QString PlainTextDelegate::displayText(const QVariant& value, const QLocale& locale) const
{
    return SafeText::visibleLine(QStyledItemDelegate::displayText(value, locale));
}

bool PlainTextDelegate::helpEvent(QHelpEvent* event, QAbstractItemView* view, const QStyleOptionViewItem& option,
                                  const QModelIndex& index)
{
    if (event == nullptr || view == nullptr || event->type() != QEvent::ToolTip)
        return QStyledItemDelegate::helpEvent(event, view, option, index);
    QVariant tip = index.data(Qt::ToolTipRole);
    if (!tip.isValid())
        tip = index.data(Qt::DisplayRole);
    const QString text = tip.toString();
    if (text.isEmpty()) {
        QToolTip::hideText();
        return true;
    }
    // Escaped and wrapped in a paragraph: shown as text whatever it contains.
    QToolTip::showText(event->globalPos(),
                       QLatin1String("<p style='white-space:pre-wrap'>") + SafeText::html(text) + QLatin1String("</p>"),
                       view, option.rect);
    return true;
}

} // namespace bulkhead
