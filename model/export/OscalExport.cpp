// SPDX-License-Identifier: GPL-3.0-or-later
#include "export/OscalExport.h"

#include "export/ExportText.h"

#include <nlohmann/json.hpp>

#include <QSet>

namespace bulkhead {

namespace {

using nlohmann::json;

// The namespace of every Bulkhead OSCAL uuid (a fixed random v4).
const QUuid BulkheadNamespace(QStringLiteral("{7d3f5e2a-9c41-4b8e-a6d2-51f0c83b9e17}"));

std::string utf8(const QString& text)
{
    return ExportText::utf8(text);
}

std::string uuid(const ExportSnapshot& snapshot, const QString& what)
{
    return utf8(OscalExport::uuidFor(snapshot, what).toString(QUuid::WithoutBraces));
}

// A title: one line, never empty (OSCAL's markup-line).
std::string line(const QString& text, const QString& fallback)
{
    return utf8(ExportText::oneLine(text, fallback));
}

// A description: any text, never empty.
std::string prose(const QString& text, const QString& fallback)
{
    return utf8(text.trimmed().isEmpty() ? fallback : text);
}

json prop(const char* name, const QString& value)
{
    return {{"name", name}, {"ns", OscalExport::PropNamespace}, {"value", line(value, QStringLiteral("-"))}};
}

json time(const QDateTime& when)
{
    return utf8(ExportText::isoTime(when));
}

QString subjectLabel(const Finding& finding)
{
    if (!finding.subject.name.isEmpty())
        return finding.subject.name;
    return finding.subject.id.isEmpty() ? subjectKindToString(finding.subject.kind) : finding.subject.id;
}

json inventoryItems(const ExportSnapshot& snapshot)
{
    json items = json::array();
    for (const HostRecord& host : snapshot.hosts) {
        json props = json::array({prop("host-id", QString::number(host.id))});
        if (!host.zone.isEmpty())
            props.push_back(prop("zone", host.zone));
        items.push_back(
            {{"uuid", uuid(snapshot, QStringLiteral("host:%1").arg(host.id))},
             {"description", prose(QStringLiteral("Container host %1 (%2)").arg(host.name, host.spec.toString()),
                                   QStringLiteral("Container host"))},
             {"props", props}});
    }
    return items;
}

json observation(const ExportSnapshot& snapshot, const Finding& finding)
{
    const CheckDefinition* check = ExportSnapshot::check(finding.checkId);
    const QString title = check ? check->title : finding.checkId;
    const QString subject = subjectLabel(finding);
    json evidence = json::array();
    for (const EvidenceRef& ref : finding.evidence) {
        evidence.push_back(
            {{"description",
              prose(QStringLiteral("Artifact %1, sha256 %2, at %3")
                        .arg(ref.artifactId)
                        .arg(ref.sha256, ref.locator.isEmpty() ? QStringLiteral("the whole output") : ref.locator),
                    QStringLiteral("Artifact"))},
             {"props",
              json::array({prop("artifact-id", QString::number(ref.artifactId)), prop("sha256", ref.sha256)})}});
    }
    json props =
        json::array({prop("finding-id", QString::number(finding.id)), prop("scan-id", QString::number(finding.scanId)),
                     prop("status", statusToString(finding.status))});
    if (finding.waiverId > 0)
        props.push_back(prop("waiver-id", QString::number(finding.waiverId)));
    if (finding.attestationId > 0)
        props.push_back(prop("attestation-id", QString::number(finding.attestationId)));
    const ScanRecord* scan = snapshot.scan(finding.scanId);
    const QDateTime collected = scan && scan->finishedUtc.isValid()  ? scan->finishedUtc
                                : scan && scan->startedUtc.isValid() ? scan->startedUtc
                                                                     : snapshot.exportedUtc;
    json item = {
        {"uuid", uuid(snapshot, QStringLiteral("observation:%1").arg(finding.id))},
        {"title", line(title + QStringLiteral(": ") + subject, finding.checkId)},
        {"description", prose(finding.message, title)},
        {"props", props},
        {"methods", json::array({finding.attestationId > 0 ? "EXAMINE" : "TEST"})},
        {"subjects",
         json::array({{{"subject-uuid", uuid(snapshot, QStringLiteral("host:%1").arg(finding.hostId))},
                       {"type", "inventory-item"},
                       {"title", line(finding.hostName + QLatin1Char('/') + subject, QStringLiteral("host"))}}})},
        {"collected", time(collected)},
    };
    if (!evidence.empty())
        item["relevant-evidence"] = evidence;
    return item;
}

std::optional<bool> satisfied(Status status)
{
    switch (status) {
    case Status::Pass:
        return true;
    case Status::Fail:
    case Status::Warn:
    case Status::Waived:
        return false;
    case Status::Manual:
    case Status::NotApplicable:
    case Status::Error:
        break;
    }
    return std::nullopt;
}

json finding(const ExportSnapshot& snapshot, const Finding& finding, bool isSatisfied)
{
    const CheckDefinition* check = ExportSnapshot::check(finding.checkId);
    const QString title = check ? check->title : finding.checkId;
    json props = json::array({prop("finding-id", QString::number(finding.id)), prop("host", finding.hostName),
                              prop("status", statusToString(finding.status))});
    if (check)
        props.push_back(prop("severity", severityToString(check->severity)));
    json item = {
        {"uuid", uuid(snapshot, QStringLiteral("finding:%1").arg(finding.id))},
        {"title", line(title, finding.checkId)},
        {"description", prose(finding.message, title)},
        {"props", props},
        {"target",
         {{"type", "objective-id"},
          {"target-id", utf8(finding.checkId)},
          {"status", {{"state", isSatisfied ? "satisfied" : "not-satisfied"}}}}},
        {"related-observations",
         json::array({{{"observation-uuid", uuid(snapshot, QStringLiteral("observation:%1").arg(finding.id))}}})},
    };
    if (finding.status == Status::Waived) {
        props.push_back(prop("waiver-id", QString::number(finding.waiverId)));
        item["props"] = props;
        item["remarks"] = utf8(QStringLiteral("A failure accepted by waiver %1.").arg(finding.waiverId));
    }
    return item;
}

} // namespace

QUuid OscalExport::uuidFor(const ExportSnapshot& snapshot, const QString& what)
{
    QStringList zones = snapshot.zoneFilter;
    zones.sort();
    return QUuid::createUuidV5(
        BulkheadNamespace,
        QStringList{snapshot.headSha256, zones.join(QLatin1Char(',')), what}.join(QLatin1Char('\n')));
}

QByteArray OscalExport::write(const ExportSnapshot& snapshot)
{
    QDateTime start;
    QDateTime end;
    QSet<qint64> scanIds;
    for (const Finding& item : snapshot.findings)
        scanIds.insert(item.scanId);
    for (const ScanRecord& scan : snapshot.scans) {
        if (!scanIds.contains(scan.id))
            continue;
        if (scan.startedUtc.isValid() && (!start.isValid() || scan.startedUtc < start))
            start = scan.startedUtc;
        const QDateTime finished = scan.finishedUtc.isValid() ? scan.finishedUtc : scan.startedUtc;
        if (finished.isValid() && (!end.isValid() || finished > end))
            end = finished;
    }
    if (!start.isValid())
        start = snapshot.exportedUtc;
    if (!end.isValid() || end < start)
        end = start;

    json observations = json::array();
    json findings = json::array();
    for (const Finding& item : snapshot.findings) {
        observations.push_back(observation(snapshot, item));
        if (const std::optional<bool> state = satisfied(item.status))
            findings.push_back(finding(snapshot, item, *state));
    }
    const QString scope =
        snapshot.zoneFilter.isEmpty()
            ? QStringLiteral("every host of the workspace")
            : QStringLiteral("the hosts of zone(s) %1").arg(snapshot.zoneFilter.join(QStringLiteral(", ")));
    json result = {
        {"uuid", uuid(snapshot, QStringLiteral("result"))},
        {"title", "Bulkhead container compliance assessment"},
        {"description",
         prose(QStringLiteral("Findings of Bulkhead's checks (CIS Docker Benchmark 1.6.0 and ten compliance "
                              "tips) on %1, with waivers and attestations in force at %2 applied.")
                   .arg(scope, ExportText::isoTime(snapshot.exportedUtc)),
               QStringLiteral("Bulkhead assessment"))},
        {"start", time(start)},
        {"end", time(end)},
        {"reviewed-controls", {{"control-selections", json::array({{{"include-all", json::object()}}})}}},
    };
    const json items = inventoryItems(snapshot);
    if (!items.empty())
        result["local-definitions"] = {{"inventory-items", items}};
    if (!observations.empty())
        result["observations"] = observations;
    if (!findings.empty())
        result["findings"] = findings;

    json metadataProps = json::array({prop("tool", QStringLiteral("Bulkhead ") + snapshot.toolVersion),
                                      prop("workspace-schema", QString::number(snapshot.schemaVersion)),
                                      prop("activity-head-seq", QString::number(snapshot.headSeq))});
    if (!snapshot.headSha256.isEmpty())
        metadataProps.push_back(prop("activity-head-sha256", snapshot.headSha256));
    const json document = {
        {"assessment-results",
         {
             {"uuid", uuid(snapshot, QStringLiteral("assessment-results"))},
             {"metadata",
              {{"title", "Bulkhead assessment results"},
               {"last-modified", time(snapshot.exportedUtc)},
               {"version", utf8(QStringLiteral("activity-log-%1").arg(snapshot.headSeq))},
               {"oscal-version", OscalVersion},
               {"props", metadataProps}}},
             {"import-ap",
              {{"href", "#bulkhead-checklist"},
               {"remarks", "The plan is Bulkhead's checklist (resources/checks/checks.json) scoped to the "
                           "workspace's zones; it is not exported as an OSCAL assessment plan."}}},
             {"results", json::array({result})},
         }},
    };
    return QByteArray::fromStdString(document.dump(2, ' ', false, json::error_handler_t::replace) + '\n');
}

} // namespace bulkhead
