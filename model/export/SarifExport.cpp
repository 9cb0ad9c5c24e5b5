// SPDX-License-Identifier: GPL-3.0-or-later
#include "export/SarifExport.h"

#include "domain/EvidenceSubject.h"
#include "export/ExportText.h"

#include <QMap>

#include <nlohmann/json.hpp>

namespace bulkhead {

namespace {

using nlohmann::json;

std::string utf8(const QString& text)
{
    return ExportText::utf8(text);
}

const char* levelOf(Severity severity)
{
    switch (severity) {
    case Severity::Critical:
    case Severity::High:
        return "error";
    case Severity::Medium:
        return "warning";
    case Severity::Low:
    case Severity::Info:
        break;
    }
    return "note";
}

// GitHub code scanning ranks results by this (CVSS-like, 0.0-10.0).
const char* securitySeverity(Severity severity)
{
    switch (severity) {
    case Severity::Critical:
        return "9.5";
    case Severity::High:
        return "8.0";
    case Severity::Medium:
        return "5.5";
    case Severity::Low:
        return "3.0";
    case Severity::Info:
        break;
    }
    return "0.0";
}

json rule(const QString& checkId)
{
    const CheckDefinition* check = ExportSnapshot::check(checkId);
    if (!check)
        return {{"id", utf8(checkId)}, {"name", utf8(checkId)}};
    json cis = json::array();
    json tags = json::array({"compliance", "containers", utf8(QStringLiteral("tip-%1").arg(check->tip))});
    for (const QString& id : check->cis) {
        cis.push_back(utf8(id));
        tags.push_back(utf8(QStringLiteral("cis-docker-%1").arg(id)));
    }
    json properties = {{"tip", check->tip},
                       {"cis", cis},
                       {"severity", utf8(severityToString(check->severity))},
                       {"security-severity", securitySeverity(check->severity)},
                       {"tags", tags}};
    json result = {
        {"id", utf8(check->id)},
        {"name", utf8(check->id)},
        {"shortDescription", {{"text", utf8(ExportText::oneLine(check->title, check->id))}}},
        {"defaultConfiguration", {{"level", levelOf(check->severity)}}},
        {"properties", properties},
    };
    if (!check->rationale.isEmpty())
        result["fullDescription"] = {{"text", utf8(check->rationale)}};
    if (!check->remediation.isEmpty())
        result["help"] = {{"text", utf8(check->remediation)}};
    return result;
}

// kind, level for a reviewed finding.
std::pair<const char*, const char*> kindAndLevel(const Finding& finding)
{
    const std::optional<Severity> severity = ExportSnapshot::severityOf(finding);
    const char* failLevel = severity ? levelOf(*severity) : "warning";
    switch (finding.status) {
    case Status::Fail:
    case Status::Waived:
        return {"fail", failLevel};
    case Status::Warn:
        return {"fail", "warning"};
    case Status::Pass:
        return {"pass", "none"};
    case Status::Manual:
        return {"review", "none"};
    case Status::NotApplicable:
        return {"notApplicable", "none"};
    case Status::Error:
        break;
    }
    return {"open", "none"};
}

QString subjectLabel(const Finding& finding)
{
    if (!finding.subject.name.isEmpty())
        return finding.subject.name;
    return finding.subject.id.isEmpty() ? subjectKindToString(finding.subject.kind) : finding.subject.id;
}

json result(const ExportSnapshot& snapshot, const Finding& finding, int ruleIndex)
{
    const auto [kind, level] = kindAndLevel(finding);
    const QString subject = subjectLabel(finding);
    json evidence = json::array();
    for (const EvidenceRef& ref : finding.evidence)
        evidence.push_back(utf8(ref.sha256));
    QString text = finding.message;
    if (text.trimmed().isEmpty()) {
        const CheckDefinition* check = ExportSnapshot::check(finding.checkId);
        text = check ? check->title : finding.checkId;
    }
    if (text.trimmed().isEmpty())
        text = statusToString(finding.status);
    json item = {
        {"ruleId", utf8(finding.checkId)},
        {"ruleIndex", ruleIndex},
        {"kind", kind},
        {"level", level},
        {"message", {{"text", utf8(text)}}},
        {"locations",
         json::array({{{"logicalLocations",
                        json::array({{{"name", utf8(subject)},
                                      {"fullyQualifiedName", utf8(finding.hostName + QLatin1Char('/') + subject)},
                                      {"kind", "resource"}}})}}})},
        {"partialFingerprints", {{"bulkheadSubject/v1", utf8(SarifExport::fingerprint(finding))}}},
        {"properties",
         {{"findingId", finding.id},
          {"scanId", finding.scanId},
          {"host", utf8(finding.hostName)},
          {"zone", utf8(snapshot.zoneOf(finding.hostId))},
          {"status", utf8(statusToString(finding.status))},
          {"subjectKind", utf8(subjectKindToString(finding.subject.kind))},
          {"subjectId", utf8(finding.subject.id)},
          {"expected", utf8(finding.expected)},
          {"actual", utf8(finding.actual)},
          {"evidenceSha256", evidence}}},
    };
    if (finding.status == Status::Waived) {
        QString justification = QStringLiteral("waiver %1").arg(finding.waiverId);
        for (const Waiver& waiver : snapshot.waivers) {
            if (waiver.id == finding.waiverId) {
                justification = QStringLiteral("waiver %1 (approved by %2, expires %3): %4")
                                    .arg(waiver.id)
                                    .arg(waiver.approver, ExportText::isoTime(waiver.expiresUtc), waiver.justification);
            }
        }
        item["suppressions"] =
            json::array({{{"kind", "external"}, {"status", "accepted"}, {"justification", utf8(justification)}}});
        item["properties"]["waiverId"] = finding.waiverId;
    }
    if (finding.attestationId > 0)
        item["properties"]["attestationId"] = finding.attestationId;
    return item;
}

} // namespace

QString SarifExport::fingerprint(const Finding& finding)
{
    const EvidenceSubject identity = EvidenceSubject::ofFinding(finding);
    return ExportText::sha256(
        QStringList{finding.hostName, finding.checkId, subjectKindToString(finding.subject.kind),
                    (identity.byName ? QStringLiteral("name:") : QStringLiteral("id:")) + identity.identity}
            .join(QLatin1Char('\n')));
}

QByteArray SarifExport::write(const ExportSnapshot& snapshot)
{
    // Rules in check-id order; ruleIndex points into that list.
    QMap<QString, int> ruleIndex;
    for (const Finding& finding : snapshot.findings)
        ruleIndex.insert(finding.checkId, 0);
    json rules = json::array();
    int index = 0;
    for (auto it = ruleIndex.begin(); it != ruleIndex.end(); ++it, ++index) {
        it.value() = index;
        rules.push_back(rule(it.key()));
    }
    json results = json::array();
    for (const Finding& finding : snapshot.findings)
        results.push_back(result(snapshot, finding, ruleIndex.value(finding.checkId)));
    json driver = {{"name", "Bulkhead"},
                   {"version", utf8(snapshot.toolVersion)},
                   {"semanticVersion", utf8(snapshot.toolVersion)},
                   {"rules", rules}};
    // The project's address comes from the build (cmake -DBULKHEAD_HOMEPAGE_URL=...): none is invented here.
    if (const QString homepage = QStringLiteral(BULKHEAD_HOMEPAGE_URL); !homepage.isEmpty())
        driver["informationUri"] = utf8(homepage);
    const json document = {
        {"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
        {"version", "2.1.0"},
        {"runs", json::array({{
                     {"tool", {{"driver", driver}}},
                     {"results", results},
                     {"properties",
                      {{"workspaceSchemaVersion", snapshot.schemaVersion},
                       {"activityHeadSeq", snapshot.headSeq},
                       {"activityHeadSha256", utf8(snapshot.headSha256)},
                       {"exported", utf8(ExportText::isoTime(snapshot.exportedUtc))}}},
                 }})},
    };
    return QByteArray::fromStdString(document.dump(2, ' ', false, json::error_handler_t::replace) + '\n');
}

} // namespace bulkhead
