// SPDX-License-Identifier: GPL-3.0-or-later
// Schema version 3 of the workspace: a scan row is a scan or a watch (container lifecycle evidence,
// issue 3 item 6). Older workspaces are carried forward with every row a scan; a watch never counts
// as the latest scan, nor as a host's audit state.
#include "items/HostsModel.h"
#include "items/ItemRoles.h"
#include "store/Workspace.h"
#include "watch/LifecycleEvidence.h"

#include <QFile>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

using namespace bulkhead;

namespace {

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

} // namespace

class TestWorkspaceWatch : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

private slots:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void migratesOlderScansAsScans()
    {
        const QString path = m_dir.filePath(QStringLiteral("v1.bulkhead"));
        QVERIFY(QFile::copy(QStringLiteral(BULKHEAD_TEST_DATA "/workspace-v1.bulkhead"), path));
        QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner);
        QCOMPARE(rawScalar(path, QStringLiteral("PRAGMA user_version")).toInt(), 1);
        const int scanCount = rawScalar(path, QStringLiteral("SELECT count(*) FROM scans")).toInt();
        QVERIFY(scanCount > 0);
        {
            auto opened = Workspace::open(path, Workspace::OpenMode::ExistingOnly);
            QVERIFY2(opened, qPrintable(opened.errorMessage()));
            QCOMPARE(opened.value()->schemaVersion(), Workspace::SchemaVersion);
            const auto scans = opened.value()->scans();
            QVERIFY(scans);
            QCOMPARE(scans->size(), scanCount);
            for (const ScanRecord& scan : scans.value())
                QCOMPARE(scan.kind, ScanKind::Scan);
        }
        QCOMPARE(rawScalar(path, QStringLiteral("PRAGMA user_version")).toInt(), Workspace::SchemaVersion);
        QVERIFY(!rawScalar(path, QStringLiteral("SELECT value FROM meta WHERE key = 'migrated_to_3_utc'")).isNull());
        QCOMPARE(rawScalar(path, QStringLiteral("SELECT count(*) FROM scans WHERE kind = 'scan'")).toInt(), scanCount);
    }

    void watchesAreScansOfTheirOwnKind()
    {
        auto opened = Workspace::open(m_dir.filePath(QStringLiteral("watch.bulkhead")));
        QVERIFY2(opened, qPrintable(opened.errorMessage()));
        Workspace& ws = *opened.value();
        const auto host = ws.upsertHost(HostSpec::parse(QStringLiteral("root@10.0.0.5")).value());
        QVERIFY(host);

        const auto scan = ws.beginScan(QStringLiteral("bulkhead test"));
        QVERIFY(scan);
        HostScanRecord scanned;
        scanned.scanId = scan.value();
        scanned.hostId = host.value();
        scanned.state = HostScanState::Done;
        scanned.startedUtc = QDateTime::currentDateTimeUtc();
        QVERIFY(ws.setHostScan(scanned));
        QVERIFY(ws.finishScan(scan.value(), ScanState::Complete));

        const auto watch = ws.beginScan(QStringLiteral("bulkhead test watch"), ScanKind::Watch);
        QVERIFY(watch);
        QVERIFY(watch.value() > scan.value());
        HostScanRecord window;
        window.scanId = watch.value();
        window.hostId = host.value();
        window.state = HostScanState::Running;
        window.startedUtc = QDateTime::currentDateTimeUtc();
        QVERIFY(ws.setHostScan(window));

        Artifact artifact;
        artifact.scanId = watch.value();
        artifact.hostId = host.value();
        artifact.probe = QLatin1String(LifecycleEvidence::ProbeName);
        artifact.command = QStringLiteral("docker container inspect -- x");
        artifact.output = QByteArrayLiteral("{\"event\":{\"action\":\"start\"},\"inspect\":null}");
        const auto stored = ws.addArtifact(artifact);
        QVERIFY2(stored, qPrintable(stored.errorMessage()));

        const auto scans = ws.scans();
        QVERIFY(scans);
        QCOMPARE(scans->size(), 2);
        QCOMPARE(scans->at(0).kind, ScanKind::Scan);
        QCOMPARE(scans->at(1).kind, ScanKind::Watch);
        QCOMPARE(ws.latestScanId(), std::optional<qint64>(scan.value())); // the watch is not a scan
        QCOMPARE(ws.artifactIndex(watch.value())->size(), 1);

        // The host's state in the hosts view comes from its last scan, not from the running watch.
        HostsModel model;
        QVERIFY(model.load(ws, QVector<Finding>()));
        int row = -1;
        for (int i = 0; i < model.rowCount(); ++i) {
            if (model.hostIdAt(i) == std::optional<qint64>(host.value()))
                row = i;
        }
        QVERIFY(row >= 0);
        const QVariant state = model.index(row, 0).data(HostScanStateRole);
        QVERIFY(state.isValid());
        QCOMPARE(state.value<HostScanState>(), HostScanState::Done);

        QCOMPARE(scanKindToString(ScanKind::Watch), QStringLiteral("watch"));
        QCOMPARE(scanKindFromString(QStringLiteral("watch")), std::optional<ScanKind>(ScanKind::Watch));
        QVERIFY(!scanKindFromString(QStringLiteral("Watch")));
    }
};

QTEST_GUILESS_MAIN(TestWorkspaceWatch)
#include "tst_workspacewatch.moc"
