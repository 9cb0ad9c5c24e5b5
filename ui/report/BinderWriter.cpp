// SPDX-License-Identifier: GPL-3.0-or-later
#include "report/BinderWriter.h"

#include "checks/CheckCatalog.h"
#include "export/BinderManifest.h"
#include "items/HostsModel.h"
#include "items/ItemRoles.h"
#include "store/Workspace.h"
#include "style/StatusPalette.h"
#include "text/SafeText.h"

#include <QAbstractTextDocumentLayout>
#include <QCryptographicHash>
#include <QDateTime>
#include <QFile>
#include <QFileInfo>
#include <QGuiApplication>
#include <QHash>
#include <QPageLayout>
#include <QPainter>
#include <QPdfWriter>
#include <QPen>
#include <QRegularExpression>
#include <QSet>
#include <QSvgRenderer>
#include <QTextDocument>

#include <algorithm>
#include <map>

namespace bulkhead {

namespace {

constexpr int Dpi = 300;
constexpr double PxPerMm = Dpi / 25.4;
const QString SansFamily = QStringLiteral("DejaVu Sans");
const QString MonoFamily = QStringLiteral("DejaVu Sans Mono");

// Device pixels at 300 dpi, for what the painter draws directly.
int mm(double millimetres)
{
    return int(millimetres * PxPerMm + 0.5);
}

// CSS pixels (1/96 inch) for lengths inside the HTML: QTextDocument scales them to the device.
int px(double millimetres)
{
    return std::max(1, int(millimetres * 96.0 / 25.4 + 0.5));
}

QString esc(const QString& text)
{
    return SafeText::htmlLine(text);
}

QString escMulti(const QString& text)
{
    return SafeText::html(text).replace(QLatin1Char('\n'), QStringLiteral("<br/>"));
}

QString utc(const QDateTime& time)
{
    return time.isValid() ? time.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss 'UTC'")) : QStringLiteral("—");
}

QString statusHtml(Status status)
{
    return QStringLiteral("<span style=\"color:%1; font-weight:bold;\">%2</span>")
        .arg(StatusPalette::text(status).name(), statusLabel(status).toHtmlEscaped());
}

Result<QString> fileSha256(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return makeError(QStringLiteral("cannot read %1: %2").arg(path, file.errorString()));
    QCryptographicHash hash(QCryptographicHash::Sha256);
    if (!hash.addData(&file))
        return makeError(QStringLiteral("cannot hash %1").arg(path));
    return QString::fromLatin1(hash.result().toHex());
}

QString styleSheet()
{
    // Lengths are in device pixels at 300 dpi; fonts in points.
    return QStringLiteral(
               "body { font-family: '%1'; font-size: 8.5pt; color: #1d2330; }"
               "h1 { font-size: 16pt; font-weight: bold; color: #14306b; margin-top: 0px; margin-bottom: %3px; }"
               "h2 { font-size: 11pt; font-weight: bold; color: #14306b; margin-top: %4px; margin-bottom: %5px; }"
               "p { margin-top: 0px; margin-bottom: %5px; }"
               "table.grid { border-collapse: collapse; }"
               "th { background-color: #e7ebf3; color: #14306b; font-weight: bold; text-align: left; }"
               ".mono { font-family: '%2'; font-size: 7.5pt; }"
               ".small { font-size: 7.5pt; color: #505a6b; }"
               ".muted { color: #6b7486; }"
               ".label { color: #505a6b; }")
        .arg(SansFamily, MonoFamily)
        .arg(px(3))
        .arg(px(6))
        .arg(px(2));
}

QString tableOpen(const QString& columns)
{
    return QStringLiteral("<table class=\"grid\" width=\"100%\" border=\"1\" cellspacing=\"0\" cellpadding=\"%1\" "
                          "style=\"border-color:#c9d0dc; border-style:solid;\"><thead><tr>%2</tr></thead><tbody>")
        .arg(px(0.9))
        .arg(columns);
}

QString th(const QString& text, int widthPercent = 0)
{
    if (widthPercent > 0)
        return QStringLiteral("<th width=\"%1%\">%2</th>").arg(widthPercent).arg(text.toHtmlEscaped());
    return QStringLiteral("<th>%1</th>").arg(text.toHtmlEscaped());
}

struct Data
{
    QString workspaceName;
    QString workspaceSha256;
    QVector<HostsModel::HostRow> hosts;
    QVector<ScanRecord> scans;
    QVector<Finding> findings;
    QVector<ArtifactInfo> artifacts;
};

QString coverHtml(const Data& data)
{
    std::map<int, int> byRank; // statusRank -> count, worst first when iterated in reverse
    QHash<int, Status> statusOfRank;
    for (const Finding& finding : data.findings) {
        ++byRank[statusRank(finding.status)];
        statusOfRank.insert(statusRank(finding.status), finding.status);
    }
    QString summary;
    for (auto it = byRank.rbegin(); it != byRank.rend(); ++it) {
        if (!summary.isEmpty())
            summary += QStringLiteral(" &nbsp;·&nbsp; ");
        summary += QStringLiteral("%1 %2").arg(it->second).arg(statusHtml(statusOfRank.value(it->first)));
    }
    if (summary.isEmpty())
        summary = QStringLiteral("no findings recorded");

    QString lastScan = QStringLiteral("—");
    if (!data.scans.isEmpty()) {
        const ScanRecord& latest = *std::max_element(
            data.scans.begin(), data.scans.end(), [](const ScanRecord& a, const ScanRecord& b) { return a.id < b.id; });
        lastScan = utc(latest.finishedUtc.isValid() ? latest.finishedUtc : latest.startedUtc) + QStringLiteral(" (") +
                   esc(scanStateToString(latest.state)) + QStringLiteral(")");
    }

    auto row = [](const QString& label, const QString& valueHtml) {
        return QStringLiteral("<tr><td width=\"28%\" class=\"label\">%1</td><td>%2</td></tr>")
            .arg(label.toHtmlEscaped(), valueHtml);
    };
    // Title and logo are painted directly on the cover; this is the table of facts under them.
    QString html;
    html += QStringLiteral("<table width=\"100%\" cellspacing=\"0\" cellpadding=\"%1\">").arg(px(1.2));
    html += row(QStringLiteral("Workspace file"), esc(data.workspaceName));
    html += row(QStringLiteral("Workspace sha256"),
                QStringLiteral("<span class=\"mono\">%1</span>").arg(esc(data.workspaceSha256)));
    html += row(QStringLiteral("Generated"), utc(QDateTime::currentDateTimeUtc()));
    html += row(QStringLiteral("Generated by"), QStringLiteral("Bulkhead ") + QStringLiteral(BULKHEAD_VERSION));
    html += row(QStringLiteral("Hosts"), QString::number(data.hosts.size()));
    html += row(QStringLiteral("Scans"), QString::number(data.scans.size()));
    html += row(QStringLiteral("Last scan"), lastScan);
    html += row(QStringLiteral("Findings"), QString::number(data.findings.size()) + QStringLiteral(": ") + summary);
    html += row(QStringLiteral("Artifacts"), QString::number(data.artifacts.size()));
    html += QStringLiteral("</table>");
    html += QStringLiteral("<p class=\"small\" style=\"margin-top:%1px;\">The workspace sha256 is computed over the "
                           "workspace file as it was on disk when this binder was generated. Every artifact's "
                           "sha256 in the evidence index is computed over its stored bytes: re-compute it with "
                           "<span class=\"mono\">sha256sum</span> over the exported artifact. Secret values are "
                           "redacted before storage and never printed.</p>")
                .arg(px(10));
    return html;
}

QString scopeHtml(const Data& data)
{
    // The first section of the body document: the cover is a page of its own, painted separately.
    QString html = QStringLiteral("<h1>1&nbsp;&nbsp;Scope</h1>");
    html += QStringLiteral("<p>The hosts of this workspace and the state of their last scan. Host keys were verified "
                           "against a known_hosts file before any command ran.</p>");
    if (data.hosts.isEmpty())
        return html + QStringLiteral("<p class=\"muted\">No hosts in this workspace.</p>");
    html += tableOpen(th(QStringLiteral("Host"), 19) + th(QStringLiteral("Address"), 25) +
                      th(QStringLiteral("Last scan"), 20) + th(QStringLiteral("Message"), 36));
    bool shaded = false;
    for (const HostsModel::HostRow& host : data.hosts) {
        const QString background = shaded ? QStringLiteral(" bgcolor=\"#f4f6fa\"") : QString();
        shaded = !shaded;
        QString state = QStringLiteral("<span class=\"muted\">never scanned</span>");
        if (host.lastState) {
            state = QStringLiteral("<b>%1</b><br/><span class=\"small\">%2</span>")
                        .arg(HostsModel::stateLabel(*host.lastState).toHtmlEscaped(), utc(host.lastScanUtc));
        }
        html += QStringLiteral("<tr%1><td><b>%2</b></td><td class=\"mono\">%3</td><td>%4</td><td>%5</td></tr>")
                    .arg(background, esc(host.name), esc(host.address), state,
                         host.lastMessage.isEmpty() ? QStringLiteral("—") : escMulti(host.lastMessage));
        html += QStringLiteral("<tr%1><td class=\"label\">host key</td><td colspan=\"3\" class=\"mono\">%2</td></tr>")
                    .arg(background, host.hostKeyFingerprint.isEmpty() ? QStringLiteral("not verified (no connection)")
                                                                       : esc(host.hostKeyFingerprint));
    }
    return html + QStringLiteral("</tbody></table>");
}

QString findingsHtml(const Data& data)
{
    QString html = QStringLiteral("<h1 style=\"page-break-before: always;\">2&nbsp;&nbsp;Findings</h1>");
    html += QStringLiteral("<p>One row per check and subject, from each host's most recent scan. The checks' texts "
                           "are in section 3, the evidence of every finding is listed by artifact in section 4.</p>");
    if (data.findings.isEmpty())
        return html + QStringLiteral("<p class=\"muted\">No findings recorded.</p>");

    const CheckCatalog& catalog = CheckCatalog::instance();
    QHash<QString, int> order;
    for (int i = 0; i < catalog.checks().size(); ++i)
        order.insert(catalog.checks()[i].id, i);
    QVector<const Finding*> sorted;
    for (const Finding& finding : data.findings)
        sorted.append(&finding);
    std::stable_sort(sorted.begin(), sorted.end(), [&order](const Finding* a, const Finding* b) {
        if (a->hostName != b->hostName)
            return a->hostName < b->hostName;
        const int ca = order.value(a->checkId, INT_MAX);
        const int cb = order.value(b->checkId, INT_MAX);
        if (ca != cb)
            return ca < cb;
        if (a->checkId != b->checkId)
            return a->checkId < b->checkId;
        return a->subject.name < b->subject.name;
    });

    html += tableOpen(th(QStringLiteral("Host"), 16) + th(QStringLiteral("Check"), 25) + th(QStringLiteral("CIS"), 6) +
                      th(QStringLiteral("Tip"), 4) + th(QStringLiteral("Subject"), 14) +
                      th(QStringLiteral("Status"), 10) + th(QStringLiteral("Actual"), 25));
    for (const Finding* finding : sorted) {
        const CheckDefinition* check = catalog.find(finding->checkId);
        const QString title = check ? check->title : finding->checkId;
        QString subject = esc(finding->subject.name.isEmpty() ? finding->subject.id : finding->subject.name);
        subject +=
            QStringLiteral("<br/><span class=\"small\">%1</span>").arg(subjectKindToString(finding->subject.kind));
        html += QStringLiteral("<tr><td>%1</td><td>%2<br/><span class=\"small mono\">%3</span></td><td>%4</td>"
                               "<td align=\"right\">%5</td><td>%6</td><td>%7</td><td>%8</td></tr>")
                    .arg(esc(finding->hostName), title.toHtmlEscaped(), esc(finding->checkId),
                         check ? check->cis.join(QStringLiteral(", ")).toHtmlEscaped() : QString(),
                         check && check->tip > 0 ? QString::number(check->tip) : QString(), subject,
                         statusHtml(finding->status), escMulti(finding->actual));
    }
    return html + QStringLiteral("</tbody></table>");
}

// The texts of every check that has findings, in catalog order: what it asks, why, how to fix it and where
// it comes from (resources/checks/checks.json).
QString checksHtml(const Data& data)
{
    QString html = QStringLiteral("<h1 style=\"page-break-before: always;\">3&nbsp;&nbsp;The checks</h1>");
    html += QStringLiteral("<p>Each check that gave a finding above: its rationale, the remediation and the "
                           "references it rests on.</p>");
    QSet<QString> used;
    for (const Finding& finding : data.findings)
        used.insert(finding.checkId);
    for (const CheckDefinition& check : CheckCatalog::instance().checks()) {
        if (!used.contains(check.id))
            continue;
        QString cis = check.cis.isEmpty() ? QStringLiteral("beyond CIS")
                                          : QStringLiteral("CIS ") + check.cis.join(QStringLiteral(", "));
        html += QStringLiteral("<h3>%1</h3><p class=\"small\"><span class=\"mono\">%2</span> &middot; tip %3 "
                               "&middot; %4 &middot; %5 &middot; per %6</p>")
                    .arg(check.title.toHtmlEscaped(), check.id.toHtmlEscaped())
                    .arg(check.tip)
                    .arg(cis.toHtmlEscaped(), severityToString(check.severity), subjectKindToString(check.level));
        // `code` in the catalog's texts is set in the monospace face (after escaping: the catalog is ours, but
        // nothing reaches the document unescaped).
        static const QRegularExpression code(QStringLiteral("`([^`]+)`"));
        const auto prose = [](const QString& text) {
            return escMulti(text).replace(code, QStringLiteral("<span class=\"mono\">\\1</span>"));
        };
        html += QStringLiteral("<p><b>Rationale.</b> %1</p><p><b>Remediation.</b> %2</p>")
                    .arg(prose(check.rationale), prose(check.remediation));
        if (!check.references.isEmpty()) {
            QStringList items;
            for (const QString& reference : check.references)
                items << QStringLiteral("<li>%1</li>").arg(escMulti(reference));
            html += QStringLiteral("<ul class=\"small\">%1</ul>").arg(items.join(QString()));
        }
    }
    return html;
}

QString evidenceHtml(const Data& data)
{
    QString html = QStringLiteral("<h1 style=\"page-break-before: always;\">4&nbsp;&nbsp;Evidence index</h1>");
    html += QStringLiteral("<p>Every artifact collected: the exact command that ran, its exit status, when it "
                           "finished, the size of the stored output and its sha256.</p>");
    if (data.artifacts.isEmpty())
        return html + QStringLiteral("<p class=\"muted\">No artifacts stored.</p>");
    html += tableOpen(th(QStringLiteral("Artifact"), 10) + th(QStringLiteral("Host"), 16) +
                      th(QStringLiteral("Probe"), 28) + th(QStringLiteral("Exit"), 6) +
                      th(QStringLiteral("Finished"), 25) + th(QStringLiteral("Size"), 15));
    bool shaded = false;
    for (const ArtifactInfo& artifact : data.artifacts) {
        const QString background = shaded ? QStringLiteral(" bgcolor=\"#f4f6fa\"") : QString();
        shaded = !shaded;
        html +=
            QStringLiteral("<tr%1><td><b>#%2</b></td><td>%3</td><td class=\"mono\">%4</td><td align=\"right\">%5</td>"
                           "<td>%6</td><td align=\"right\">%7 bytes</td></tr>")
                .arg(background)
                .arg(artifact.id)
                .arg(esc(artifact.hostName), esc(artifact.probe),
                     artifact.exitStatus >= 0 ? QString::number(artifact.exitStatus) : QStringLiteral("none"),
                     utc(artifact.finishedUtc), QString::number(artifact.size));
        html += QStringLiteral("<tr%1><td class=\"label\">command</td><td colspan=\"5\" class=\"mono\">%2</td></tr>")
                    .arg(background, escMulti(artifact.command));
        html += QStringLiteral("<tr%1><td class=\"label\">sha256</td><td colspan=\"5\" class=\"mono\">%2</td></tr>")
                    .arg(background, esc(artifact.sha256));
    }
    return html + QStringLiteral("</tbody></table>");
}

} // namespace

Result<BinderStats> BinderWriter::write(Workspace& workspace, const QString& pdfPath)
{
    if (qobject_cast<QGuiApplication*>(QCoreApplication::instance()) == nullptr)
        return makeError(QStringLiteral("writing a PDF needs a QGuiApplication (use the offscreen platform)"));

    Data data;
    data.workspaceName = QFileInfo(workspace.path()).fileName();
    auto digest = fileSha256(workspace.path());
    if (!digest)
        return digest.error();
    data.workspaceSha256 = digest.value();
    HostsModel hostsModel;
    if (auto loaded = hostsModel.load(workspace); !loaded)
        return loaded.error();
    data.hosts = hostsModel.hosts();
    auto scans = workspace.scans();
    if (!scans)
        return scans.error();
    data.scans = scans.value();
    // As the auditor sees them: the waivers and attestations in force now applied.
    auto findings = workspace.reviewedFindings(std::nullopt, QDateTime::currentDateTimeUtc());
    if (!findings)
        return findings.error();
    data.findings = findings.value();
    auto artifacts = workspace.artifactIndex();
    if (!artifacts)
        return artifacts.error();
    data.artifacts = artifacts.value();

    QPdfWriter writer(pdfPath);
    // The manifest ties the PDF to the log's head and its findings; the export is logged once the file is whole.
    auto manifest = BinderManifest::forWorkspace(workspace, {}, QDateTime::currentDateTimeUtc());
    if (!manifest)
        return manifest.error();
    writer.setDocumentXmpMetadata(BinderManifest::toXmp(manifest.value()));
    writer.setResolution(Dpi);
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize::A4), QPageLayout::Portrait, QMarginsF(16, 14, 16, 14),
                                     QPageLayout::Millimeter));
    writer.setTitle(QStringLiteral("Bulkhead audit binder — ") + data.workspaceName);
    writer.setCreator(QStringLiteral("Bulkhead ") + QStringLiteral(BULKHEAD_VERSION));

    const QRect paintRect = writer.pageLayout().paintRectPixels(Dpi);
    const int headerHeight = mm(13);
    const int footerHeight = mm(10);
    const QSizeF bodySize(paintRect.width(), paintRect.height() - headerHeight - footerHeight);

    auto makeDocument = [&writer](QTextDocument& document, const QString& body) {
        document.documentLayout()->setPaintDevice(&writer); // lay out in the PDF's 300 dpi units
        QFont font(SansFamily);
        font.setPointSizeF(8.5);
        // No "fi"/"fl" ligatures: text copied or extracted from the binder must match the evidence.
        font.setStyleStrategy(QFont::PreferNoShaping);
        document.setDefaultFont(font);
        QTextOption option = document.defaultTextOption();
        option.setWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere); // hostile long tokens must not overflow
        document.setDefaultTextOption(option);
        document.setDocumentMargin(0);
        document.setDefaultStyleSheet(styleSheet());
        document.setHtml(QStringLiteral("<html><body>") + body + QStringLiteral("</body></html>"));
    };

    const int coverTextTop = mm(88);
    QTextDocument cover;
    makeDocument(cover, coverHtml(data));
    cover.setTextWidth(bodySize.width());

    QTextDocument body;
    makeDocument(body, scopeHtml(data) + findingsHtml(data) + checksHtml(data) + evidenceHtml(data));
    body.setPageSize(bodySize);
    const int pageCount = 1 + body.pageCount();

    QPainter painter;
    if (!painter.begin(&writer))
        return makeError(QStringLiteral("cannot write %1").arg(pdfPath));

    QFont chromeFont(SansFamily);
    chromeFont.setPointSizeF(7.5);
    chromeFont.setStyleStrategy(QFont::PreferNoShaping);
    const QColor chromeColor(0x50, 0x5a, 0x6b);
    const QString header = QStringLiteral("Bulkhead audit binder — ") + data.workspaceName;
    for (int page = 0; page < pageCount; ++page) {
        if (page > 0 && !writer.newPage()) {
            painter.end();
            return makeError(QStringLiteral("cannot add page %1 to %2").arg(page + 1).arg(pdfPath));
        }
        // Header and footer: plain drawText, so no markup in the file name can do anything.
        painter.setFont(chromeFont);
        painter.setPen(chromeColor);
        const QRect headerRect(0, 0, paintRect.width(), headerHeight - mm(5));
        painter.drawText(headerRect, Qt::AlignLeft | Qt::AlignBottom, SafeText::visibleLine(header));
        painter.drawText(headerRect, Qt::AlignRight | Qt::AlignBottom,
                         QStringLiteral("Bulkhead ") + QStringLiteral(BULKHEAD_VERSION));
        painter.setPen(QPen(QColor(0xc9, 0xd0, 0xdc), mm(0.25)));
        painter.drawLine(0, headerHeight - mm(4), paintRect.width(), headerHeight - mm(4));
        const int footerTop = paintRect.height() - footerHeight;
        painter.drawLine(0, footerTop + mm(2), paintRect.width(), footerTop + mm(2));
        painter.setPen(chromeColor);
        const QRect footerRect(0, footerTop + mm(3), paintRect.width(), footerHeight - mm(3));
        painter.drawText(footerRect, Qt::AlignHCenter | Qt::AlignTop,
                         QStringLiteral("page %1 of %2").arg(page + 1).arg(pageCount));

        if (page == 0) {
            const int top = headerHeight + mm(22);
            QSvgRenderer logo(QStringLiteral(":/bulkhead/icons/bulkhead.svg"));
            if (logo.isValid())
                logo.render(&painter, QRectF(0, top, mm(22), mm(22)));
            const int textLeft = mm(28);
            QFont subtitle(SansFamily);
            subtitle.setPointSizeF(11);
            painter.setFont(subtitle);
            painter.setPen(chromeColor);
            painter.drawText(QRect(textLeft, top, paintRect.width() - textLeft, mm(7)), Qt::AlignLeft | Qt::AlignTop,
                             QStringLiteral("Container compliance audit"));
            QFont title(SansFamily);
            title.setPointSizeF(26);
            title.setBold(true);
            painter.setFont(title);
            painter.setPen(QColor(0x14, 0x30, 0x6b));
            painter.drawText(QRect(textLeft, top + mm(6), paintRect.width() - textLeft, mm(14)),
                             Qt::AlignLeft | Qt::AlignVCenter, QStringLiteral("Audit binder"));
            QFont name(SansFamily);
            name.setPointSizeF(13);
            painter.setFont(name);
            painter.setPen(QColor(0x1d, 0x23, 0x30));
            painter.drawText(QRect(0, top + mm(32), paintRect.width(), mm(9)), Qt::AlignLeft | Qt::AlignVCenter,
                             SafeText::visibleLine(data.workspaceName));
            painter.setPen(QPen(QColor(0x14, 0x30, 0x6b), mm(0.6)));
            painter.drawLine(0, top + mm(44), mm(40), top + mm(44));

            painter.save();
            painter.translate(0, coverTextTop);
            cover.drawContents(&painter, QRectF(0, 0, bodySize.width(), bodySize.height() - coverTextTop));
            painter.restore();
            continue;
        }

        const int bodyPage = page - 1;
        painter.save();
        painter.translate(0, headerHeight - bodyPage * bodySize.height());
        QAbstractTextDocumentLayout::PaintContext context;
        context.clip = QRectF(0, bodyPage * bodySize.height(), bodySize.width(), bodySize.height());
        painter.setClipRect(context.clip);
        body.documentLayout()->draw(&painter, context);
        painter.restore();
    }
    if (!painter.end())
        return makeError(QStringLiteral("cannot finish %1").arg(pdfPath));
    auto pdfSha256 = fileSha256(pdfPath);
    if (!pdfSha256)
        return pdfSha256.error();
    if (auto recorded = workspace.recordBinderExport(manifest.value(), pdfSha256.value(), pageCount); !recorded)
        return recorded.error();

    BinderStats stats;
    stats.pages = pageCount;
    stats.findings = int(data.findings.size());
    stats.artifacts = int(data.artifacts.size());
    return stats;
}

} // namespace bulkhead
