// SPDX-License-Identifier: GPL-3.0-or-later
// Schema version 5 of the workspace (issue 5, item 6): remediation records with their commands, outputs
// (redacted), exit codes, evidence and re-check; scans of kind remediation; every change in the activity
// log and under `verify`; the migration of a version 4 workspace.
#include "store/Workspace.h"

#include <QFile>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

using namespace bulkhead;

namespace {

// Runs raw SQL on a workspace file (no Workspace instance may have it open).
QStringList rawExec(const QString& path, const QStringList& statements)
{
    const QString name = QUuid::createUuid().toString();
    QStringList errors;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(path);
        if (!db.open())
            return {db.lastError().text()};
        for (const QString& sql : statements) {
            QSqlQuery query(db);
            if (!query.exec(sql))
                errors << query.lastError().text();
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    return errors;
}

QVariant rawScalar(const QString& path, const QString& sql)
{
    const QString name = QUuid::createUuid().toString();
    QVariant value;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(path);
        if (db.open()) {
            QSqlQuery query(db);
            if (query.exec(sql) && query.next())
                value = query.value(0);
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    return value;
}

const QByteArray Token = QByteArrayLiteral("ghp_") + QByteArray(36, 'x').replace(5, 3, "9Q7");

RemediationRecord sampleRecord(qint64 hostId)
{
    RemediationRecord record;
    record.findingId = 42;
    record.checkId = QStringLiteral("daemon.live-restore");
    record.subject = Subject{SubjectKind::Daemon, QStringLiteral("alpha"), QStringLiteral("alpha")};
    record.hostId = hostId;
    record.kind = RemediationKind::DaemonJson;
    record.setting = QStringLiteral("live-restore=true");
    record.summary = QStringLiteral("Set \"live-restore\": true");
    record.changedFile = QStringLiteral("/etc/docker/daemon.json");
    record.backupPath = QStringLiteral("/etc/docker/daemon.json.bulkhead-20261130T074512Z");
    RemediationStepResult backup;
    backup.step = RemediationStep{QStringLiteral("cp -p a b"), {}, QStringLiteral("Back up")};
    RemediationStepResult write;
    write.step = RemediationStep{QStringLiteral("cat > x"), QByteArrayLiteral("{\"live-restore\": true}\n"),
                                 QStringLiteral("Write")};
    record.steps << backup << write;
    record.undo << RemediationStep{QStringLiteral("cp -p b a"), {}, QStringLiteral("Put back")};
    return record;
}

} // namespace

class TestWorkspaceRemediation : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

private slots:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void recordsRoundTripRedactedAndLogged()
    {
        const QString path = m_dir.filePath(QStringLiteral("records.bulkhead"));
        auto opened = Workspace::open(path);
        QVERIFY2(opened, qPrintable(opened.errorMessage()));
        Workspace& ws = *opened.value();
        const auto host = ws.upsertHost(HostSpec::parse(QStringLiteral("root@10.0.0.5")).value());
        QVERIFY(host);

        const auto before = ws.beginScan(QStringLiteral("bulkhead test remediation"), ScanKind::Remediation);
        QVERIFY2(before, qPrintable(before.errorMessage()));
        QVERIFY(ws.finishScan(before.value(), ScanState::Complete));
        QCOMPARE(ws.latestScanId(), std::nullopt); // evidence of a remediation is not a scan of the fleet
        QCOMPARE(ws.scans()->front().kind, ScanKind::Remediation);

        RemediationRecord record = sampleRecord(host.value());
        const auto id = ws.addRemediation(record);
        QVERIFY2(id, qPrintable(id.errorMessage()));
        record.id = id.value();
        {
            const auto stored = ws.remediation(record.id);
            QVERIFY(stored);
            QCOMPARE(stored->state, RemediationState::Running);
            QVERIFY(!stored->author.isEmpty());
            QVERIFY(stored->startedUtc.isValid());
            QCOMPARE(stored->steps.size(), 2);
            QCOMPARE(stored->steps.at(1).step.input, record.steps.at(1).step.input);
            QVERIFY(!stored->steps.at(0).ran);
        }

        record.beforeScanId = before.value();
        record.afterScanId = before.value();
        record.beforeArtifacts = {1, 2};
        record.afterArtifacts = {3};
        for (RemediationStepResult& step : record.steps) {
            step.ran = true;
            step.exitStatus = 0;
        }
        record.steps[1].output = QByteArrayLiteral("written GITHUB_TOKEN=") + Token + '\n';
        record.steps[1].errorOutput = QByteArrayLiteral("warning: ") + Token;
        record.state = RemediationState::Done;
        record.findingStatus = Status::Pass;
        record.message = QStringLiteral("re-checked: pass");
        const auto finished = ws.finishRemediation(record);
        QVERIFY2(finished, qPrintable(finished.errorMessage()));
        QVERIFY(!ws.finishRemediation(record)); // once

        const auto stored = ws.remediation(record.id);
        QVERIFY(stored);
        QCOMPARE(stored->state, RemediationState::Done);
        QCOMPARE(stored->findingStatus, std::optional<Status>(Status::Pass));
        QCOMPARE(stored->beforeArtifacts, (QVector<qint64>{1, 2}));
        QCOMPARE(stored->afterArtifacts, QVector<qint64>{3});
        QCOMPARE(stored->steps.at(1).exitStatus, 0);
        QVERIFY(!stored->steps.at(1).output.contains(Token));
        QVERIFY(stored->steps.at(1).output.contains("[REDACTED:github-token"));
        QVERIFY(!stored->steps.at(1).errorOutput.contains(Token));
        QCOMPARE(stored->undo.size(), 1);
        QCOMPARE(stored->hostName, QStringLiteral("10.0.0.5"));
        QVERIFY(stored->finishedUtc.isValid());
        QCOMPARE(ws.remediations()->size(), 1);

        // The undo: a record of its own; when it ends, the remediation it undid says so.
        RemediationRecord undo = sampleRecord(host.value());
        undo.undoOf = record.id;
        const auto undoId = ws.addRemediation(undo);
        QVERIFY(undoId);
        undo.id = undoId.value();
        undo.state = RemediationState::Done;
        undo.findingStatus = Status::Fail;
        QVERIFY(ws.finishRemediation(undo));
        QCOMPARE(ws.remediation(record.id)->undoneBy, undo.id);
        QCOMPARE(ws.remediation(undo.id)->undoOf, record.id);

        QStringList actions;
        for (const ActivityEntry& entry : ws.activity().value()) {
            if (entry.subject.startsWith(QLatin1String("remediation:")))
                actions << entry.action + QLatin1Char(' ') + entry.subject;
        }
        QCOMPARE(actions, (QStringList{QStringLiteral("remediation.started remediation:1"),
                                       QStringLiteral("remediation.finished remediation:1"),
                                       QStringLiteral("remediation.undo-started remediation:2"),
                                       QStringLiteral("remediation.finished remediation:2"),
                                       QStringLiteral("remediation.undone remediation:1")}));
        const auto report = ws.verify();
        QVERIFY(report);
        QVERIFY2(report->ok(), qPrintable(report->problems.join(u'\n')));
    }

    void verifyCatchesAnEditedRemediation()
    {
        const QString path = m_dir.filePath(QStringLiteral("records.bulkhead"));
        QVERIFY(QFile::exists(path));
        QCOMPARE(rawExec(path, {QStringLiteral("UPDATE remediations SET exit_codes = '[0,1]' WHERE id = 1")}),
                 QStringList());
        auto opened = Workspace::open(path, Workspace::OpenMode::ExistingOnly);
        QVERIFY(opened);
        const auto report = opened.value()->verify();
        QVERIFY(report);
        QVERIFY(!report->ok());
        QVERIFY2(report->problems.join(u'\n').contains(QLatin1String("remediation:1")),
                 qPrintable(report->problems.join(u'\n')));
    }

    void migratesVersion4()
    {
        // A version 4 file: what schema 5 adds, taken away again (the remediations table, the wider CHECK of
        // scans.kind, the version), over a workspace with a scan, an artifact and a sealed log.
        const QString path = m_dir.filePath(QStringLiteral("v4.bulkhead"));
        {
            auto opened = Workspace::open(path);
            QVERIFY(opened);
            Workspace& ws = *opened.value();
            const auto host = ws.upsertHost(HostSpec::parse(QStringLiteral("root@10.0.0.6")).value());
            const auto scan = ws.beginScan(QStringLiteral("bulkhead 0.1.0"));
            QVERIFY(host && scan);
            Artifact artifact;
            artifact.scanId = scan.value();
            artifact.hostId = host.value();
            artifact.probe = QStringLiteral("docker.version");
            artifact.command = QStringLiteral("docker version");
            artifact.output = QByteArrayLiteral("{}");
            QVERIFY(ws.addArtifact(artifact));
            QVERIFY(ws.finishScan(scan.value(), ScanState::Complete));
        }
        const QString cookie = rawScalar(path, QStringLiteral("PRAGMA schema_version")).toString();
        QCOMPARE(
            rawExec(path, {QStringLiteral("DROP INDEX remediations_by_host"), QStringLiteral("DROP TABLE remediations"),
                           QStringLiteral("DELETE FROM meta WHERE key = 'migrated_to_5_utc'"),
                           QStringLiteral("PRAGMA writable_schema = ON"),
                           QStringLiteral("UPDATE sqlite_schema SET sql = replace(sql, ', ''remediation''', '')"
                                          " WHERE name = 'scans'"),
                           QStringLiteral("PRAGMA schema_version = %1").arg(cookie.toLongLong() + 10),
                           QStringLiteral("PRAGMA writable_schema = OFF"), QStringLiteral("PRAGMA user_version = 4")}),
            QStringList());
        QVERIFY(rawScalar(path, QStringLiteral("SELECT sql FROM sqlite_schema WHERE name = 'scans'"))
                    .toString()
                    .contains(QLatin1String("CHECK (kind IN ('scan', 'watch'))")));
        QVERIFY(!rawExec(path, {QStringLiteral("INSERT INTO scans (started_utc, state, tool, kind)"
                                               " VALUES ('x', 'running', 't', 'remediation')")})
                     .isEmpty()); // version 4 refuses the kind

        auto opened = Workspace::open(path, Workspace::OpenMode::ExistingOnly);
        QVERIFY2(opened, qPrintable(opened.errorMessage()));
        Workspace& ws = *opened.value();
        QCOMPARE(ws.schemaVersion(), 5);
        QCOMPARE(ws.remediations()->size(), 0);
        QCOMPARE(ws.scans()->size(), 1);
        QCOMPARE(ws.scans()->front().kind, ScanKind::Scan);
        const auto remediationScan = ws.beginScan(QStringLiteral("bulkhead test"), ScanKind::Remediation);
        QVERIFY2(remediationScan, qPrintable(remediationScan.errorMessage()));
        const auto id = ws.addRemediation(sampleRecord(ws.hosts()->front().id));
        QVERIFY2(id, qPrintable(id.errorMessage()));
        const auto report = ws.verify();
        QVERIFY(report);
        QVERIFY2(report->ok(), qPrintable(report->problems.join(u'\n')));
        QCOMPARE(rawScalar(path, QStringLiteral("PRAGMA integrity_check")).toString(), QStringLiteral("ok"));
        QVERIFY(!rawScalar(path, QStringLiteral("SELECT value FROM meta WHERE key = 'migrated_to_5_utc'")).isNull());
    }

    void migratesVersion1ThroughEveryStep()
    {
        const QString path = m_dir.filePath(QStringLiteral("v1.bulkhead"));
        QVERIFY(QFile::copy(QStringLiteral(BULKHEAD_TEST_DATA "/workspace-v1.bulkhead"), path));
        QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner);
        auto opened = Workspace::open(path, Workspace::OpenMode::ExistingOnly);
        QVERIFY2(opened, qPrintable(opened.errorMessage()));
        QCOMPARE(opened.value()->schemaVersion(), Workspace::SchemaVersion);
        QVERIFY(opened.value()->beginScan(QStringLiteral("bulkhead test"), ScanKind::Remediation));
        const auto report = opened.value()->verify();
        QVERIFY(report);
        QVERIFY2(report->ok(), qPrintable(report->problems.join(u'\n')));
    }
};

QTEST_GUILESS_MAIN(TestWorkspaceRemediation)
#include "tst_workspaceremediation.moc"
