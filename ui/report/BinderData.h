// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "checks/ScoreBreakdown.h"
#include "core/Result.h"
#include "domain/Artifact.h"
#include "domain/Attestation.h"
#include "domain/Finding.h"
#include "domain/Scan.h"
#include "domain/Waiver.h"
#include "inventory/Zone.h"
#include "remediation/RemediationRecord.h"

#include <QDateTime>
#include <QHash>
#include <QString>
#include <QStringList>
#include <QVector>

namespace bulkhead {

class Workspace;

// What the binder is asked for: the zones it covers (empty: the whole workspace) and the moment the
// auditor's decisions are read at (waivers and attestations in force then).
struct BinderOptions
{
    QStringList zones;
    QDateTime now;
};

// Everything one binder prints, read from the workspace once. Hosts, findings, artifacts, notes and
// remediations are those of the chosen zones' hosts; zones, waivers and attestations are all listed, so the
// scope statement and the registers are complete.
struct BinderData
{
    // At most this many subjects are printed per failing check, with their evidence; the exports hold every
    // finding.
    static constexpr int SubjectsPerCheck = 25;

    QString workspaceName; // the file name, no folders
    int schemaVersion = 0;
    QDateTime generatedUtc;
    QStringList zoneFilter; // as asked, in the workspace's spelling

    QString engagementTitle;
    QString client;
    QString auditor;
    QString period;
    QString reference;

    qint64 logSeq = 0;
    QString logHeadSha256;
    int logEntries = 0;
    QStringList integrityProblems; // what verify found; empty: the chain and every digest hold

    QVector<Zone> zones;
    QVector<HostRecord> hosts;
    QHash<qint64, HostScanRecord> lastHostScan; // host id -> its latest host scan
    QVector<ScanRecord> scans;                  // the scans that reached the hosts above
    QVector<Finding> findings;                  // reviewed, latest per host; evidence only on the printed ones
    QHash<QString, QVector<int>> openByCheck;   // check -> its fail/warn/error findings (indexes), by host, subject
    QVector<ArtifactInfo> artifacts;            // of the latest scans of the hosts above
    QVector<Attestation> attestations;
    QHash<qint64, QVector<Attachment>> attestationFiles;
    QVector<Waiver> waivers;
    QVector<RemediationRecord> remediations;
    QVector<Attachment> evidenceNotes; // notes and files on findings and checks
    ScoreBreakdown scores;

    bool includesZone(const QString& zone) const;
    static Result<BinderData> load(const Workspace& workspace, const BinderOptions& options);
};

} // namespace bulkhead
