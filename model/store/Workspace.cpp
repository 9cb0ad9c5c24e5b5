// SPDX-License-Identifier: GPL-3.0-or-later
#include "store/Workspace.h"

#include "checks/HostEvidence.h"
#include "core/DisplayText.h"
#include "core/StringPool.h"
#include "export/BinderManifest.h"
#include "store/ActivityLog.h"
#include "store/RemediationRows.h"
#include "store/SqlSupport.h"
#include "store/SqliteReader.h"
#include "store/StateDigest.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMutex>
#include <QRegularExpression>
#include <QSet>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>
#include <QVariant>

#include <algorithm>
#include <array>

namespace bulkhead {

using namespace store;

namespace {

// The first 16 bytes of every SQLite 3 database file.
constexpr char SqliteMagic[] = "SQLite format 3";
constexpr int SqliteHeaderSize = 100;
constexpr int BusyTimeoutMs = 5000;

// POSIX record locks belong to the process: closing any descriptor of a database file drops every
// lock SQLite holds on it through this process's other connections, and another process may then
// check the WAL in and delete it under them (seen: a reader closing while `watch` wrote hid every later
// commit). open() reads the header through a descriptor of its own, so it does that only while no
// connection of this process has the file open: these are the files open here, by connection.
struct OpenFiles
{
    QMutex mutex;
    QHash<QString, int> count;            // file -> connections of this process
    QHash<QString, QString> byConnection; // connection name -> file
};

OpenFiles& openFiles()
{
    static OpenFiles files;
    return files;
}

QSqlDatabase connection(const QString& name)
{
    // open = false: the connection was opened in open(); never reopen it silently.
    return QSqlDatabase::database(name, false);
}

// Schema version 1. Each later version adds one function to Migrations; a migration never edits
// an earlier one, so every workspace ever written can be carried forward step by step.
Result<void> migrateTo1(const QSqlDatabase& db)
{
    static const char* const statements[] = {
        "CREATE TABLE meta (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL)",
        "CREATE TABLE hosts (id INTEGER PRIMARY KEY, user TEXT NOT NULL, address TEXT NOT NULL COLLATE NOCASE,"
        " port INTEGER NOT NULL, name TEXT NOT NULL, UNIQUE (user, address, port))",
        "CREATE TABLE scans (id INTEGER PRIMARY KEY AUTOINCREMENT, started_utc TEXT NOT NULL, finished_utc TEXT,"
        " state TEXT NOT NULL, tool TEXT NOT NULL)",
        "CREATE TABLE host_scans (scan_id INTEGER NOT NULL REFERENCES scans(id),"
        " host_id INTEGER NOT NULL REFERENCES hosts(id), state TEXT NOT NULL, message TEXT NOT NULL,"
        " host_key_fingerprint TEXT NOT NULL, started_utc TEXT, finished_utc TEXT, PRIMARY KEY (scan_id, host_id))",
        "CREATE TABLE artifacts (id INTEGER PRIMARY KEY AUTOINCREMENT, scan_id INTEGER NOT NULL REFERENCES scans(id),"
        " host_id INTEGER NOT NULL REFERENCES hosts(id), probe TEXT NOT NULL, command TEXT NOT NULL,"
        " output BLOB NOT NULL, error_output BLOB NOT NULL, exit_status INTEGER NOT NULL, exit_signal TEXT NOT NULL,"
        " truncated INTEGER NOT NULL, timed_out INTEGER NOT NULL, started_utc TEXT, finished_utc TEXT,"
        " sha256 TEXT NOT NULL, redactions INTEGER NOT NULL DEFAULT 0)",
        "CREATE INDEX artifacts_by_scan_host ON artifacts (scan_id, host_id)",
        // Evidence is immutable once stored: the database itself refuses to change or drop it.
        "CREATE TRIGGER artifacts_immutable_update BEFORE UPDATE ON artifacts"
        " BEGIN SELECT RAISE(ABORT, 'artifacts are immutable evidence'); END",
        "CREATE TRIGGER artifacts_immutable_delete BEFORE DELETE ON artifacts"
        " BEGIN SELECT RAISE(ABORT, 'artifacts are immutable evidence'); END",
        "CREATE TABLE findings (id INTEGER PRIMARY KEY AUTOINCREMENT, scan_id INTEGER NOT NULL REFERENCES scans(id),"
        " host_id INTEGER NOT NULL REFERENCES hosts(id), check_id TEXT NOT NULL, subject_kind TEXT NOT NULL,"
        " subject_id TEXT NOT NULL, subject_name TEXT NOT NULL, status TEXT NOT NULL, expected TEXT NOT NULL,"
        " actual TEXT NOT NULL, message TEXT NOT NULL)",
        "CREATE INDEX findings_by_host_scan ON findings (host_id, scan_id)",
        "CREATE INDEX findings_by_scan ON findings (scan_id)",
        "CREATE TABLE finding_evidence (finding_id INTEGER NOT NULL REFERENCES findings(id) ON DELETE CASCADE,"
        " seq INTEGER NOT NULL, artifact_id INTEGER NOT NULL REFERENCES artifacts(id), locator TEXT NOT NULL,"
        " excerpt TEXT NOT NULL, PRIMARY KEY (finding_id, seq))",
        "CREATE INDEX finding_evidence_by_artifact ON finding_evidence (artifact_id)",
    };
    for (const char* statement : statements) {
        if (auto done = execSql(db, QLatin1String(statement)); !done)
            return done;
    }
    if (auto done = execSql(db, QStringLiteral("PRAGMA application_id = %1").arg(Workspace::ApplicationId)); !done)
        return done;

    QSqlQuery meta(db);
    meta.prepare(QStringLiteral("INSERT INTO meta (key, value) VALUES (?, ?)"));
    const std::array<std::pair<QString, QString>, 2> entries{{
        {QStringLiteral("created_utc"), QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs)},
        {QStringLiteral("created_by"), QStringLiteral("bulkhead " BULKHEAD_VERSION)},
    }};
    for (const auto& [key, value] : entries) {
        meta.addBindValue(key);
        meta.addBindValue(value);
        if (!meta.exec())
            return sqlFailure(QStringLiteral("Cannot write workspace metadata"), meta.lastError());
    }
    return {};
}

// Schema version 2: zones (tip 10) and the zone of each host. The policy lists are JSON arrays of
// strings; the CHECKs keep a zone without scope or rationale out of the file whatever writes it.
Result<void> migrateTo2(const QSqlDatabase& db)
{
    static const char* const statements[] = {
        "CREATE TABLE zones (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE COLLATE NOCASE,"
        " scope TEXT NOT NULL CHECK (scope IN ('in', 'out')),"
        " rationale TEXT NOT NULL CHECK (length(trim(rationale)) > 0),"
        " approved_registries TEXT NOT NULL DEFAULT '[]', approved_users TEXT NOT NULL DEFAULT '[]',"
        " required_log_targets TEXT NOT NULL DEFAULT '[]', updated_utc TEXT NOT NULL)",
        "ALTER TABLE hosts ADD COLUMN zone_id INTEGER REFERENCES zones(id)",
        "CREATE INDEX hosts_by_zone ON hosts (zone_id)",
    };
    for (const char* statement : statements) {
        if (auto done = execSql(db, QLatin1String(statement)); !done)
            return done;
    }
    QSqlQuery meta(db);
    meta.prepare(QStringLiteral("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)"));
    meta.addBindValue(QStringLiteral("migrated_to_2_utc"));
    meta.addBindValue(QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs));
    if (!meta.exec())
        return sqlFailure(QStringLiteral("Cannot write workspace metadata"), meta.lastError());
    return {};
}

// Schema version 3: a scan row is a scan or a watch (container lifecycle evidence over a time window).
// Rows written before are scans.
Result<void> migrateTo3(const QSqlDatabase& db)
{
    if (auto done = execSql(db, QStringLiteral("ALTER TABLE scans ADD COLUMN kind TEXT NOT NULL DEFAULT 'scan'"
                                               " CHECK (kind IN ('scan', 'watch'))"));
        !done)
        return done;
    QSqlQuery meta(db);
    meta.prepare(QStringLiteral("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)"));
    meta.addBindValue(QStringLiteral("migrated_to_3_utc"));
    meta.addBindValue(QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs));
    if (!meta.exec())
        return sqlFailure(QStringLiteral("Cannot write workspace metadata"), meta.lastError());
    return {};
}

// Schema version 4: the zones' accepted baselines (tip 1), waivers, attestations of manual checks with
// their attachments, and the hash-chained activity log (tamper evidence). The log starts with a seal over everything
// the workspace already holds, so evidence collected before this version is covered from now on.
Result<void> migrateTo4(const QSqlDatabase& db)
{
    static const char* const statements[] = {
        "CREATE TABLE zone_baselines (zone_id INTEGER PRIMARY KEY REFERENCES zones(id),"
        " scan_id INTEGER NOT NULL REFERENCES scans(id), processes TEXT NOT NULL, sockets TEXT NOT NULL,"
        " accepted_utc TEXT NOT NULL, accepted_by TEXT NOT NULL)",
        "CREATE TABLE activity_log (seq INTEGER PRIMARY KEY, time_utc TEXT NOT NULL, actor TEXT NOT NULL,"
        " action TEXT NOT NULL, subject TEXT NOT NULL, state_sha256 TEXT NOT NULL, details TEXT NOT NULL,"
        " previous_sha256 TEXT NOT NULL, sha256 TEXT NOT NULL UNIQUE)",
        "CREATE INDEX activity_by_subject ON activity_log (subject)",
        "CREATE TRIGGER activity_log_append_only_update BEFORE UPDATE ON activity_log"
        " BEGIN SELECT RAISE(ABORT, 'the activity log is append-only'); END",
        "CREATE TRIGGER activity_log_append_only_delete BEFORE DELETE ON activity_log"
        " BEGIN SELECT RAISE(ABORT, 'the activity log is append-only'); END",
        // Waivers and attestations are never deleted: revoking one is a change of its own.
        "CREATE TABLE waivers (id INTEGER PRIMARY KEY AUTOINCREMENT, check_id TEXT NOT NULL,"
        " scope TEXT NOT NULL CHECK (scope IN ('zone', 'host', 'container', 'label')), target TEXT NOT NULL,"
        " justification TEXT NOT NULL CHECK (length(trim(justification)) > 0),"
        " approver TEXT NOT NULL CHECK (length(trim(approver)) > 0),"
        " risk TEXT NOT NULL CHECK (risk IN ('low', 'medium', 'high', 'critical')),"
        " compensating_control TEXT NOT NULL, created_utc TEXT NOT NULL, created_by TEXT NOT NULL,"
        " expires_utc TEXT NOT NULL, revoked_utc TEXT, revoked_by TEXT)",
        "CREATE TABLE attestations (id INTEGER PRIMARY KEY AUTOINCREMENT, check_id TEXT NOT NULL,"
        " zone_wide INTEGER NOT NULL, target TEXT NOT NULL, status TEXT NOT NULL CHECK (status IN ('pass', 'fail')),"
        " justification TEXT NOT NULL CHECK (length(trim(justification)) > 0), auditor TEXT NOT NULL,"
        " reviewer TEXT NOT NULL, attested_utc TEXT NOT NULL, expires_utc TEXT, revoked_utc TEXT)",
        "CREATE TABLE attachments (id INTEGER PRIMARY KEY AUTOINCREMENT, subject TEXT NOT NULL,"
        " file_name TEXT NOT NULL, bytes BLOB NOT NULL, sha256 TEXT NOT NULL, note TEXT NOT NULL,"
        " added_utc TEXT NOT NULL, added_by TEXT NOT NULL)",
        "CREATE INDEX attachments_by_subject ON attachments (subject)",
        "CREATE TRIGGER attachments_immutable_update BEFORE UPDATE ON attachments"
        " BEGIN SELECT RAISE(ABORT, 'attachments are immutable evidence'); END",
        "CREATE TRIGGER attachments_immutable_delete BEFORE DELETE ON attachments"
        " BEGIN SELECT RAISE(ABORT, 'attachments are immutable evidence'); END",
    };
    for (const char* statement : statements) {
        if (auto done = execSql(db, QLatin1String(statement)); !done)
            return done;
    }
    auto sealed = ActivityLog::seal(db, QStringLiteral("schema 4: the activity log starts here"));
    if (!sealed)
        return sealed.error();
    return {};
}

// Schema version 5: remediations (issue 5, item 6), and scans of kind 'remediation' (their before and after
// evidence). SQLite cannot change a column's CHECK in place; widening it is the documented edit of the table's
// text in sqlite_schema (no stored row changes, every old value still passes), and the schema cookie moves on
// so every connection rereads it.
Result<void> migrateTo5(const QSqlDatabase& db)
{
    const QString oldCheck = QStringLiteral("CHECK (kind IN ('scan', 'watch'))");
    const QString newCheck = QStringLiteral("CHECK (kind IN ('scan', 'watch', 'remediation'))");
    auto table = scalar(db, QStringLiteral("SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = 'scans'"));
    if (!table)
        return table.error();
    if (!table->toString().contains(oldCheck))
        return makeError(QStringLiteral("the scans table is not the one schema 4 made"));
    auto cookie = scalar(db, QStringLiteral("PRAGMA schema_version"));
    if (!cookie)
        return cookie.error();
    if (auto on = execSql(db, QStringLiteral("PRAGMA writable_schema = ON")); !on)
        return on;
    QSqlQuery edit(db);
    edit.prepare(
        QStringLiteral("UPDATE sqlite_schema SET sql = replace(sql, ?, ?) WHERE type = 'table' AND name = 'scans'"));
    edit.addBindValue(oldCheck);
    edit.addBindValue(newCheck);
    const bool edited = edit.exec();
    const QSqlError editError = edit.lastError();
    auto bumped = execSql(db, QStringLiteral("PRAGMA schema_version = %1").arg(cookie->toLongLong() + 1));
    if (auto off = execSql(db, QStringLiteral("PRAGMA writable_schema = OFF")); !off)
        return off;
    if (!edited)
        return sqlFailure(QStringLiteral("Cannot allow scans of kind remediation"), editError);
    if (!bumped)
        return bumped;
    if (auto created = RemediationRows::createTable(db); !created)
        return created;
    if (auto indexed = execSql(db, QStringLiteral("CREATE INDEX remediations_by_host ON remediations (host_id)"));
        !indexed)
        return indexed;
    QSqlQuery meta(db);
    meta.prepare(QStringLiteral("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)"));
    meta.addBindValue(QStringLiteral("migrated_to_5_utc"));
    meta.addBindValue(QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs));
    if (!meta.exec())
        return sqlFailure(QStringLiteral("Cannot write workspace metadata"), meta.lastError());
    return {};
}

using Migration = Result<void> (*)(const QSqlDatabase&);
constexpr std::array<Migration, Workspace::SchemaVersion> Migrations{
    {&migrateTo1, &migrateTo2, &migrateTo3, &migrateTo4, &migrateTo5}};

// Records a change in the activity log, inside the caller's transaction.
Result<void> logChange(const QSqlDatabase& db, const QString& action, const QString& subject,
                       const QJsonObject& details = {}, ActivityLog::When when = ActivityLog::When::Always)
{
    auto entry = ActivityLog::record(db, action, subject, details, when);
    if (!entry)
        return entry.error();
    return {};
}

QString jsonList(const QStringList& values)
{
    return QString::fromUtf8(QJsonDocument(QJsonArray::fromStringList(values)).toJson(QJsonDocument::Compact));
}

QStringList readJsonList(const QVariant& value)
{
    QStringList values;
    const QJsonArray array = QJsonDocument::fromJson(value.toString().toUtf8()).array();
    for (const QJsonValue& entry : array)
        values << entry.toString();
    return values;
}

// The writes below run inside a caller's transaction, so applyInventory() is all or nothing.
Result<qint64> storeZone(const QSqlDatabase& db, const Zone& zone)
{
    if (zone.name.isEmpty() || !zone.scope || zone.rationale.trimmed().isEmpty())
        return makeError(QStringLiteral("Zone '%1' needs a name, a scope and a rationale to be stored").arg(zone.name));
    QSqlQuery query(db);
    query.prepare(QStringLiteral(
        "INSERT INTO zones (name, scope, rationale, approved_registries, approved_users, required_log_targets,"
        " updated_utc) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET name = excluded.name,"
        " scope = excluded.scope, rationale = excluded.rationale, approved_registries = excluded.approved_registries,"
        " approved_users = excluded.approved_users, required_log_targets = excluded.required_log_targets,"
        " updated_utc = excluded.updated_utc"));
    query.addBindValue(zone.name);
    query.addBindValue(zoneScopeToString(*zone.scope));
    query.addBindValue(zone.rationale);
    query.addBindValue(jsonList(zone.approvedRegistries));
    query.addBindValue(jsonList(zone.approvedUsers));
    query.addBindValue(jsonList(zone.requiredLogTargets));
    query.addBindValue(timeValue(QDateTime::currentDateTimeUtc()));
    if (!query.exec())
        return sqlFailure(QStringLiteral("Cannot store zone %1").arg(zone.name), query.lastError());
    QSqlQuery select(db);
    select.prepare(QStringLiteral("SELECT id FROM zones WHERE name = ?"));
    select.addBindValue(zone.name);
    if (!select.exec() || !select.next())
        return sqlFailure(QStringLiteral("Cannot read zone %1").arg(zone.name), select.lastError());
    const qint64 id = select.value(0).toLongLong();
    select.finish();
    if (auto logged = logChange(
            db, QStringLiteral("zone.updated"), StateDigest::zoneSubject(zone.name),
            QJsonObject{{QStringLiteral("zone"), zone.name}, {QStringLiteral("scope"), zoneScopeToString(*zone.scope)}},
            ActivityLog::When::Changed);
        !logged)
        return logged.error();
    return id;
}

Result<void> storeHostZone(const QSqlDatabase& db, qint64 hostId, const QString& zoneName)
{
    QVariant zoneId(QMetaType::fromType<qint64>());
    if (!zoneName.isEmpty()) {
        QSqlQuery select(db);
        select.prepare(QStringLiteral("SELECT id FROM zones WHERE name = ?"));
        select.addBindValue(zoneName);
        if (!select.exec())
            return sqlFailure(QStringLiteral("Cannot read zone %1").arg(zoneName), select.lastError());
        if (!select.next())
            return makeError(QStringLiteral("There is no zone '%1' in this workspace").arg(zoneName));
        zoneId = select.value(0);
    }
    QSqlQuery update(db);
    update.prepare(QStringLiteral("UPDATE hosts SET zone_id = ? WHERE id = ?"));
    update.addBindValue(zoneId);
    update.addBindValue(hostId);
    if (!update.exec())
        return sqlFailure(QStringLiteral("Cannot set the zone of host %1").arg(hostId), update.lastError());
    if (update.numRowsAffected() != 1)
        return makeError(QStringLiteral("There is no host %1 in this workspace").arg(hostId));
    return logChange(db, QStringLiteral("host.updated"), StateDigest::hostSubject(hostId),
                     QJsonObject{{QStringLiteral("zone"), zoneName}}, ActivityLog::When::Changed);
}

constexpr const char* ArtifactColumns = "id, scan_id, host_id, probe, command, output, error_output, exit_status,"
                                        " exit_signal, truncated, timed_out, started_utc, finished_utc, sha256,"
                                        " redactions";

Artifact readArtifactRow(const QSqlQuery& query)
{
    Artifact artifact;
    artifact.id = query.value(0).toLongLong();
    artifact.scanId = query.value(1).toLongLong();
    artifact.hostId = query.value(2).toLongLong();
    artifact.probe = query.value(3).toString();
    artifact.command = query.value(4).toString();
    artifact.output = query.value(5).toByteArray();
    artifact.errorOutput = query.value(6).toByteArray();
    artifact.exitStatus = query.value(7).toInt();
    artifact.exitSignal = query.value(8).toString();
    artifact.truncated = query.value(9).toBool();
    artifact.timedOut = query.value(10).toBool();
    artifact.startedUtc = readTime(query.value(11));
    artifact.finishedUtc = readTime(query.value(12));
    artifact.sha256 = query.value(13).toString();
    artifact.redactions = query.value(14).toInt();
    return artifact;
}

} // namespace

Workspace::Workspace(QString path, QString connectionName)
    : m_path(std::move(path))
    , m_connectionName(std::move(connectionName))
{}

Workspace::~Workspace()
{
    {
        QSqlDatabase db = connection(m_connectionName);
        if (db.isValid())
            db.close(); // the last connection to close checkpoints the WAL into the main file
    }
    QSqlDatabase::removeDatabase(m_connectionName);
    OpenFiles& files = openFiles();
    const QMutexLocker lock(&files.mutex);
    const QString file = files.byConnection.take(m_connectionName);
    if (!file.isEmpty() && --files.count[file] <= 0)
        files.count.remove(file);
}

namespace {

// The salt of secret fingerprints (SecretSalt): created with the workspace, or on the first open of a
// workspace older than fingerprints. INSERT OR IGNORE: two instances opening at once keep one salt.
// A workspace that cannot be written gets none (it cannot take a scan either).
SecretSalt ensureSecretSalt(const QSqlDatabase& db)
{
    QSqlQuery insert(db);
    insert.prepare(QStringLiteral("INSERT OR IGNORE INTO meta (key, value) VALUES ('secret_salt', ?)"));
    insert.addBindValue(SecretSalt::generate().toHex());
    insert.exec();
    QSqlQuery select(db);
    if (!select.exec(QStringLiteral("SELECT value FROM meta WHERE key = 'secret_salt'")) || !select.next())
        return {};
    auto salt = SecretSalt::fromHex(select.value(0).toString());
    return salt ? salt.value() : SecretSalt();
}

} // namespace

Result<std::unique_ptr<Workspace>> Workspace::open(const QString& path, OpenMode mode)
{
    if (path.isEmpty())
        return makeError(QStringLiteral("No workspace file given"));
    const QFileInfo info(path);
    const QString shown = QDir::toNativeSeparators(path);
    const QString key = info.exists() ? info.canonicalFilePath() : info.absoluteFilePath();
    OpenFiles& files = openFiles();
    // Held until this connection is counted: no header check may close a descriptor meanwhile.
    QMutexLocker lock(&files.mutex);
    const bool openHere = files.count.value(key) > 0; // then it passed this check already
    if (info.exists() && info.isDir())
        return makeError(QStringLiteral("%1 is a folder, not a Bulkhead workspace").arg(shown));
    if (info.exists() && !openHere) {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            return makeError(QStringLiteral("Cannot read %1: %2").arg(shown, file.errorString()));
        const QByteArray header = file.read(SqliteHeaderSize);
        if (header.isEmpty()) {
            // SQLite treats an empty file as an empty database; only a create may initialise it.
            if (mode == OpenMode::ExistingOnly)
                return makeError(QStringLiteral("%1 is empty, not a Bulkhead workspace").arg(shown));
        } else if (!header.startsWith(QByteArrayView(SqliteMagic, sizeof SqliteMagic))) {
            return makeError(QStringLiteral("%1 is not a Bulkhead workspace: file is not a database").arg(shown));
        } else if (header.size() < SqliteHeaderSize) {
            return makeError(
                QStringLiteral("%1 is not a Bulkhead workspace: file is not a database (truncated header)").arg(shown));
        }
    } else if (!info.exists()) {
        if (mode == OpenMode::ExistingOnly)
            return makeError(QStringLiteral("No workspace at %1: the file does not exist").arg(shown));
        if (!info.absoluteDir().exists())
            return makeError(QStringLiteral("Cannot create %1: the folder %2 does not exist")
                                 .arg(shown, QDir::toNativeSeparators(info.absolutePath())));
    }

    const QString name = QStringLiteral("bulkhead-workspace-") + QUuid::createUuid().toString(QUuid::WithoutBraces);
    // From here on the destructor removes the connection, whatever happens.
    std::unique_ptr<Workspace> workspace(new Workspace(info.absoluteFilePath(), name));
    ++files.count[key];
    files.byConnection.insert(name, key);
    lock.unlock(); // the destructor takes it again
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        if (!db.isValid())
            return makeError(QStringLiteral("The Qt SQLite driver (QSQLITE) is not available"));
        db.setDatabaseName(info.absoluteFilePath());
        db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=%1").arg(BusyTimeoutMs));
        if (!db.open())
            return sqlFailure(QStringLiteral("Cannot open %1").arg(shown), db.lastError());
    }
    if (auto ready = workspace->initialize(); !ready)
        return ready.error();
    return Result<std::unique_ptr<Workspace>>(std::move(workspace));
}

Result<void> Workspace::initialize()
{
    const QSqlDatabase db = connection(m_connectionName);
    const QString shown = QDir::toNativeSeparators(m_path);

    if (auto done = execSql(db, QStringLiteral("PRAGMA busy_timeout = %1").arg(BusyTimeoutMs)); !done)
        return done;
    // Identify the file before changing anything in it: a foreign database must be left untouched
    // (no WAL switch, no tables).
    const auto applicationId = scalar(db, QStringLiteral("PRAGMA application_id"));
    if (!applicationId) {
        // The first read of the file: SQLite reports SQLITE_NOTADB for foreign bytes behind a valid
        // header and SQLITE_CORRUPT ("malformed") for a damaged workspace.
        const QString reason = applicationId.errorMessage().section(QStringLiteral(": "), -1);
        if (reason.contains(QLatin1String("not a database")))
            return makeError(QStringLiteral("%1 is not a Bulkhead workspace: %2").arg(shown, reason));
        return makeError(QStringLiteral("%1 is damaged and cannot be read: %2").arg(shown, reason));
    }
    const auto tableCount = scalar(db, QStringLiteral("SELECT count(*) FROM sqlite_master"));
    if (!tableCount) {
        return makeError(QStringLiteral("%1 is damaged and cannot be read: %2")
                             .arg(shown, tableCount.errorMessage().section(QStringLiteral(": "), -1)));
    }
    const auto userVersion = scalar(db, QStringLiteral("PRAGMA user_version"));
    if (!userVersion)
        return userVersion.error();

    const qint64 appId = applicationId->toLongLong();
    const bool empty = tableCount->toLongLong() == 0;
    if (appId != ApplicationId && !(appId == 0 && empty)) {
        return makeError(
            QStringLiteral("%1 is not a Bulkhead workspace (a SQLite database of another application)").arg(shown));
    }
    if (userVersion->toInt() > SchemaVersion) {
        return makeError(QStringLiteral("%1 was written by a newer Bulkhead (workspace schema %2; this version "
                                        "reads up to %3). Open it with a newer Bulkhead.")
                             .arg(shown)
                             .arg(userVersion->toInt())
                             .arg(SchemaVersion));
    }
    if (!empty) {
        // quick_check is the O(N) subset of integrity_check (no index cross-checks): cheap enough to
        // run on every open, and it catches overwritten or truncated pages before we read them.
        QSqlQuery check(db);
        if (!check.exec(QStringLiteral("PRAGMA quick_check(5)")))
            return makeError(QStringLiteral("%1 is damaged: %2").arg(shown, describe(check.lastError())));
        QStringList problems;
        while (check.next()) {
            // One line for the user: drop SQLite's "*** in database main ***" banner lines.
            const QStringList lines = check.value(0).toString().split(QLatin1Char('\n'), Qt::SkipEmptyParts);
            for (const QString& line : lines) {
                if (!line.startsWith(QLatin1String("***")))
                    problems << line.trimmed();
            }
        }
        if (problems != QStringList{QStringLiteral("ok")}) {
            return makeError(QStringLiteral("%1 is damaged: the SQLite integrity check failed (%2). Restore it "
                                            "from a backup.")
                                 .arg(shown, problems.join(QStringLiteral("; "))));
        }
    }

    const auto journal = scalar(db, QStringLiteral("PRAGMA journal_mode = WAL"));
    if (!journal)
        return journal.error();
    if (journal->toString().compare(QLatin1String("wal"), Qt::CaseInsensitive) != 0) {
        return makeError(QStringLiteral("Cannot enable write-ahead logging on %1 (journal mode is %2)")
                             .arg(shown, journal->toString()));
    }
    // Evidence must survive a power cut once a write returned: FULL syncs the WAL on every commit.
    for (const char* pragma : {"PRAGMA synchronous = FULL", "PRAGMA foreign_keys = ON"}) {
        if (auto done = execSql(db, QLatin1String(pragma)); !done)
            return done;
    }
    if (auto migrated = migrate(); !migrated)
        return migrated;
    m_secretSalt = ensureSecretSalt(db);
    return {};
}

Result<void> Workspace::migrate()
{
    const QSqlDatabase db = connection(m_connectionName);
    auto current = scalar(db, QStringLiteral("PRAGMA user_version"));
    if (!current)
        return current.error();
    for (int target = current->toInt() + 1; target <= SchemaVersion; ++target) {
        WriteTransaction transaction(db);
        if (auto begun = transaction.begin(); !begun)
            return begun;
        // Another instance may have migrated between our read and our write lock.
        auto version = scalar(db, QStringLiteral("PRAGMA user_version"));
        if (!version)
            return version.error();
        if (version->toInt() >= target) {
            if (auto committed = transaction.commit(); !committed)
                return committed;
            continue;
        }
        if (auto migrated = Migrations.at(static_cast<std::size_t>(target - 1))(db); !migrated) {
            return makeError(QStringLiteral("Cannot upgrade the workspace to schema %1: %2")
                                 .arg(target)
                                 .arg(migrated.errorMessage()));
        }
        if (auto done = execSql(db, QStringLiteral("PRAGMA user_version = %1").arg(target)); !done)
            return done;
        if (auto committed = transaction.commit(); !committed)
            return committed;
    }
    auto version = scalar(db, QStringLiteral("PRAGMA user_version"));
    if (!version)
        return version.error();
    m_schemaVersion = version->toInt();
    return {};
}

QString Workspace::path() const
{
    return m_path;
}

int Workspace::schemaVersion() const
{
    return m_schemaVersion;
}

SecretSalt Workspace::secretSalt() const
{
    return m_secretSalt;
}

namespace {

// Inserts the host unless it exists; with a name, (re)names it: an inventory's name is what the
// user knows the machine by. Runs inside the caller's transaction.
Result<qint64> storeHost(const QSqlDatabase& db, const HostSpec& spec, const QString& name)
{
    QSqlQuery insert(db);
    insert.prepare(QStringLiteral("INSERT INTO hosts (user, address, port, name) VALUES (?, ?, ?, ?)"
                                  " ON CONFLICT (user, address, port) DO NOTHING"));
    insert.addBindValue(textValue(spec.user));
    insert.addBindValue(textValue(spec.address));
    insert.addBindValue(spec.port);
    insert.addBindValue(textValue(name.isEmpty() ? spec.displayName() : name));
    if (!insert.exec())
        return sqlFailure(QStringLiteral("Cannot store host %1").arg(spec.toString()), insert.lastError());
    QSqlQuery select(db);
    select.prepare(QStringLiteral("SELECT id FROM hosts WHERE user = ? AND address = ? AND port = ?"));
    select.addBindValue(textValue(spec.user));
    select.addBindValue(textValue(spec.address));
    select.addBindValue(spec.port);
    if (!select.exec() || !select.next())
        return sqlFailure(QStringLiteral("Cannot read host %1").arg(spec.toString()), select.lastError());
    const qint64 id = select.value(0).toLongLong();
    select.finish();
    if (!name.isEmpty()) {
        QSqlQuery rename(db);
        rename.prepare(QStringLiteral("UPDATE hosts SET name = ? WHERE id = ? AND name <> ?"));
        rename.addBindValue(name);
        rename.addBindValue(id);
        rename.addBindValue(name);
        if (!rename.exec())
            return sqlFailure(QStringLiteral("Cannot name host %1").arg(spec.toString()), rename.lastError());
    }
    if (auto logged = logChange(db, QStringLiteral("host.updated"), StateDigest::hostSubject(id),
                                QJsonObject{{QStringLiteral("host"), spec.toString()}}, ActivityLog::When::Changed);
        !logged)
        return logged.error();
    return id;
}

} // namespace

Result<qint64> Workspace::upsertHost(const HostSpec& spec)
{
    const QSqlDatabase db = connection(m_connectionName);
    WriteTransaction transaction(db);
    if (auto begun = transaction.begin(); !begun)
        return begun.error();
    Result<qint64> id = storeHost(db, spec, QString());
    if (!id)
        return id;
    if (auto committed = transaction.commit(); !committed)
        return committed.error();
    return id;
}

Result<QVector<HostRecord>> Workspace::hosts() const
{
    QSqlQuery query(connection(m_connectionName));
    if (!query.exec(QStringLiteral("SELECT h.id, h.user, h.address, h.port, h.name, z.name FROM hosts h"
                                   " LEFT JOIN zones z ON z.id = h.zone_id ORDER BY h.id")))
        return sqlFailure(QStringLiteral("Cannot read hosts"), query.lastError());
    QVector<HostRecord> hosts;
    while (query.next()) {
        HostRecord host;
        host.id = query.value(0).toLongLong();
        host.spec.user = query.value(1).toString();
        host.spec.address = query.value(2).toString();
        host.spec.port = query.value(3).toInt();
        host.name = query.value(4).toString();
        host.zone = query.value(5).toString();
        hosts.append(host);
    }
    return hosts;
}

Result<qint64> Workspace::upsertZone(const Zone& zone)
{
    const QSqlDatabase db = connection(m_connectionName);
    WriteTransaction transaction(db);
    if (auto begun = transaction.begin(); !begun)
        return begun.error();
    Result<qint64> id = storeZone(db, zone);
    if (!id)
        return id;
    if (auto committed = transaction.commit(); !committed)
        return committed.error();
    return id;
}

Result<QVector<Zone>> Workspace::zones() const
{
    QSqlQuery query(connection(m_connectionName));
    if (!query.exec(QStringLiteral("SELECT name, scope, rationale, approved_registries, approved_users,"
                                   " required_log_targets FROM zones ORDER BY name")))
        return sqlFailure(QStringLiteral("Cannot read zones"), query.lastError());
    QVector<Zone> zones;
    while (query.next()) {
        Zone zone;
        zone.name = query.value(0).toString();
        zone.scope = zoneScopeFromString(query.value(1).toString());
        zone.rationale = query.value(2).toString();
        zone.approvedRegistries = readJsonList(query.value(3));
        zone.approvedUsers = readJsonList(query.value(4));
        zone.requiredLogTargets = readJsonList(query.value(5));
        zones.append(zone);
    }
    return zones;
}

Result<void> Workspace::setHostZone(qint64 hostId, const QString& zoneName)
{
    const QSqlDatabase db = connection(m_connectionName);
    WriteTransaction transaction(db);
    if (auto begun = transaction.begin(); !begun)
        return begun;
    if (auto stored = storeHostZone(db, hostId, zoneName); !stored)
        return stored;
    return transaction.commit();
}

Result<QVector<qint64>> Workspace::applyInventory(const Inventory& inventory)
{
    const InventoryDiagnostics problems = inventory.validate();
    if (hasErrors(problems)) {
        return makeError(QStringLiteral("The inventory has errors and was not stored:\n%1")
                             .arg(diagnosticsText(problems, InventoryDiagnostic::Level::Error)));
    }
    const QSqlDatabase db = connection(m_connectionName);
    WriteTransaction transaction(db);
    if (auto begun = transaction.begin(); !begun)
        return begun.error();
    for (const Zone& zone : inventory.zones) {
        if (auto stored = storeZone(db, zone); !stored)
            return stored.error();
    }
    QVector<qint64> ids;
    for (const InventoryHost& host : inventory.hosts) {
        Result<qint64> id = storeHost(db, host.spec(), host.name);
        if (!id)
            return id.error();
        if (auto stored = storeHostZone(db, id.value(), host.zone); !stored)
            return stored.error();
        ids << id.value();
    }
    if (auto committed = transaction.commit(); !committed)
        return committed.error();
    return ids;
}

Result<qint64> Workspace::beginScan(const QString& tool, ScanKind kind)
{
    const QSqlDatabase db = connection(m_connectionName);
    WriteTransaction transaction(db);
    if (auto begun = transaction.begin(); !begun)
        return begun.error();
    QSqlQuery query(db);
    query.prepare(QStringLiteral("INSERT INTO scans (started_utc, state, tool, kind) VALUES (?, ?, ?, ?)"));
    query.addBindValue(timeValue(QDateTime::currentDateTimeUtc()));
    query.addBindValue(scanStateToString(ScanState::Running));
    query.addBindValue(textValue(tool));
    query.addBindValue(scanKindToString(kind));
    if (!query.exec())
        return sqlFailure(QStringLiteral("Cannot start a scan"), query.lastError());
    const qint64 id = query.lastInsertId().toLongLong();
    if (auto logged =
            logChange(db, QStringLiteral("scan.begun"), StateDigest::scanSubject(id),
                      QJsonObject{{QStringLiteral("tool"), tool}, {QStringLiteral("kind"), scanKindToString(kind)}});
        !logged)
        return logged.error();
    if (auto committed = transaction.commit(); !committed)
        return committed.error();
    return id;
}

Result<void> Workspace::finishScan(qint64 scanId, ScanState state)
{
    const QSqlDatabase db = connection(m_connectionName);
    WriteTransaction transaction(db);
    if (auto begun = transaction.begin(); !begun)
        return begun;
    QSqlQuery query(db);
    query.prepare(QStringLiteral("UPDATE scans SET finished_utc = ?, state = ? WHERE id = ?"));
    query.addBindValue(timeValue(QDateTime::currentDateTimeUtc()));
    query.addBindValue(scanStateToString(state));
    query.addBindValue(scanId);
    if (!query.exec())
        return sqlFailure(QStringLiteral("Cannot finish scan %1").arg(scanId), query.lastError());
    if (query.numRowsAffected() != 1)
        return makeError(QStringLiteral("There is no scan %1 in this workspace").arg(scanId));
    if (auto logged = logChange(db, QStringLiteral("scan.finished"), StateDigest::scanSubject(scanId),
                                QJsonObject{{QStringLiteral("state"), scanStateToString(state)}});
        !logged)
        return logged;
    return transaction.commit();
}

Result<QVector<ScanRecord>> Workspace::scans() const
{
    QSqlQuery query(connection(m_connectionName));
    if (!query.exec(QStringLiteral("SELECT id, started_utc, finished_utc, state, tool, kind FROM scans ORDER BY id")))
        return sqlFailure(QStringLiteral("Cannot read scans"), query.lastError());
    QVector<ScanRecord> scans;
    while (query.next()) {
        ScanRecord scan;
        scan.id = query.value(0).toLongLong();
        scan.startedUtc = readTime(query.value(1));
        scan.finishedUtc = readTime(query.value(2));
        scan.state = scanStateFromString(query.value(3).toString()).value_or(ScanState::Failed);
        scan.tool = query.value(4).toString();
        scan.kind = scanKindFromString(query.value(5).toString()).value_or(ScanKind::Scan);
        scans.append(scan);
    }
    return scans;
}

std::optional<qint64> Workspace::latestScanId() const
{
    QSqlQuery query(connection(m_connectionName));
    if (!query.exec(QStringLiteral("SELECT max(id) FROM scans WHERE kind = 'scan'")) || !query.next() ||
        query.value(0).isNull())
        return std::nullopt;
    return query.value(0).toLongLong();
}

Result<void> Workspace::setHostScan(const HostScanRecord& record)
{
    const QSqlDatabase db = connection(m_connectionName);
    WriteTransaction transaction(db);
    if (auto begun = transaction.begin(); !begun)
        return begun;
    QSqlQuery query(db);
    query.prepare(QStringLiteral(
        "INSERT INTO host_scans (scan_id, host_id, state, message, host_key_fingerprint, started_utc, finished_utc)"
        " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (scan_id, host_id) DO UPDATE SET state = excluded.state,"
        " message = excluded.message, host_key_fingerprint = excluded.host_key_fingerprint,"
        " started_utc = excluded.started_utc, finished_utc = excluded.finished_utc"));
    query.addBindValue(record.scanId);
    query.addBindValue(record.hostId);
    query.addBindValue(hostScanStateToString(record.state));
    query.addBindValue(textValue(record.message));
    query.addBindValue(textValue(record.hostKeyFingerprint));
    query.addBindValue(timeValue(record.startedUtc));
    query.addBindValue(timeValue(record.finishedUtc));
    if (!query.exec())
        return sqlFailure(QStringLiteral("Cannot record the scan state of host %1").arg(record.hostId),
                          query.lastError());
    if (auto logged = logChange(db, QStringLiteral("hostscan.updated"),
                                StateDigest::hostScanSubject(record.scanId, record.hostId),
                                QJsonObject{{QStringLiteral("state"), hostScanStateToString(record.state)},
                                            {QStringLiteral("host_key"), record.hostKeyFingerprint}},
                                ActivityLog::When::Changed);
        !logged)
        return logged;
    return transaction.commit();
}

Result<QVector<HostScanRecord>> Workspace::hostScans(qint64 scanId) const
{
    QSqlQuery query(connection(m_connectionName));
    query.prepare(QStringLiteral("SELECT s.scan_id, s.host_id, h.name, s.state, s.message, s.host_key_fingerprint,"
                                 " s.started_utc, s.finished_utc FROM host_scans s JOIN hosts h ON h.id = s.host_id"
                                 " WHERE s.scan_id = ? ORDER BY s.host_id"));
    query.addBindValue(scanId);
    if (!query.exec())
        return sqlFailure(QStringLiteral("Cannot read the hosts of scan %1").arg(scanId), query.lastError());
    QVector<HostScanRecord> records;
    while (query.next()) {
        HostScanRecord record;
        record.scanId = query.value(0).toLongLong();
        record.hostId = query.value(1).toLongLong();
        record.hostName = query.value(2).toString();
        record.state = hostScanStateFromString(query.value(3).toString()).value_or(HostScanState::Failed);
        record.message = query.value(4).toString();
        record.hostKeyFingerprint = query.value(5).toString();
        record.startedUtc = readTime(query.value(6));
        record.finishedUtc = readTime(query.value(7));
        records.append(record);
    }
    return records;
}

Result<qint64> Workspace::addArtifact(const Artifact& artifact)
{
    const QString digest = sha256Hex(artifact.output);
    // The stored hash is a promise about the stored bytes: refuse one that does not hold.
    if (!artifact.sha256.isEmpty() && artifact.sha256.compare(digest, Qt::CaseInsensitive) != 0) {
        return makeError(QStringLiteral("Artifact %1: the given sha256 does not match its output (expected %2)")
                             .arg(artifact.probe, digest));
    }
    const QSqlDatabase db = connection(m_connectionName);
    WriteTransaction transaction(db);
    if (auto begun = transaction.begin(); !begun)
        return begun.error();
    QSqlQuery query(db);
    query.prepare(QStringLiteral("INSERT INTO artifacts (scan_id, host_id, probe, command, output, error_output,"
                                 " exit_status, exit_signal, truncated, timed_out, started_utc, finished_utc, sha256,"
                                 " redactions) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    query.addBindValue(artifact.scanId);
    query.addBindValue(artifact.hostId);
    query.addBindValue(textValue(artifact.probe));
    query.addBindValue(textValue(artifact.command));
    query.addBindValue(blobValue(artifact.output));
    query.addBindValue(blobValue(artifact.errorOutput));
    query.addBindValue(artifact.exitStatus);
    query.addBindValue(textValue(artifact.exitSignal));
    query.addBindValue(artifact.truncated ? 1 : 0);
    query.addBindValue(artifact.timedOut ? 1 : 0);
    query.addBindValue(timeValue(artifact.startedUtc));
    query.addBindValue(timeValue(artifact.finishedUtc));
    query.addBindValue(digest);
    query.addBindValue(artifact.redactions);
    if (!query.exec())
        return sqlFailure(QStringLiteral("Cannot store artifact %1").arg(artifact.probe), query.lastError());
    const qint64 id = query.lastInsertId().toLongLong();
    if (auto logged = logChange(db, QStringLiteral("artifact.stored"), StateDigest::artifactSubject(id),
                                QJsonObject{{QStringLiteral("probe"), artifact.probe},
                                            {QStringLiteral("scan"), artifact.scanId},
                                            {QStringLiteral("host"), artifact.hostId},
                                            {QStringLiteral("sha256"), digest}});
        !logged)
        return logged.error();
    if (auto committed = transaction.commit(); !committed)
        return committed.error();
    return id;
}

Result<Artifact> Workspace::artifact(qint64 id) const
{
    QSqlQuery query(connection(m_connectionName));
    query.prepare(QStringLiteral("SELECT %1 FROM artifacts WHERE id = ?").arg(QLatin1String(ArtifactColumns)));
    query.addBindValue(id);
    if (!query.exec())
        return sqlFailure(QStringLiteral("Cannot read artifact %1").arg(id), query.lastError());
    if (!query.next())
        return makeError(QStringLiteral("There is no artifact %1 in this workspace").arg(id));
    return readArtifactRow(query);
}

Result<QVector<Artifact>> Workspace::artifacts(qint64 scanId, qint64 hostId) const
{
    QSqlQuery query(connection(m_connectionName));
    query.prepare(QStringLiteral("SELECT %1 FROM artifacts WHERE scan_id = ? AND host_id = ? ORDER BY id")
                      .arg(QLatin1String(ArtifactColumns)));
    query.addBindValue(scanId);
    query.addBindValue(hostId);
    if (!query.exec())
        return sqlFailure(QStringLiteral("Cannot read the artifacts of scan %1").arg(scanId), query.lastError());
    QVector<Artifact> artifacts;
    while (query.next())
        artifacts.append(readArtifactRow(query));
    return artifacts;
}

Result<QVector<ArtifactInfo>> Workspace::artifactIndex(std::optional<qint64> scanId) const
{
    QSqlQuery query(connection(m_connectionName));
    const QString sql =
        QStringLiteral("SELECT a.id, a.scan_id, a.host_id, h.name, a.probe, a.command, a.exit_status, a.started_utc,"
                       " a.finished_utc, a.sha256, length(a.output) FROM artifacts a JOIN hosts h ON h.id = a.host_id%1"
                       " ORDER BY a.id");
    query.prepare(sql.arg(scanId ? QStringLiteral(" WHERE a.scan_id = ?") : QString()));
    if (scanId)
        query.addBindValue(*scanId);
    if (!query.exec())
        return sqlFailure(QStringLiteral("Cannot read the artifact index"), query.lastError());
    QVector<ArtifactInfo> index;
    while (query.next()) {
        ArtifactInfo info;
        info.id = query.value(0).toLongLong();
        info.scanId = query.value(1).toLongLong();
        info.hostId = query.value(2).toLongLong();
        info.hostName = query.value(3).toString();
        info.probe = query.value(4).toString();
        info.command = query.value(5).toString();
        info.exitStatus = query.value(6).toInt();
        info.startedUtc = readTime(query.value(7));
        info.finishedUtc = readTime(query.value(8));
        info.sha256 = query.value(9).toString();
        info.size = query.value(10).toLongLong();
        index.append(info);
    }
    return index;
}

Result<void> Workspace::replaceFindings(qint64 scanId, qint64 hostId, const QVector<Finding>& findings)
{
    const QSqlDatabase db = connection(m_connectionName);
    WriteTransaction transaction(db);
    if (auto begun = transaction.begin(); !begun)
        return begun;
    {
        QSqlQuery remove(db);
        remove.prepare(QStringLiteral("DELETE FROM finding_evidence WHERE finding_id IN"
                                      " (SELECT id FROM findings WHERE scan_id = ? AND host_id = ?)"));
        remove.addBindValue(scanId);
        remove.addBindValue(hostId);
        if (!remove.exec())
            return sqlFailure(QStringLiteral("Cannot replace findings"), remove.lastError());
        remove.prepare(QStringLiteral("DELETE FROM findings WHERE scan_id = ? AND host_id = ?"));
        remove.addBindValue(scanId);
        remove.addBindValue(hostId);
        if (!remove.exec())
            return sqlFailure(QStringLiteral("Cannot replace findings"), remove.lastError());
    }
    QSqlQuery insert(db);
    insert.prepare(QStringLiteral("INSERT INTO findings (scan_id, host_id, check_id, subject_kind, subject_id,"
                                  " subject_name, status, expected, actual, message)"
                                  " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    QSqlQuery evidence(db);
    evidence.prepare(QStringLiteral("INSERT INTO finding_evidence (finding_id, seq, artifact_id, locator, excerpt)"
                                    " VALUES (?, ?, ?, ?, ?)"));
    for (const Finding& finding : findings) {
        insert.addBindValue(scanId);
        insert.addBindValue(hostId);
        insert.addBindValue(textValue(finding.checkId));
        insert.addBindValue(subjectKindToString(finding.subject.kind));
        insert.addBindValue(textValue(finding.subject.id));
        insert.addBindValue(textValue(finding.subject.name));
        insert.addBindValue(statusToString(finding.status));
        insert.addBindValue(textValue(finding.expected));
        insert.addBindValue(textValue(finding.actual));
        insert.addBindValue(textValue(finding.message));
        if (!insert.exec())
            return sqlFailure(QStringLiteral("Cannot store finding %1").arg(finding.checkId), insert.lastError());
        const qint64 findingId = insert.lastInsertId().toLongLong();
        for (qsizetype i = 0; i < finding.evidence.size(); ++i) {
            const EvidenceRef& ref = finding.evidence.at(i);
            evidence.addBindValue(findingId);
            evidence.addBindValue(static_cast<qint64>(i));
            evidence.addBindValue(ref.artifactId);
            evidence.addBindValue(textValue(ref.locator));
            evidence.addBindValue(textValue(ref.excerpt));
            if (!evidence.exec())
                return sqlFailure(QStringLiteral("Cannot store the evidence of finding %1").arg(finding.checkId),
                                  evidence.lastError());
        }
    }
    if (auto logged = logChange(db, QStringLiteral("findings.replaced"), StateDigest::findingsSubject(scanId, hostId),
                                QJsonObject{{QStringLiteral("findings"), static_cast<qint64>(findings.size())}});
        !logged)
        return logged;
    return transaction.commit();
}

Result<QVector<Finding>> Workspace::findings(std::optional<qint64> scanId, bool withEvidence) const
{
    // One statement, so findings and their evidence come from one snapshot even while a scan
    // worker writes through its own connection. Read through SQLite's own interface: a fleet's
    // latest scan is 300,000 findings (SqliteReader).
    const QString scope = scanId ? QStringLiteral("f.scan_id = ?1")
                                 : QStringLiteral("f.scan_id = (SELECT max(l.scan_id) FROM findings l"
                                                  " WHERE l.host_id = f.host_id)");
    const QString evidence = withEvidence ? QStringLiteral("e.artifact_id, e.locator, e.excerpt, a.sha256")
                                          : QStringLiteral("NULL, NULL, NULL, NULL");
    const QString joins = withEvidence ? QStringLiteral(" LEFT JOIN finding_evidence e ON e.finding_id = f.id"
                                                        " LEFT JOIN artifacts a ON a.id = e.artifact_id")
                                       : QString();
    auto query = SqliteReader::prepare(
        connection(m_connectionName),
        QStringLiteral("SELECT f.id, f.scan_id, f.host_id, h.name, f.check_id, f.subject_kind,"
                       " f.subject_id, f.subject_name, f.status, f.expected, f.actual, f.message, %1"
                       " FROM findings f JOIN hosts h ON h.id = f.host_id%2"
                       " WHERE %3 ORDER BY f.host_id, f.scan_id, f.id%4")
            .arg(evidence, joins, scope, withEvidence ? QStringLiteral(", e.seq") : QString()));
    if (!query)
        return makeError(QStringLiteral("Cannot read findings: %1").arg(query.errorMessage()));
    if (scanId) {
        if (auto bound = query->bind(1, *scanId); !bound)
            return makeError(QStringLiteral("Cannot read findings: %1").arg(bound.errorMessage()));
    }
    QVector<Finding> findings;
    StringPool pool; // texts repeat across findings: each is held once
    while (true) {
        auto row = query->next();
        if (!row)
            return makeError(QStringLiteral("Cannot read findings: %1").arg(row.errorMessage()));
        if (!row.value())
            break;
        const SqliteReader& r = query.value();
        const qint64 id = r.int64(0);
        if (findings.isEmpty() || findings.constLast().id != id) {
            Finding finding;
            finding.id = id;
            finding.scanId = r.int64(1);
            finding.hostId = r.int64(2);
            finding.hostName = r.text(3, &pool);
            finding.checkId = r.text(4, &pool);
            finding.subject.kind = subjectKindFromString(r.text(5, &pool)).value_or(SubjectKind::Host);
            finding.subject.id = r.text(6, &pool);
            finding.subject.name = r.text(7, &pool);
            finding.status = statusFromString(r.text(8, &pool)).value_or(Status::Error);
            finding.expected = r.text(9, &pool);
            finding.actual = r.text(10, &pool);
            finding.message = r.text(11, &pool);
            findings.append(std::move(finding));
        }
        if (!r.isNull(12)) {
            EvidenceRef ref;
            ref.artifactId = r.int64(12);
            ref.locator = r.text(13);
            ref.excerpt = r.text(14);
            ref.sha256 = r.text(15, &pool);
            findings.last().evidence.append(ref);
        }
    }
    return findings;
}

Result<QVector<EvidenceRef>> Workspace::evidenceOf(qint64 findingId) const
{
    QSqlQuery query(connection(m_connectionName));
    query.prepare(
        QStringLiteral("SELECT e.artifact_id, e.locator, e.excerpt, a.sha256 FROM finding_evidence e"
                       " LEFT JOIN artifacts a ON a.id = e.artifact_id WHERE e.finding_id = ? ORDER BY e.seq"));
    query.addBindValue(findingId);
    if (!query.exec())
        return sqlFailure(QStringLiteral("Cannot read the evidence of finding %1").arg(findingId), query.lastError());
    QVector<EvidenceRef> refs;
    while (query.next())
        refs << EvidenceRef{query.value(0).toLongLong(), query.value(1).toString(), query.value(2).toString(),
                            query.value(3).toString()};
    return refs;
}

Result<QVector<FindingHistoryEntry>> Workspace::findingHistory(const Finding& finding) const
{
    QSqlQuery query(connection(m_connectionName));
    query.prepare(
        QStringLiteral("SELECT f.id, f.scan_id, s.started_utc, f.status, f.actual, f.subject_id, f.subject_name"
                       " FROM findings f JOIN scans s ON s.id = f.scan_id"
                       " WHERE f.host_id = ? AND f.check_id = ? AND f.subject_kind = ?"
                       " ORDER BY f.scan_id, f.id"));
    query.addBindValue(finding.hostId);
    query.addBindValue(finding.checkId);
    query.addBindValue(subjectKindToString(finding.subject.kind));
    if (!query.exec())
        return sqlFailure(QStringLiteral("Cannot read the history of a finding"), query.lastError());
    const bool byName = !finding.subject.name.isEmpty();
    QVector<FindingHistoryEntry> history;
    while (query.next()) {
        const QString identity = byName ? query.value(6).toString() : query.value(5).toString();
        if (identity != (byName ? finding.subject.name : finding.subject.id))
            continue;
        FindingHistoryEntry entry;
        entry.findingId = query.value(0).toLongLong();
        entry.scanId = query.value(1).toLongLong();
        entry.scanStartedUtc = readTime(query.value(2));
        entry.status = statusFromString(query.value(3).toString()).value_or(Status::Error);
        entry.actual = query.value(4).toString();
        history << entry;
    }
    return history;
}

Result<QVector<Workspace::ScanCounts>> Workspace::scanStatusCounts() const
{
    QSqlQuery query(connection(m_connectionName));
    query.setForwardOnly(true);
    if (!query.exec(QStringLiteral("SELECT s.id, s.started_utc, f.status, count(*) FROM scans s"
                                   " JOIN findings f ON f.scan_id = s.id WHERE s.kind = 'scan'"
                                   " GROUP BY s.id, f.status ORDER BY s.started_utc, s.id")))
        return sqlFailure(QStringLiteral("Cannot count the findings per scan"), query.lastError());
    QVector<ScanCounts> counts;
    while (query.next()) {
        const qint64 scanId = query.value(0).toLongLong();
        if (counts.isEmpty() || counts.constLast().scanId != scanId)
            counts.append(ScanCounts{scanId, readTime(query.value(1)), {}});
        if (const auto status = statusFromString(query.value(2).toString()))
            counts.last().byStatus[*status] += query.value(3).toInt();
    }
    return counts;
}

Result<QString> Workspace::integrityCheck() const
{
    QSqlQuery query(connection(m_connectionName));
    if (!query.exec(QStringLiteral("PRAGMA integrity_check")))
        return sqlFailure(QStringLiteral("The integrity check could not run"), query.lastError());
    QStringList lines;
    while (query.next())
        lines << query.value(0).toString();
    return lines.join(QLatin1Char('\n'));
}

Result<void> Workspace::setZoneBaseline(const QString& zoneName, const ZoneBaseline& baseline)
{
    const QSqlDatabase db = connection(m_connectionName);
    WriteTransaction transaction(db);
    if (auto begun = transaction.begin(); !begun)
        return begun;
    QSqlQuery query(db);
    query.prepare(
        QStringLiteral("INSERT INTO zone_baselines (zone_id, scan_id, processes, sockets, accepted_utc, accepted_by)"
                       " SELECT id, ?, ?, ?, ?, ? FROM zones WHERE name = ? ON CONFLICT (zone_id) DO UPDATE SET"
                       " scan_id = excluded.scan_id, processes = excluded.processes, sockets = excluded.sockets,"
                       " accepted_utc = excluded.accepted_utc, accepted_by = excluded.accepted_by"));
    query.addBindValue(baseline.scanId);
    query.addBindValue(jsonList(baseline.processes));
    query.addBindValue(jsonList(baseline.sockets));
    query.addBindValue(
        timeValue(baseline.acceptedUtc.isValid() ? baseline.acceptedUtc : QDateTime::currentDateTimeUtc()));
    query.addBindValue(textValue(baseline.acceptedBy.isEmpty() ? ActivityLog::currentActor() : baseline.acceptedBy));
    query.addBindValue(zoneName);
    if (!query.exec())
        return sqlFailure(QStringLiteral("Cannot store the baseline of zone %1").arg(zoneName), query.lastError());
    if (query.numRowsAffected() != 1)
        return makeError(QStringLiteral("There is no zone '%1' in this workspace").arg(zoneName));
    if (auto logged =
            logChange(db, QStringLiteral("baseline.accepted"), StateDigest::baselineSubject(zoneName),
                      QJsonObject{{QStringLiteral("zone"), zoneName},
                                  {QStringLiteral("scan"), baseline.scanId},
                                  {QStringLiteral("processes"), static_cast<qint64>(baseline.processes.size())},
                                  {QStringLiteral("sockets"), static_cast<qint64>(baseline.sockets.size())}});
        !logged)
        return logged;
    return transaction.commit();
}

Result<std::optional<ZoneBaseline>> Workspace::zoneBaseline(const QString& zoneName) const
{
    QSqlQuery query(connection(m_connectionName));
    query.prepare(QStringLiteral("SELECT b.scan_id, b.processes, b.sockets, b.accepted_utc, b.accepted_by"
                                 " FROM zone_baselines b JOIN zones z ON z.id = b.zone_id WHERE z.name = ?"));
    query.addBindValue(zoneName);
    if (!query.exec())
        return sqlFailure(QStringLiteral("Cannot read the baseline of zone %1").arg(zoneName), query.lastError());
    if (!query.next())
        return std::optional<ZoneBaseline>();
    ZoneBaseline baseline;
    baseline.scanId = query.value(0).toLongLong();
    baseline.processes = readJsonList(query.value(1));
    baseline.sockets = readJsonList(query.value(2));
    baseline.acceptedUtc = readTime(query.value(3));
    baseline.acceptedBy = query.value(4).toString();
    return std::optional<ZoneBaseline>(baseline);
}

Result<ZonePolicy> Workspace::policyForHost(qint64 hostId) const
{
    ZonePolicy policy;
    auto allZones = zones();
    if (!allZones)
        return allZones.error();
    policy.zones = allZones.value();
    QSqlQuery query(connection(m_connectionName));
    query.prepare(QStringLiteral("SELECT z.name FROM hosts h JOIN zones z ON z.id = h.zone_id WHERE h.id = ?"));
    query.addBindValue(hostId);
    if (!query.exec())
        return sqlFailure(QStringLiteral("Cannot read the zone of host %1").arg(hostId), query.lastError());
    if (!query.next())
        return policy; // in no zone
    const QString zoneName = query.value(0).toString();
    if (const Zone* zone = policy.findZone(zoneName))
        policy.zone = *zone;
    auto baseline = zoneBaseline(zoneName);
    if (!baseline)
        return baseline.error();
    policy.baseline = baseline.value();
    return policy;
}

Result<QVector<ActivityEntry>> Workspace::activity() const
{
    return ActivityLog::entries(connection(m_connectionName));
}

Result<VerifyReport> Workspace::verify() const
{
    return ActivityLog::verify(connection(m_connectionName));
}

namespace {

Waiver readWaiverRow(const QSqlQuery& query)
{
    Waiver waiver;
    waiver.id = query.value(0).toLongLong();
    waiver.checkId = query.value(1).toString();
    waiver.scope = waiverScopeFromString(query.value(2).toString()).value_or(WaiverScope::Host);
    waiver.target = query.value(3).toString();
    waiver.justification = query.value(4).toString();
    waiver.approver = query.value(5).toString();
    waiver.risk = query.value(6).toString();
    waiver.compensatingControl = query.value(7).toString();
    waiver.createdUtc = readTime(query.value(8));
    waiver.createdBy = query.value(9).toString();
    waiver.expiresUtc = readTime(query.value(10));
    waiver.revokedUtc = readTime(query.value(11));
    return waiver;
}

} // namespace

Result<qint64> Workspace::addWaiver(const Waiver& waiver)
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    if (auto valid = waiver.validate(now); !valid)
        return valid.error();
    const QSqlDatabase db = connection(m_connectionName);
    WriteTransaction transaction(db);
    if (auto begun = transaction.begin(); !begun)
        return begun.error();
    QSqlQuery query(db);
    query.prepare(QStringLiteral("INSERT INTO waivers (check_id, scope, target, justification, approver, risk,"
                                 " compensating_control, created_utc, created_by, expires_utc)"
                                 " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    query.addBindValue(waiver.checkId);
    query.addBindValue(waiverScopeToString(waiver.scope));
    query.addBindValue(waiver.target);
    query.addBindValue(waiver.justification);
    query.addBindValue(waiver.approver);
    query.addBindValue(waiver.risk);
    query.addBindValue(textValue(waiver.compensatingControl));
    query.addBindValue(timeValue(now));
    query.addBindValue(ActivityLog::currentActor());
    query.addBindValue(timeValue(waiver.expiresUtc));
    if (!query.exec())
        return sqlFailure(QStringLiteral("Cannot store the waiver"), query.lastError());
    const qint64 id = query.lastInsertId().toLongLong();
    if (auto logged = logChange(db, QStringLiteral("waiver.granted"), StateDigest::waiverSubject(id),
                                QJsonObject{{QStringLiteral("check"), waiver.checkId},
                                            {QStringLiteral("scope"), waiverScopeToString(waiver.scope)},
                                            {QStringLiteral("target"), waiver.target},
                                            {QStringLiteral("approver"), waiver.approver},
                                            {QStringLiteral("expires"), timeValue(waiver.expiresUtc).toString()}});
        !logged)
        return logged.error();
    if (auto committed = transaction.commit(); !committed)
        return committed.error();
    return id;
}

namespace {

// Marks a waiver or an attestation revoked (never deleted: what it said stays on record) and logs it.
// `revokedBy`: the table keeps who revoked it in a column of its own (the log records the actor anyway).
Result<void> revokeRow(const QSqlDatabase& db, const QString& table, const QString& what, const QString& subject,
                       qint64 id, bool revokedBy)
{
    WriteTransaction transaction(db);
    if (auto begun = transaction.begin(); !begun)
        return begun;
    QSqlQuery query(db);
    query.prepare(QStringLiteral("UPDATE %1 SET revoked_utc = ?%2 WHERE id = ? AND revoked_utc IS NULL")
                      .arg(table, revokedBy ? QStringLiteral(", revoked_by = ?") : QString()));
    query.addBindValue(timeValue(QDateTime::currentDateTimeUtc()));
    if (revokedBy)
        query.addBindValue(ActivityLog::currentActor());
    query.addBindValue(id);
    if (!query.exec())
        return sqlFailure(QStringLiteral("Cannot revoke %1 %2").arg(what).arg(id), query.lastError());
    if (query.numRowsAffected() != 1)
        return makeError(QStringLiteral("There is no %1 %2 in force in this workspace").arg(what).arg(id));
    if (auto logged = logChange(db, what + QStringLiteral(".revoked"), subject); !logged)
        return logged;
    return transaction.commit();
}

} // namespace

Result<void> Workspace::revokeWaiver(qint64 id)
{
    return revokeRow(connection(m_connectionName), QStringLiteral("waivers"), QStringLiteral("waiver"),
                     StateDigest::waiverSubject(id), id, true);
}

Result<void> Workspace::revokeAttestation(qint64 id)
{
    return revokeRow(connection(m_connectionName), QStringLiteral("attestations"), QStringLiteral("attestation"),
                     StateDigest::attestationSubject(id), id, false);
}

Result<QVector<Waiver>> Workspace::waivers() const
{
    QSqlQuery query(connection(m_connectionName));
    if (!query.exec(QStringLiteral("SELECT id, check_id, scope, target, justification, approver, risk,"
                                   " compensating_control, created_utc, created_by, expires_utc, revoked_utc"
                                   " FROM waivers ORDER BY id")))
        return sqlFailure(QStringLiteral("Cannot read the waivers"), query.lastError());
    QVector<Waiver> list;
    while (query.next())
        list << readWaiverRow(query);
    return list;
}

Result<qint64> Workspace::addAttestation(const Attestation& attestation, const QStringList& attachmentFiles)
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    if (auto valid = attestation.validate(now); !valid)
        return valid.error();
    // Read every file first: a missing one stores nothing.
    QVector<std::pair<QString, QByteArray>> files;
    for (const QString& path : attachmentFiles) {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            return makeError(
                QStringLiteral("Cannot read %1: %2").arg(QDir::toNativeSeparators(path), file.errorString()));
        files.append({QFileInfo(path).fileName(), file.readAll()});
    }
    const QSqlDatabase db = connection(m_connectionName);
    WriteTransaction transaction(db);
    if (auto begun = transaction.begin(); !begun)
        return begun.error();
    QSqlQuery query(db);
    query.prepare(QStringLiteral("INSERT INTO attestations (check_id, zone_wide, target, status, justification,"
                                 " auditor, reviewer, attested_utc, expires_utc) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    query.addBindValue(attestation.checkId);
    query.addBindValue(attestation.zoneWide ? 1 : 0);
    query.addBindValue(attestation.target);
    query.addBindValue(statusToString(attestation.status));
    query.addBindValue(attestation.justification);
    query.addBindValue(attestation.auditor);
    query.addBindValue(attestation.reviewer);
    query.addBindValue(timeValue(now));
    query.addBindValue(timeValue(attestation.expiresUtc));
    if (!query.exec())
        return sqlFailure(QStringLiteral("Cannot store the attestation"), query.lastError());
    const qint64 id = query.lastInsertId().toLongLong();
    const QString subject = StateDigest::attestationSubject(id);
    QSqlQuery attach(db);
    attach.prepare(QStringLiteral("INSERT INTO attachments (subject, file_name, bytes, sha256, note, added_utc,"
                                  " added_by) VALUES (?, ?, ?, ?, '', ?, ?)"));
    for (const auto& [name, bytes] : std::as_const(files)) {
        attach.addBindValue(subject);
        attach.addBindValue(name);
        attach.addBindValue(blobValue(bytes));
        attach.addBindValue(sha256Hex(bytes));
        attach.addBindValue(timeValue(now));
        attach.addBindValue(ActivityLog::currentActor());
        if (!attach.exec())
            return sqlFailure(QStringLiteral("Cannot store attachment %1").arg(name), attach.lastError());
        const qint64 attachmentId = attach.lastInsertId().toLongLong();
        if (auto logged =
                logChange(db, QStringLiteral("attachment.added"), StateDigest::attachmentSubject(attachmentId),
                          QJsonObject{{QStringLiteral("to"), subject},
                                      {QStringLiteral("file"), name},
                                      {QStringLiteral("sha256"), sha256Hex(bytes)}});
            !logged)
            return logged.error();
    }
    if (auto logged = logChange(db, QStringLiteral("attestation.recorded"), subject,
                                QJsonObject{{QStringLiteral("check"), attestation.checkId},
                                            {QStringLiteral("target"), attestation.target},
                                            {QStringLiteral("status"), statusToString(attestation.status)},
                                            {QStringLiteral("auditor"), attestation.auditor},
                                            {QStringLiteral("reviewer"), attestation.reviewer}});
        !logged)
        return logged.error();
    if (auto committed = transaction.commit(); !committed)
        return committed.error();
    return id;
}

Result<QVector<Attestation>> Workspace::attestations() const
{
    QSqlQuery query(connection(m_connectionName));
    if (!query.exec(QStringLiteral("SELECT id, check_id, zone_wide, target, status, justification, auditor, reviewer,"
                                   " attested_utc, expires_utc, revoked_utc FROM attestations ORDER BY id")))
        return sqlFailure(QStringLiteral("Cannot read the attestations"), query.lastError());
    QVector<Attestation> list;
    while (query.next()) {
        Attestation attestation;
        attestation.id = query.value(0).toLongLong();
        attestation.checkId = query.value(1).toString();
        attestation.zoneWide = query.value(2).toBool();
        attestation.target = query.value(3).toString();
        attestation.status = statusFromString(query.value(4).toString()).value_or(Status::Fail);
        attestation.justification = query.value(5).toString();
        attestation.auditor = query.value(6).toString();
        attestation.reviewer = query.value(7).toString();
        attestation.attestedUtc = readTime(query.value(8));
        attestation.expiresUtc = readTime(query.value(9));
        attestation.revokedUtc = readTime(query.value(10));
        list << attestation;
    }
    return list;
}

namespace {

Result<QVector<Attachment>> readAttachments(QSqlQuery& query)
{
    if (!query.exec())
        return sqlFailure(QStringLiteral("Cannot read the attachments"), query.lastError());
    QVector<Attachment> list;
    while (query.next()) {
        Attachment attachment;
        attachment.id = query.value(0).toLongLong();
        attachment.subject = query.value(1).toString();
        attachment.fileName = query.value(2).toString();
        attachment.sha256 = query.value(3).toString();
        attachment.size = query.value(4).toLongLong();
        attachment.note = query.value(5).toString();
        attachment.addedUtc = readTime(query.value(6));
        attachment.addedBy = query.value(7).toString();
        list << attachment;
    }
    return list;
}

const char* const AttachmentColumns = "SELECT id, subject, file_name, sha256, length(bytes), note, added_utc, added_by"
                                      " FROM attachments";

} // namespace

Result<QVector<Attachment>> Workspace::attachments(const QString& subject) const
{
    QSqlQuery query(connection(m_connectionName));
    query.prepare(QString::fromLatin1(AttachmentColumns) + QStringLiteral(" WHERE subject = ? ORDER BY id"));
    query.addBindValue(subject);
    return readAttachments(query);
}

Result<QVector<Attachment>> Workspace::allAttachments() const
{
    QSqlQuery query(connection(m_connectionName));
    query.prepare(QString::fromLatin1(AttachmentColumns) + QStringLiteral(" ORDER BY id"));
    return readAttachments(query);
}

Result<QByteArray> Workspace::attachmentBytes(qint64 id) const
{
    QSqlQuery query(connection(m_connectionName));
    query.prepare(QStringLiteral("SELECT bytes FROM attachments WHERE id = ?"));
    query.addBindValue(id);
    if (!query.exec())
        return sqlFailure(QStringLiteral("Cannot read attachment %1").arg(id), query.lastError());
    if (!query.next())
        return makeError(QStringLiteral("There is no attachment %1 in this workspace").arg(id));
    return query.value(0).toByteArray();
}

namespace {

// "20.0 MiB": sizes in the messages of evidence that is too large.
QString mebibytes(qint64 bytes)
{
    return QStringLiteral("%1 MiB").arg(static_cast<double>(bytes) / (1024.0 * 1024.0), 0, 'f', 1);
}

Result<void> checkEvidenceSize(const QString& name, qint64 size)
{
    if (size <= Workspace::MaxEvidenceBytes)
        return {};
    return makeError(QStringLiteral("%1 is %2; an attachment may be at most %3")
                         .arg(DisplayText::quoted(name, 120), mebibytes(size), mebibytes(Workspace::MaxEvidenceBytes)));
}

} // namespace

Result<qint64> Workspace::addNote(const EvidenceSubject& subject, const QString& text, const QString& author)
{
    if (text.trimmed().isEmpty())
        return makeError(QStringLiteral("A note needs text"));
    auto ids = addEvidence(subject, {}, text, author);
    if (!ids)
        return ids.error();
    return ids->constFirst();
}

Result<qint64> Workspace::attachEvidence(const EvidenceSubject& subject, const QString& fileName,
                                         const QByteArray& bytes, const QString& note, const QString& author)
{
    auto ids = addEvidence(subject, {EvidenceFile{fileName, bytes}}, note, author);
    if (!ids)
        return ids.error();
    return ids->constFirst();
}

Result<QVector<qint64>> Workspace::attachEvidenceFiles(const EvidenceSubject& subject, const QStringList& paths,
                                                       const QString& note, const QString& author)
{
    if (paths.isEmpty())
        return makeError(QStringLiteral("No file to attach"));
    QVector<EvidenceFile> files;
    for (const QString& path : paths) {
        const QFileInfo info(path);
        // Said before reading: a 4 GB file is refused without being read into memory.
        if (info.isFile()) {
            if (auto fits = checkEvidenceSize(QDir::toNativeSeparators(path), info.size()); !fits)
                return fits.error();
        }
        const QString shown = DisplayText::quoted(QDir::toNativeSeparators(path), 200);
        if (!info.exists())
            return makeError(QStringLiteral("Cannot read %1: no such file").arg(shown));
        if (!info.isFile())
            return makeError(QStringLiteral("Cannot attach %1: not a file").arg(shown));
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            return makeError(QStringLiteral("Cannot read %1: %2").arg(shown, file.errorString()));
        QByteArray bytes = file.read(MaxEvidenceBytes + 1);
        if (auto fits = checkEvidenceSize(QDir::toNativeSeparators(path), bytes.size()); !fits)
            return fits.error();
        files.append(EvidenceFile{info.fileName(), std::move(bytes)});
    }
    return addEvidence(subject, files, note, author);
}

Result<QVector<qint64>> Workspace::addEvidence(const EvidenceSubject& subject, const QVector<EvidenceFile>& files,
                                               const QString& note, const QString& author)
{
    const QString key = subject.format();
    if (auto parsed = EvidenceSubject::parse(key); !parsed || !(parsed.value() == subject))
        return makeError(parsed ? QStringLiteral("Not an evidence subject: %1").arg(DisplayText::shown(key, 200))
                                : parsed.errorMessage());
    const QString who = author.trimmed();
    if (who.isEmpty())
        return makeError(QStringLiteral("Evidence needs an author"));
    if (who.size() > 200 || who.contains(QLatin1Char('\n')))
        return makeError(QStringLiteral("The author is one line of at most 200 characters"));
    if (note.size() > MaxNoteChars)
        return makeError(QStringLiteral("A note is at most %1 characters").arg(MaxNoteChars));
    QVector<EvidenceFile> named;
    for (const EvidenceFile& file : files) {
        // The name it had, without folders (a path from another system may use either separator).
        const QString name = file.name.section(QLatin1Char('/'), -1).section(QLatin1Char('\\'), -1);
        if (name.isEmpty() || name.size() > 255)
            return makeError(QStringLiteral("An attached file needs a name of at most 255 characters"));
        if (auto fits = checkEvidenceSize(name, file.bytes.size()); !fits)
            return fits.error();
        named.append(EvidenceFile{name, file.bytes});
    }
    if (named.isEmpty()) {
        if (note.trimmed().isEmpty())
            return makeError(QStringLiteral("A note needs text"));
        named.append(EvidenceFile{}); // a note: a row without a file
    }

    const QSqlDatabase db = connection(m_connectionName);
    WriteTransaction transaction(db);
    if (auto begun = transaction.begin(); !begun)
        return begun.error();
    const QDateTime now = QDateTime::currentDateTimeUtc();
    QSqlQuery insert(db);
    insert.prepare(QStringLiteral("INSERT INTO attachments (subject, file_name, bytes, sha256, note, added_utc,"
                                  " added_by) VALUES (?, ?, ?, ?, ?, ?, ?)"));
    QVector<qint64> ids;
    for (const EvidenceFile& file : std::as_const(named)) {
        const QString sha256 = sha256Hex(file.bytes);
        insert.addBindValue(key);
        insert.addBindValue(textValue(file.name));
        insert.addBindValue(blobValue(file.bytes));
        insert.addBindValue(sha256);
        insert.addBindValue(textValue(note));
        insert.addBindValue(timeValue(now));
        insert.addBindValue(who);
        if (!insert.exec())
            return sqlFailure(QStringLiteral("Cannot store the evidence"), insert.lastError());
        const qint64 id = insert.lastInsertId().toLongLong();
        ids << id;
        QJsonObject details{{QStringLiteral("to"), key}, {QStringLiteral("author"), who}};
        if (file.name.isEmpty()) {
            details.insert(QStringLiteral("note_sha256"), sha256Hex(note.toUtf8()));
        } else {
            details.insert(QStringLiteral("file"), file.name);
            details.insert(QStringLiteral("size"), static_cast<qint64>(file.bytes.size()));
            details.insert(QStringLiteral("sha256"), sha256);
        }
        const QString action =
            file.name.isEmpty() ? QStringLiteral("evidence.noted") : QStringLiteral("evidence.attached");
        if (auto logged = logChange(db, action, StateDigest::attachmentSubject(id), details); !logged)
            return logged.error();
    }
    if (auto committed = transaction.commit(); !committed)
        return committed.error();
    return ids;
}

Result<QVector<Attachment>> Workspace::evidence(const EvidenceSubject& subject) const
{
    auto list = attachments(subject.format());
    if (!list)
        return list.error();
    std::reverse(list->begin(), list->end()); // newest first: ids grow with time
    return list;
}

Result<QVector<Attachment>> Workspace::evidenceNotes(const EvidenceSubject& subject) const
{
    auto list = evidence(subject);
    if (!list)
        return list.error();
    list->removeIf([](const Attachment& a) { return !a.isNote(); });
    return list;
}

Result<Finding> Workspace::finding(qint64 findingId) const
{
    QSqlQuery query(connection(m_connectionName));
    query.prepare(QStringLiteral("SELECT f.id, f.scan_id, f.host_id, h.name, f.check_id, f.subject_kind, f.subject_id,"
                                 " f.subject_name, f.status, f.expected, f.actual, f.message"
                                 " FROM findings f JOIN hosts h ON h.id = f.host_id WHERE f.id = ?"));
    query.addBindValue(findingId);
    if (!query.exec())
        return sqlFailure(QStringLiteral("Cannot read finding %1").arg(findingId), query.lastError());
    if (!query.next())
        return makeError(QStringLiteral("There is no finding %1 in this workspace").arg(findingId));
    Finding finding;
    finding.id = query.value(0).toLongLong();
    finding.scanId = query.value(1).toLongLong();
    finding.hostId = query.value(2).toLongLong();
    finding.hostName = query.value(3).toString();
    finding.checkId = query.value(4).toString();
    finding.subject.kind = subjectKindFromString(query.value(5).toString()).value_or(SubjectKind::Host);
    finding.subject.id = query.value(6).toString();
    finding.subject.name = query.value(7).toString();
    finding.status = statusFromString(query.value(8).toString()).value_or(Status::Error);
    finding.expected = query.value(9).toString();
    finding.actual = query.value(10).toString();
    finding.message = query.value(11).toString();
    return finding;
}

Result<QVector<Finding>> Workspace::reviewedFindings(std::optional<qint64> scanId, const QDateTime& now,
                                                     bool withEvidence) const
{
    auto raw = findings(scanId, withEvidence);
    if (!raw)
        return raw.error();
    auto allWaivers = waivers();
    auto allAttestations = attestations();
    auto allHosts = hosts();
    if (!allWaivers || !allAttestations || !allHosts)
        return makeError(!allWaivers ? allWaivers.errorMessage()
                                     : (!allAttestations ? allAttestations.errorMessage() : allHosts.errorMessage()));
    ReviewContext context;
    for (const HostRecord& host : allHosts.value()) {
        context.hostNames.insert(host.id, host.name);
        context.hostZones.insert(host.id, host.zone);
    }
    // Labels only when a waiver needs them: each (scan, host)'s container inspect, parsed once.
    const bool byLabel = std::any_of(allWaivers->cbegin(), allWaivers->cend(),
                                     [](const Waiver& w) { return w.scope == WaiverScope::Label; });
    if (byLabel) {
        QSet<QPair<qint64, qint64>> seen;
        for (const Finding& finding : raw.value()) {
            if (finding.subject.kind != SubjectKind::Container || seen.contains({finding.scanId, finding.hostId}))
                continue;
            seen.insert({finding.scanId, finding.hostId});
            auto stored = artifacts(finding.scanId, finding.hostId);
            if (!stored)
                return stored.error();
            const HostEvidence evidence(stored.value());
            if (const auto* set = std::get_if<ContainerSet>(&evidence.containers())) {
                for (const ContainerFacts& container : set->containers)
                    context.containerLabels.insert(container.id, container.labels);
            }
        }
    }
    return FindingReview::apply(std::move(raw).value(), allWaivers.value(), allAttestations.value(), context, now);
}

Result<qint64> Workspace::addRemediation(const RemediationRecord& record)
{
    const QSqlDatabase db = connection(m_connectionName);
    WriteTransaction transaction(db);
    if (auto begun = transaction.begin(); !begun)
        return begun.error();
    RemediationRecord row = record;
    row.state = RemediationState::Running;
    row.author = ActivityLog::currentActor();
    if (!row.startedUtc.isValid())
        row.startedUtc = QDateTime::currentDateTimeUtc();
    auto id = RemediationRows::insert(db, row, m_secretSalt);
    if (!id)
        return id.error();
    QJsonObject details{{QStringLiteral("check"), row.checkId},
                        {QStringLiteral("subject"), row.subject.name.isEmpty() ? row.subject.id : row.subject.name},
                        {QStringLiteral("host"), row.hostId},
                        {QStringLiteral("kind"), remediationKindToString(row.kind)},
                        {QStringLiteral("setting"), row.setting},
                        {QStringLiteral("commands"), row.steps.size()}};
    if (row.undoOf > 0)
        details.insert(QStringLiteral("undo_of"), row.undoOf);
    if (auto logged = logChange(
            db, row.undoOf > 0 ? QStringLiteral("remediation.undo-started") : QStringLiteral("remediation.started"),
            StateDigest::remediationSubject(id.value()), details);
        !logged)
        return logged.error();
    if (auto committed = transaction.commit(); !committed)
        return committed.error();
    return id.value();
}

Result<void> Workspace::finishRemediation(const RemediationRecord& record)
{
    if (record.state == RemediationState::Running)
        return makeError(QStringLiteral("A remediation is finished as done, failed or cancelled"));
    const QSqlDatabase db = connection(m_connectionName);
    WriteTransaction transaction(db);
    if (auto begun = transaction.begin(); !begun)
        return begun;
    RemediationRecord row = record;
    if (!row.finishedUtc.isValid())
        row.finishedUtc = QDateTime::currentDateTimeUtc();
    if (auto updated = RemediationRows::update(db, row, m_secretSalt); !updated)
        return updated;
    QJsonArray exitCodes;
    for (const RemediationStepResult& step : row.steps) {
        if (step.ran)
            exitCodes.append(step.exitStatus);
    }
    if (auto logged = logChange(
            db, QStringLiteral("remediation.finished"), StateDigest::remediationSubject(row.id),
            QJsonObject{{QStringLiteral("state"), remediationStateToString(row.state)},
                        {QStringLiteral("exit_codes"), exitCodes},
                        {QStringLiteral("recheck"), row.findingStatus ? statusToString(*row.findingStatus) : QString()},
                        {QStringLiteral("after_scan"), row.afterScanId}});
        !logged)
        return logged;
    // An undo that ran to the end marks what it undid (a failed one leaves it as it was).
    if (row.undoOf > 0 && row.state == RemediationState::Done) {
        if (auto marked = RemediationRows::markUndone(db, row.undoOf, row.id); !marked)
            return marked;
        if (auto logged =
                logChange(db, QStringLiteral("remediation.undone"), StateDigest::remediationSubject(row.undoOf),
                          QJsonObject{{QStringLiteral("undone_by"), row.id}});
            !logged)
            return logged;
    }
    return transaction.commit();
}

Result<QVector<RemediationRecord>> Workspace::remediations() const
{
    return RemediationRows::read(connection(m_connectionName));
}

Result<RemediationRecord> Workspace::remediation(qint64 id) const
{
    auto rows = RemediationRows::read(connection(m_connectionName), id);
    if (!rows)
        return rows.error();
    if (rows->isEmpty())
        return makeError(QStringLiteral("There is no remediation %1 in this workspace").arg(id));
    return rows->front();
}

namespace {

// The meta keys of the engagement, in the order the log's details list them.
struct EngagementKey
{
    const char* key;
    QString Engagement::*text; // null for the dates
};

const char* const EngagementStart = "engagement.period_start";
const char* const EngagementEnd = "engagement.period_end";
const EngagementKey EngagementTexts[] = {
    {"engagement.title", &Engagement::title},
    {"engagement.client", &Engagement::client},
    {"engagement.auditor", &Engagement::auditor},
    {"engagement.reference", &Engagement::reference},
};

QString dateText(const QDate& date)
{
    return date.isValid() ? date.toString(Qt::ISODate) : QString();
}

bool isSha256Hex(const QString& text)
{
    static const QRegularExpression hex(QStringLiteral("^[0-9a-f]{64}$"));
    return hex.match(text).hasMatch();
}

} // namespace

Result<Engagement> Workspace::engagement() const
{
    QSqlQuery query(connection(m_connectionName));
    query.setForwardOnly(true);
    if (!query.exec(QStringLiteral("SELECT key, value FROM meta WHERE substr(key, 1, 11) = 'engagement.'")))
        return sqlFailure(QStringLiteral("Cannot read the engagement"), query.lastError());
    QHash<QString, QString> values;
    while (query.next())
        values.insert(query.value(0).toString(), query.value(1).toString());
    Engagement engagement;
    for (const EngagementKey& key : EngagementTexts)
        engagement.*key.text = values.value(QLatin1String(key.key));
    engagement.periodStart = QDate::fromString(values.value(QLatin1String(EngagementStart)), Qt::ISODate);
    engagement.periodEnd = QDate::fromString(values.value(QLatin1String(EngagementEnd)), Qt::ISODate);
    return engagement;
}

Result<void> Workspace::setEngagement(const Engagement& engagement)
{
    if (auto valid = engagement.validate(); !valid)
        return valid.error();
    const QSqlDatabase db = connection(m_connectionName);
    WriteTransaction transaction(db);
    if (auto begun = transaction.begin(); !begun)
        return begun.error();
    QList<std::pair<QString, QString>> rows;
    for (const EngagementKey& key : EngagementTexts)
        rows.append({QLatin1String(key.key), engagement.*key.text});
    rows.append({QLatin1String(EngagementStart), dateText(engagement.periodStart)});
    rows.append({QLatin1String(EngagementEnd), dateText(engagement.periodEnd)});
    QJsonObject details;
    for (const auto& [key, value] : std::as_const(rows)) {
        QSqlQuery query(db);
        query.prepare(QStringLiteral("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)"));
        query.addBindValue(key);
        query.addBindValue(textValue(value));
        if (!query.exec())
            return sqlFailure(QStringLiteral("Cannot store the engagement"), query.lastError());
        details.insert(key.mid(11), value);
    }
    if (auto logged = logChange(db, QStringLiteral("engagement.updated"), StateDigest::engagementSubject(), details,
                                ActivityLog::When::Changed);
        !logged)
        return logged.error();
    return transaction.commit();
}

Result<qint64> Workspace::recordBinderExport(const BinderManifest& manifest, const QString& pdfSha256, int pages)
{
    if (!isSha256Hex(pdfSha256))
        return makeError(QStringLiteral("Not a sha256 of a binder: %1").arg(DisplayText::shown(pdfSha256)));
    const QSqlDatabase db = connection(m_connectionName);
    WriteTransaction transaction(db);
    if (auto begun = transaction.begin(); !begun)
        return begun.error();
    const QJsonObject details{{QStringLiteral("pdfSha256"), pdfSha256},
                              {QStringLiteral("pages"), pages},
                              {QStringLiteral("logSeq"), manifest.logSeq},
                              {QStringLiteral("logHeadSha256"), manifest.logHeadSha256},
                              {QStringLiteral("findingsSha256"), manifest.findingsSha256},
                              {QStringLiteral("findings"), manifest.findings},
                              {QStringLiteral("zones"), QJsonArray::fromStringList(manifest.zones)},
                              {QStringLiteral("generatedUtc"), timeValue(manifest.generatedUtc).toString()}};
    auto entry = ActivityLog::recordExternal(db, QStringLiteral("binder.exported"),
                                             StateDigest::binderSubject(pdfSha256), pdfSha256, details);
    if (!entry)
        return entry.error();
    if (auto committed = transaction.commit(); !committed)
        return committed.error();
    return entry->seq;
}

} // namespace bulkhead
