// SPDX-License-Identifier: GPL-3.0-or-later
// Schema version 2 of the workspace: zones and the zone of each host, and the migration that
// carries a version-1 workspace (tests/model/data/workspace-v1.bulkhead, written by Bulkhead 0.1.0
// before zones existed) forward without losing anything.
#include "inventory/Inventory.h"
#include "store/Workspace.h"

#include <QCryptographicHash>
#include <QFile>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

using namespace bulkhead;

namespace {

// A plain SQLite connection for what the Workspace API deliberately cannot do.
class RawDb
{
public:
    explicit RawDb(const QString& path)
        : m_name(QUuid::createUuid().toString())
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_name);
        db.setDatabaseName(path);
        db.open();
    }
    ~RawDb()
    {
        {
            QSqlDatabase db = QSqlDatabase::database(m_name, false);
            db.close();
        }
        QSqlDatabase::removeDatabase(m_name);
    }
    QString exec(const QString& sql)
    {
        QSqlQuery query(QSqlDatabase::database(m_name, false));
        if (!query.exec(sql))
            return query.lastError().text().isEmpty() ? QStringLiteral("error") : query.lastError().text();
        return QString();
    }
    QVariant scalar(const QString& sql)
    {
        QSqlQuery query(QSqlDatabase::database(m_name, false));
        if (!query.exec(sql) || !query.next())
            return {};
        return query.value(0);
    }
    QStringList column(const QString& sql, int index = 0)
    {
        QStringList values;
        QSqlQuery query(QSqlDatabase::database(m_name, false));
        if (!query.exec(sql))
            return values;
        while (query.next())
            values << query.value(index).toString();
        return values;
    }

private:
    QString m_name;
};

// What workspace-v1.bulkhead holds (written with the schema-1 code; see the file's history).
const QStringList V1ArtifactSha256{
    QStringLiteral("8a06eb6609d245b0ede1ac944115c8104589791a0152b56ae34bfdb7686c822c"),
    QStringLiteral("2e7a8c970576e7009c17ae315e67f305faf8ab4b2e77fb7b942eb5ab33ee4e4e"),
    QStringLiteral("f204d5acea486bc1e472c9611f9f9d64ca28059635cd5977a3e40b9c2a0795b8"),
    QStringLiteral("5467cc94354d7b0b847c551cd2a282a7f6529b4982af25412ba53a62face355b"),
};
constexpr int V1Findings = 40;

Zone makeZone(const QString& name, ZoneScope scope, const QString& rationale)
{
    Zone zone;
    zone.name = name;
    zone.scope = scope;
    zone.rationale = rationale;
    return zone;
}

InventoryHost makeHost(const QString& name, const QString& address, const QString& user, const QString& zone)
{
    InventoryHost host;
    host.name = name;
    host.address = address;
    host.user = user;
    host.zone = zone;
    return host;
}

} // namespace

class TestWorkspaceZones : public QObject
{
    Q_OBJECT

private:
    QString copyOfV1()
    {
        const QString path = m_dir.filePath(QStringLiteral("v1-%1.bulkhead").arg(++m_counter));
        if (!QFile::copy(QStringLiteral(BULKHEAD_TEST_DATA "/workspace-v1.bulkhead"), path))
            return {};
        QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner);
        return path;
    }

    QTemporaryDir m_dir;
    int m_counter = 0;

private slots:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void migratesVersion1()
    {
        const QString path = copyOfV1();
        QVERIFY(!path.isEmpty());
        {
            RawDb raw(path);
            QCOMPARE(raw.scalar(QStringLiteral("PRAGMA user_version")).toInt(), 1);
            QVERIFY(raw.column(QStringLiteral("SELECT name FROM sqlite_master WHERE name = 'zones'")).isEmpty());
        }

        auto opened = Workspace::open(path, Workspace::OpenMode::ExistingOnly);
        QVERIFY2(opened, qPrintable(opened.errorMessage()));
        Workspace& ws = *opened.value();
        QCOMPARE(ws.schemaVersion(), Workspace::SchemaVersion); // 2, then 3 (scan kinds: tst_workspacewatch)

        // Everything schema 1 held is still there, byte for byte.
        const auto hosts = ws.hosts();
        QVERIFY(hosts);
        QCOMPARE(hosts->size(), 2);
        QCOMPARE(hosts->at(0).spec.toString(), QStringLiteral("auditor@10.0.0.5:22"));
        QCOMPARE(hosts->at(0).name, QStringLiteral("10.0.0.5"));
        QCOMPARE(hosts->at(1).spec.toString(), QStringLiteral("root@build-01.example.com:2222"));
        QVERIFY(hosts->at(0).zone.isEmpty());

        const auto scans = ws.scans();
        QVERIFY(scans);
        QCOMPARE(scans->size(), 1);
        QCOMPARE(scans->front().state, ScanState::Partial);
        const auto hostScans = ws.hostScans(scans->front().id);
        QVERIFY(hostScans);
        QCOMPARE(hostScans->size(), 2);
        QCOMPARE(hostScans->at(1).message, QStringLiteral("connection refused"));

        const auto artifacts = ws.artifacts(scans->front().id, hosts->at(0).id);
        QVERIFY(artifacts);
        QCOMPARE(artifacts->size(), V1ArtifactSha256.size());
        for (qsizetype i = 0; i < artifacts->size(); ++i) {
            const Artifact& artifact = artifacts->at(i);
            QCOMPARE(artifact.sha256, V1ArtifactSha256.at(i));
            QCOMPARE(QString::fromLatin1(QCryptographicHash::hash(artifact.output, QCryptographicHash::Sha256).toHex()),
                     artifact.sha256);
        }
        const auto findings = ws.findings();
        QVERIFY(findings);
        QCOMPARE(findings->size(), V1Findings);
        int withEvidence = 0;
        for (const Finding& finding : findings.value()) {
            if (!finding.evidence.isEmpty() && finding.evidence.front().sha256.size() == 64)
                ++withEvidence;
        }
        QVERIFY(withEvidence > 0);
        QVERIFY(ws.zones());
        QVERIFY(ws.zones()->isEmpty());
        QCOMPARE(ws.integrityCheck().value(), QStringLiteral("ok"));

        // The migrated file takes zones, and its evidence is as immutable as before.
        Inventory inventory;
        inventory.zones << makeZone(QStringLiteral("build"), ZoneScope::Out, QStringLiteral("CI only."));
        inventory.hosts << makeHost(QStringLiteral("build-01"), QStringLiteral("build-01.example.com"),
                                    QStringLiteral("root"), QStringLiteral("build"));
        inventory.hosts.back().port = 2222;
        const auto ids = ws.applyInventory(inventory);
        QVERIFY2(ids, qPrintable(ids.errorMessage()));
        QCOMPARE(ids->front(), hosts->at(1).id); // the same machine: the same host row
        opened.value().reset();

        RawDb raw(path);
        QCOMPARE(raw.scalar(QStringLiteral("PRAGMA user_version")).toInt(), Workspace::SchemaVersion);
        QVERIFY(!raw.scalar(QStringLiteral("SELECT value FROM meta WHERE key = 'migrated_to_2_utc'")).isNull());
        QCOMPARE(raw.scalar(QStringLiteral("SELECT count(*) FROM hosts WHERE zone_id IS NOT NULL")).toInt(), 1);
        QVERIFY(!raw.exec(QStringLiteral("UPDATE artifacts SET output = 'x'")).isEmpty());
        QCOMPARE(raw.scalar(QStringLiteral("SELECT count(*) FROM artifacts")).toInt(), 4);
    }

    void reopenDoesNotMigrateAgain()
    {
        const QString path = copyOfV1();
        QVERIFY(Workspace::open(path));
        QString migratedAt;
        {
            RawDb raw(path);
            migratedAt =
                raw.scalar(QStringLiteral("SELECT value FROM meta WHERE key = 'migrated_to_2_utc'")).toString();
        }
        QVERIFY(!migratedAt.isEmpty());
        QTest::qWait(5);
        auto again = Workspace::open(path, Workspace::OpenMode::ExistingOnly);
        QVERIFY2(again, qPrintable(again.errorMessage()));
        QCOMPARE(again.value()->schemaVersion(), Workspace::SchemaVersion);
        again.value().reset();
        RawDb raw(path);
        QCOMPARE(raw.scalar(QStringLiteral("SELECT value FROM meta WHERE key = 'migrated_to_2_utc'")).toString(),
                 migratedAt);
    }

    // A migration that fails half-way leaves the file exactly at version 1: the step runs in one
    // transaction, the ALTER TABLE included.
    void failedMigrationRollsBack()
    {
        const QString path = copyOfV1();
        {
            RawDb raw(path);
            // Something in the way of step 2 (a table named like the one it creates).
            QCOMPARE(raw.exec(QStringLiteral("CREATE TABLE zones (x)")), QString());
        }
        auto opened = Workspace::open(path, Workspace::OpenMode::ExistingOnly);
        QVERIFY(!opened);
        QVERIFY2(opened.errorMessage().startsWith(QStringLiteral("Cannot upgrade the workspace to schema 2")),
                 qPrintable(opened.errorMessage()));
        RawDb raw(path);
        QCOMPARE(raw.scalar(QStringLiteral("PRAGMA user_version")).toInt(), 1);
        QVERIFY(!raw.column(QStringLiteral("PRAGMA table_info(hosts)"), 1).contains(QStringLiteral("zone_id")));
        QVERIFY(raw.column(QStringLiteral("SELECT name FROM sqlite_master WHERE name = 'hosts_by_zone'")).isEmpty());
        QCOMPARE(raw.scalar(QStringLiteral("SELECT count(*) FROM findings")).toInt(), V1Findings);
        QVERIFY(raw.scalar(QStringLiteral("SELECT value FROM meta WHERE key = 'migrated_to_2_utc'")).isNull());
    }

    void zones()
    {
        auto opened = Workspace::open(m_dir.filePath(QStringLiteral("zones.bulkhead")));
        QVERIFY2(opened, qPrintable(opened.errorMessage()));
        Workspace& ws = *opened.value();

        Zone pci = makeZone(QStringLiteral("pci"), ZoneScope::In, QStringLiteral("Card data."));
        pci.approvedRegistries = {QStringLiteral("registry.example.com:5000")};
        pci.approvedUsers = {QStringLiteral("root"), QStringLiteral("auditor")};
        pci.requiredLogTargets = {QStringLiteral("udp://logs:514")};
        const auto pciId = ws.upsertZone(pci);
        QVERIFY2(pciId, qPrintable(pciId.errorMessage()));

        Zone draft = makeZone(QStringLiteral("lab"), ZoneScope::Out, QString());
        QVERIFY(!ws.upsertZone(draft));
        draft.rationale = QStringLiteral("Lab.");
        draft.scope.reset();
        QVERIFY(!ws.upsertZone(draft));

        // An upsert replaces the policy of the zone with that name and keeps its id.
        pci.approvedUsers = {QStringLiteral("root")};
        pci.rationale = QStringLiteral("Card data, PCI DSS 4.0.");
        QCOMPARE(ws.upsertZone(pci).value(), pciId.value());
        const auto zones = ws.zones();
        QVERIFY(zones);
        QCOMPARE(zones->size(), 1);
        QCOMPARE(zones->front(), pci);

        const qint64 host = ws.upsertHost(HostSpec{QStringLiteral("a"), QStringLiteral("10.0.0.1"), 22}).value();
        QVERIFY(ws.setHostZone(host, QStringLiteral("pci")));
        QCOMPARE(ws.hosts()->front().zone, QStringLiteral("pci"));
        const auto unknown = ws.setHostZone(host, QStringLiteral("nope"));
        QVERIFY(!unknown);
        QCOMPARE(unknown.errorMessage(), QStringLiteral("There is no zone 'nope' in this workspace"));
        QCOMPARE(ws.hosts()->front().zone, QStringLiteral("pci"));
        QVERIFY(!ws.setHostZone(host + 100, QStringLiteral("pci")));
        QVERIFY(ws.setHostZone(host, QString()));
        QVERIFY(ws.hosts()->front().zone.isEmpty());

        // The file refuses what the API refuses, whoever writes it.
        RawDb raw(ws.path());
        QVERIFY(!raw.exec(QStringLiteral("INSERT INTO zones (name, scope, rationale, updated_utc) VALUES"
                                         " ('x', 'maybe', 'r', 'now')"))
                     .isEmpty());
        QVERIFY(!raw.exec(QStringLiteral("INSERT INTO zones (name, scope, rationale, updated_utc) VALUES"
                                         " ('x', 'in', '  ', 'now')"))
                     .isEmpty());
        QVERIFY(!raw.exec(QStringLiteral("INSERT INTO zones (name, scope, rationale, updated_utc) VALUES"
                                         " ('PCI', 'in', 'twice', 'now')"))
                     .isEmpty());
    }

    void applyInventory()
    {
        auto opened = Workspace::open(m_dir.filePath(QStringLiteral("apply.bulkhead")));
        QVERIFY(opened);
        Workspace& ws = *opened.value();
        // A host the workspace already knows under its address keeps its id and takes the name.
        const qint64 known = ws.upsertHost(HostSpec{QStringLiteral("auditor"), QStringLiteral("10.0.0.5"), 22}).value();

        Inventory inventory;
        inventory.zones << makeZone(QStringLiteral("pci"), ZoneScope::In, QStringLiteral("Card data."))
                        << makeZone(QStringLiteral("lab"), ZoneScope::Out, QStringLiteral("Lab."));
        inventory.hosts << makeHost(QStringLiteral("web-1"), QStringLiteral("10.0.0.5"), QStringLiteral("auditor"),
                                    QStringLiteral("pci"))
                        << makeHost(QStringLiteral("lab-1"), QStringLiteral("10.0.1.5"), QString(),
                                    QStringLiteral("lab"));
        const auto ids = ws.applyInventory(inventory);
        QVERIFY2(ids, qPrintable(ids.errorMessage()));
        QCOMPARE(ids->size(), 2);
        QCOMPARE(ids->at(0), known);
        const auto hosts = ws.hosts();
        QCOMPARE(hosts->size(), 2);
        QCOMPARE(hosts->at(0).name, QStringLiteral("web-1"));
        QCOMPARE(hosts->at(0).zone, QStringLiteral("pci"));
        QCOMPARE(hosts->at(1).name, QStringLiteral("lab-1"));
        QCOMPARE(hosts->at(1).zone, QStringLiteral("lab"));
        QCOMPARE(ws.zones()->size(), 2);

        // The host moves zone; applying again adds nothing.
        inventory.hosts[1].zone = QStringLiteral("pci");
        QVERIFY(ws.applyInventory(inventory));
        QCOMPARE(ws.hosts()->size(), 2);
        QCOMPARE(ws.hosts()->at(1).zone, QStringLiteral("pci"));

        // An invalid inventory changes nothing at all.
        Inventory broken = inventory;
        broken.hosts << makeHost(QStringLiteral("new"), QStringLiteral("10.0.2.1"), QString(), QStringLiteral("pci"));
        broken.zones[0].rationale.clear();
        const auto refused = ws.applyInventory(broken);
        QVERIFY(!refused);
        QVERIFY2(refused.errorMessage().contains(QStringLiteral("zone 'pci' has no rationale")),
                 qPrintable(refused.errorMessage()));
        QCOMPARE(ws.hosts()->size(), 2);
        QCOMPARE(ws.zones()->front().rationale, QStringLiteral("Lab."));
    }
};

QTEST_GUILESS_MAIN(TestWorkspaceZones)
#include "tst_workspacezones.moc"
