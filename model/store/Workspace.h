// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "checks/FindingReview.h"
#include "checks/ZonePolicy.h"
#include "core/Result.h"
#include "domain/Artifact.h"
#include "domain/Attestation.h"
#include "domain/Engagement.h"
#include "domain/EvidenceSubject.h"
#include "domain/Finding.h"
#include "domain/Scan.h"
#include "domain/Waiver.h"
#include "inventory/Inventory.h"
#include "remediation/RemediationRecord.h"
#include "secrets/SecretSalt.h"
#include "store/ActivityLog.h"

#include <QMap>
#include <QString>
#include <QVector>

#include <memory>
#include <optional>

namespace bulkhead {

struct BinderManifest;

// The audit workspace: one SQLite file (*.bulkhead), WAL, foreign keys, schema versioned with
// PRAGMA user_version. An instance owns one connection and is used from one thread only; a scan
// worker opens its own instance on the same file. Every write commits before it returns, so a
// killed process loses only what was in flight.
class Workspace
{
public:
    enum class OpenMode
    {
        CreateIfMissing,
        ExistingOnly,
    };

    // 2: zones and the zone of each host; 3: watches (scan kind); 4: zone baselines, the activity log;
    // 5: remediations, and scans of kind remediation
    static constexpr int SchemaVersion = 5;

    // Fails with a clear message for a missing file (ExistingOnly), a file that is not SQLite,
    // a SQLite file that is not a Bulkhead workspace, a newer schema, or a failed integrity check.
    static Result<std::unique_ptr<Workspace>> open(const QString& path, OpenMode mode = OpenMode::CreateIfMissing);
    ~Workspace();
    Workspace(const Workspace&) = delete;
    Workspace& operator=(const Workspace&) = delete;

    QString path() const;
    int schemaVersion() const;
    // The key of secret fingerprints, kept in the meta table (key "secret_salt"), never exported.
    // Null only for a workspace that could not be written when it was opened.
    SecretSalt secretSalt() const;

    // Hosts are identified by their canonical spec (user@addr:port).
    Result<qint64> upsertHost(const HostSpec& spec);
    Result<QVector<HostRecord>> hosts() const; // with each host's zone

    // Zones (tip 10), by name. A stored zone always has a scope and a rationale: upsertZone refuses
    // one without. Zones are kept when a later inventory no longer lists them (past scans refer to
    // them); the policy lists are replaced on every upsert.
    Result<qint64> upsertZone(const Zone& zone);
    Result<QVector<Zone>> zones() const; // by name
    // Puts a stored host into a stored zone; an empty name takes it out of any zone.
    Result<void> setHostZone(qint64 hostId, const QString& zoneName);
    // Stores a valid inventory in one transaction: its zones, its hosts (named as in the inventory)
    // and the zone of each host. Returns the host ids in inventory order. Refuses an inventory with
    // errors (Inventory::validate) and changes nothing then.
    Result<QVector<qint64>> applyInventory(const Inventory& inventory);

    // The baseline a zone accepted (tip 1): replaces the one before. The zone must exist.
    Result<void> setZoneBaseline(const QString& zoneName, const ZoneBaseline& baseline);
    Result<std::optional<ZoneBaseline>> zoneBaseline(const QString& zoneName) const;
    // What a host is judged by: its zone (none for a host in no zone), that zone's baseline, every zone.
    Result<ZonePolicy> policyForHost(qint64 hostId) const;

    // Waivers (CHECKS.md: on top of a fail). addWaiver validates (Waiver::validate) and fills the creator
    // and time; a waiver is never deleted, revoking it is recorded. waivers() lists every one, revoked too.
    Result<qint64> addWaiver(const Waiver& waiver);
    Result<void> revokeWaiver(qint64 id);
    Result<QVector<Waiver>> waivers() const;

    // Attestations of manual checks, with evidence files stored in the workspace (bytes and sha256); the
    // attestation and its attachments are stored together or not at all.
    Result<qint64> addAttestation(const Attestation& attestation, const QStringList& attachmentFiles = {});
    Result<QVector<Attestation>> attestations() const;
    // An attestation that no longer holds (a check redone, a mistake): kept, marked revoked, logged.
    Result<void> revokeAttestation(qint64 id);
    Result<QVector<Attachment>> attachments(const QString& subject) const; // without bytes
    Result<QVector<Attachment>> allAttachments() const;                    // every subject's, without bytes
    Result<QByteArray> attachmentBytes(qint64 id) const;

    // Evidence an auditor adds to a finding or a whole check (issue 5, item 3): notes and files, rows of the
    // attachments table under the subject's key (a note is a row without a file), never changed or deleted,
    // each logged with its author and sha256 (`evidence.noted`, `evidence.attached` of `attachment:ID`), so
    // verify covers them. The author is the name the auditor gave; the log also records the account acting.
    static constexpr qint64 MaxEvidenceBytes = 20 * 1024 * 1024;
    static constexpr int MaxNoteChars = 64 * 1024;
    Result<qint64> addNote(const EvidenceSubject& subject, const QString& text, const QString& author);
    // A file's bytes under its name (folders dropped); at most MaxEvidenceBytes.
    Result<qint64> attachEvidence(const EvidenceSubject& subject, const QString& fileName, const QByteArray& bytes,
                                  const QString& note, const QString& author);
    // Files in memory (a screenshot), all stored or none, each with the note; no files: the note alone.
    struct EvidenceFile
    {
        QString name;
        QByteArray bytes;
    };
    Result<QVector<qint64>> addEvidence(const EvidenceSubject& subject, const QVector<EvidenceFile>& files,
                                        const QString& note, const QString& author);
    // Files from disk, all stored or none (a missing or too large one stores nothing). Returns their ids.
    Result<QVector<qint64>> attachEvidenceFiles(const EvidenceSubject& subject, const QStringList& paths,
                                                const QString& note, const QString& author);
    // A subject's notes and files, newest first (without bytes); evidenceNotes: the notes only.
    Result<QVector<Attachment>> evidence(const EvidenceSubject& subject) const;
    Result<QVector<Attachment>> evidenceNotes(const EvidenceSubject& subject) const;
    // One stored finding by its id (what `bulkhead-cli findings` lists), without its evidence references.
    Result<Finding> finding(qint64 findingId) const;

    // The findings as the auditor sees them: findings() with the waivers and attestations in force at
    // `now` applied (FindingReview).
    // `withEvidence` false: without their evidence references (a fleet's list; evidenceOf() reads one's).
    Result<QVector<Finding>> reviewedFindings(std::optional<qint64> scanId, const QDateTime& now,
                                              bool withEvidence = true) const;

    // The engagement the binder's cover names (meta rows `engagement.*`): empty fields when never set.
    // setEngagement validates (Engagement::validate), replaces every field and logs `engagement.updated`
    // on the subject `engagement` when anything changed.
    Result<Engagement> engagement() const;
    Result<void> setEngagement(const Engagement& engagement);

    // A binder written from this workspace: logs `binder.exported` on `binder:PDFSHA256` with the manifest
    // the PDF carries, so `verify --binder` can tie the file to the log. Returns the entry's seq.
    Result<qint64> recordBinderExport(const BinderManifest& manifest, const QString& pdfSha256, int pages);

    // The activity log, oldest first, and what `verify` makes of the workspace (chain, artifacts,
    // findings, zones, hosts, scans, baselines against what the log last recorded).
    Result<QVector<ActivityEntry>> activity() const;
    Result<VerifyReport> verify() const;

    // A watch (ScanKind::Watch) is stored as a scan row of that kind: its artifacts and host windows
    // use the same tables. latestScanId() counts scans only.
    Result<qint64> beginScan(const QString& tool, ScanKind kind = ScanKind::Scan);
    Result<void> finishScan(qint64 scanId, ScanState state);
    Result<QVector<ScanRecord>> scans() const;
    std::optional<qint64> latestScanId() const;

    Result<void> setHostScan(const HostScanRecord& record); // insert or update (scanId, hostId)
    Result<QVector<HostScanRecord>> hostScans(qint64 scanId) const;

    // Stores an artifact; computes sha256 of `output` when empty. Returns the new id.
    Result<qint64> addArtifact(const Artifact& artifact);
    Result<Artifact> artifact(qint64 id) const;
    Result<QVector<Artifact>> artifacts(qint64 scanId, qint64 hostId) const; // with bodies
    Result<QVector<ArtifactInfo>> artifactIndex(std::optional<qint64> scanId = std::nullopt) const;

    // Replaces all findings of (scan, host) in one transaction.
    Result<void> replaceFindings(qint64 scanId, qint64 hostId, const QVector<Finding>& findings);
    // The current view: for every host, the findings of its most recent scan that produced any.
    // With a scanId: that scan only. Evidence sha256 and hostName are filled in.
    Result<QVector<Finding>> findings(std::optional<qint64> scanId = std::nullopt, bool withEvidence = true) const;
    // One finding's evidence references, with each artifact's sha256.
    Result<QVector<EvidenceRef>> evidenceOf(qint64 findingId) const;
    // Every scan's verdict on the same check and subject as `finding` (same host, same kind, same name, or
    // id when it has no name: a container recreated under its name is the same subject), oldest first.
    Result<QVector<FindingHistoryEntry>> findingHistory(const Finding& finding) const;
    // Per scan (oldest first), how many findings it stored with each status, as the checks gave them: the
    // trend of a fleet counted in SQLite, without reading a finding.
    struct ScanCounts
    {
        qint64 scanId = 0;
        QDateTime startedUtc;
        QMap<Status, int> byStatus;
    };
    Result<QVector<ScanCounts>> scanStatusCounts() const;

    // Remediations (issue 5, item 6). addRemediation stores one as running, with its author and start, before
    // any command runs; finishRemediation records what ran (outputs redacted here, whoever calls), the
    // evidence and the re-check, once. A finished undo (undoOf) marks the remediation it undid. Each step is
    // in the activity log.
    Result<qint64> addRemediation(const RemediationRecord& record);
    Result<void> finishRemediation(const RemediationRecord& record);
    Result<QVector<RemediationRecord>> remediations() const; // oldest first
    Result<RemediationRecord> remediation(qint64 id) const;

    // PRAGMA integrity_check result ("ok" when sound).
    Result<QString> integrityCheck() const;

    // The application_id every Bulkhead workspace carries in its SQLite header ("BHKD").
    static constexpr qint32 ApplicationId = 0x42484B44;

private:
    Workspace(QString path, QString connectionName);
    Result<void> initialize();
    Result<void> migrate();

    QString m_path;
    QString m_connectionName;
    int m_schemaVersion = 0;
    SecretSalt m_secretSalt;
};

} // namespace bulkhead
