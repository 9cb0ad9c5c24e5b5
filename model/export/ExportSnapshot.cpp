// SPDX-License-Identifier: GPL-3.0-or-later
#include "export/ExportSnapshot.h"

#include "checks/CheckCatalog.h"
#include "store/Workspace.h"

#include <QSet>

#include <algorithm>

namespace bulkhead {

Result<void> ExportSnapshot::checkZones(const QVector<Zone>& known, const QStringList& wanted)
{
    QStringList names;
    for (const Zone& zone : known)
        names << zone.name;
    for (const QString& name : wanted) {
        // Zone names are compared as the workspace stores them: without regard to case.
        if (!names.contains(name, Qt::CaseInsensitive)) {
            return makeError(
                QStringLiteral("there is no zone '%1' in this workspace; its zones: %2")
                    .arg(name, names.isEmpty() ? QStringLiteral("none") : names.join(QStringLiteral(", "))));
        }
    }
    return {};
}

Result<ExportSnapshot> ExportSnapshot::read(const Workspace& workspace, const QStringList& zones, const QDateTime& now)
{
    ExportSnapshot snapshot;
    snapshot.toolVersion = QStringLiteral(BULKHEAD_VERSION);
    snapshot.schemaVersion = workspace.schemaVersion();
    snapshot.exportedUtc = now;
    snapshot.zoneFilter = zones;

    auto allZones = workspace.zones();
    if (!allZones)
        return allZones.error();
    if (auto checked = checkZones(allZones.value(), zones); !checked)
        return checked.error();
    for (const Zone& zone : allZones.value()) {
        if (zones.isEmpty() || zones.contains(zone.name, Qt::CaseInsensitive))
            snapshot.zones.push_back(zone);
    }

    auto hosts = workspace.hosts();
    if (!hosts)
        return hosts.error();
    QSet<qint64> kept;
    for (const HostRecord& host : hosts.value()) {
        if (zones.isEmpty() || zones.contains(host.zone, Qt::CaseInsensitive)) {
            snapshot.hosts.push_back(host);
            kept.insert(host.id);
        }
    }

    auto findings = workspace.reviewedFindings(std::nullopt, now);
    if (!findings)
        return findings.error();
    for (Finding& finding : findings.value()) {
        if (kept.contains(finding.hostId))
            snapshot.findings.push_back(std::move(finding));
    }

    auto scans = workspace.scans();
    if (!scans)
        return scans.error();
    snapshot.scans = std::move(scans).value();

    auto waivers = workspace.waivers();
    if (!waivers)
        return waivers.error();
    snapshot.waivers = std::move(waivers).value();

    auto attestations = workspace.attestations();
    if (!attestations)
        return attestations.error();
    snapshot.attestations = std::move(attestations).value();
    for (const Attestation& attestation : std::as_const(snapshot.attestations)) {
        auto files = workspace.attachments(QStringLiteral("attestation:%1").arg(attestation.id));
        if (!files)
            return files.error();
        snapshot.attestationFiles.insert(attestation.id, std::move(files).value());
    }

    auto remediations = workspace.remediations();
    if (!remediations)
        return remediations.error();
    for (RemediationRecord& record : remediations.value()) {
        if (kept.contains(record.hostId))
            snapshot.remediations.push_back(std::move(record));
    }

    auto artifacts = workspace.artifactIndex();
    if (!artifacts)
        return artifacts.error();
    for (ArtifactInfo& info : artifacts.value()) {
        if (kept.contains(info.hostId))
            snapshot.artifacts.push_back(std::move(info));
    }

    auto activity = workspace.activity();
    if (!activity)
        return activity.error();
    if (!activity->isEmpty()) {
        snapshot.headSeq = activity->back().seq;
        snapshot.headSha256 = activity->back().sha256;
    }
    return snapshot;
}

const HostRecord* ExportSnapshot::host(qint64 hostId) const
{
    const auto found =
        std::find_if(hosts.cbegin(), hosts.cend(), [hostId](const HostRecord& h) { return h.id == hostId; });
    return found == hosts.cend() ? nullptr : &*found;
}

QString ExportSnapshot::zoneOf(qint64 hostId) const
{
    const HostRecord* record = host(hostId);
    return record ? record->zone : QString();
}

const ScanRecord* ExportSnapshot::scan(qint64 scanId) const
{
    const auto found =
        std::find_if(scans.cbegin(), scans.cend(), [scanId](const ScanRecord& s) { return s.id == scanId; });
    return found == scans.cend() ? nullptr : &*found;
}

const Zone* ExportSnapshot::zone(const QString& name) const
{
    const auto found = std::find_if(zones.cbegin(), zones.cend(), [&name](const Zone& z) { return z.name == name; });
    return found == zones.cend() ? nullptr : &*found;
}

const CheckDefinition* ExportSnapshot::check(const QString& checkId)
{
    return CheckCatalog::instance().find(checkId);
}

std::optional<Severity> ExportSnapshot::severityOf(const Finding& finding)
{
    const CheckDefinition* definition = check(finding.checkId);
    return definition ? std::optional<Severity>(definition->severity) : std::nullopt;
}

QString ExportSnapshot::waiverState(const Waiver& waiver) const
{
    if (waiver.revoked())
        return QStringLiteral("revoked");
    return waiver.activeAt(exportedUtc) ? QStringLiteral("active") : QStringLiteral("expired");
}

} // namespace bulkhead
