// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "domain/Artifact.h"
#include "domain/Attestation.h"
#include "domain/CheckDefinition.h"
#include "domain/Finding.h"
#include "domain/Scan.h"
#include "domain/Waiver.h"
#include "inventory/Zone.h"
#include "remediation/RemediationRecord.h"

#include <QDateTime>
#include <QHash>
#include <QStringList>
#include <QVector>

#include <optional>

namespace bulkhead {

class Workspace;

// Everything an export writes, read once from a workspace (bulkhead-cli export): the reviewed findings as
// the auditor sees them at `exportedUtc`, narrowed to the hosts of some zones, and the registers around
// them. Only what the workspace's own APIs give: secrets were redacted on ingest, no artifact or
// attachment bytes are read.
struct ExportSnapshot
{
    QString toolVersion; // BULKHEAD_VERSION
    int schemaVersion = 0;
    QDateTime exportedUtc;
    qint64 headSeq = 0;     // the activity log's last entry (0: an empty log)
    QString headSha256;     // its hash: the anchor `verify --expect-head` takes
    QStringList zoneFilter; // empty: every host
    QVector<Zone> zones;    // the selected zones (every zone without a filter)
    QVector<HostRecord> hosts;
    QVector<ScanRecord> scans;
    QVector<Finding> findings; // reviewed at exportedUtc, with evidence references
    QVector<Waiver> waivers;   // the whole register, revoked and expired ones too
    QVector<Attestation> attestations;
    QHash<qint64, QVector<Attachment>> attestationFiles; // by attestation id, without bytes
    QVector<RemediationRecord> remediations;
    QVector<ArtifactInfo> artifacts;

    // Refuses a zone name the workspace does not know, naming the zones it has.
    static Result<void> checkZones(const QVector<Zone>& known, const QStringList& wanted);
    static Result<ExportSnapshot> read(const Workspace& workspace, const QStringList& zones, const QDateTime& now);

    const HostRecord* host(qint64 hostId) const;
    QString zoneOf(qint64 hostId) const;
    const ScanRecord* scan(qint64 scanId) const;
    const Zone* zone(const QString& name) const;
    static const CheckDefinition* check(const QString& checkId);
    static std::optional<Severity> severityOf(const Finding& finding);
    // "active", "expired" or "revoked" at exportedUtc.
    QString waiverState(const Waiver& waiver) const;
};

} // namespace bulkhead
