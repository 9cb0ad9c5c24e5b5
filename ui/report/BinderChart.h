// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QColor>
#include <QObject>
#include <QString>
#include <QStringList>
#include <QTextObjectInterface>
#include <QVector>

class QTextDocument;

namespace bulkhead {

// One horizontal bar of a binder chart: its label, the size of each series' part, and the figure printed
// at its end.
struct BinderChartBar
{
    QString label;
    QVector<int> parts;
    QString figure;
};

// A bar chart: stacked bars that each fill the width (shares: pass, fail, ...) or bars measured against
// the largest total (counts).
struct BinderChartSpec
{
    enum class Scale
    {
        Share,
        Count,
    };
    QString title;
    QStringList series;
    QVector<QColor> colors; // one per series
    QVector<BinderChartBar> bars;
    Scale scale = Scale::Share;
};

// Draws the binder's charts as vectors inside its text documents: the body's HTML holds a placeholder
// per chart, install() puts the charts in their place. Labels are painted with drawText, so host text in
// a label (a zone name) is never interpreted. Lengths are in the document's units (300 dpi device pixels).
class BinderChart : public QObject, public QTextObjectInterface
{
    Q_OBJECT
    Q_INTERFACES(QTextObjectInterface)

public:
    explicit BinderChart(double width, QObject* parent = nullptr);

    // The placeholder paragraph for a new chart, to put in the HTML.
    QString add(const BinderChartSpec& spec);
    // Registers the charts with `document` and replaces every placeholder with its chart.
    void install(QTextDocument& document);

    QSizeF intrinsicSize(QTextDocument* document, int positionInDocument, const QTextFormat& format) override;
    void drawObject(QPainter* painter, const QRectF& rect, QTextDocument* document, int positionInDocument,
                    const QTextFormat& format) override;

private:
    QString placeholder(int index) const;
    double height(const BinderChartSpec& spec) const;

    double m_width;
    QString m_nonce; // placeholders carry it: text from a host cannot be mistaken for one
    QVector<BinderChartSpec> m_charts;
};

} // namespace bulkhead
