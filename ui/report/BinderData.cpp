// SPDX-License-Identifier: GPL-3.0-or-later
#include "report/BinderData.h"

#include "domain/EvidenceSubject.h"
#include "export/BinderManifest.h"
#include "export/ExportSnapshot.h"
#include "store/StateDigest.h"
#include "store/Workspace.h"

#include <QFileInfo>
#include <QSet>

namespace bulkhead {

bool BinderData::includesZone(const QString& zone) const
{
    return zoneFilter.isEmpty() || zoneFilter.contains(zone, Qt::CaseInsensitive);
}

Result<BinderData> BinderData::load(const Workspace& workspace, const BinderOptions& options)
{
    BinderData data;
    data.generatedUtc = options.now.isValid() ? options.now.toUTC() : QDateTime::currentDateTimeUtc();
    data.workspaceName = QFileInfo(workspace.path()).fileName();
    data.schemaVersion = workspace.schemaVersion();

    auto engagement = workspace.engagement();
    if (!engagement)
        return engagement.error();
    data.engagementTitle = engagement->title;
    data.client = engagement->client;
    data.auditor = engagement->auditor;
    data.reference = engagement->reference;
    const auto day = [](const QDate& date) { return date.toString(Qt::ISODate); };
    if (engagement->periodStart.isValid() && engagement->periodEnd.isValid())
        data.period = day(engagement->periodStart) + QStringLiteral(" to ") + day(engagement->periodEnd);
    else if (engagement->periodStart.isValid())
        data.period = QStringLiteral("from ") + day(engagement->periodStart);
    else if (engagement->periodEnd.isValid())
        data.period = QStringLiteral("until ") + day(engagement->periodEnd);

    // First what verify makes of the workspace: its peak memory is over before the findings are read.
    auto report = workspace.verify();
    if (!report)
        return report.error();
    data.logEntries = report->entries;
    data.integrityProblems = report->problems;
    auto entries = workspace.activity();
    if (!entries)
        return entries.error();
    if (!entries->isEmpty()) {
        data.logSeq = entries->constLast().seq;
        data.logHeadSha256 = entries->constLast().sha256;
    }
    auto zones = workspace.zones();
    if (!zones)
        return zones.error();
    data.zones = zones.value();
    if (auto checked = ExportSnapshot::checkZones(data.zones, options.zones); !checked)
        return checked.error();
    for (const QString& wanted : options.zones) {
        for (const Zone& zone : std::as_const(data.zones)) {
            if (zone.name.compare(wanted, Qt::CaseInsensitive) == 0 && !data.zoneFilter.contains(zone.name))
                data.zoneFilter << zone.name; // as the workspace spells it
        }
    }

    auto hosts = workspace.hosts();
    if (!hosts)
        return hosts.error();
    QSet<qint64> hostIds;
    for (const HostRecord& host : hosts.value()) {
        if (data.includesZone(host.zone)) {
            data.hosts << host;
            hostIds.insert(host.id);
        }
    }

    auto scans = workspace.scans();
    if (!scans)
        return scans.error();
    // Newest first: the first host scan met for a host is its latest.
    QVector<ScanRecord> newestFirst = scans.value();
    std::sort(newestFirst.begin(), newestFirst.end(),
              [](const ScanRecord& a, const ScanRecord& b) { return a.id > b.id; });
    for (const ScanRecord& scan : std::as_const(newestFirst)) {
        auto hostScans = workspace.hostScans(scan.id);
        if (!hostScans)
            return hostScans.error();
        bool touches = false;
        for (const HostScanRecord& record : hostScans.value()) {
            if (!hostIds.contains(record.hostId))
                continue;
            touches = true;
            if (scan.kind == ScanKind::Scan && !data.lastHostScan.contains(record.hostId))
                data.lastHostScan.insert(record.hostId, record);
        }
        if (touches)
            data.scans.prepend(scan);
    }

    // The findings without their evidence (a fleet has hundreds of thousands), as the manifest and verify --binder
    // select them; evidence is read for those printed.
    auto findings = BinderManifest::binderFindings(workspace, data.zoneFilter, data.generatedUtc);
    if (!findings)
        return findings.error();
    data.findings = std::move(findings).value();
    data.scores = ScoreBreakdown::of(data.findings, data.hosts);
    for (int i = 0; i < data.findings.size(); ++i) {
        const Status status = data.findings[i].status;
        if (status == Status::Fail || status == Status::Warn || status == Status::Error)
            data.openByCheck[data.findings[i].checkId] << i;
    }
    for (auto it = data.openByCheck.begin(); it != data.openByCheck.end(); ++it) {
        QVector<int>& list = it.value();
        std::stable_sort(list.begin(), list.end(), [&data](int a, int b) {
            const Finding& x = data.findings[a];
            const Finding& y = data.findings[b];
            return x.hostName != y.hostName ? x.hostName < y.hostName : x.subject.name < y.subject.name;
        });
        for (int i = 0; i < std::min<int>(SubjectsPerCheck, int(list.size())); ++i) {
            Finding& finding = data.findings[list[i]];
            auto evidence = workspace.evidenceOf(finding.id);
            if (!evidence)
                return evidence.error();
            finding.evidence = evidence.value();
        }
    }

    auto artifacts = workspace.artifactIndex();
    if (!artifacts)
        return artifacts.error();
    for (const ArtifactInfo& artifact : artifacts.value()) {
        if (hostIds.contains(artifact.hostId))
            data.artifacts << artifact;
    }

    auto attestations = workspace.attestations();
    if (!attestations)
        return attestations.error();
    data.attestations = attestations.value();
    auto waivers = workspace.waivers();
    if (!waivers)
        return waivers.error();
    data.waivers = waivers.value();
    auto remediations = workspace.remediations();
    if (!remediations)
        return remediations.error();
    for (const RemediationRecord& record : remediations.value()) {
        if (hostIds.contains(record.hostId))
            data.remediations << record;
    }

    auto attachments = workspace.allAttachments();
    if (!attachments)
        return attachments.error();
    QHash<QString, qint64> attestationBySubject;
    for (const Attestation& attestation : std::as_const(data.attestations))
        attestationBySubject.insert(store::StateDigest::attestationSubject(attestation.id), attestation.id);
    for (const Attachment& attachment : attachments.value()) {
        if (const auto it = attestationBySubject.constFind(attachment.subject); it != attestationBySubject.cend()) {
            data.attestationFiles[it.value()] << attachment;
            continue;
        }
        auto subject = EvidenceSubject::parse(attachment.subject);
        if (!subject)
            continue; // not a finding's or a check's: attachments of other kinds are listed elsewhere
        if (subject->scope == EvidenceSubject::Scope::Finding && !hostIds.contains(subject->hostId))
            continue;
        data.evidenceNotes << attachment;
    }

    return data;
}

} // namespace bulkhead
