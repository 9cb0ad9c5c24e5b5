// SPDX-License-Identifier: GPL-3.0-or-later
#include "store/StateDigest.h"

#include "store/SqlSupport.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QStringList>

namespace bulkhead::store {

namespace {

// A row's values, in column order, as a JSON array: unambiguous whatever the values contain.
QJsonArray rowValues(const QSqlQuery& query, int from, int count)
{
    QJsonArray values;
    for (int column = from; column < from + count; ++column) {
        const QVariant value = query.value(column);
        if (value.isNull())
            values.append(QJsonValue::Null);
        else if (value.typeId() == QMetaType::QByteArray)
            values.append(sha256Hex(value.toByteArray())); // blobs by their hash
        else if (value.typeId() == QMetaType::LongLong || value.typeId() == QMetaType::Int)
            values.append(value.toLongLong());
        else
            values.append(value.toString());
    }
    return values;
}

QString digestOf(const QJsonArray& values)
{
    return sha256Hex(QJsonDocument(values).toJson(QJsonDocument::Compact));
}

// One kind of subject: how to read its rows (with an optional filter) and key them.
struct Kind
{
    const char* prefix; // "artifact:"
    const char* select; // columns: the key columns first, then the state columns
    int keyColumns;
    const char* filter; // WHERE clause for one subject, its parameters are the key parts
};

// Rows are read in key order; a subject may span several rows (findings), whose canonical lines are
// sorted so the order they were written in does not matter.
const Kind Kinds[] = {
    {"artifact:",
     "SELECT id, scan_id, host_id, probe, command, output, error_output, exit_status, exit_signal, truncated,"
     " timed_out, started_utc, finished_utc, sha256, redactions FROM artifacts %1 ORDER BY id",
     1, "WHERE id = ?"},
    {"findings:",
     "SELECT f.scan_id, f.host_id, f.check_id, f.subject_kind, f.subject_id, f.subject_name, f.status, f.expected,"
     " f.actual, f.message, (SELECT json_group_array(json_array(e.seq, e.artifact_id, e.locator, e.excerpt))"
     " FROM (SELECT * FROM finding_evidence WHERE finding_id = f.id ORDER BY seq) e)"
     " FROM findings f %1 ORDER BY f.scan_id, f.host_id",
     2, "WHERE f.scan_id = ? AND f.host_id = ?"},
    {"scan:", "SELECT id, started_utc, finished_utc, state, tool, kind FROM scans %1 ORDER BY id", 1, "WHERE id = ?"},
    {"hostscan:",
     "SELECT scan_id, host_id, state, message, host_key_fingerprint, started_utc, finished_utc FROM host_scans %1"
     " ORDER BY scan_id, host_id",
     2, "WHERE scan_id = ? AND host_id = ?"},
    {"host:",
     "SELECT h.id, h.user, h.address, h.port, h.name, z.name FROM hosts h LEFT JOIN zones z ON z.id = h.zone_id %1"
     " ORDER BY h.id",
     1, "WHERE h.id = ?"},
    {"zone:",
     "SELECT lower(name), name, scope, rationale, approved_registries, approved_users, required_log_targets"
     " FROM zones %1 ORDER BY lower(name)",
     1, "WHERE lower(name) = ?"},
    {"baseline:",
     "SELECT lower(z.name), b.scan_id, b.processes, b.sockets, b.accepted_utc, b.accepted_by FROM zone_baselines b"
     " JOIN zones z ON z.id = b.zone_id %1 ORDER BY lower(z.name)",
     1, "WHERE lower(z.name) = ?"},
    {"waiver:",
     "SELECT id, check_id, scope, target, justification, approver, risk, compensating_control, created_utc,"
     " created_by, expires_utc, revoked_utc, revoked_by FROM waivers %1 ORDER BY id",
     1, "WHERE id = ?"},
    {"attestation:",
     "SELECT id, check_id, zone_wide, target, status, justification, auditor, reviewer, attested_utc, expires_utc,"
     " revoked_utc FROM attestations %1 ORDER BY id",
     1, "WHERE id = ?"},
    {"attachment:",
     "SELECT id, subject, file_name, bytes, sha256, note, added_utc, added_by FROM attachments %1 ORDER BY id", 1,
     "WHERE id = ?"},
    {"remediation:",
     "SELECT id, finding_id, check_id, subject_kind, subject_id, subject_name, host_id, kind, setting, summary,"
     " commands, outputs, exit_codes, undo, before_scan_id, after_scan_id, before_artifacts, after_artifacts,"
     " changed_file, backup_path, status, finding_status, message, undo_of, undone_by, author, started_utc,"
     " finished_utc FROM remediations %1 ORDER BY id",
     1, "WHERE id = ?"},
    // The engagement (the binder's cover): one subject over its meta rows. Its key column is always empty,
    // so the subject is "engagement" itself.
    {"engagement", "SELECT '', key, value FROM meta WHERE substr(key, 1, 11) = 'engagement.' %1 ORDER BY key", 1,
     "AND '' = ?"},
};

// Remediations came with schema 5: migrating an older workspace seals its log (schema 4) before the table
// exists, and nothing is there to digest then.
bool readable(const QSqlDatabase& db, const Kind& kind)
{
    if (QLatin1String(kind.prefix) != QLatin1String("remediation:"))
        return true;
    auto count = scalar(db, QStringLiteral("SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = "
                                           "'remediations'"));
    return count && count->toInt() > 0;
}

Result<QMap<QString, QString>> read(const QSqlDatabase& db, const Kind& kind, const QStringList& key)
{
    if (!readable(db, kind))
        return QMap<QString, QString>();
    const QString sql =
        QString::fromLatin1(kind.select).arg(key.isEmpty() ? QString() : QString::fromLatin1(kind.filter));
    QSqlQuery query(db);
    query.setForwardOnly(true);
    if (!query.prepare(sql))
        return sqlFailure(QStringLiteral("Cannot read workspace state"), query.lastError());
    for (const QString& part : key)
        query.addBindValue(part);
    if (!query.exec())
        return sqlFailure(QStringLiteral("Cannot read workspace state"), query.lastError());
    // Rows come in key order, so a subject's rows are consecutive: each subject is digested as soon as the
    // next one starts, and only one subject's rows are held at a time (a fleet's artifacts are hundreds of MB).
    QMap<QString, QString> digests;
    QString current;
    QStringList lines;
    const auto flush = [&digests, &current, &lines] {
        if (current.isEmpty())
            return;
        lines.sort();
        digests.insert(current, digestOf(QJsonArray::fromStringList(lines)));
    };
    QSet<QString> stragglers; // subjects whose rows did not all come together (not expected: re-read whole)
    while (query.next()) {
        QStringList parts;
        for (int i = 0; i < kind.keyColumns; ++i)
            parts << query.value(i).toString();
        const QString subject = QLatin1String(kind.prefix) + parts.join(QLatin1Char('/'));
        const int columns = query.record().count();
        const QString line = QString::fromUtf8(
            QJsonDocument(rowValues(query, kind.keyColumns, columns - kind.keyColumns)).toJson(QJsonDocument::Compact));
        if (subject != current) {
            flush();
            if (digests.contains(subject)) {
                stragglers.insert(subject);
                continue;
            }
            current = subject;
            lines.clear();
        }
        lines << line;
    }
    flush();
    for (const QString& subject : std::as_const(stragglers)) {
        // Its digest covers every row, whatever order they came in.
        const QString rest = subject.mid(int(qstrlen(kind.prefix)));
        auto whole = read(db, kind, kind.keyColumns == 1 ? QStringList{rest} : rest.split(QLatin1Char('/')));
        if (!whole)
            return whole.error();
        digests.insert(subject, whole->value(subject));
    }
    return digests;
}

} // namespace

Result<QString> StateDigest::of(const QSqlDatabase& db, const QString& subject)
{
    for (const Kind& kind : Kinds) {
        const QLatin1String prefix(kind.prefix);
        if (!subject.startsWith(prefix))
            continue;
        const QString rest = subject.mid(prefix.size());
        const QStringList key = kind.keyColumns == 1 ? QStringList{rest} : rest.split(QLatin1Char('/'));
        if (key.size() != kind.keyColumns)
            return makeError(QStringLiteral("Not a workspace subject: %1").arg(subject));
        auto digests = read(db, kind, key);
        if (!digests)
            return digests.error();
        return digests->value(subject);
    }
    return makeError(QStringLiteral("Not a workspace subject: %1").arg(subject));
}

Result<QMap<QString, QString>> StateDigest::all(const QSqlDatabase& db)
{
    QMap<QString, QString> digests;
    for (const Kind& kind : Kinds) {
        auto some = read(db, kind, {});
        if (!some)
            return some.error();
        digests.insert(some.value());
    }
    return digests;
}

QString StateDigest::artifactSubject(qint64 id)
{
    return QStringLiteral("artifact:%1").arg(id);
}

QString StateDigest::findingsSubject(qint64 scanId, qint64 hostId)
{
    return QStringLiteral("findings:%1/%2").arg(scanId).arg(hostId);
}

QString StateDigest::scanSubject(qint64 id)
{
    return QStringLiteral("scan:%1").arg(id);
}

QString StateDigest::hostScanSubject(qint64 scanId, qint64 hostId)
{
    return QStringLiteral("hostscan:%1/%2").arg(scanId).arg(hostId);
}

QString StateDigest::hostSubject(qint64 id)
{
    return QStringLiteral("host:%1").arg(id);
}

QString StateDigest::zoneSubject(const QString& zoneName)
{
    return QStringLiteral("zone:") + zoneName.toLower();
}

QString StateDigest::waiverSubject(qint64 id)
{
    return QStringLiteral("waiver:%1").arg(id);
}

QString StateDigest::attestationSubject(qint64 id)
{
    return QStringLiteral("attestation:%1").arg(id);
}

QString StateDigest::attachmentSubject(qint64 id)
{
    return QStringLiteral("attachment:%1").arg(id);
}

QString StateDigest::remediationSubject(qint64 id)
{
    return QStringLiteral("remediation:%1").arg(id);
}

QString StateDigest::engagementSubject()
{
    return QStringLiteral("engagement");
}

QString StateDigest::binderSubject(const QString& pdfSha256)
{
    return QStringLiteral("binder:") + pdfSha256.toLower();
}

QString StateDigest::baselineSubject(const QString& zoneName)
{
    return QStringLiteral("baseline:") + zoneName.toLower();
}

} // namespace bulkhead::store
