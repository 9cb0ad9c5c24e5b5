// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"

#include <QMap>
#include <QSqlDatabase>
#include <QString>

namespace bulkhead::store {

// The sha256 of one piece of workspace state, over a canonical form of its rows, so the activity log
// can say what each change left behind and `verify` can tell whether it is still so. Subjects:
//   artifact:ID     the evidence (its metadata, and the output and error output themselves)
//   findings:S/H    every finding of scan S on host H, with its evidence references
//   scan:ID  hostscan:S/H  host:ID  zone:NAME  baseline:NAME     (zone names in lower case)
//   waiver:ID  attestation:ID  attachment:ID                      (an attachment with its bytes)
//   remediation:ID  (commands, outputs, exit codes, evidence ids, re-check, undo)
//   engagement      (the meta rows engagement.*: the binder's cover)
// A binder written from the workspace lives outside it: `binder:SHA256` (the PDF file's hash) is logged with
// that hash as its digest (ActivityLog::recordExternal), and verify cannot recompute it, nor needs to.
// The same functions compute the digest when a change is logged and when it is verified.
class StateDigest
{
public:
    // The subject's digest now; an empty string when it does not exist.
    static Result<QString> of(const QSqlDatabase& db, const QString& subject);
    // Every subject the workspace holds, with its digest.
    static Result<QMap<QString, QString>> all(const QSqlDatabase& db);

    static QString artifactSubject(qint64 id);
    static QString findingsSubject(qint64 scanId, qint64 hostId);
    static QString scanSubject(qint64 id);
    static QString hostScanSubject(qint64 scanId, qint64 hostId);
    static QString hostSubject(qint64 id);
    static QString zoneSubject(const QString& zoneName);
    static QString baselineSubject(const QString& zoneName);
    static QString waiverSubject(qint64 id);
    static QString attestationSubject(qint64 id);
    static QString attachmentSubject(qint64 id);
    static QString remediationSubject(qint64 id);
    static QString engagementSubject();
    static QString binderSubject(const QString& pdfSha256);
};

} // namespace bulkhead::store
