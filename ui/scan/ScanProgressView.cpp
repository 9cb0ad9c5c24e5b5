// SPDX-License-Identifier: GPL-3.0-or-later
#include "scan/ScanProgressView.h"

#include "delegates/HostDelegate.h"
#include "scan/ScanProgressModel.h"

#include <QApplication>
#include <QHeaderView>
#include <QPainter>
#include <QStyleOptionProgressBar>

namespace bulkhead {

namespace {

// Draws the host's fraction as a small progress bar, the way the status bar shows the whole scan.
class ProgressBarDelegate : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const override
    {
        QStyleOptionViewItem background(option);
        initStyleOption(&background, index);
        background.text.clear();
        QStyle* style = option.widget ? option.widget->style() : QApplication::style();
        style->drawControl(QStyle::CE_ItemViewItem, &background, painter, option.widget);

        QStyleOptionProgressBar bar;
        bar.rect = option.rect.adjusted(3, 3, -3, -3);
        bar.minimum = 0;
        bar.maximum = 100;
        bar.progress = qRound(index.data(ScanProgressModel::FractionRole).toDouble() * 100);
        bar.text = index.data(Qt::DisplayRole).toString();
        bar.textVisible = true;
        bar.state = option.state | QStyle::State_Horizontal;
        style->drawControl(QStyle::CE_ProgressBar, &bar, painter, option.widget);
    }
};

} // namespace

ScanProgressView::ScanProgressView(ScanProgressModel* model, QWidget* parent)
    : QTreeView(parent)
{
    setObjectName(QStringLiteral("scanProgressView"));
    setModel(model);
    setRootIsDecorated(false);
    setUniformRowHeights(true);
    setAlternatingRowColors(true);
    setSelectionBehavior(QAbstractItemView::SelectRows);
    setSelectionMode(QAbstractItemView::SingleSelection);
    setEditTriggers(QAbstractItemView::NoEditTriggers);
    setTextElideMode(Qt::ElideRight);
    setItemDelegate(new HostDelegate(ScanProgressModel::StateColumn, this));
    setItemDelegateForColumn(ScanProgressModel::ProgressColumn, new ProgressBarDelegate(this));
    header()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    header()->setHighlightSections(false);
    header()->setStretchLastSection(false);
    header()->setSectionResizeMode(ScanProgressModel::StepColumn, QHeaderView::Stretch);
    setColumnWidth(ScanProgressModel::HostColumn, 220);
    setColumnWidth(ScanProgressModel::StateColumn, 96);
    setColumnWidth(ScanProgressModel::ProgressColumn, 120);
}

} // namespace bulkhead
