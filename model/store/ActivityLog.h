// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"

#include <QDateTime>
#include <QJsonObject>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>
#include <QVector>

namespace bulkhead {

// One state change of the workspace (tip 6, and what makes the audit defensible): who did what to which
// subject, the digest of what the subject looked like afterwards (StateDigest), and the hash that chains
// it to the entry before.
struct ActivityEntry
{
    qint64 seq = 0;
    QDateTime timeUtc;
    QString actor;       // "alice (bulkhead-cli 0.4.0)"
    QString action;      // "scan.begun", "artifact.stored", "findings.replaced", "zone.updated", ...
    QString subject;     // "artifact:17", "findings:3/2", "zone:prod", "workspace"
    QString stateSha256; // the subject's StateDigest after the change; empty: it no longer exists
    QString details;     // compact JSON object with what a reader wants to know (counts, names)
    QString previousSha256;
    QString sha256; // over every field above
};

// What `verify` found: nothing in `problems` means the chain is whole and every artifact, finding,
// zone, host and scan is as the log last recorded it.
struct VerifyReport
{
    int entries = 0;
    int subjects = 0;
    QString headSha256; // the last entry's hash: quote it in the binder to anchor the chain outside the file
    QStringList problems;
    bool ok() const { return problems.isEmpty(); }
};

// The append-only, hash-chained activity log of a workspace. Entries are appended inside the caller's
// write transaction, so a change and its entry commit together or not at all. SQLite triggers refuse
// updates and deletes; `verify` catches what a raw edit of the file does anyway.
class ActivityLog
{
public:
    static constexpr const char* Genesis = "0000000000000000000000000000000000000000000000000000000000000000";

    static QString hashOf(const ActivityEntry& entry);
    // Who is acting: the local account, and the program.
    static QString currentActor();
    // The local account's name alone ("alice"): the author a note or evidence file gets by default.
    static QString currentUser();
    static void setProgram(const QString& program); // "bulkhead-cli", "bulkhead"

    enum class When
    {
        Always,
        Changed, // only when the subject's digest differs from the one last recorded (re-applied inventories)
    };
    // Appends an entry for `subject`, with its digest read from the workspace as it is now. With
    // When::Changed and nothing changed, appends nothing and returns an entry with seq 0.
    static Result<ActivityEntry> record(const QSqlDatabase& db, const QString& action, const QString& subject,
                                        const QJsonObject& details = {}, When when = When::Always);
    // Appends an entry about something outside the workspace (an exported binder: `binder:SHA256`), whose
    // digest the caller gives; verify keeps it as recorded and does not look for it in the workspace.
    static Result<ActivityEntry> recordExternal(const QSqlDatabase& db, const QString& action, const QString& subject,
                                                const QString& sha256, const QJsonObject& details = {});
    static bool isExternal(const QString& subject);
    // The first entry of a workspace: the digest of everything it already holds (a migrated workspace's
    // evidence is covered from then on).
    static Result<ActivityEntry> seal(const QSqlDatabase& db, const QString& why);

    static Result<QVector<ActivityEntry>> entries(const QSqlDatabase& db);
    static Result<VerifyReport> verify(const QSqlDatabase& db);
};

} // namespace bulkhead
