// SPDX-License-Identifier: GPL-3.0-or-later
// Upgrades keep data (issue 7, item 4): a workspace written by each earlier schema's own code
// (tests/model/data/workspace-vN.bulkhead, see the README there) opens in this version with every host,
// zone, scan, artifact, finding, waiver, attestation and attachment it held, sealed (verify is clean),
// once (a second open changes nothing), and takes new data. A newer schema is refused untouched; a
// migration that fails half-way leaves the file as it was.
#include "checks/Evaluator.h"
#include "store/Workspace.h"

#include <QCryptographicHash>
#include <QFile>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

#include <algorithm>

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
    RawDb(const RawDb&) = delete;
    RawDb& operator=(const RawDb&) = delete;

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

private:
    QString m_name;
};

QString sha256Hex(const QByteArray& bytes)
{
    return QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex());
}

QString digestOf(QStringList lines)
{
    lines.sort();
    return sha256Hex(lines.join(QLatin1Char('\n')).toUtf8());
}

QByteArray fileBytes(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// One scan row as the writer stored it. The digests are over sorted lines, as the writer printed them:
// artifacts "ID HOSTID PROBE SHA256"; findings "ID HOSTID CHECK SUBJECTID STATUS ARTIFACTID@LOCATOR,...".
struct ExpectedScan
{
    qint64 id = 0;
    QString kind;
    QString state;
    QStringList hostScans; // "HOSTID:STATE"
    int artifacts = 0;
    QString artifactsDigest;
    int findings = 0;
    QString statuses; // "fail=3 pass=5", by status name
    QString findingsDigest;
};

// What the writer of one file stored (its output, README.md beside the files).
struct ExpectedWorkspace
{
    int schema = 0;
    QStringList hosts; // "ID SPEC NAME ZONE"
    QStringList zones; // "NAME SCOPE"
    QVector<ExpectedScan> scans;
    int waivers = 0;
    int attestations = 0;
    QStringList attachments; // "ID SUBJECT NAME SHA256"
    int activity = 0;        // log entries before the upgrade (0: the schema had no log)
    int remediations = 0;
    QString renamedContainer; // the container of fleet-charlie the writer renamed (HostileName); empty in v1
};

// The hostile container name of v2..v5 (the writer renamed one of fleet-charlie's containers).
const QString HostileName = QStringLiteral("<b>x&amp;y</b> \"q\" 'Zürich-日本'");

QString statusLine(const QVector<Finding>& findings)
{
    QMap<QString, int> counts;
    for (const Finding& finding : findings)
        ++counts[statusToString(finding.status)];
    QStringList parts;
    for (auto it = counts.cbegin(); it != counts.cend(); ++it)
        parts << QStringLiteral("%1=%2").arg(it.key()).arg(it.value());
    return parts.join(QLatin1Char(' '));
}

// clang-format off
// BEGIN EXPECTATIONS (tests/model/data/README.md: the writers' output)
const QVector<ExpectedWorkspace>& expectations()
{
    static const QVector<ExpectedWorkspace> all{
        {.schema = 1,
         .hosts = {QStringLiteral("1 auditor@10.0.0.5:22 10.0.0.5 "), QStringLiteral("2 root@build-01.example.com:2222 build-01.example.com:2222 ")},
         .zones = {},
         .scans = {{.id = 1, .kind = QStringLiteral("scan"), .state = QStringLiteral("partial"), .hostScans = {QStringLiteral("1:done"), QStringLiteral("2:failed")},
                    .artifacts = 4, .artifactsDigest = QStringLiteral("763d2011647dee8a7f2287e54061722468e99b18bb6eec15613925ce458424a1"),
                    .findings = 40, .statuses = QStringLiteral("fail=16 pass=24"), .findingsDigest = {}}},
         .waivers = 0, .attestations = 0, .attachments = {}, .activity = 0, .remediations = 0, .renamedContainer = {}},
        {.schema = 2,
         .hosts = {QStringLiteral("1 root@127.0.88.11:2222 alpha prod"), QStringLiteral("2 auditor@127.0.88.13:2222 charlie lab"), QStringLiteral("3 root@127.0.88.14:2222 delta legacy"), QStringLiteral("4 auditor@10.0.94.15:22 echo prod")},
         .zones = {QStringLiteral("lab in"), QStringLiteral("legacy out"), QStringLiteral("prod in")},
         .scans = {{.id = 1, .kind = QStringLiteral("scan"), .state = QStringLiteral("partial"), .hostScans = {QStringLiteral("1:done"), QStringLiteral("2:done"), QStringLiteral("4:failed")},
                    .artifacts = 62, .artifactsDigest = QStringLiteral("de7ad01915848570af3b1b52777d3f5572325bf4994de97e2993b8e471ae7453"),
                    .findings = 60, .statuses = QStringLiteral("fail=10 pass=50"), .findingsDigest = QStringLiteral("44fb662edb486028fdd69cbbdad447307cc40601ec4cad3c025908ca8ddd7131")}},
         .waivers = 0, .attestations = 0, .attachments = {}, .activity = 0,
         .remediations = 0, .renamedContainer = QStringLiteral("charlie-ok")},
        {.schema = 3,
         .hosts = {QStringLiteral("1 root@127.0.88.11:2222 alpha prod"), QStringLiteral("2 auditor@127.0.88.13:2222 charlie lab"), QStringLiteral("3 root@127.0.88.14:2222 delta legacy"), QStringLiteral("4 auditor@10.0.94.15:22 echo prod")},
         .zones = {QStringLiteral("lab in"), QStringLiteral("legacy out"), QStringLiteral("prod in")},
         .scans = {{.id = 1, .kind = QStringLiteral("scan"), .state = QStringLiteral("partial"), .hostScans = {QStringLiteral("1:done"), QStringLiteral("2:done"), QStringLiteral("4:failed")},
                    .artifacts = 62, .artifactsDigest = QStringLiteral("de7ad01915848570af3b1b52777d3f5572325bf4994de97e2993b8e471ae7453"),
                    .findings = 514, .statuses = QStringLiteral("fail=130 manual=8 not_applicable=46 pass=289 warn=41"), .findingsDigest = QStringLiteral("c7b5872d69f78e634f74206387458e306231cd800711e0effd125be53d449a60")},
                   {.id = 2, .kind = QStringLiteral("watch"), .state = QStringLiteral("complete"), .hostScans = {QStringLiteral("2:done")},
                    .artifacts = 2, .artifactsDigest = QStringLiteral("6f46315aed493d85b8e210f2e8643ccd5194ccddd7d1015d6d51de7fa78405c2"),
                    .findings = 0, .statuses = QStringLiteral(""), .findingsDigest = QStringLiteral("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")}},
         .waivers = 0, .attestations = 0, .attachments = {}, .activity = 0,
         .remediations = 0, .renamedContainer = QStringLiteral("charlie-ok")},
        {.schema = 4,
         .hosts = {QStringLiteral("1 root@127.0.88.11:2222 alpha prod"), QStringLiteral("2 auditor@127.0.88.13:2222 charlie lab"), QStringLiteral("3 root@127.0.88.14:2222 delta legacy"), QStringLiteral("4 auditor@10.0.94.15:22 echo prod")},
         .zones = {QStringLiteral("lab in"), QStringLiteral("legacy out"), QStringLiteral("prod in")},
         .scans = {{.id = 1, .kind = QStringLiteral("scan"), .state = QStringLiteral("partial"), .hostScans = {QStringLiteral("1:done"), QStringLiteral("2:done"), QStringLiteral("4:failed")},
                    .artifacts = 62, .artifactsDigest = QStringLiteral("de7ad01915848570af3b1b52777d3f5572325bf4994de97e2993b8e471ae7453"),
                    .findings = 578, .statuses = QStringLiteral("fail=138 manual=8 not_applicable=83 pass=308 warn=41"), .findingsDigest = QStringLiteral("bc4efe8995dedd63c5aa4a2789c98b3dfeaf24a8d93076de716b44d33bd02538")},
                   {.id = 2, .kind = QStringLiteral("watch"), .state = QStringLiteral("complete"), .hostScans = {QStringLiteral("2:done")},
                    .artifacts = 2, .artifactsDigest = QStringLiteral("6f46315aed493d85b8e210f2e8643ccd5194ccddd7d1015d6d51de7fa78405c2"),
                    .findings = 0, .statuses = QStringLiteral(""), .findingsDigest = QStringLiteral("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")}},
         .waivers = 3, .attestations = 2, .attachments = {QStringLiteral("1 attestation:1 hardening report (Zürich).txt 7653d79aeae2443e37a8c057c8efd2fb0ac5f36d5872a966a9c535a783c2ed87")}, .activity = 98,
         .remediations = 0, .renamedContainer = QStringLiteral("charlie-ok")},
        {.schema = 5,
         .hosts = {QStringLiteral("1 root@127.0.88.11:2222 alpha prod"), QStringLiteral("2 auditor@127.0.88.13:2222 charlie lab"), QStringLiteral("3 root@127.0.88.14:2222 delta legacy"), QStringLiteral("4 auditor@10.0.94.15:22 echo prod")},
         .zones = {QStringLiteral("lab in"), QStringLiteral("legacy out"), QStringLiteral("prod in")},
         .scans = {{.id = 1, .kind = QStringLiteral("scan"), .state = QStringLiteral("partial"), .hostScans = {QStringLiteral("1:done"), QStringLiteral("2:done"), QStringLiteral("4:failed")},
                    .artifacts = 62, .artifactsDigest = QStringLiteral("de7ad01915848570af3b1b52777d3f5572325bf4994de97e2993b8e471ae7453"),
                    .findings = 578, .statuses = QStringLiteral("fail=138 manual=8 not_applicable=83 pass=308 warn=41"), .findingsDigest = QStringLiteral("bc4efe8995dedd63c5aa4a2789c98b3dfeaf24a8d93076de716b44d33bd02538")},
                   {.id = 2, .kind = QStringLiteral("watch"), .state = QStringLiteral("complete"), .hostScans = {QStringLiteral("2:done")},
                    .artifacts = 2, .artifactsDigest = QStringLiteral("6f46315aed493d85b8e210f2e8643ccd5194ccddd7d1015d6d51de7fa78405c2"),
                    .findings = 0, .statuses = QStringLiteral(""), .findingsDigest = QStringLiteral("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")},
                   {.id = 3, .kind = QStringLiteral("remediation"), .state = QStringLiteral("complete"), .hostScans = {QStringLiteral("1:done")},
                    .artifacts = 1, .artifactsDigest = QStringLiteral("f42130c9791b29e67d6dbde6cf3387c36b6fda22b520578d544cb99247c09417"),
                    .findings = 0, .statuses = QStringLiteral(""), .findingsDigest = QStringLiteral("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")},
                   {.id = 4, .kind = QStringLiteral("remediation"), .state = QStringLiteral("complete"), .hostScans = {QStringLiteral("1:done")},
                    .artifacts = 1, .artifactsDigest = QStringLiteral("af2f80ce5d1b9496827e7c039109e03d36b4c85a31630ce6404f86110f182729"),
                    .findings = 0, .statuses = QStringLiteral(""), .findingsDigest = QStringLiteral("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")}},
         .waivers = 3, .attestations = 2, .attachments = {QStringLiteral("1 attestation:1 hardening report (Zürich).txt 7653d79aeae2443e37a8c057c8efd2fb0ac5f36d5872a966a9c535a783c2ed87")}, .activity = 113,
         .remediations = 1, .renamedContainer = QStringLiteral("charlie-ok")},
    };
    return all;
}
// END EXPECTATIONS
// clang-format on

} // namespace

class TestWorkspaceUpgrade : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    int m_counter = 0;

    QString copyOf(int schema)
    {
        const QString path = m_dir.filePath(QStringLiteral("v%1-%2.bulkhead").arg(schema).arg(++m_counter));
        if (!QFile::copy(QStringLiteral(BULKHEAD_TEST_DATA "/workspace-v%1.bulkhead").arg(schema), path))
            return {};
        QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner);
        return path;
    }

    static const ExpectedWorkspace* expectation(int schema)
    {
        const auto& all = expectations();
        const auto it =
            std::find_if(all.cbegin(), all.cend(), [schema](const ExpectedWorkspace& e) { return e.schema == schema; });
        return it == all.cend() ? nullptr : &*it;
    }

private slots:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void opensEarlierSchemas_data()
    {
        QTest::addColumn<int>("schema");
        for (int schema = 1; schema <= Workspace::SchemaVersion; ++schema)
            QTest::addRow("v%d", schema) << schema;
    }

    // Everything the file held is there, byte for byte, and the upgraded file is sealed.
    void opensEarlierSchemas()
    {
        QFETCH(int, schema);
        const ExpectedWorkspace* expected = expectation(schema);
        QVERIFY(expected);
        const QString path = copyOf(schema);
        QVERIFY(!path.isEmpty());
        {
            RawDb raw(path);
            QCOMPARE(raw.scalar(QStringLiteral("PRAGMA user_version")).toInt(), schema);
        }

        auto opened = Workspace::open(path, Workspace::OpenMode::ExistingOnly);
        QVERIFY2(opened, qPrintable(opened.errorMessage()));
        Workspace& ws = *opened.value();
        QCOMPARE(ws.schemaVersion(), Workspace::SchemaVersion);
        QCOMPARE(ws.integrityCheck().value(), QStringLiteral("ok"));

        QStringList hosts;
        for (const HostRecord& host : ws.hosts().value())
            hosts << QStringLiteral("%1 %2 %3 %4").arg(host.id).arg(host.spec.toString(), host.name, host.zone);
        QCOMPARE(hosts, expected->hosts);
        QStringList zones;
        for (const Zone& zone : ws.zones().value())
            zones << zone.name + QLatin1Char(' ') + zoneScopeToString(zone.scope.value_or(ZoneScope::In));
        QCOMPARE(zones, expected->zones);

        const QVector<ScanRecord> scans = ws.scans().value();
        QCOMPARE(scans.size(), expected->scans.size());
        for (qsizetype i = 0; i < scans.size(); ++i) {
            const ScanRecord& scan = scans.at(i);
            const ExpectedScan& want = expected->scans.at(i);
            QCOMPARE(scan.id, want.id);
            QCOMPARE(scanKindToString(scan.kind), want.kind);
            QCOMPARE(scanStateToString(scan.state), want.state);
            QStringList hostScans;
            for (const HostScanRecord& record : ws.hostScans(scan.id).value())
                hostScans << QStringLiteral("%1:%2").arg(record.hostId).arg(hostScanStateToString(record.state));
            QCOMPARE(hostScans, want.hostScans);

            // Each artifact's bytes still hash to the sha256 stored with them when they were collected.
            QStringList artifactLines;
            for (const ArtifactInfo& info : ws.artifactIndex(scan.id).value()) {
                artifactLines
                    << QStringLiteral("%1 %2 %3 %4").arg(info.id).arg(info.hostId).arg(info.probe, info.sha256);
                const auto artifact = ws.artifact(info.id);
                QVERIFY(artifact);
                QCOMPARE(sha256Hex(artifact->output), info.sha256);
            }
            QCOMPARE(artifactLines.size(), want.artifacts);
            if (!want.artifactsDigest.isEmpty())
                QCOMPARE(digestOf(artifactLines), want.artifactsDigest);

            const QVector<Finding> findings = ws.findings(scan.id).value();
            QCOMPARE(findings.size(), want.findings);
            QCOMPARE(statusLine(findings), want.statuses);
            QStringList findingLines;
            for (const Finding& finding : findings) {
                QStringList evidence;
                for (const EvidenceRef& ref : finding.evidence) {
                    evidence << QStringLiteral("%1@%2").arg(ref.artifactId).arg(ref.locator);
                    QCOMPARE(ref.sha256.size(), 64);
                }
                findingLines << QStringLiteral("%1 %2 %3 %4 %5 %6")
                                    .arg(finding.id)
                                    .arg(finding.hostId)
                                    .arg(finding.checkId, finding.subject.id, statusToString(finding.status),
                                         evidence.join(QLatin1Char(',')));
            }
            if (!want.findingsDigest.isEmpty())
                QCOMPARE(digestOf(findingLines), want.findingsDigest);
        }

        QCOMPARE(ws.waivers().value().size(), expected->waivers);
        QCOMPARE(ws.attestations().value().size(), expected->attestations);
        QStringList attachments;
        for (const Attestation& attestation : ws.attestations().value()) {
            for (const Attachment& file :
                 ws.attachments(QStringLiteral("attestation:%1").arg(attestation.id)).value()) {
                attachments << QStringLiteral("%1 %2 %3 %4").arg(file.id).arg(file.subject, file.fileName, file.sha256);
                QCOMPARE(sha256Hex(ws.attachmentBytes(file.id).value()), file.sha256);
            }
        }
        QCOMPARE(attachments, expected->attachments);
        QCOMPARE(ws.remediations().value().size(), expected->remediations);

        // Sealed: the log covers what the file held (schemas before 4 had no log: the upgrade starts it).
        const QVector<ActivityEntry> activity = ws.activity().value();
        if (expected->activity == 0) {
            QCOMPARE(activity.size(), 1);
            QCOMPARE(activity.front().action, QStringLiteral("workspace.sealed"));
        } else {
            QCOMPARE(activity.size(), expected->activity);
        }
        const VerifyReport report = ws.verify().value();
        QVERIFY2(report.ok(), qPrintable(report.problems.join(u'\n')));
        opened.value().reset();

        RawDb raw(path);
        QCOMPARE(raw.scalar(QStringLiteral("PRAGMA user_version")).toInt(), Workspace::SchemaVersion);
        for (int step = schema + 1; step <= Workspace::SchemaVersion; ++step) {
            if (step == 4)
                continue; // schema 4 records its upgrade as the log's seal instead
            QVERIFY2(!raw.scalar(QStringLiteral("SELECT value FROM meta WHERE key = 'migrated_to_%1_utc'").arg(step))
                          .isNull(),
                     qPrintable(QString::number(step)));
        }
        // Still immutable evidence.
        QVERIFY(!raw.exec(QStringLiteral("UPDATE artifacts SET output = 'x'")).isEmpty());
    }

    void secondOpenChangesNothing_data() { opensEarlierSchemas_data(); }

    void secondOpenChangesNothing()
    {
        QFETCH(int, schema);
        const QString path = copyOf(schema);
        QVERIFY(Workspace::open(path, Workspace::OpenMode::ExistingOnly));
        const auto state = [&path] {
            RawDb raw(path);
            return QStringList{
                raw.scalar(QStringLiteral("PRAGMA user_version")).toString(),
                raw.scalar(QStringLiteral("SELECT group_concat(key || '=' || value, ';') FROM meta")).toString(),
                raw.scalar(QStringLiteral("SELECT count(*) FROM activity_log")).toString(),
                raw.scalar(QStringLiteral("SELECT group_concat(sql, ';') FROM sqlite_schema")).toString(),
            };
        };
        const QStringList first = state();
        auto again = Workspace::open(path, Workspace::OpenMode::ExistingOnly);
        QVERIFY2(again, qPrintable(again.errorMessage()));
        QCOMPARE(again.value()->schemaVersion(), Workspace::SchemaVersion);
        QVERIFY(again.value()->verify().value().ok());
        again.value().reset();
        QCOMPARE(state(), first);
    }

    void newerSchemaIsRefusedUntouched_data() { opensEarlierSchemas_data(); }

    // A file from a future Bulkhead: a clear refusal, and not one byte written.
    void newerSchemaIsRefusedUntouched()
    {
        QFETCH(int, schema);
        const QString path = copyOf(schema);
        {
            RawDb raw(path);
            QVERIFY(raw.exec(QStringLiteral("PRAGMA user_version = 99")).isEmpty());
        }
        QVERIFY(!QFile::exists(path + QStringLiteral("-wal")));
        const QByteArray before = fileBytes(path);
        QVERIFY(!before.isEmpty());
        const auto opened = Workspace::open(path, Workspace::OpenMode::ExistingOnly);
        QVERIFY(!opened);
        QVERIFY2(opened.errorMessage().contains(QLatin1String("newer Bulkhead")), qPrintable(opened.errorMessage()));
        QVERIFY2(opened.errorMessage().contains(QLatin1String("schema 99")), qPrintable(opened.errorMessage()));
        QVERIFY2(opened.errorMessage().contains(QStringLiteral("reads up to %1").arg(Workspace::SchemaVersion)),
                 qPrintable(opened.errorMessage()));
        QCOMPARE(fileBytes(path), before);
    }

    void upgradedTakesNewData_data() { opensEarlierSchemas_data(); }

    // The upgraded file is reviewed, re-evaluated from its stored evidence and takes new decisions.
    void upgradedTakesNewData()
    {
        QFETCH(int, schema);
        const ExpectedWorkspace* expected = expectation(schema);
        QVERIFY(expected);
        const QString path = copyOf(schema);
        auto opened = Workspace::open(path, Workspace::OpenMode::ExistingOnly);
        QVERIFY2(opened, qPrintable(opened.errorMessage()));
        Workspace& ws = *opened.value();
        const QDateTime now = QDateTime::currentDateTimeUtc();

        const auto reviewed = ws.reviewedFindings(std::nullopt, now);
        QVERIFY2(reviewed, qPrintable(reviewed.errorMessage()));
        QVERIFY(!reviewed->isEmpty());
        if (!expected->renamedContainer.isEmpty() && expected->waivers > 0) {
            // The waiver the old version granted on the hostile container still applies.
            const bool waived = std::any_of(reviewed->cbegin(), reviewed->cend(), [](const Finding& finding) {
                return finding.status == Status::Waived && finding.subject.name == HostileName;
            });
            QVERIFY(waived);
        }

        // Re-evaluate the latest scan's hosts from the stored evidence into a new scan.
        const std::optional<qint64> latest = ws.latestScanId();
        QVERIFY(latest);
        const qint64 scanId = ws.beginScan(QStringLiteral("bulkhead upgrade test")).value();
        int evaluated = 0;
        for (const HostScanRecord& hostScan : ws.hostScans(*latest).value()) {
            const QVector<Artifact> stored = ws.artifacts(*latest, hostScan.hostId).value();
            if (stored.isEmpty())
                continue;
            QVector<Artifact> copies;
            for (Artifact artifact : stored) {
                artifact.id = 0;
                artifact.scanId = scanId;
                const auto id = ws.addArtifact(artifact);
                QVERIFY2(id, qPrintable(id.errorMessage()));
                artifact.id = id.value();
                copies << artifact;
            }
            QVector<Finding> findings = Evaluator::evaluateHost(copies, ws.policyForHost(hostScan.hostId).value());
            QVERIFY(!findings.isEmpty());
            for (Finding& finding : findings) {
                finding.scanId = scanId;
                finding.hostId = hostScan.hostId;
            }
            const auto replaced = ws.replaceFindings(scanId, hostScan.hostId, findings);
            QVERIFY2(replaced, qPrintable(replaced.errorMessage()));
            HostScanRecord record = hostScan;
            record.scanId = scanId;
            QVERIFY(ws.setHostScan(record));
            ++evaluated;
        }
        QVERIFY(evaluated > 0);
        QVERIFY(ws.finishScan(scanId, ScanState::Complete));
        QCOMPARE(ws.latestScanId(), std::optional<qint64>(scanId));

        const auto fresh = ws.reviewedFindings(scanId, now);
        QVERIFY(fresh);
        const auto failing = std::find_if(fresh->cbegin(), fresh->cend(), [](const Finding& finding) {
            return finding.status == Status::Fail || finding.status == Status::Warn;
        });
        QVERIFY(failing != fresh->cend());
        Waiver waiver;
        waiver.checkId = failing->checkId;
        waiver.scope = WaiverScope::Host;
        waiver.target = failing->hostName;
        waiver.justification = QStringLiteral("Accepted after the upgrade");
        waiver.approver = QStringLiteral("CISO");
        waiver.risk = QStringLiteral("low");
        waiver.expiresUtc = now.addDays(30);
        const auto waiverId = ws.addWaiver(waiver);
        QVERIFY2(waiverId, qPrintable(waiverId.errorMessage()));
        QCOMPARE(ws.waivers().value().size(), expected->waivers + 1);
        const auto again = ws.reviewedFindings(scanId, now);
        QVERIFY(again);
        QVERIFY(std::any_of(again->cbegin(), again->cend(), [&](const Finding& finding) {
            return finding.status == Status::Waived && finding.checkId == waiver.checkId;
        }));

        const VerifyReport report = ws.verify().value();
        QVERIFY2(report.ok(), qPrintable(report.problems.join(u'\n')));
    }

    // A migration that fails half-way (here: schema 5's table already exists in a damaged copy) changes
    // nothing: the file stays at its schema with all its data, and opens once the obstacle is gone.
    void failedMigrationLeavesTheFileAsItWas()
    {
        const ExpectedWorkspace* expected = expectation(4);
        QVERIFY(expected);
        const QString path = copyOf(4);
        QString scansTable;
        {
            RawDb raw(path);
            QVERIFY(raw.exec(QStringLiteral("CREATE TABLE remediations (id INTEGER PRIMARY KEY)")).isEmpty());
            scansTable = raw.scalar(QStringLiteral("SELECT sql FROM sqlite_schema WHERE name = 'scans'")).toString();
        }
        const auto failed = Workspace::open(path, Workspace::OpenMode::ExistingOnly);
        QVERIFY(!failed);
        QVERIFY2(failed.errorMessage().contains(QLatin1String("Cannot upgrade the workspace to schema 5")),
                 qPrintable(failed.errorMessage()));
        {
            RawDb raw(path);
            QCOMPARE(raw.scalar(QStringLiteral("PRAGMA user_version")).toInt(), 4);
            QCOMPARE(raw.scalar(QStringLiteral("SELECT sql FROM sqlite_schema WHERE name = 'scans'")).toString(),
                     scansTable);
            QCOMPARE(raw.scalar(QStringLiteral("PRAGMA integrity_check")).toString(), QStringLiteral("ok"));
            QCOMPARE(raw.scalar(QStringLiteral("SELECT count(*) FROM activity_log")).toInt(), expected->activity);
            QCOMPARE(raw.scalar(QStringLiteral("SELECT count(*) FROM meta WHERE key = 'migrated_to_5_utc'")).toInt(),
                     0);
            QVERIFY(raw.exec(QStringLiteral("DROP TABLE remediations")).isEmpty());
        }
        auto opened = Workspace::open(path, Workspace::OpenMode::ExistingOnly);
        QVERIFY2(opened, qPrintable(opened.errorMessage()));
        QCOMPARE(opened.value()->schemaVersion(), Workspace::SchemaVersion);
        int artifacts = 0;
        for (const ExpectedScan& scan : expected->scans)
            artifacts += scan.artifacts;
        QCOMPARE(opened.value()->artifactIndex().value().size(), artifacts);
        const VerifyReport report = opened.value()->verify().value();
        QVERIFY2(report.ok(), qPrintable(report.problems.join(u'\n')));
    }
};

QTEST_GUILESS_MAIN(TestWorkspaceUpgrade)
#include "tst_workspaceupgrade.moc"
