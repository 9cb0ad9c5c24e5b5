// SPDX-License-Identifier: GPL-3.0-or-later
#include "report/BinderWriter.h"

#include "export/BinderManifest.h"
#include "report/BinderChart.h"
#include "report/BinderPage.h"
#include "report/BinderSections.h"
#include "report/BinderTable.h"
#include "store/Workspace.h"
#include "text/SafeText.h"

#include <QAbstractTextDocumentLayout>
#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QFile>
#include <QFontDatabase>
#include <QFontMetricsF>
#include <QGuiApplication>
#include <QPageLayout>
#include <QPainter>
#include <QPdfWriter>
#include <QPen>
#include <QSvgRenderer>
#include <QTextBlock>
#include <QTextDocument>

#include <algorithm>
#include <memory>
#include <vector>

namespace bulkhead {

namespace {

constexpr int Dpi = BinderPage::Dpi;
const QString SansFamily = BinderPage::sansFamily();

// Whole device pixels, for what the painter draws directly.
int mm(double millimetres)
{
    return int(BinderPage::mm(millimetres) + 0.5);
}

// The fonts the binder is set in travel with Bulkhead (compiled into its resources from Debian's
// fonts-dejavu-core, ui/CMakeLists.txt), so a binder looks the same on every machine and Unicode renders.
void loadBundledFonts()
{
    static const bool loaded = [] {
        for (const char* file : {":/bulkhead/fonts/DejaVuSans.ttf", ":/bulkhead/fonts/DejaVuSans-Bold.ttf",
                                 ":/bulkhead/fonts/DejaVuSansMono.ttf", ":/bulkhead/fonts/DejaVuSansMono-Bold.ttf",
                                 ":/bulkhead/fonts/DroidSansFallbackFull.ttf"})
            QFontDatabase::addApplicationFont(QString::fromLatin1(file));
        return true;
    }();
    Q_UNUSED(loaded);
}

struct Heading
{
    int level = 1;
    QString text;
    int bodyPage = 0; // 0-based page of the body document
};

QVector<Heading> headingsOf(const QTextDocument& document, double pageHeight)
{
    QVector<Heading> headings;
    for (QTextBlock block = document.begin(); block.isValid(); block = block.next()) {
        const int level = block.blockFormat().headingLevel();
        if (level < 1 || level > 2)
            continue;
        const QRectF box = document.documentLayout()->blockBoundingRect(block);
        headings << Heading{level, block.text().simplified(), int(box.top() / pageHeight)};
    }
    return headings;
}

QString contentsHtml(const QVector<Heading>& headings, int firstBodyPage)
{
    QString html = QStringLiteral("<h1>Contents</h1><table width=\"100%\" cellspacing=\"0\" cellpadding=\"3\">");
    for (const Heading& heading : headings) {
        const bool top = heading.level == 1;
        html += QStringLiteral(
                    "<tr><td style=\"padding-left:%1px;\">%2%3%4</td><td align=\"right\" width=\"12%\">%5</td></tr>")
                    .arg(top ? 0 : 22)
                    .arg(top ? QStringLiteral("<b>") : QString(), heading.text.toHtmlEscaped(),
                         top ? QStringLiteral("</b>") : QString())
                    .arg(firstBodyPage + heading.bodyPage);
    }
    return html + QStringLiteral("</table>");
}

} // namespace

Result<BinderStats> BinderWriter::write(Workspace& workspace, const QString& pdfPath, const BinderOptions& options)
{
    if (qobject_cast<QGuiApplication*>(QCoreApplication::instance()) == nullptr)
        return makeError(QStringLiteral("writing a PDF needs a QGuiApplication (use the offscreen platform)"));
    loadBundledFonts();

    QElapsedTimer clock;
    clock.start();
    BinderStats stats;
    auto loaded = BinderData::load(workspace, options);
    stats.readMs = clock.restart();
    if (!loaded)
        return loaded.error();
    const BinderData& data = loaded.value();

    // The manifest ties the PDF to the log's head and to the findings it lists; the export is logged once the
    // file is whole.
    BinderManifest manifest;
    manifest.version = QStringLiteral(BULKHEAD_VERSION);
    manifest.generatedUtc = data.generatedUtc;
    manifest.logSeq = data.logSeq;
    manifest.logHeadSha256 = data.logHeadSha256;
    manifest.zones = data.zoneFilter;
    manifest.findingsSha256 = BinderManifest::findingsDigest(data.findings);
    manifest.findings = int(data.findings.size());

    QPdfWriter writer(pdfPath);
    writer.setDocumentXmpMetadata(BinderManifest::toXmp(manifest));
    writer.setResolution(Dpi);
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize::A4), QPageLayout::Portrait, QMarginsF(16, 14, 16, 14),
                                     QPageLayout::Millimeter));
    const QString name = data.engagementTitle.isEmpty() ? data.workspaceName : data.engagementTitle;
    writer.setTitle(QStringLiteral("Bulkhead audit binder — ") + SafeText::visibleLine(name));
    writer.setCreator(QStringLiteral("Bulkhead ") + QStringLiteral(BULKHEAD_VERSION));

    const QRect paintRect = writer.pageLayout().paintRectPixels(Dpi);
    const int headerHeight = mm(13);
    const int footerHeight = mm(10);
    const QSizeF bodySize(paintRect.width(), paintRect.height() - headerHeight - footerHeight);

    auto makeDocument = [&writer](QTextDocument& document, const QString& body) {
        document.documentLayout()->setPaintDevice(&writer); // lay out in the PDF's 300 dpi units
        document.setDefaultFont(BinderPage::font(SansFamily, 8.5));
        QTextOption option = document.defaultTextOption();
        option.setWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere); // hostile long tokens must not overflow
        document.setDefaultTextOption(option);
        document.setDocumentMargin(0);
        document.setDefaultStyleSheet(BinderSections::styleSheet());
        document.setHtml(QStringLiteral("<html><body>") + body + QStringLiteral("</body></html>"));
    };

    BinderChart charts(bodySize.width());
    const BinderSections sections(data, charts);

    const int coverTextTop = mm(80);
    QTextDocument cover;
    makeDocument(cover, sections.cover());
    cover.setTextWidth(bodySize.width());

    // One document per section: each starts on a page of its own, and a page shows only its own lines (a
    // CSS page break would leave a heading's text, clipped but extractable, at the foot of the page before).
    // The evidence index's rows are painted under its document (BinderTable): thousands of rows are more
    // than a text document lays out in good time.
    struct Section
    {
        std::unique_ptr<QTextDocument> document;
        std::unique_ptr<BinderTable> table;
        int firstPage = 0; // within the body
        int pages = 0;
        double tableTop = 0;   // on the section's first page
        int rowsFirstPage = 0; // table rows on the first page
        int rowsPerPage = 0;
    };
    std::vector<Section> body;
    QVector<Heading> headings;
    int bodyPages = 0;
    const auto addSection = [&](const QString& html, std::unique_ptr<BinderTable> table) {
        Section section;
        section.document = std::make_unique<QTextDocument>();
        makeDocument(*section.document, html);
        charts.install(*section.document);
        section.document->setPageSize(bodySize);
        for (Heading heading : headingsOf(*section.document, bodySize.height())) {
            heading.bodyPage += bodyPages;
            headings << heading;
        }
        section.firstPage = bodyPages;
        section.pages = section.document->pageCount();
        if (table && table->rowCount() > 0) {
            // Under the introduction, which fits on the section's first page.
            section.tableTop = section.document->documentLayout()->documentSize().height() + mm(2);
            section.rowsFirstPage = table->rowsFitting(bodySize.height() - section.tableTop);
            section.rowsPerPage = std::max(1, table->rowsFitting(bodySize.height()));
            const int rest = std::max(0, table->rowCount() - section.rowsFirstPage);
            section.pages = 1 + (rest + section.rowsPerPage - 1) / section.rowsPerPage;
            section.table = std::move(table);
        }
        bodyPages += section.pages;
        body.push_back(std::move(section));
    };
    addSection(sections.scope(), nullptr);
    addSection(sections.methodology(), nullptr);
    addSection(sections.summary(), nullptr);
    addSection(sections.controlMatrix(), nullptr);
    addSection(sections.findings(), nullptr);
    addSection(sections.reviews(), nullptr);
    addSection(sections.waivers(), nullptr);
    addSection(sections.remediationLog(), nullptr);
    addSection(sections.evidenceIndex(), std::make_unique<BinderTable>(sections.evidenceTable(bodySize.width())));
    addSection(sections.integrity(), nullptr);
    addSection(sections.signOff(), nullptr);
    addSection(sections.commandsAppendix(), nullptr);

    // The contents' own length moves every page number: lay it out until it stops changing.
    QTextDocument contents;
    int contentsPages = 1;
    for (int attempt = 0; attempt < 3; ++attempt) {
        makeDocument(contents, contentsHtml(headings, 2 + contentsPages));
        contents.setPageSize(bodySize);
        if (contents.pageCount() == contentsPages)
            break;
        contentsPages = contents.pageCount();
    }
    const int pageCount = 1 + contentsPages + bodyPages;
    stats.layoutMs = clock.restart();

    QPainter painter;
    if (!painter.begin(&writer))
        return makeError(QStringLiteral("cannot write %1").arg(pdfPath));

    const QFont chromeFont = BinderPage::font(SansFamily, 7.5);
    const QColor chromeColor(0x50, 0x5a, 0x6b);
    // Names are the auditor's or come from a file name: long ones are cut, never run into the page number.
    const QFontMetricsF chromeMetrics(chromeFont, &writer);
    const auto chromeText = [&chromeMetrics, &paintRect](const QString& text) {
        return chromeMetrics.elidedText(SafeText::visibleLine(text), Qt::ElideRight, paintRect.width() - mm(40));
    };
    const QString header = chromeText(QStringLiteral("Bulkhead audit binder — ") + name);
    const QString footerLeft =
        data.client.isEmpty() ? QString() : chromeText(QStringLiteral("Prepared for ") + data.client);

    auto paintPage = [&](QTextDocument& document, int documentPage) {
        painter.save();
        painter.translate(0, headerHeight - documentPage * bodySize.height());
        QAbstractTextDocumentLayout::PaintContext context;
        context.clip = QRectF(0, documentPage * bodySize.height(), bodySize.width(), bodySize.height());
        painter.setClipRect(context.clip);
        document.documentLayout()->draw(&painter, context);
        painter.restore();
    };

    for (int page = 0; page < pageCount; ++page) {
        if (page > 0 && !writer.newPage()) {
            painter.end();
            return makeError(QStringLiteral("cannot add page %1 to %2").arg(page + 1).arg(pdfPath));
        }
        // Header and footer: plain drawText, so no markup in a name can do anything.
        painter.setFont(chromeFont);
        painter.setPen(chromeColor);
        const QRect headerRect(0, 0, paintRect.width(), headerHeight - mm(5));
        painter.drawText(headerRect, Qt::AlignLeft | Qt::AlignBottom, header);
        painter.drawText(headerRect, Qt::AlignRight | Qt::AlignBottom,
                         QStringLiteral("Bulkhead ") + QStringLiteral(BULKHEAD_VERSION));
        painter.setPen(QPen(QColor(0xc9, 0xd0, 0xdc), mm(0.25)));
        painter.drawLine(0, headerHeight - mm(4), paintRect.width(), headerHeight - mm(4));
        const int footerTop = paintRect.height() - footerHeight;
        painter.drawLine(0, footerTop + mm(2), paintRect.width(), footerTop + mm(2));
        painter.setPen(chromeColor);
        const QRect footerRect(0, footerTop + mm(3), paintRect.width(), footerHeight - mm(3));
        if (!footerLeft.isEmpty())
            painter.drawText(footerRect, Qt::AlignLeft | Qt::AlignTop, footerLeft);
        painter.drawText(footerRect, Qt::AlignRight | Qt::AlignTop,
                         QStringLiteral("page %1 of %2").arg(page + 1).arg(pageCount));

        if (page == 0) {
            const int top = headerHeight + mm(18);
            QSvgRenderer logo(QStringLiteral(":/bulkhead/icons/bulkhead.svg"));
            if (logo.isValid())
                logo.render(&painter, QRectF(0, top, mm(22), mm(22)));
            const int textLeft = mm(28);
            painter.setFont(BinderPage::font(SansFamily, 11));
            painter.setPen(chromeColor);
            painter.drawText(QRect(textLeft, top, paintRect.width() - textLeft, mm(7)), Qt::AlignLeft | Qt::AlignTop,
                             QStringLiteral("Container compliance audit"));
            painter.setFont(BinderPage::font(SansFamily, 26, true));
            painter.setPen(QColor(0x14, 0x30, 0x6b));
            painter.drawText(QRect(textLeft, top + mm(6), paintRect.width() - textLeft, mm(14)),
                             Qt::AlignLeft | Qt::AlignVCenter, QStringLiteral("Audit binder"));
            const QFont nameFont = BinderPage::font(SansFamily, 13);
            painter.setFont(nameFont);
            painter.setPen(QColor(0x1d, 0x23, 0x30));
            painter.drawText(QRect(0, top + mm(30), paintRect.width(), mm(9)), Qt::AlignLeft | Qt::AlignVCenter,
                             QFontMetricsF(nameFont, &writer)
                                 .elidedText(SafeText::visibleLine(name), Qt::ElideRight, paintRect.width()));
            painter.setPen(QPen(QColor(0x14, 0x30, 0x6b), mm(0.6)));
            painter.drawLine(0, top + mm(42), mm(40), top + mm(42));

            painter.save();
            painter.translate(0, coverTextTop);
            cover.drawContents(&painter, QRectF(0, 0, bodySize.width(), bodySize.height() - coverTextTop));
            painter.restore();
            continue;
        }
        if (page <= contentsPages) {
            paintPage(contents, page - 1);
            continue;
        }
        const int bodyPage = page - 1 - contentsPages;
        const auto section = std::upper_bound(body.cbegin(), body.cend(), bodyPage,
                                              [](int at, const Section& s) { return at < s.firstPage; }) -
                             1;
        const int sectionPage = bodyPage - section->firstPage;
        if (!section->table) {
            paintPage(*section->document, sectionPage);
            continue;
        }
        if (sectionPage == 0)
            paintPage(*section->document, 0);
        const int first = sectionPage == 0 ? 0 : section->rowsFirstPage + (sectionPage - 1) * section->rowsPerPage;
        const int count = sectionPage == 0 ? section->rowsFirstPage : section->rowsPerPage;
        const double top = headerHeight + (sectionPage == 0 ? section->tableTop : 0);
        if (count > 0)
            section->table->paint(painter, QPointF(0, top), first, count);
    }
    if (!painter.end())
        return makeError(QStringLiteral("cannot finish %1").arg(pdfPath));

    QFile pdf(pdfPath);
    QCryptographicHash pdfHash(QCryptographicHash::Sha256);
    if (!pdf.open(QIODevice::ReadOnly) || !pdfHash.addData(&pdf))
        return makeError(QStringLiteral("cannot read back %1: %2").arg(pdfPath, pdf.errorString()));
    if (auto recorded =
            workspace.recordBinderExport(manifest, QString::fromLatin1(pdfHash.result().toHex()), pageCount);
        !recorded)
        return recorded.error();

    stats.paintMs = clock.elapsed();
    stats.pages = pageCount;
    stats.findings = int(data.findings.size());
    stats.artifacts = int(data.artifacts.size());
    return stats;
}

} // namespace bulkhead
