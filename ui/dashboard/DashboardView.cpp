// SPDX-License-Identifier: GPL-3.0-or-later
#include "dashboard/DashboardView.h"

#include "checks/CheckCatalog.h"
#include "checks/ScoreBreakdown.h"
#include "style/StatusPalette.h"
#include "text/SafeText.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QDateTimeAxis>
#include <QGridLayout>
#include <QHorizontalBarSeries>
#include <QLabel>
#include <QLayoutItem>
#include <QLineSeries>
#include <QPieSeries>
#include <QPieSlice>
#include <QScatterSeries>
#include <QVBoxLayout>
#include <QValueAxis>

#include <algorithm>
#include <functional>

namespace bulkhead {

namespace {

constexpr int MaxHosts = 15; // the lowest-scoring hosts; the checklist has the rest

double shown(double score)
{
    return score < 0 ? 0.0 : score; // nothing judged: an empty bar, not a negative one
}

QChartView* chartView(QChart* chart, const QString& objectName, QWidget* parent)
{
    // The palette's colours, not the chart theme's: a theme would repaint the series' own colours.
    const QPalette palette = parent->palette();
    chart->setBackgroundBrush(palette.color(QPalette::Base));
    chart->setTitleBrush(palette.color(QPalette::Text));
    chart->legend()->setLabelColor(palette.color(QPalette::Text));
    for (QAbstractAxis* axis : chart->axes()) {
        axis->setLabelsColor(palette.color(QPalette::Text));
        axis->setTitleBrush(palette.color(QPalette::Text));
        axis->setGridLineColor(palette.color(QPalette::Mid));
        axis->setLinePenColor(palette.color(QPalette::Mid));
    }
    chart->setAnimationOptions(QChart::NoAnimation);
    chart->legend()->setAlignment(Qt::AlignBottom);
    chart->setMargins(QMargins(4, 4, 4, 4));
    auto* view = new QChartView(chart, parent);
    view->setObjectName(objectName);
    view->setRenderHint(QPainter::Antialiasing);
    view->setMinimumSize(320, 240);
    return view;
}

// Two bar sets per category, without and with waivers, 0-100 %.
QChart* scoreBars(const QString& title, const QStringList& categories, const QVector<ComplianceScore>& scores,
                  bool horizontal, const std::function<void(int)>& clicked, const QString& categoryTitle = {})
{
    auto* without = new QBarSet(QObject::tr("Without waivers"));
    auto* with = new QBarSet(QObject::tr("With waivers"));
    without->setColor(QColor(0x1f, 0x5f, 0xa8));
    with->setColor(QColor(0x8c, 0xb8, 0xe6));
    for (const ComplianceScore& score : scores) {
        *without << shown(score.withoutWaivers());
        *with << shown(score.withWaivers());
    }
    QAbstractBarSeries* series = horizontal ? static_cast<QAbstractBarSeries*>(new QHorizontalBarSeries)
                                            : static_cast<QAbstractBarSeries*>(new QBarSeries);
    series->append(without);
    series->append(with);
    for (QBarSet* set : {without, with})
        QObject::connect(set, &QBarSet::clicked, set, clicked);
    auto* chart = new QChart;
    chart->setTitle(title);
    chart->addSeries(series);
    auto* axisCategories = new QBarCategoryAxis;
    axisCategories->append(categories);
    axisCategories->setTitleText(categoryTitle);
    auto* axisPercent = new QValueAxis;
    axisPercent->setRange(0, 100);
    axisPercent->setLabelFormat(QStringLiteral("%d%%"));
    axisPercent->setTickCount(6);
    chart->addAxis(axisCategories, horizontal ? Qt::AlignLeft : Qt::AlignBottom);
    chart->addAxis(axisPercent, horizontal ? Qt::AlignBottom : Qt::AlignLeft);
    series->attachAxis(axisCategories);
    series->attachAxis(axisPercent);
    return chart;
}

} // namespace

DashboardView::DashboardView(QWidget* parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("dashboardView"));
    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("dashboardSummary"));
    m_summary->setTextFormat(Qt::PlainText);
    QFont big = m_summary->font();
    big.setPointSizeF(big.pointSizeF() * 1.4);
    m_summary->setFont(big);
    m_empty = new QLabel(tr("No findings yet: scan the fleet to see its compliance here."), this);
    m_empty->setTextFormat(Qt::PlainText);
    m_empty->setAlignment(Qt::AlignCenter);
    m_charts = new QWidget(this);
    new QGridLayout(m_charts);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_summary);
    layout->addWidget(m_empty, 1);
    layout->addWidget(m_charts, 1);
    clear();
}

void DashboardView::clear()
{
    auto* grid = static_cast<QGridLayout*>(m_charts->layout());
    while (QLayoutItem* item = grid->takeAt(0)) {
        delete item->widget();
        delete item;
    }
    m_tipCategories.clear();
    m_tips.clear();
    m_zoneCategories.clear();
    m_zones.clear();
    m_hostCategories.clear();
    m_hostIds.clear();
    m_summary->clear();
    m_charts->hide();
    m_empty->show();
}

void DashboardView::setData(const QVector<Finding>& findings, const QVector<HostRecord>& hosts,
                            const QVector<Zone>& zones, const QVector<TrendPoint>& trend)
{
    clear();
    if (findings.isEmpty())
        return;
    const ScoreBreakdown scores = ScoreBreakdown::of(findings, hosts);
    const auto percent = [](double value) {
        return value < 0 ? tr("n/a") : QStringLiteral("%1 %").arg(value, 0, 'f', 1);
    };
    m_summary->setText(tr("Score %1 without waivers, %2 with waivers   ·   %3 findings: %4 pass, %5 fail, %6 warn, "
                          "%7 waived, %8 manual, %9 error")
                           .arg(percent(scores.all.withoutWaivers()), percent(scores.all.withWaivers()))
                           .arg(findings.size())
                           .arg(scores.all.pass)
                           .arg(scores.all.fail)
                           .arg(scores.all.warn)
                           .arg(scores.all.waived)
                           .arg(scores.all.manual)
                           .arg(scores.all.error));

    // Per tip, 1 to 10 in order.
    QVector<ComplianceScore> tipScores;
    for (auto it = scores.byTip.cbegin(); it != scores.byTip.cend(); ++it) {
        if (it.key() <= 0)
            continue;
        m_tips << it.key();
        m_tipCategories << QString::number(it.key()); // the axis says "Tip": ten labels fit
        tipScores << *it;
    }
    // Per zone, with the scope; hosts in no zone last.
    QHash<QString, ZoneScope> scopeOf;
    for (const Zone& zone : zones)
        scopeOf.insert(zone.name, zone.scope.value_or(ZoneScope::In));
    QVector<ComplianceScore> zoneScores;
    for (auto it = scores.byZone.cbegin(); it != scores.byZone.cend(); ++it) {
        m_zones << it.key();
        m_zoneCategories << (it.key().isEmpty()
                                 ? tr("(no zone)")
                                 : SafeText::visibleLine(it.key()) +
                                       (scopeOf.value(it.key()) == ZoneScope::Out ? tr(" (out)") : QString()));
        zoneScores << *it;
    }
    // Per host: the lowest scores first, at most MaxHosts.
    QHash<qint64, QString> nameOf;
    for (const HostRecord& host : hosts)
        nameOf.insert(host.id, host.name);
    QVector<std::pair<qint64, ComplianceScore>> byHost;
    for (auto it = scores.byHost.cbegin(); it != scores.byHost.cend(); ++it)
        byHost.append({it.key(), *it});
    std::stable_sort(byHost.begin(), byHost.end(), [](const auto& a, const auto& b) {
        return a.second.withoutWaivers() < b.second.withoutWaivers();
    });
    byHost.resize(std::min<qsizetype>(byHost.size(), MaxHosts));
    QVector<ComplianceScore> hostScores;
    for (const auto& [id, score] : byHost) {
        m_hostIds << id;
        m_hostCategories << SafeText::visibleLine(nameOf.value(id, QStringLiteral("#%1").arg(id))).left(32);
        hostScores << score;
    }

    auto* grid = static_cast<QGridLayout*>(m_charts->layout());
    grid->addWidget(chartView(scoreBars(
                                  tr("Compliance per tip"), m_tipCategories, tipScores, false,
                                  [this](int index) { activateTip(index); }, tr("Tip")),
                              QStringLiteral("tipChart"), m_charts),
                    0, 0);
    grid->addWidget(chartView(scoreBars(tr("Compliance per zone"), m_zoneCategories, zoneScores, true,
                                        [this](int index) { activateZone(index); }),
                              QStringLiteral("zoneChart"), m_charts),
                    0, 1);
    grid->addWidget(chartView(scoreBars(tr("Compliance per host (lowest %1)").arg(MaxHosts), m_hostCategories,
                                        hostScores, true, [this](int index) { activateHost(index); }),
                              QStringLiteral("hostChart"), m_charts),
                    0, 2);

    // What still fails (fail and warn, not waived), by the severity of its check.
    QMap<int, int> bySeverity;
    const CheckCatalog& catalog = CheckCatalog::instance();
    for (const Finding& finding : findings) {
        if (finding.status != Status::Fail && finding.status != Status::Warn)
            continue;
        const CheckDefinition* check = catalog.find(finding.checkId);
        ++bySeverity[static_cast<int>(check ? check->severity : Severity::Medium)];
    }
    auto* pie = new QPieSeries;
    const QColor severityColors[] = {QColor(0x9e, 0x9e, 0x9e), QColor(0x64, 0xb5, 0xf6), QColor(0xff, 0xb3, 0x00),
                                     QColor(0xf5, 0x7c, 0x00), QColor(0xc6, 0x28, 0x28)};
    for (int severity = static_cast<int>(Severity::Critical); severity >= static_cast<int>(Severity::Info);
         --severity) {
        const int count = bySeverity.value(severity);
        if (count == 0)
            continue;
        QPieSlice* slice = pie->append(
            QStringLiteral("%1 (%2)").arg(severityToString(static_cast<Severity>(severity))).arg(count), count);
        slice->setColor(severityColors[severity]);
        slice->setLabelVisible(true);
        connect(slice, &QPieSlice::clicked, this,
                [this, severity] { activateSeverity(static_cast<Severity>(severity)); });
    }
    auto* severityChart = new QChart;
    severityChart->setTitle(bySeverity.isEmpty() ? tr("Nothing fails") : tr("What fails, by severity"));
    severityChart->addSeries(pie);
    severityChart->legend()->hide();
    grid->addWidget(chartView(severityChart, QStringLiteral("severityChart"), m_charts), 1, 0);

    // The trend: each scan's score as the checks gave it (waivers are decisions of today, not of the scan).
    auto* trendChart = new QChart;
    trendChart->setTitle(tr("Score across scans, as evaluated"));
    auto* withoutLine = new QLineSeries;
    withoutLine->setName(tr("Score"));
    auto* points = new QScatterSeries; // a single scan still shows as a point
    points->setMarkerSize(7);
    points->setName(tr("Scans"));
    for (const TrendPoint& point : trend) {
        const qreal x = static_cast<qreal>(point.whenUtc.toMSecsSinceEpoch());
        withoutLine->append(x, shown(point.score.withoutWaivers()));
        points->append(x, shown(point.score.withoutWaivers()));
    }
    for (QXYSeries* series : {static_cast<QXYSeries*>(withoutLine), static_cast<QXYSeries*>(points)})
        trendChart->addSeries(series);
    withoutLine->setColor(QColor(0x1f, 0x5f, 0xa8));
    points->setColor(QColor(0x1f, 0x5f, 0xa8));
    auto* time = new QDateTimeAxis;
    time->setFormat(QStringLiteral("MM-dd HH:mm"));
    time->setTickCount(std::clamp<int>(int(trend.size()), 2, 6));
    if (!trend.isEmpty()) {
        const QDateTime first = trend.front().whenUtc.addSecs(-3600);
        const QDateTime last = trend.back().whenUtc.addSecs(3600);
        time->setRange(first, last);
    }
    auto* percentAxis = new QValueAxis;
    percentAxis->setRange(0, 100);
    percentAxis->setLabelFormat(QStringLiteral("%d%%"));
    trendChart->addAxis(time, Qt::AlignBottom);
    trendChart->addAxis(percentAxis, Qt::AlignLeft);
    for (QAbstractSeries* series : trendChart->series()) {
        series->attachAxis(time);
        series->attachAxis(percentAxis);
    }
    grid->addWidget(chartView(trendChart, QStringLiteral("trendChart"), m_charts), 1, 1, 1, 2);
    m_empty->hide();
    m_charts->show();
}

void DashboardView::activateTip(int index)
{
    if (index >= 0 && index < m_tips.size())
        emit tipActivated(m_tips.at(index));
}

void DashboardView::activateZone(int index)
{
    if (index >= 0 && index < m_zones.size())
        emit zoneActivated(m_zones.at(index));
}

void DashboardView::activateHost(int index)
{
    if (index >= 0 && index < m_hostIds.size())
        emit hostActivated(m_hostIds.at(index));
}

void DashboardView::activateSeverity(Severity severity)
{
    emit severityActivated(severity);
}

} // namespace bulkhead
