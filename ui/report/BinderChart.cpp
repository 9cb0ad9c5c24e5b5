// SPDX-License-Identifier: GPL-3.0-or-later
#include "report/BinderChart.h"

#include "report/BinderPage.h"

#include "text/SafeText.h"

#include <QAbstractTextDocumentLayout>
#include <QFontMetricsF>
#include <QPainter>
#include <QTextCursor>
#include <QTextDocument>
#include <QUuid>

#include <algorithm>
#include <numeric>

namespace bulkhead {

namespace {

constexpr int ObjectType = QTextFormat::UserObject + 17;
constexpr int IndexProperty = QTextFormat::UserProperty + 17;
double mm(double millimetres)
{
    return BinderPage::mm(millimetres);
}

QFont chartFont(double points, bool bold = false)
{
    return BinderPage::font(BinderPage::sansFamily(), points, bold);
}

} // namespace

BinderChart::BinderChart(double width, QObject* parent)
    : QObject(parent)
    , m_width(width)
    , m_nonce(QUuid::createUuid().toString(QUuid::Id128))
{}

QString BinderChart::placeholder(int index) const
{
    return QStringLiteral("chart-%1-%2").arg(m_nonce).arg(index);
}

QString BinderChart::add(const BinderChartSpec& spec)
{
    m_charts << spec;
    return QStringLiteral("<p>%1</p>").arg(placeholder(int(m_charts.size()) - 1));
}

void BinderChart::install(QTextDocument& document)
{
    document.documentLayout()->registerHandler(ObjectType, this);
    for (int index = 0; index < m_charts.size(); ++index) {
        QTextCursor cursor = document.find(placeholder(index));
        if (cursor.isNull())
            continue;
        QTextCharFormat format;
        format.setObjectType(ObjectType);
        format.setProperty(IndexProperty, index);
        cursor.insertText(QString(QChar::ObjectReplacementCharacter), format);
    }
}

double BinderChart::height(const BinderChartSpec& spec) const
{
    return mm(7) + mm(5.2) * double(spec.bars.size()) + mm(7);
}

QSizeF BinderChart::intrinsicSize(QTextDocument*, int, const QTextFormat& format)
{
    const int index = format.property(IndexProperty).toInt();
    if (index < 0 || index >= m_charts.size())
        return QSizeF(1, 1);
    return QSizeF(m_width, height(m_charts[index]));
}

void BinderChart::drawObject(QPainter* painter, const QRectF& rect, QTextDocument*, int, const QTextFormat& format)
{
    const int index = format.property(IndexProperty).toInt();
    if (index < 0 || index >= m_charts.size())
        return;
    const BinderChartSpec& spec = m_charts[index];
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    const QColor ink(0x1d, 0x23, 0x30);
    const QColor muted(0x50, 0x5a, 0x6b);

    painter->setFont(chartFont(9, true));
    painter->setPen(QColor(0x14, 0x30, 0x6b));
    painter->drawText(QRectF(rect.left(), rect.top(), rect.width(), mm(6)), Qt::AlignLeft | Qt::AlignVCenter,
                      SafeText::visibleLine(spec.title));

    const double labelWidth = mm(52);
    const double figureWidth = mm(38);
    const double barLeft = rect.left() + labelWidth + mm(2);
    const double barWidth = std::max(mm(20), rect.width() - labelWidth - figureWidth - mm(4));
    const double rowHeight = mm(5.2);
    int largest = 1;
    for (const BinderChartBar& bar : spec.bars)
        largest = std::max(largest, std::accumulate(bar.parts.cbegin(), bar.parts.cend(), 0));

    painter->setFont(chartFont(7.5));
    double y = rect.top() + mm(7);
    for (const BinderChartBar& bar : spec.bars) {
        painter->setPen(ink);
        const QFontMetricsF metrics(painter->font(), painter->device());
        painter->drawText(QRectF(rect.left(), y, labelWidth, rowHeight), Qt::AlignLeft | Qt::AlignVCenter,
                          metrics.elidedText(SafeText::visibleLine(bar.label), Qt::ElideRight, labelWidth));
        const int total = std::accumulate(bar.parts.cbegin(), bar.parts.cend(), 0);
        const double full = spec.scale == BinderChartSpec::Scale::Share ? barWidth : barWidth * total / largest;
        const QRectF track(barLeft, y + mm(0.9), barWidth, rowHeight - mm(1.8));
        painter->fillRect(track, QColor(0xee, 0xf1, 0xf6));
        double x = barLeft;
        for (int part = 0; part < bar.parts.size() && total > 0; ++part) {
            const double width = full * bar.parts[part] / total;
            if (width <= 0)
                continue;
            painter->fillRect(QRectF(x, track.top(), width, track.height()),
                              part < spec.colors.size() ? spec.colors[part] : muted);
            x += width;
        }
        painter->setPen(muted);
        painter->drawText(QRectF(barLeft + barWidth + mm(2), y, figureWidth, rowHeight),
                          Qt::AlignLeft | Qt::AlignVCenter, bar.figure);
        y += rowHeight;
    }

    // Legend: a swatch and the series' name, one after the other.
    double x = barLeft;
    y += mm(1.5);
    painter->setFont(chartFont(7));
    for (int part = 0; part < spec.series.size(); ++part) {
        painter->fillRect(QRectF(x, y + mm(1), mm(3), mm(3)), part < spec.colors.size() ? spec.colors[part] : muted);
        x += mm(4);
        painter->setPen(muted);
        const QFontMetricsF metrics(painter->font(), painter->device());
        const double width = metrics.horizontalAdvance(spec.series[part]);
        painter->drawText(QRectF(x, y, width + mm(1), mm(5)), Qt::AlignLeft | Qt::AlignVCenter, spec.series[part]);
        x += width + mm(5);
    }
    painter->restore();
}

} // namespace bulkhead
