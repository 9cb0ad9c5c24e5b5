// SPDX-License-Identifier: GPL-3.0-or-later
#include "store/Workspace.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QMutex>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>
#include <QVariant>

#include <array>

namespace bulkhead {

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

QString describe(const QSqlError& error)
{
    QString text = error.databaseText();
    if (text.isEmpty())
        text = error.driverText();
    if (text.isEmpty())
        text = QStringLiteral("unknown SQLite error");
    return text;
}

Error sqlFailure(const QString& what, const QSqlError& error)
{
    return makeError(what + QStringLiteral(": ") + describe(error));
}

Result<void> execSql(const QSqlDatabase& db, const QString& sql)
{
    QSqlQuery query(db);
    if (!query.exec(sql))
        return sqlFailure(QStringLiteral("SQL failed (%1)").arg(sql.left(60)), query.lastError());
    return {};
}

// Runs a statement that yields one row with one column (PRAGMAs, counts).
Result<QVariant> scalar(const QSqlDatabase& db, const QString& sql)
{
    QSqlQuery query(db);
    if (!query.exec(sql))
        return sqlFailure(QStringLiteral("SQL failed (%1)").arg(sql.left(60)), query.lastError());
    if (!query.next())
        return makeError(QStringLiteral("SQL returned no row (%1)").arg(sql.left(60)));
    return query.value(0);
}

// A write transaction. BEGIN IMMEDIATE takes the write lock up front, so a second writer waits
// (busy_timeout) at the start instead of failing with SQLITE_BUSY half-way; QSqlDatabase's own
// transaction() would issue a deferred BEGIN. Rolls back unless committed.
class WriteTransaction
{
public:
    explicit WriteTransaction(QSqlDatabase db)
        : m_db(std::move(db))
    {}
    ~WriteTransaction()
    {
        if (m_active) {
            QSqlQuery query(m_db);
            query.exec(QStringLiteral("ROLLBACK"));
        }
    }
    WriteTransaction(const WriteTransaction&) = delete;
    WriteTransaction& operator=(const WriteTransaction&) = delete;

    Result<void> begin()
    {
        QSqlQuery query(m_db);
        if (!query.exec(QStringLiteral("BEGIN IMMEDIATE")))
            return sqlFailure(QStringLiteral("Cannot start a write transaction"), query.lastError());
        m_active = true;
        return {};
    }
    Result<void> commit()
    {
        QSqlQuery query(m_db);
        if (!query.exec(QStringLiteral("COMMIT")))
            return sqlFailure(QStringLiteral("Cannot commit"), query.lastError());
        m_active = false;
        return {};
    }

private:
    QSqlDatabase m_db;
    bool m_active = false;
};

// Times are ISO-8601 UTC with milliseconds ("2024-05-01T12:00:00.123Z"): sortable as text and
// readable in any SQLite shell. An invalid time is stored as NULL.
QVariant timeValue(const QDateTime& time)
{
    if (!time.isValid())
        return QVariant(QMetaType::fromType<QString>());
    return time.toUTC().toString(Qt::ISODateWithMs);
}

QDateTime readTime(const QVariant& value)
{
    if (value.isNull())
        return {};
    QDateTime time = QDateTime::fromString(value.toString(), Qt::ISODateWithMs);
    return time.isValid() ? time.toUTC() : QDateTime();
}

// A null QString or QByteArray would be bound as SQL NULL; store empty values as empty instead.
QVariant textValue(const QString& text)
{
    return text.isNull() ? QVariant(QString(QLatin1String(""))) : QVariant(text);
}

QVariant blobValue(const QByteArray& bytes)
{
    return bytes.isNull() ? QVariant(QByteArray("")) : QVariant(bytes);
}

QString sha256Hex(const QByteArray& bytes)
{
    return QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex());
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

using Migration = Result<void> (*)(const QSqlDatabase&);
constexpr std::array<Migration, Workspace::SchemaVersion> Migrations{{&migrateTo1, &migrateTo2, &migrateTo3}};

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
    return select.value(0).toLongLong();
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
    return {};
}

Finding readFindingRow(const QSqlQuery& query)
{
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
    return transaction.commit();
}

Result<QVector<Finding>> Workspace::findings(std::optional<qint64> scanId) const
{
    // One statement, so findings and their evidence come from one snapshot even while a scan
    // worker writes through its own connection.
    const QString scope = scanId ? QStringLiteral("f.scan_id = ?")
                                 : QStringLiteral("f.scan_id = (SELECT max(l.scan_id) FROM findings l"
                                                  " WHERE l.host_id = f.host_id)");
    QSqlQuery query(connection(m_connectionName));
    query.prepare(QStringLiteral("SELECT f.id, f.scan_id, f.host_id, h.name, f.check_id, f.subject_kind,"
                                 " f.subject_id, f.subject_name, f.status, f.expected, f.actual, f.message,"
                                 " e.artifact_id, e.locator, e.excerpt, a.sha256"
                                 " FROM findings f JOIN hosts h ON h.id = f.host_id"
                                 " LEFT JOIN finding_evidence e ON e.finding_id = f.id"
                                 " LEFT JOIN artifacts a ON a.id = e.artifact_id"
                                 " WHERE %1 ORDER BY f.host_id, f.scan_id, f.id, e.seq")
                      .arg(scope));
    if (scanId)
        query.addBindValue(*scanId);
    if (!query.exec())
        return sqlFailure(QStringLiteral("Cannot read findings"), query.lastError());
    QVector<Finding> findings;
    while (query.next()) {
        const qint64 id = query.value(0).toLongLong();
        if (findings.isEmpty() || findings.constLast().id != id)
            findings.append(readFindingRow(query));
        if (!query.value(12).isNull()) {
            EvidenceRef ref;
            ref.artifactId = query.value(12).toLongLong();
            ref.locator = query.value(13).toString();
            ref.excerpt = query.value(14).toString();
            ref.sha256 = query.value(15).toString();
            findings.last().evidence.append(ref);
        }
    }
    return findings;
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

} // namespace bulkhead
