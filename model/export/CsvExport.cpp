// SPDX-License-Identifier: GPL-3.0-or-later
#include "export/CsvExport.h"

#include <QStringList>

namespace bulkhead {

QString CsvExport::cell(QString text)
{
    if (!text.isEmpty() && QStringLiteral("=+-@\t\r").contains(text.front()))
        text.prepend(QLatin1Char('\''));
    if (text.contains(QLatin1Char(',')) || text.contains(QLatin1Char('"')) || text.contains(QLatin1Char('\n')) ||
        text.contains(QLatin1Char('\r'))) {
        text.replace(QLatin1String("\""), QLatin1String("\"\""));
        text = QLatin1Char('"') + text + QLatin1Char('"');
    }
    return text;
}

QByteArray CsvExport::write(const ExportSnapshot& snapshot)
{
    QStringList lines;
    lines << QStringLiteral("finding_id,scan_id,host,zone,check,title,cis,tip,severity,subject_kind,subject_name,"
                            "subject_id,status,evaluated_status,waiver_id,attestation_id,message,artifact,sha256");
    for (const Finding& finding : snapshot.findings) {
        const CheckDefinition* check = ExportSnapshot::check(finding.checkId);
        const EvidenceRef first = finding.evidence.isEmpty() ? EvidenceRef{} : finding.evidence.front();
        const QStringList cells{
            QString::number(finding.id),
            QString::number(finding.scanId),
            finding.hostName,
            snapshot.zoneOf(finding.hostId),
            finding.checkId,
            check ? check->title : QString(),
            check ? check->cis.join(QLatin1Char(' ')) : QString(),
            check ? QString::number(check->tip) : QString(),
            check ? severityToString(check->severity) : QString(),
            subjectKindToString(finding.subject.kind),
            finding.subject.name,
            finding.subject.id,
            statusToString(finding.status),
            finding.evaluated ? statusToString(*finding.evaluated) : QString(),
            finding.waiverId > 0 ? QString::number(finding.waiverId) : QString(),
            finding.attestationId > 0 ? QString::number(finding.attestationId) : QString(),
            finding.message,
            first.artifactId > 0 ? QString::number(first.artifactId) : QString(),
            first.sha256,
        };
        QStringList escaped;
        escaped.reserve(cells.size());
        for (const QString& text : cells)
            escaped << cell(text);
        lines << escaped.join(QLatin1Char(','));
    }
    return (lines.join(QStringLiteral("\r\n")) + QStringLiteral("\r\n")).toUtf8();
}

} // namespace bulkhead
