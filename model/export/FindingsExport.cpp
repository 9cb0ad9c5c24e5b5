// SPDX-License-Identifier: GPL-3.0-or-later
#include "export/FindingsExport.h"

#include "checks/CheckCatalog.h"
#include "export/CsvExport.h"

#include <nlohmann/json.hpp>

#include <QStringList>

namespace bulkhead {

namespace {

std::string utf8(const QString& text)
{
    return text.toStdString();
}

} // namespace

QByteArray FindingsExport::toJson(const QVector<Finding>& findings)
{
    const CheckCatalog& catalog = CheckCatalog::instance();
    nlohmann::json list = nlohmann::json::array();
    for (const Finding& finding : findings) {
        const CheckDefinition* check = catalog.find(finding.checkId);
        nlohmann::json cis = nlohmann::json::array();
        if (check) {
            for (const QString& id : check->cis)
                cis.push_back(utf8(id));
        }
        nlohmann::json evidence = nlohmann::json::array();
        for (const EvidenceRef& ref : finding.evidence) {
            evidence.push_back(
                {{"artifact", ref.artifactId}, {"sha256", utf8(ref.sha256)}, {"locator", utf8(ref.locator)}});
        }
        list.push_back({
            {"id", finding.id},
            {"scan", finding.scanId},
            {"host", utf8(finding.hostName)},
            {"check", utf8(finding.checkId)},
            {"title", check ? utf8(check->title) : std::string()},
            {"cis", cis},
            {"tip", check ? nlohmann::json(check->tip) : nlohmann::json(nullptr)},
            {"severity", check ? utf8(severityToString(check->severity)) : std::string()},
            {"subject",
             {{"kind", utf8(subjectKindToString(finding.subject.kind))},
              {"name", utf8(finding.subject.name)},
              {"id", utf8(finding.subject.id)}}},
            {"status", utf8(statusToString(finding.status))},
            {"expected", utf8(finding.expected)},
            {"actual", utf8(finding.actual)},
            {"message", utf8(finding.message)},
            {"evidence", evidence},
        });
    }
    const nlohmann::json document = {{"findings", list}};
    // Host text may hold bytes that are not UTF-8 after a lossy conversion; replace, never throw.
    const std::string text = document.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
    return QByteArray::fromStdString(text + '\n');
}

QByteArray FindingsExport::toCsv(const QVector<Finding>& findings)
{
    const CheckCatalog& catalog = CheckCatalog::instance();
    QStringList lines;
    lines << QStringLiteral("host,check,cis,tip,severity,subject_kind,subject_name,subject_id,status,message,"
                            "artifact,sha256,finding_id,scan_id");
    for (const Finding& finding : findings) {
        const CheckDefinition* check = catalog.find(finding.checkId);
        const EvidenceRef first = finding.evidence.isEmpty() ? EvidenceRef{} : finding.evidence.front();
        const QStringList cells{
            finding.hostName,
            finding.checkId,
            check ? check->cis.join(QLatin1Char(' ')) : QString(),
            check ? QString::number(check->tip) : QString(),
            check ? severityToString(check->severity) : QString(),
            subjectKindToString(finding.subject.kind),
            finding.subject.name,
            finding.subject.id,
            statusToString(finding.status),
            finding.message,
            first.artifactId > 0 ? QString::number(first.artifactId) : QString(),
            first.sha256,
            QString::number(finding.id),
            QString::number(finding.scanId),
        };
        QStringList escaped;
        escaped.reserve(cells.size());
        for (const QString& cell : cells)
            escaped << CsvExport::cell(cell);
        lines << escaped.join(QLatin1Char(','));
    }
    return (lines.join(QStringLiteral("\r\n")) + QStringLiteral("\r\n")).toUtf8();
}

} // namespace bulkhead
