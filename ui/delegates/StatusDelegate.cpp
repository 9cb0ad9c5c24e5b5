// SPDX-License-Identifier: GPL-3.0-or-later
#include "delegates/StatusDelegate.h"

#include "items/ItemRoles.h"
#include "style/StatusPalette.h"

#include <QApplication>
#include <QPainter>
#include <QStyle>

namespace bulkhead {

namespace {

constexpr int ChipMargin = 4;
constexpr int ChipPadding = 8;

QFont chipFont(const QFont& base)
{
    QFont font(base);
    font.setBold(true);
    font.setPointSizeF(base.pointSizeF() * 0.85);
    return font;
}

} // namespace

void StatusDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const
{
    const QVariant value = index.data(StatusRole);
    QStyleOptionViewItem opt(option);
    initStyleOption(&opt, index);
    QStyle* style = opt.widget ? opt.widget->style() : QApplication::style();

    if (value.metaType() != QMetaType::fromType<Status>()) {
        opt.palette.setColor(QPalette::Text, opt.palette.color(QPalette::Disabled, QPalette::Text));
        style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, opt.widget);
        return;
    }

    const Status status = value.value<Status>();
    const QString label = opt.text;
    opt.text.clear();
    style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, opt.widget); // background, selection, focus

    const QFont font = chipFont(opt.font);
    const QFontMetrics metrics(font);
    const int height = metrics.height() + 2;
    const int width = std::min(metrics.horizontalAdvance(label) + 2 * ChipPadding, opt.rect.width() - 2 * ChipMargin);
    if (width <= 0)
        return;
    const QRect chip(opt.rect.left() + ChipMargin, opt.rect.center().y() - height / 2 + 1, width, height);

    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setPen(Qt::NoPen);
    painter->setBrush(StatusPalette::background(status));
    painter->drawRoundedRect(chip, height / 2.0, height / 2.0);
    painter->setPen(StatusPalette::foreground(status));
    painter->setFont(font);
    painter->drawText(chip, Qt::AlignCenter, metrics.elidedText(label, Qt::ElideRight, chip.width() - 4));
    painter->restore();
}

QSize StatusDelegate::sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const
{
    QSize size = PlainTextDelegate::sizeHint(option, index);
    const QFontMetrics metrics(chipFont(option.font));
    const QString label = index.data(Qt::DisplayRole).toString();
    size.setWidth(std::max(size.width(), metrics.horizontalAdvance(label) + 2 * (ChipPadding + ChipMargin)));
    size.setHeight(std::max(size.height(), metrics.height() + 8));
    return size;
}

} // namespace bulkhead
