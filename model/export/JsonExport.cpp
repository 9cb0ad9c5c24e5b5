// SPDX-License-Identifier: GPL-3.0-or-later
#include "export/JsonExport.h"

#include "export/ExportText.h"

#include <nlohmann/json.hpp>

namespace bulkhead {

namespace {

using nlohmann::json;

std::string utf8(const QString& text)
{
    return ExportText::utf8(text);
}

json time(const QDateTime& when)
{
    return when.isValid() ? json(utf8(ExportText::isoTime(when))) : json(nullptr);
}

json idOrNull(qint64 id)
{
    return id > 0 ? json(id) : json(nullptr);
}

json strings(const QStringList& list)
{
    json array = json::array();
    for (const QString& item : list)
        array.push_back(utf8(item));
    return array;
}

json subject(const Subject& subject)
{
    return {{"kind", utf8(subjectKindToString(subject.kind))}, {"name", utf8(subject.name)}, {"id", utf8(subject.id)}};
}

json finding(const ExportSnapshot& snapshot, const Finding& finding)
{
    const CheckDefinition* check = ExportSnapshot::check(finding.checkId);
    json evidence = json::array();
    for (const EvidenceRef& ref : finding.evidence) {
        evidence.push_back({{"artifact", ref.artifactId},
                            {"sha256", utf8(ref.sha256)},
                            {"locator", utf8(ref.locator)},
                            {"excerpt", utf8(ref.excerpt)}});
    }
    return {
        {"id", finding.id},
        {"scan", finding.scanId},
        {"host", utf8(finding.hostName)},
        {"hostId", finding.hostId},
        {"zone", utf8(snapshot.zoneOf(finding.hostId))},
        {"check", utf8(finding.checkId)},
        {"title", check ? utf8(check->title) : std::string()},
        {"cis", check ? strings(check->cis) : json::array()},
        {"tip", check ? json(check->tip) : json(nullptr)},
        {"severity", check ? utf8(severityToString(check->severity)) : std::string()},
        {"subject", subject(finding.subject)},
        {"status", utf8(statusToString(finding.status))},
        {"evaluated", finding.evaluated ? json(utf8(statusToString(*finding.evaluated))) : json(nullptr)},
        {"waiver", idOrNull(finding.waiverId)},
        {"expiredWaiver", idOrNull(finding.expiredWaiverId)},
        {"attestation", idOrNull(finding.attestationId)},
        {"expected", utf8(finding.expected)},
        {"actual", utf8(finding.actual)},
        {"message", utf8(finding.message)},
        {"evidence", evidence},
    };
}

json zones(const ExportSnapshot& snapshot)
{
    json list = json::array();
    for (const Zone& zone : snapshot.zones) {
        json hosts = json::array();
        for (const HostRecord& host : snapshot.hosts) {
            if (host.zone == zone.name)
                hosts.push_back(utf8(host.name));
        }
        list.push_back({
            {"name", utf8(zone.name)},
            {"inScope", zone.scope ? json(*zone.scope == ZoneScope::In) : json(nullptr)},
            {"reason", utf8(zone.rationale)},
            {"approvedRegistries", strings(zone.approvedRegistries)},
            {"approvedUsers", strings(zone.approvedUsers)},
            {"requiredLogTargets", strings(zone.requiredLogTargets)},
            {"hosts", hosts},
        });
    }
    return list;
}

json hosts(const ExportSnapshot& snapshot)
{
    json list = json::array();
    for (const HostRecord& host : snapshot.hosts) {
        list.push_back({{"id", host.id},
                        {"name", utf8(host.name)},
                        {"spec", utf8(host.spec.toString())},
                        {"zone", utf8(host.zone)}});
    }
    return list;
}

json scans(const ExportSnapshot& snapshot)
{
    json list = json::array();
    for (const ScanRecord& scan : snapshot.scans) {
        list.push_back({{"id", scan.id},
                        {"kind", utf8(scanKindToString(scan.kind))},
                        {"state", utf8(scanStateToString(scan.state))},
                        {"tool", utf8(scan.tool)},
                        {"started", time(scan.startedUtc)},
                        {"finished", time(scan.finishedUtc)}});
    }
    return list;
}

json waivers(const ExportSnapshot& snapshot)
{
    json list = json::array();
    for (const Waiver& waiver : snapshot.waivers) {
        list.push_back({{"id", waiver.id},
                        {"check", utf8(waiver.checkId)},
                        {"scope", utf8(waiverScopeToString(waiver.scope))},
                        {"target", utf8(waiver.target)},
                        {"justification", utf8(waiver.justification)},
                        {"approver", utf8(waiver.approver)},
                        {"risk", utf8(waiver.risk)},
                        {"compensatingControl", utf8(waiver.compensatingControl)},
                        {"created", time(waiver.createdUtc)},
                        {"createdBy", utf8(waiver.createdBy)},
                        {"expires", time(waiver.expiresUtc)},
                        {"revoked", time(waiver.revokedUtc)},
                        {"state", utf8(snapshot.waiverState(waiver))}});
    }
    return list;
}

json attestations(const ExportSnapshot& snapshot)
{
    json list = json::array();
    for (const Attestation& attestation : snapshot.attestations) {
        json files = json::array();
        for (const Attachment& file : snapshot.attestationFiles.value(attestation.id)) {
            files.push_back({{"id", file.id},
                             {"name", utf8(file.fileName)},
                             {"sha256", utf8(file.sha256)},
                             {"size", file.size},
                             {"note", utf8(file.note)},
                             {"added", time(file.addedUtc)},
                             {"addedBy", utf8(file.addedBy)}});
        }
        list.push_back({{"id", attestation.id},
                        {"check", utf8(attestation.checkId)},
                        {"scope", attestation.zoneWide ? "zone" : "host"},
                        {"target", utf8(attestation.target)},
                        {"status", utf8(statusToString(attestation.status))},
                        {"justification", utf8(attestation.justification)},
                        {"auditor", utf8(attestation.auditor)},
                        {"reviewer", utf8(attestation.reviewer)},
                        {"attested", time(attestation.attestedUtc)},
                        {"expires", time(attestation.expiresUtc)},
                        {"revoked", time(attestation.revokedUtc)},
                        {"active", attestation.activeAt(snapshot.exportedUtc)},
                        {"attachments", files}});
    }
    return list;
}

json remediations(const ExportSnapshot& snapshot)
{
    json list = json::array();
    for (const RemediationRecord& record : snapshot.remediations) {
        json steps = json::array();
        for (const RemediationStepResult& step : record.steps) {
            steps.push_back({{"command", utf8(step.step.command)},
                             {"purpose", utf8(step.step.purpose)},
                             {"ran", step.ran},
                             {"exit", step.exitStatus},
                             {"signal", utf8(step.exitSignal)},
                             {"timedOut", step.timedOut}});
        }
        json undo = json::array();
        for (const RemediationStep& step : record.undo)
            undo.push_back(utf8(step.command));
        json before = json::array();
        for (qint64 id : record.beforeArtifacts)
            before.push_back(id);
        json after = json::array();
        for (qint64 id : record.afterArtifacts)
            after.push_back(id);
        list.push_back(
            {{"id", record.id},
             {"finding", idOrNull(record.findingId)},
             {"check", utf8(record.checkId)},
             {"host", utf8(record.hostName)},
             {"subject", subject(record.subject)},
             {"kind", utf8(remediationKindToString(record.kind))},
             {"setting", utf8(record.setting)},
             {"summary", utf8(record.summary)},
             {"steps", steps},
             {"undo", undo},
             {"beforeScan", idOrNull(record.beforeScanId)},
             {"afterScan", idOrNull(record.afterScanId)},
             {"beforeArtifacts", before},
             {"afterArtifacts", after},
             {"changedFile", utf8(record.changedFile)},
             {"state", utf8(remediationStateToString(record.state))},
             {"recheck", record.findingStatus ? json(utf8(statusToString(*record.findingStatus))) : json(nullptr)},
             {"message", utf8(record.message)},
             {"undoOf", idOrNull(record.undoOf)},
             {"undoneBy", idOrNull(record.undoneBy)},
             {"author", utf8(record.author)},
             {"started", time(record.startedUtc)},
             {"finished", time(record.finishedUtc)}});
    }
    return list;
}

json artifacts(const ExportSnapshot& snapshot)
{
    json list = json::array();
    for (const ArtifactInfo& info : snapshot.artifacts) {
        list.push_back({{"id", info.id},
                        {"scan", info.scanId},
                        {"host", utf8(info.hostName)},
                        {"probe", utf8(info.probe)},
                        {"command", utf8(info.command)},
                        {"exit", info.exitStatus},
                        {"started", time(info.startedUtc)},
                        {"finished", time(info.finishedUtc)},
                        {"size", info.size},
                        {"sha256", utf8(info.sha256)}});
    }
    return list;
}

} // namespace

QByteArray JsonExport::write(const ExportSnapshot& snapshot)
{
    json findings = json::array();
    for (const Finding& item : snapshot.findings)
        findings.push_back(finding(snapshot, item));
    const json document = {
        {"format", {{"name", "bulkhead-export"}, {"version", FormatVersion}}},
        {"tool", {{"name", "Bulkhead"}, {"version", utf8(snapshot.toolVersion)}}},
        {"exported", time(snapshot.exportedUtc)},
        {"workspace",
         {{"schemaVersion", snapshot.schemaVersion},
          {"activityHead", {{"seq", snapshot.headSeq}, {"sha256", utf8(snapshot.headSha256)}}}}},
        {"zoneFilter", strings(snapshot.zoneFilter)},
        {"zones", zones(snapshot)},
        {"hosts", hosts(snapshot)},
        {"scans", scans(snapshot)},
        {"findings", findings},
        {"waivers", waivers(snapshot)},
        {"attestations", attestations(snapshot)},
        {"remediations", remediations(snapshot)},
        {"artifacts", artifacts(snapshot)},
    };
    // Host text may hold bytes that are not UTF-8 after a lossy conversion; replace, never throw.
    return QByteArray::fromStdString(document.dump(2, ' ', false, json::error_handler_t::replace) + '\n');
}

} // namespace bulkhead
