// SPDX-License-Identifier: GPL-3.0-or-later
#include "store/ActivityLog.h"

#include "core/DisplayText.h"
#include "store/SqlSupport.h"
#include "store/StateDigest.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlQuery>

#include <pwd.h>
#include <unistd.h>

namespace bulkhead {

using namespace store;

namespace {

QString& program()
{
    static QString name = QStringLiteral("bulkhead");
    return name;
}

QString compact(const QJsonObject& object)
{
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

Result<ActivityEntry> append(const QSqlDatabase& db, ActivityEntry entry)
{
    QSqlQuery last(db);
    if (!last.exec(QStringLiteral("SELECT seq, sha256 FROM activity_log ORDER BY seq DESC LIMIT 1")))
        return sqlFailure(QStringLiteral("Cannot read the activity log"), last.lastError());
    entry.seq = last.next() ? last.value(0).toLongLong() + 1 : 1;
    entry.previousSha256 = entry.seq == 1 ? QLatin1String(ActivityLog::Genesis) : last.value(1).toString();
    entry.timeUtc = QDateTime::currentDateTimeUtc();
    entry.actor = ActivityLog::currentActor();
    entry.sha256 = ActivityLog::hashOf(entry);
    QSqlQuery insert(db);
    insert.prepare(QStringLiteral("INSERT INTO activity_log (seq, time_utc, actor, action, subject, state_sha256,"
                                  " details, previous_sha256, sha256) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    insert.addBindValue(entry.seq);
    insert.addBindValue(timeValue(entry.timeUtc));
    insert.addBindValue(textValue(entry.actor));
    insert.addBindValue(textValue(entry.action));
    insert.addBindValue(textValue(entry.subject));
    insert.addBindValue(textValue(entry.stateSha256));
    insert.addBindValue(textValue(entry.details));
    insert.addBindValue(textValue(entry.previousSha256));
    insert.addBindValue(textValue(entry.sha256));
    if (!insert.exec())
        return sqlFailure(QStringLiteral("Cannot append to the activity log"), insert.lastError());
    return entry;
}

} // namespace

QString ActivityLog::hashOf(const ActivityEntry& entry)
{
    const QJsonArray fields{entry.seq,     entry.timeUtc.toUTC().toString(Qt::ISODateWithMs),
                            entry.actor,   entry.action,
                            entry.subject, entry.stateSha256,
                            entry.details, entry.previousSha256};
    return sha256Hex(QJsonDocument(fields).toJson(QJsonDocument::Compact));
}

QString ActivityLog::currentUser()
{
    QString user;
    if (const passwd* entry = getpwuid(geteuid()))
        user = QString::fromLocal8Bit(entry->pw_name);
    if (user.isEmpty())
        user = QStringLiteral("uid %1").arg(geteuid());
    return user;
}

QString ActivityLog::currentActor()
{
    return QStringLiteral("%1 (%2 " BULKHEAD_VERSION ")").arg(currentUser(), program());
}

void ActivityLog::setProgram(const QString& name)
{
    program() = name;
}

Result<ActivityEntry> ActivityLog::record(const QSqlDatabase& db, const QString& action, const QString& subject,
                                          const QJsonObject& details, When when)
{
    auto state = StateDigest::of(db, subject);
    if (!state)
        return state.error();
    if (when == When::Changed) {
        QSqlQuery last(db);
        last.prepare(
            QStringLiteral("SELECT state_sha256 FROM activity_log WHERE subject = ? ORDER BY seq DESC LIMIT 1"));
        last.addBindValue(subject);
        if (!last.exec())
            return sqlFailure(QStringLiteral("Cannot read the activity log"), last.lastError());
        if (last.next() && last.value(0).toString() == state.value())
            return ActivityEntry{};
    }
    ActivityEntry entry;
    entry.action = action;
    entry.subject = subject;
    entry.stateSha256 = state.value();
    entry.details = compact(details);
    return append(db, entry);
}

Result<ActivityEntry> ActivityLog::recordExternal(const QSqlDatabase& db, const QString& action, const QString& subject,
                                                  const QString& sha256, const QJsonObject& details)
{
    if (!isExternal(subject))
        return makeError(QStringLiteral("Not a subject outside the workspace: %1").arg(subject));
    ActivityEntry entry;
    entry.action = action;
    entry.subject = subject;
    entry.stateSha256 = sha256;
    entry.details = compact(details);
    return append(db, entry);
}

bool ActivityLog::isExternal(const QString& subject)
{
    return subject.startsWith(QLatin1String("binder:"));
}

Result<ActivityEntry> ActivityLog::seal(const QSqlDatabase& db, const QString& why)
{
    auto all = StateDigest::all(db);
    if (!all)
        return all.error();
    QJsonObject states;
    for (auto it = all->cbegin(); it != all->cend(); ++it)
        states.insert(it.key(), it.value());
    ActivityEntry entry;
    entry.action = QStringLiteral("workspace.sealed");
    entry.subject = QStringLiteral("workspace");
    entry.details = compact(QJsonObject{{QStringLiteral("why"), why}, {QStringLiteral("states"), states}});
    entry.stateSha256 = sha256Hex(entry.details.toUtf8());
    return append(db, entry);
}

Result<QVector<ActivityEntry>> ActivityLog::entries(const QSqlDatabase& db)
{
    QSqlQuery query(db);
    query.setForwardOnly(true);
    if (!query.exec(QStringLiteral("SELECT seq, time_utc, actor, action, subject, state_sha256, details,"
                                   " previous_sha256, sha256 FROM activity_log ORDER BY seq")))
        return sqlFailure(QStringLiteral("Cannot read the activity log"), query.lastError());
    QVector<ActivityEntry> entries;
    while (query.next()) {
        ActivityEntry entry;
        entry.seq = query.value(0).toLongLong();
        entry.timeUtc = readTime(query.value(1));
        entry.actor = query.value(2).toString();
        entry.action = query.value(3).toString();
        entry.subject = query.value(4).toString();
        entry.stateSha256 = query.value(5).toString();
        entry.details = query.value(6).toString();
        entry.previousSha256 = query.value(7).toString();
        entry.sha256 = query.value(8).toString();
        entries.append(entry);
    }
    return entries;
}

Result<VerifyReport> ActivityLog::verify(const QSqlDatabase& db)
{
    VerifyReport report;
    auto log = entries(db);
    if (!log)
        return log.error();
    report.entries = static_cast<int>(log->size());

    // 1. The chain: consecutive, each linked to the one before, each hash what its fields give.
    QString previous = QLatin1String(Genesis);
    qint64 expectedSeq = 1;
    QMap<QString, QString> recorded; // subject -> last recorded digest
    for (const ActivityEntry& entry : std::as_const(log.value())) {
        if (entry.seq != expectedSeq)
            report.problems << QStringLiteral("activity log: entries %1 to %2 are missing (deleted)")
                                   .arg(expectedSeq)
                                   .arg(entry.seq - 1);
        if (entry.previousSha256 != previous)
            report.problems << QStringLiteral("activity log: entry %1 (%2 %3) does not follow the entry before it")
                                   .arg(entry.seq)
                                   .arg(entry.action, entry.subject);
        if (hashOf(entry) != entry.sha256)
            report.problems << QStringLiteral("activity log: entry %1 (%2 %3) was altered after it was written")
                                   .arg(entry.seq)
                                   .arg(entry.action, entry.subject);
        previous = entry.sha256;
        expectedSeq = entry.seq + 1;
        if (entry.action == QLatin1String("workspace.sealed")) {
            const QJsonObject states =
                QJsonDocument::fromJson(entry.details.toUtf8()).object().value(QStringLiteral("states")).toObject();
            for (auto it = states.begin(); it != states.end(); ++it)
                recorded.insert(it.key(), it.value().toString());
        } else {
            recorded.insert(entry.subject, entry.stateSha256);
        }
    }
    report.headSha256 = log->isEmpty() ? QString() : log->constLast().sha256;
    if (log->isEmpty())
        report.problems << QStringLiteral("activity log: it is empty, so nothing in this workspace is covered");

    // 2. Every subject as the log last recorded it.
    auto now = StateDigest::all(db);
    if (!now)
        return now.error();
    report.subjects = static_cast<int>(now->size());
    for (auto it = now->cbegin(); it != now->cend(); ++it) {
        const auto logged = recorded.constFind(it.key());
        if (logged == recorded.cend() || logged->isEmpty())
            report.problems << QStringLiteral("%1: not in the activity log (added outside Bulkhead)").arg(it.key());
        else if (*logged != it.value())
            report.problems << QStringLiteral("%1: altered since the activity log recorded it").arg(it.key());
    }
    for (auto it = recorded.cbegin(); it != recorded.cend(); ++it) {
        const bool subjectKind = !it.key().startsWith(QLatin1String("workspace")) && !isExternal(it.key());
        if (subjectKind && !it.value().isEmpty() && !now->contains(it.key()))
            report.problems << QStringLiteral("%1: recorded in the activity log but gone (deleted)").arg(it.key());
    }

    // 3. Each artifact's and attachment's stored sha256 is the hash of its bytes (what findings, the binder
    //    and the attestations quote).
    QSqlQuery attachments(db);
    attachments.setForwardOnly(true);
    if (!attachments.exec(QStringLiteral("SELECT id, file_name, bytes, sha256 FROM attachments ORDER BY id")))
        return sqlFailure(QStringLiteral("Cannot read the attachments"), attachments.lastError());
    while (attachments.next()) {
        if (sha256Hex(attachments.value(2).toByteArray()) != attachments.value(3).toString())
            report.problems << QStringLiteral("attachment:%1 (%2): its bytes do not match its sha256")
                                   .arg(attachments.value(0).toLongLong())
                                   .arg(attachments.value(1).toString());
    }
    QSqlQuery artifacts(db);
    artifacts.setForwardOnly(true);
    if (!artifacts.exec(QStringLiteral("SELECT id, probe, output, sha256 FROM artifacts ORDER BY id")))
        return sqlFailure(QStringLiteral("Cannot read the artifacts"), artifacts.lastError());
    while (artifacts.next()) {
        if (sha256Hex(artifacts.value(2).toByteArray()) != artifacts.value(3).toString())
            report.problems << QStringLiteral("artifact:%1 (%2): its output does not match its sha256")
                                   .arg(artifacts.value(0).toLongLong())
                                   .arg(artifacts.value(1).toString());
    }
    // Names in these lines come from the file, which whoever altered it wrote: printed as text, never run
    // by a terminal.
    for (QString& problem : report.problems)
        problem = DisplayText::shown(problem, 400);
    return report;
}

} // namespace bulkhead
