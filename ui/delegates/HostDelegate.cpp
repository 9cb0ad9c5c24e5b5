// SPDX-License-Identifier: GPL-3.0-or-later
#include "delegates/HostDelegate.h"

#include "domain/Scan.h"
#include "items/ItemRoles.h"
#include "style/StatusPalette.h"

#include <QApplication>
#include <QPainter>

namespace bulkhead {

namespace {

constexpr int DotSize = 8;
constexpr int DotGap = 6;

QColor stateColor(const QVariant& state)
{
    if (state.metaType() != QMetaType::fromType<HostScanState>())
        return QColor(0xbd, 0xbd, 0xbd);
    switch (state.value<HostScanState>()) {
    case HostScanState::Done:
        return StatusPalette::background(Status::Pass);
    case HostScanState::Partial:
        return StatusPalette::background(Status::Warn);
    case HostScanState::Failed:
        return StatusPalette::background(Status::Fail);
    case HostScanState::Running:
    case HostScanState::Pending:
        return StatusPalette::background(Status::Manual);
    case HostScanState::Cancelled:
        return StatusPalette::background(Status::NotApplicable);
    }
    return QColor(0xbd, 0xbd, 0xbd);
}

} // namespace

HostDelegate::HostDelegate(int stateColumn, QObject* parent)
    : PlainTextDelegate(parent)
    , m_stateColumn(stateColumn)
{}

void HostDelegate::initStyleOption(QStyleOptionViewItem* option, const QModelIndex& index) const
{
    PlainTextDelegate::initStyleOption(option, index);
    if (!index.siblingAtColumn(0).data(IdRole).isValid())
        option->font.setBold(true);
}

void HostDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const
{
    const bool hostRow = index.siblingAtColumn(0).data(IdRole).isValid();
    if (index.column() != m_stateColumn || !hostRow) {
        PlainTextDelegate::paint(painter, option, index);
        return;
    }
    QStyleOptionViewItem opt(option);
    initStyleOption(&opt, index);
    const QRect dot(opt.rect.left() + 4, opt.rect.center().y() - DotSize / 2 + 1, DotSize, DotSize);
    opt.rect.setLeft(dot.right() + DotGap);
    QStyle* style = opt.widget ? opt.widget->style() : QApplication::style();
    // Background across the whole cell first, then the shifted text.
    QStyleOptionViewItem background(option);
    initStyleOption(&background, index);
    background.text.clear();
    style->drawControl(QStyle::CE_ItemViewItem, &background, painter, opt.widget);
    opt.backgroundBrush = Qt::NoBrush;
    opt.state &= ~QStyle::State_HasFocus;
    style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, opt.widget);

    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setPen(Qt::NoPen);
    painter->setBrush(stateColor(index.data(HostScanStateRole)));
    painter->drawEllipse(dot);
    painter->restore();
}

} // namespace bulkhead
