// SPDX-License-Identifier: GPL-3.0-or-later
#include "store/RemediationRows.h"

#include "probes/ProbeRedactor.h"
#include "store/SqlSupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlQuery>

namespace bulkhead::store {

namespace {

QString compact(const QJsonArray& array)
{
    return QString::fromUtf8(QJsonDocument(array).toJson(QJsonDocument::Compact));
}

QJsonArray arrayOf(const QVariant& value)
{
    return QJsonDocument::fromJson(value.toString().toUtf8()).array();
}

QJsonObject stepJson(const RemediationStep& step)
{
    QJsonObject object{{QStringLiteral("command"), step.command}, {QStringLiteral("purpose"), step.purpose}};
    if (!step.input.isEmpty())
        object.insert(QStringLiteral("input_base64"), QString::fromLatin1(step.input.toBase64()));
    return object;
}

RemediationStep stepOf(const QJsonObject& object)
{
    RemediationStep step;
    step.command = object.value(QStringLiteral("command")).toString();
    step.purpose = object.value(QStringLiteral("purpose")).toString();
    step.input = QByteArray::fromBase64(object.value(QStringLiteral("input_base64")).toString().toLatin1());
    return step;
}

QString idList(const QVector<qint64>& ids)
{
    QJsonArray array;
    for (qint64 id : ids)
        array.append(id);
    return compact(array);
}

QVector<qint64> idsOf(const QVariant& value)
{
    QVector<qint64> ids;
    for (const QJsonValue& entry : arrayOf(value))
        ids << entry.toInteger();
    return ids;
}

// What a host printed is redacted like a probe's text output before it is kept.
QString redacted(const QByteArray& bytes, const SecretSalt& salt)
{
    return QString::fromUtf8(ProbeRedactor::redactText(bytes, false, salt).output);
}

struct Columns
{
    QString commands;
    QString outputs;
    QString exitCodes;
    QString undo;
};

Columns columnsOf(const RemediationRecord& record, const SecretSalt& salt)
{
    QJsonArray commands;
    QJsonArray outputs;
    QJsonArray exitCodes;
    for (const RemediationStepResult& result : record.steps) {
        commands.append(stepJson(result.step));
        outputs.append(QJsonObject{{QStringLiteral("ran"), result.ran},
                                   {QStringLiteral("stdout"), redacted(result.output, salt)},
                                   {QStringLiteral("stderr"), redacted(result.errorOutput, salt)},
                                   {QStringLiteral("signal"), result.exitSignal},
                                   {QStringLiteral("timed_out"), result.timedOut}});
        exitCodes.append(result.exitStatus);
    }
    QJsonArray undo;
    for (const RemediationStep& step : record.undo)
        undo.append(stepJson(step));
    return {compact(commands), compact(outputs), compact(exitCodes), compact(undo)};
}

QVariant optionalId(qint64 id)
{
    return id > 0 ? QVariant(id) : QVariant(QMetaType(QMetaType::LongLong));
}

QVariant statusValue(const std::optional<Status>& status)
{
    return status ? statusToString(*status) : QString(QStringLiteral(""));
}

} // namespace

Result<void> RemediationRows::createTable(const QSqlDatabase& db)
{
    return execSql(
        db, QStringLiteral(
                "CREATE TABLE remediations (id INTEGER PRIMARY KEY AUTOINCREMENT, finding_id INTEGER NOT NULL,"
                " check_id TEXT NOT NULL, subject_kind TEXT NOT NULL, subject_id TEXT NOT NULL,"
                " subject_name TEXT NOT NULL, host_id INTEGER NOT NULL REFERENCES hosts(id), kind TEXT NOT NULL,"
                " setting TEXT NOT NULL, summary TEXT NOT NULL, commands TEXT NOT NULL, outputs TEXT NOT NULL,"
                " exit_codes TEXT NOT NULL, undo TEXT NOT NULL, before_scan_id INTEGER REFERENCES scans(id),"
                " after_scan_id INTEGER REFERENCES scans(id), before_artifacts TEXT NOT NULL,"
                " after_artifacts TEXT NOT NULL, changed_file TEXT NOT NULL, backup_path TEXT NOT NULL,"
                " status TEXT NOT NULL CHECK (status IN ('running', 'done', 'failed', 'cancelled')),"
                " finding_status TEXT NOT NULL, message TEXT NOT NULL, undo_of INTEGER REFERENCES remediations(id),"
                " undone_by INTEGER REFERENCES remediations(id), author TEXT NOT NULL, started_utc TEXT NOT NULL,"
                " finished_utc TEXT)"));
}

Result<qint64> RemediationRows::insert(const QSqlDatabase& db, const RemediationRecord& record, const SecretSalt& salt)
{
    const Columns columns = columnsOf(record, salt);
    QSqlQuery query(db);
    query.prepare(QStringLiteral(
        "INSERT INTO remediations (finding_id, check_id, subject_kind, subject_id, subject_name, host_id, kind,"
        " setting, summary, commands, outputs, exit_codes, undo, before_scan_id, after_scan_id, before_artifacts,"
        " after_artifacts, changed_file, backup_path, status, finding_status, message, undo_of, author, started_utc,"
        " finished_utc) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    query.addBindValue(record.findingId);
    query.addBindValue(textValue(record.checkId));
    query.addBindValue(subjectKindToString(record.subject.kind));
    query.addBindValue(textValue(record.subject.id));
    query.addBindValue(textValue(record.subject.name));
    query.addBindValue(record.hostId);
    query.addBindValue(remediationKindToString(record.kind));
    query.addBindValue(textValue(record.setting));
    query.addBindValue(textValue(record.summary));
    query.addBindValue(columns.commands);
    query.addBindValue(columns.outputs);
    query.addBindValue(columns.exitCodes);
    query.addBindValue(columns.undo);
    query.addBindValue(optionalId(record.beforeScanId));
    query.addBindValue(optionalId(record.afterScanId));
    query.addBindValue(idList(record.beforeArtifacts));
    query.addBindValue(idList(record.afterArtifacts));
    query.addBindValue(textValue(record.changedFile));
    query.addBindValue(textValue(record.backupPath));
    query.addBindValue(remediationStateToString(record.state));
    query.addBindValue(statusValue(record.findingStatus));
    query.addBindValue(textValue(record.message));
    query.addBindValue(optionalId(record.undoOf));
    query.addBindValue(textValue(record.author));
    query.addBindValue(timeValue(record.startedUtc));
    query.addBindValue(timeValue(record.finishedUtc));
    if (!query.exec())
        return sqlFailure(QStringLiteral("Cannot store the remediation"), query.lastError());
    return query.lastInsertId().toLongLong();
}

Result<void> RemediationRows::update(const QSqlDatabase& db, const RemediationRecord& record, const SecretSalt& salt)
{
    const Columns columns = columnsOf(record, salt);
    QSqlQuery query(db);
    query.prepare(QStringLiteral(
        "UPDATE remediations SET commands = ?, outputs = ?, exit_codes = ?, before_scan_id = ?, after_scan_id = ?,"
        " before_artifacts = ?, after_artifacts = ?, status = ?, finding_status = ?, message = ?, finished_utc = ?"
        " WHERE id = ? AND status = 'running'"));
    query.addBindValue(columns.commands);
    query.addBindValue(columns.outputs);
    query.addBindValue(columns.exitCodes);
    query.addBindValue(optionalId(record.beforeScanId));
    query.addBindValue(optionalId(record.afterScanId));
    query.addBindValue(idList(record.beforeArtifacts));
    query.addBindValue(idList(record.afterArtifacts));
    query.addBindValue(remediationStateToString(record.state));
    query.addBindValue(statusValue(record.findingStatus));
    query.addBindValue(textValue(record.message));
    query.addBindValue(timeValue(record.finishedUtc));
    query.addBindValue(record.id);
    if (!query.exec())
        return sqlFailure(QStringLiteral("Cannot update remediation %1").arg(record.id), query.lastError());
    if (query.numRowsAffected() != 1)
        return makeError(QStringLiteral("There is no running remediation %1 in this workspace").arg(record.id));
    return {};
}

Result<void> RemediationRows::markUndone(const QSqlDatabase& db, qint64 id, qint64 undoneBy)
{
    QSqlQuery query(db);
    query.prepare(QStringLiteral("UPDATE remediations SET undone_by = ? WHERE id = ? AND undone_by IS NULL"));
    query.addBindValue(undoneBy);
    query.addBindValue(id);
    if (!query.exec())
        return sqlFailure(QStringLiteral("Cannot mark remediation %1 undone").arg(id), query.lastError());
    if (query.numRowsAffected() != 1)
        return makeError(QStringLiteral("Remediation %1 does not exist or was already undone").arg(id));
    return {};
}

Result<QVector<RemediationRecord>> RemediationRows::read(const QSqlDatabase& db, std::optional<qint64> id)
{
    QSqlQuery query(db);
    query.setForwardOnly(true);
    query.prepare(
        QStringLiteral(
            "SELECT r.id, r.finding_id, r.check_id, r.subject_kind, r.subject_id, r.subject_name, r.host_id, h.name,"
            " r.kind, r.setting, r.summary, r.commands, r.outputs, r.exit_codes, r.undo, r.before_scan_id,"
            " r.after_scan_id, r.before_artifacts, r.after_artifacts, r.changed_file, r.backup_path, r.status,"
            " r.finding_status, r.message, r.undo_of, r.undone_by, r.author, r.started_utc, r.finished_utc"
            " FROM remediations r JOIN hosts h ON h.id = r.host_id %1 ORDER BY r.id")
            .arg(id ? QStringLiteral("WHERE r.id = ?") : QString()));
    if (id)
        query.addBindValue(*id);
    if (!query.exec())
        return sqlFailure(QStringLiteral("Cannot read the remediations"), query.lastError());
    QVector<RemediationRecord> records;
    while (query.next()) {
        RemediationRecord r;
        r.id = query.value(0).toLongLong();
        r.findingId = query.value(1).toLongLong();
        r.checkId = query.value(2).toString();
        r.subject.kind = subjectKindFromString(query.value(3).toString()).value_or(SubjectKind::Host);
        r.subject.id = query.value(4).toString();
        r.subject.name = query.value(5).toString();
        r.hostId = query.value(6).toLongLong();
        r.hostName = query.value(7).toString();
        r.kind = remediationKindFromString(query.value(8).toString()).value_or(RemediationKind::ContainerUpdate);
        r.setting = query.value(9).toString();
        r.summary = query.value(10).toString();
        const QJsonArray commands = arrayOf(query.value(11));
        const QJsonArray outputs = arrayOf(query.value(12));
        const QJsonArray exitCodes = arrayOf(query.value(13));
        for (qsizetype i = 0; i < commands.size(); ++i) {
            RemediationStepResult result;
            result.step = stepOf(commands.at(i).toObject());
            const QJsonObject output = outputs.at(i).toObject();
            result.ran = output.value(QStringLiteral("ran")).toBool();
            result.output = output.value(QStringLiteral("stdout")).toString().toUtf8();
            result.errorOutput = output.value(QStringLiteral("stderr")).toString().toUtf8();
            result.exitSignal = output.value(QStringLiteral("signal")).toString();
            result.timedOut = output.value(QStringLiteral("timed_out")).toBool();
            result.exitStatus = exitCodes.at(i).toInt(-1);
            r.steps << result;
        }
        for (const QJsonValue& step : arrayOf(query.value(14)))
            r.undo << stepOf(step.toObject());
        r.beforeScanId = query.value(15).toLongLong();
        r.afterScanId = query.value(16).toLongLong();
        r.beforeArtifacts = idsOf(query.value(17));
        r.afterArtifacts = idsOf(query.value(18));
        r.changedFile = query.value(19).toString();
        r.backupPath = query.value(20).toString();
        r.state = remediationStateFromString(query.value(21).toString()).value_or(RemediationState::Failed);
        r.findingStatus = statusFromString(query.value(22).toString());
        r.message = query.value(23).toString();
        r.undoOf = query.value(24).toLongLong();
        r.undoneBy = query.value(25).toLongLong();
        r.author = query.value(26).toString();
        r.startedUtc = readTime(query.value(27));
        r.finishedUtc = readTime(query.value(28));
        records << r;
    }
    return records;
}

} // namespace bulkhead::store
