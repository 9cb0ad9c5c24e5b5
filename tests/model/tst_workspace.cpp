// SPDX-License-Identifier: GPL-3.0-or-later
#include "store/Workspace.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

#include <atomic>
#include <thread>

using namespace bulkhead;

namespace {

QByteArray randomBytes(qsizetype size, quint32 seed)
{
    QRandomGenerator generator(seed);
    QByteArray bytes(size, Qt::Uninitialized);
    for (qsizetype i = 0; i < size; ++i)
        bytes[i] = static_cast<char>(generator.bounded(256));
    return bytes;
}

QByteArray readFile(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll();
}

bool writeFile(const QString& path, const QByteArray& bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(bytes) == bytes.size();
}

quint32 bigEndian32(const QByteArray& bytes, int offset)
{
    quint32 value = 0;
    for (int i = 0; i < 4; ++i)
        value = (value << 8) | static_cast<quint8>(bytes.at(offset + i));
    return value;
}

// A plain SQLite connection beside the workspace, for what the Workspace API deliberately cannot
// do (tamper with rows, build foreign files). Removed when it goes out of scope.
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
    // Returns the error text, empty on success.
    QString exec(const QString& sql)
    {
        QSqlQuery query(QSqlDatabase::database(m_name, false));
        if (!query.exec(sql))
            return query.lastError().text().isEmpty() ? QStringLiteral("error") : query.lastError().text();
        return QString();
    }

private:
    QString m_name;
};

Artifact sampleArtifact(qint64 scanId, qint64 hostId, const QString& probe, const QByteArray& output)
{
    Artifact artifact;
    artifact.scanId = scanId;
    artifact.hostId = hostId;
    artifact.probe = probe;
    artifact.command = QStringLiteral("docker ps -aq --no-trunc");
    artifact.output = output;
    artifact.errorOutput = QByteArray("warning\n");
    artifact.exitStatus = 0;
    artifact.startedUtc = QDateTime(QDate(2024, 5, 1), QTime(12, 0, 0, 123), Qt::UTC);
    artifact.finishedUtc = QDateTime(QDate(2024, 5, 1), QTime(12, 0, 1, 456), Qt::UTC);
    return artifact;
}

Finding sampleFinding(const QString& checkId, const QString& container, Status status, qint64 artifactId)
{
    Finding finding;
    finding.checkId = checkId;
    finding.subject = Subject{SubjectKind::Container, QString(64, QLatin1Char('a')), container};
    finding.status = status;
    finding.expected = QStringLiteral("User is not root");
    finding.actual = QStringLiteral("User=\"0:0\"");
    finding.message = QStringLiteral("runs as root");
    if (artifactId > 0)
        finding.evidence.append(
            EvidenceRef{artifactId, QStringLiteral("/0/Config/User"), QStringLiteral("\"0:0\""), {}});
    return finding;
}

} // namespace

class TestWorkspace : public QObject
{
    Q_OBJECT

private:
    QString newPath() { return m_dir.filePath(QStringLiteral("ws-%1.bulkhead").arg(++m_counter)); }

    // A workspace with a host, a scan and `count` artifacts of `size` bytes; closed on return.
    QString populatedWorkspace(int count, qsizetype size)
    {
        const QString path = newPath();
        auto opened = Workspace::open(path);
        if (!opened)
            return {};
        auto& ws = *opened.value();
        const qint64 host = ws.upsertHost(HostSpec{QStringLiteral("audit"), QStringLiteral("10.0.0.1"), 22}).value();
        const qint64 scan = ws.beginScan(QStringLiteral("test")).value();
        qint64 last = 0;
        for (int i = 0; i < count; ++i)
            last = ws.addArtifact(sampleArtifact(scan, host, QStringLiteral("probe.%1").arg(i),
                                                 randomBytes(size, static_cast<quint32>(i))))
                       .value();
        (void)ws.replaceFindings(scan, host,
                                 {sampleFinding(QStringLiteral("c"), QStringLiteral("x"), Status::Fail, last)});
        return path;
    }

    QTemporaryDir m_dir;
    int m_counter = 0;

private slots:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void createAndReopen()
    {
        const QString path = newPath();
        {
            auto opened = Workspace::open(path, Workspace::OpenMode::CreateIfMissing);
            QVERIFY2(opened, qPrintable(opened.errorMessage()));
            auto& ws = *opened.value();
            QCOMPARE(ws.schemaVersion(), Workspace::SchemaVersion);
            QVERIFY(ws.path().endsWith(QStringLiteral(".bulkhead")));
            auto host = ws.upsertHost(HostSpec{QStringLiteral("audit"), QStringLiteral("192.0.2.10"), 2222});
            QVERIFY2(host, qPrintable(host.errorMessage()));
            auto again = ws.upsertHost(HostSpec{QStringLiteral("audit"), QStringLiteral("192.0.2.10"), 2222});
            QVERIFY(again);
            QCOMPARE(again.value(), host.value());
            auto other = ws.upsertHost(HostSpec{QString(), QStringLiteral("192.0.2.10"), 2222});
            QVERIFY(other);
            QVERIFY(other.value() != host.value());
            QVERIFY(!ws.latestScanId().has_value());
        }
        // The header is written by SQLite itself: check it byte by byte as another tool would.
        const QByteArray header = readFile(path).left(100);
        QCOMPARE(header.size(), 100);
        QCOMPARE(bigEndian32(header, 68), static_cast<quint32>(Workspace::ApplicationId));
        QCOMPARE(bigEndian32(header, 60), static_cast<quint32>(Workspace::SchemaVersion));
        QCOMPARE(static_cast<int>(header.at(18)), 2); // file format 2 = WAL

        auto reopened = Workspace::open(path, Workspace::OpenMode::ExistingOnly);
        QVERIFY2(reopened, qPrintable(reopened.errorMessage()));
        auto hosts = reopened.value()->hosts();
        QVERIFY(hosts);
        QCOMPARE(hosts->size(), 2);
        QCOMPARE(hosts->at(0).spec.user, QStringLiteral("audit"));
        QCOMPARE(hosts->at(0).spec.address, QStringLiteral("192.0.2.10"));
        QCOMPARE(hosts->at(0).spec.port, 2222);
        QCOMPARE(hosts->at(0).name, QStringLiteral("192.0.2.10:2222"));
        auto integrity = reopened.value()->integrityCheck();
        QVERIFY(integrity);
        QCOMPARE(integrity.value(), QStringLiteral("ok"));
    }

    void missingFile()
    {
        auto opened =
            Workspace::open(m_dir.filePath(QStringLiteral("absent.bulkhead")), Workspace::OpenMode::ExistingOnly);
        QVERIFY(!opened);
        QVERIFY2(opened.errorMessage().contains(QStringLiteral("does not exist")), qPrintable(opened.errorMessage()));
        QVERIFY(!QFile::exists(m_dir.filePath(QStringLiteral("absent.bulkhead"))));

        auto noFolder = Workspace::open(m_dir.filePath(QStringLiteral("no/such/folder/ws.bulkhead")));
        QVERIFY(!noFolder);
        QVERIFY2(noFolder.errorMessage().contains(QStringLiteral("does not exist")),
                 qPrintable(noFolder.errorMessage()));
    }

    void refuseForeignFiles_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("expected");
        QTest::newRow("text file") << "text"
                                   << "file is not a database";
        QTest::newRow("random bytes") << "random"
                                      << "file is not a database";
        QTest::newRow("sqlite header only") << "short-header"
                                            << "file is not a database";
        QTest::newRow("empty file, existing only") << "empty"
                                                   << "is empty";
        QTest::newRow("foreign sqlite with tables") << "foreign-tables"
                                                    << "not a Bulkhead workspace";
        QTest::newRow("foreign application id") << "foreign-appid"
                                                << "not a Bulkhead workspace";
        QTest::newRow("newer schema") << "newer"
                                      << "written by a newer Bulkhead";
        QTest::newRow("folder") << "folder"
                                << "is a folder";
    }

    void refuseForeignFiles()
    {
        QFETCH(QString, kind);
        QFETCH(QString, expected);
        const QString path = newPath();
        auto mode = Workspace::OpenMode::CreateIfMissing;
        if (kind == QLatin1String("text")) {
            QVERIFY(writeFile(path, "Dear auditor,\nthis is a letter, not a workspace.\n"));
        } else if (kind == QLatin1String("random")) {
            QVERIFY(writeFile(path, randomBytes(8192, 7)));
        } else if (kind == QLatin1String("short-header")) {
            QVERIFY(writeFile(path, QByteArray("SQLite format 3\0", 16) + "abc"));
        } else if (kind == QLatin1String("empty")) {
            QVERIFY(writeFile(path, QByteArray()));
            mode = Workspace::OpenMode::ExistingOnly;
        } else if (kind == QLatin1String("foreign-tables")) {
            RawDb raw(path);
            QCOMPARE(raw.exec(QStringLiteral("CREATE TABLE songs (title TEXT)")), QString());
            QCOMPARE(raw.exec(QStringLiteral("INSERT INTO songs VALUES ('x')")), QString());
        } else if (kind == QLatin1String("foreign-appid")) {
            RawDb raw(path);
            QCOMPARE(raw.exec(QStringLiteral("PRAGMA application_id = 1598903374")), QString()); // another app
        } else if (kind == QLatin1String("newer")) {
            {
                auto ws = Workspace::open(path);
                QVERIFY(ws);
            }
            RawDb raw(path);
            QCOMPARE(raw.exec(QStringLiteral("PRAGMA user_version = %1").arg(Workspace::SchemaVersion + 1)), QString());
        } else if (kind == QLatin1String("folder")) {
            QVERIFY(QDir().mkpath(path));
        }
        const QByteArray before = QFileInfo(path).isFile() ? readFile(path) : QByteArray();

        auto opened = Workspace::open(path, mode);
        QVERIFY(!opened);
        QVERIFY2(opened.errorMessage().contains(expected), qPrintable(opened.errorMessage()));
        QVERIFY2(opened.errorMessage().contains(QFileInfo(path).fileName()), qPrintable(opened.errorMessage()));
        // A refused file is left exactly as it was (no WAL switch, no tables added).
        if (QFileInfo(path).isFile())
            QCOMPARE(readFile(path), before);
        QVERIFY(!QFile::exists(path + QStringLiteral("-wal")) || kind == QLatin1String("newer"));
    }

    void emptyFileBecomesWorkspace()
    {
        const QString path = newPath();
        QVERIFY(writeFile(path, QByteArray()));
        auto opened = Workspace::open(path, Workspace::OpenMode::CreateIfMissing);
        QVERIFY2(opened, qPrintable(opened.errorMessage()));
        QCOMPARE(opened.value()->schemaVersion(), Workspace::SchemaVersion);
    }

    void corruptedWorkspace_data()
    {
        QTest::addColumn<QString>("damage");
        QTest::newRow("random page in the middle") << "random-page";
        QTest::newRow("random bytes over three pages") << "random-pages";
        QTest::newRow("schema page overwritten") << "schema-page";
        QTest::newRow("truncated to half") << "truncate";
    }

    void corruptedWorkspace()
    {
        QFETCH(QString, damage);
        // Small artifacts keep every page a b-tree page, so any overwritten page is structural.
        const QString original = populatedWorkspace(300, 900);
        QVERIFY(!original.isEmpty());
        QVERIFY(!QFile::exists(original + QStringLiteral("-wal"))); // checkpointed on close
        QByteArray bytes = readFile(original);
        const int pageSize = 4096;
        QVERIFY(bytes.size() > 40 * pageSize);
        const qsizetype middle = (bytes.size() / pageSize / 2) * pageSize;
        if (damage == QLatin1String("random-page"))
            bytes.replace(middle, pageSize, randomBytes(pageSize, 11));
        else if (damage == QLatin1String("random-pages"))
            bytes.replace(middle - pageSize, 3 * pageSize, randomBytes(3 * pageSize, 12));
        else if (damage == QLatin1String("schema-page"))
            bytes.replace(100, pageSize - 100, randomBytes(pageSize - 100, 13));
        else if (damage == QLatin1String("truncate"))
            bytes.truncate(middle);
        const QString path = newPath();
        QVERIFY(writeFile(path, bytes));

        auto opened = Workspace::open(path, Workspace::OpenMode::ExistingOnly);
        if (!opened) {
            const QString message = opened.errorMessage();
            qInfo("refused: %s", qPrintable(message));
            QVERIFY2(message.contains(QFileInfo(path).fileName()), qPrintable(message));
            QVERIFY2(message.contains(QStringLiteral("damaged")) || message.contains(QStringLiteral("not a database")),
                     qPrintable(message));
            return;
        }
        // Opened: then the damage must show in the integrity check, and reading must not crash.
        auto integrity = opened.value()->integrityCheck();
        QVERIFY(!integrity || integrity.value() != QLatin1String("ok"));
        (void)opened.value()->artifactIndex();
        (void)opened.value()->findings();
    }

    void artifactRoundTrip_data()
    {
        QTest::addColumn<QByteArray>("output");
        QTest::addColumn<QByteArray>("errorOutput");
        QByteArray allBytes;
        for (int i = 0; i < 256; ++i)
            allBytes.append(static_cast<char>(i));
        QTest::newRow("json") << QByteArray("[{\"Id\":\"abc\"}]\n") << QByteArray();
        QTest::newRow("every byte value") << allBytes << allBytes;
        QTest::newRow("invalid utf-8 and NUL")
            << QByteArray("\xff\xfe\xc3\x28\x00tail", 9) << QByteArray("\xc0\x80\x00", 3);
        QTest::newRow("60 KB binary") << randomBytes(60 * 1024, 1) << randomBytes(60 * 1024, 2);
        QTest::newRow("empty") << QByteArray() << QByteArray();
    }

    void artifactRoundTrip()
    {
        QFETCH(QByteArray, output);
        QFETCH(QByteArray, errorOutput);
        auto opened = Workspace::open(newPath());
        QVERIFY(opened);
        auto& ws = *opened.value();
        const qint64 host = ws.upsertHost(HostSpec{QString(), QStringLiteral("fleet-1.example"), 22}).value();
        const qint64 scan = ws.beginScan(QStringLiteral("bulkhead test")).value();

        Artifact artifact = sampleArtifact(scan, host, QStringLiteral("docker.containers.inspect"), output);
        artifact.errorOutput = errorOutput;
        artifact.exitStatus = 137;
        artifact.exitSignal = QStringLiteral("KILL");
        artifact.truncated = true;
        artifact.timedOut = true;
        artifact.redactions = 3;
        auto id = ws.addArtifact(artifact);
        QVERIFY2(id, qPrintable(id.errorMessage()));

        auto stored = ws.artifact(id.value());
        QVERIFY2(stored, qPrintable(stored.errorMessage()));
        QCOMPARE(stored->id, id.value());
        QCOMPARE(stored->scanId, scan);
        QCOMPARE(stored->hostId, host);
        QCOMPARE(stored->probe, artifact.probe);
        QCOMPARE(stored->command, artifact.command);
        QCOMPARE(stored->output.size(), output.size());
        QVERIFY(stored->output == output);
        QVERIFY(stored->errorOutput == errorOutput);
        QCOMPARE(stored->exitStatus, 137);
        QCOMPARE(stored->exitSignal, QStringLiteral("KILL"));
        QVERIFY(stored->truncated);
        QVERIFY(stored->timedOut);
        QCOMPARE(stored->redactions, 3);
        QCOMPARE(stored->startedUtc, artifact.startedUtc);
        QCOMPARE(stored->startedUtc.time().msec(), 123);
        QCOMPARE(stored->finishedUtc, artifact.finishedUtc);
        QCOMPARE(stored->startedUtc.timeSpec(), Qt::UTC);
        const QString digest =
            QString::fromLatin1(QCryptographicHash::hash(output, QCryptographicHash::Sha256).toHex());
        QCOMPARE(stored->sha256, digest);

        auto list = ws.artifacts(scan, host);
        QVERIFY(list);
        QCOMPARE(list->size(), 1);
        QVERIFY(list->at(0).output == output);
        auto index = ws.artifactIndex(scan);
        QVERIFY(index);
        QCOMPARE(index->size(), 1);
        QCOMPARE(index->at(0).size, output.size());
        QCOMPARE(index->at(0).hostName, QStringLiteral("fleet-1.example"));
        QCOMPARE(index->at(0).sha256, digest);
        QCOMPARE(ws.artifactIndex(scan + 1)->size(), 0);
    }

    void artifactChecks()
    {
        auto opened = Workspace::open(newPath());
        QVERIFY(opened);
        auto& ws = *opened.value();
        const qint64 host = ws.upsertHost(HostSpec{QString(), QStringLiteral("h"), 22}).value();
        const qint64 scan = ws.beginScan(QStringLiteral("t")).value();

        Artifact lying = sampleArtifact(scan, host, QStringLiteral("p"), "abc");
        lying.sha256 = QString(64, QLatin1Char('0'));
        auto refused = ws.addArtifact(lying);
        QVERIFY(!refused);
        QVERIFY(refused.errorMessage().contains(QStringLiteral("sha256")));

        Artifact honest = lying;
        honest.sha256 =
            QStringLiteral("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"); // sha256("abc")
        QVERIFY(ws.addArtifact(honest));

        auto orphan = ws.addArtifact(sampleArtifact(scan + 42, host, QStringLiteral("p"), "x"));
        QVERIFY2(!orphan, "an artifact of an unknown scan must be refused (foreign keys on)");
        QVERIFY(!ws.artifact(9999));
        QVERIFY(ws.artifact(9999).errorMessage().contains(QStringLiteral("no artifact")));
    }

    void artifactsAreImmutable()
    {
        const QString path = newPath();
        auto opened = Workspace::open(path);
        QVERIFY(opened);
        auto& ws = *opened.value();
        const qint64 host = ws.upsertHost(HostSpec{QString(), QStringLiteral("h"), 22}).value();
        const qint64 scan = ws.beginScan(QStringLiteral("t")).value();
        const qint64 id = ws.addArtifact(sampleArtifact(scan, host, QStringLiteral("p"), "evidence")).value();

        RawDb raw(path);
        const QString update = raw.exec(QStringLiteral("UPDATE artifacts SET output = 'forged' WHERE id = %1").arg(id));
        QVERIFY2(update.contains(QStringLiteral("immutable")), qPrintable(update));
        const QString remove = raw.exec(QStringLiteral("DELETE FROM artifacts WHERE id = %1").arg(id));
        QVERIFY2(remove.contains(QStringLiteral("immutable")), qPrintable(remove));
        QCOMPARE(ws.artifact(id)->output, QByteArray("evidence"));
    }

    void scansAndHostScans()
    {
        auto opened = Workspace::open(newPath());
        QVERIFY(opened);
        auto& ws = *opened.value();
        const qint64 host = ws.upsertHost(HostSpec{QStringLiteral("root"), QStringLiteral("::1"), 2201}).value();
        const qint64 first = ws.beginScan(QStringLiteral("bulkhead 0.1.0")).value();
        const qint64 second = ws.beginScan(QStringLiteral("bulkhead 0.1.0")).value();
        QVERIFY(second > first);
        QCOMPARE(ws.latestScanId(), std::optional<qint64>(second));
        QVERIFY(ws.finishScan(first, ScanState::Partial));
        QVERIFY(!ws.finishScan(second + 10, ScanState::Complete));

        auto scans = ws.scans();
        QVERIFY(scans);
        QCOMPARE(scans->size(), 2);
        QCOMPARE(scans->at(0).state, ScanState::Partial);
        QVERIFY(scans->at(0).finishedUtc.isValid());
        QCOMPARE(scans->at(1).state, ScanState::Running);
        QVERIFY(!scans->at(1).finishedUtc.isValid());
        QCOMPARE(scans->at(1).tool, QStringLiteral("bulkhead 0.1.0"));

        HostScanRecord record;
        record.scanId = first;
        record.hostId = host;
        record.state = HostScanState::Running;
        record.startedUtc = QDateTime::currentDateTimeUtc();
        QVERIFY(ws.setHostScan(record));
        record.state = HostScanState::Failed;
        record.message = QStringLiteral("host key changed");
        record.hostKeyFingerprint = QStringLiteral("SHA256:abc");
        record.finishedUtc = record.startedUtc.addSecs(3);
        QVERIFY(ws.setHostScan(record));
        auto records = ws.hostScans(first);
        QVERIFY(records);
        QCOMPARE(records->size(), 1);
        QCOMPARE(records->at(0).state, HostScanState::Failed);
        QCOMPARE(records->at(0).message, QStringLiteral("host key changed"));
        QCOMPARE(records->at(0).hostKeyFingerprint, QStringLiteral("SHA256:abc"));
        QCOMPARE(records->at(0).hostName, QStringLiteral("[::1]:2201"));
        QCOMPARE(records->at(0).finishedUtc, record.finishedUtc.addMSecs(0));
        QCOMPARE(ws.hostScans(second)->size(), 0);
    }

    void findingsRoundTrip()
    {
        auto opened = Workspace::open(newPath());
        QVERIFY(opened);
        auto& ws = *opened.value();
        const qint64 host = ws.upsertHost(HostSpec{QString(), QStringLiteral("alpha"), 22}).value();
        const qint64 scan = ws.beginScan(QStringLiteral("t")).value();
        const qint64 first = ws.addArtifact(sampleArtifact(scan, host, QStringLiteral("a"), "one")).value();
        const qint64 second = ws.addArtifact(sampleArtifact(scan, host, QStringLiteral("b"), "two")).value();

        Finding finding =
            sampleFinding(QStringLiteral("container.user-not-root"), QStringLiteral("web"), Status::Fail, first);
        finding.evidence.append(EvidenceRef{second, QStringLiteral("/1/Config/User"), QStringLiteral("\"root\""), {}});
        finding.message = QStringLiteral("Runs as <b>root</b> & \"quotes\" \x1b[31m");
        Finding noEvidence =
            sampleFinding(QStringLiteral("container.read-only-rootfs"), QStringLiteral("db"), Status::NotApplicable, 0);
        noEvidence.subject = Subject{SubjectKind::Host, QString(), QString()};
        QVERIFY(ws.replaceFindings(scan, host, {finding, noEvidence}));

        auto stored = ws.findings(scan);
        QVERIFY2(stored, qPrintable(stored.errorMessage()));
        QCOMPARE(stored->size(), 2);
        const Finding& got = stored->at(0);
        QVERIFY(got.id > 0);
        QCOMPARE(got.scanId, scan);
        QCOMPARE(got.hostId, host);
        QCOMPARE(got.hostName, QStringLiteral("alpha"));
        QCOMPARE(got.checkId, finding.checkId);
        QCOMPARE(got.subject.kind, SubjectKind::Container);
        QCOMPARE(got.subject.id, finding.subject.id);
        QCOMPARE(got.subject.name, QStringLiteral("web"));
        QCOMPARE(got.status, Status::Fail);
        QCOMPARE(got.expected, finding.expected);
        QCOMPARE(got.actual, finding.actual);
        QCOMPARE(got.message, finding.message);
        QCOMPARE(got.evidence.size(), 2);
        QCOMPARE(got.evidence.at(0).artifactId, first);
        QCOMPARE(got.evidence.at(0).locator, QStringLiteral("/0/Config/User"));
        QCOMPARE(got.evidence.at(0).excerpt, QStringLiteral("\"0:0\""));
        QCOMPARE(got.evidence.at(0).sha256, ws.artifact(first)->sha256);
        QCOMPARE(got.evidence.at(1).artifactId, second);
        QCOMPARE(got.evidence.at(1).sha256, ws.artifact(second)->sha256);
        QCOMPARE(stored->at(1).status, Status::NotApplicable);
        QCOMPARE(stored->at(1).subject.kind, SubjectKind::Host);
        QCOMPARE(stored->at(1).evidence.size(), 0);
        // Without evidence (a fleet's list), then one finding's evidence on its own: the same references.
        auto bare = ws.findings(std::nullopt, false);
        QVERIFY(bare && bare->size() == stored->size());
        QCOMPARE(bare->at(0).id, got.id);
        QCOMPARE(bare->at(0).actual, got.actual);
        QVERIFY(bare->at(0).evidence.isEmpty());
        auto refs = ws.evidenceOf(got.id);
        QVERIFY(refs && refs->size() == 2);
        QCOMPARE(refs->at(1).locator, got.evidence.at(1).locator);
        QCOMPARE(refs->at(1).excerpt, got.evidence.at(1).excerpt);
        QCOMPARE(refs->at(1).sha256, got.evidence.at(1).sha256);

        // Replacing is all or nothing: evidence pointing at a missing artifact rolls it all back.
        Finding broken = sampleFinding(QStringLiteral("x"), QStringLiteral("y"), Status::Pass, 424242);
        QVERIFY(!ws.replaceFindings(
            scan, host, {sampleFinding(QStringLiteral("z"), QStringLiteral("w"), Status::Pass, 0), broken}));
        QCOMPARE(ws.findings(scan)->size(), 2);

        QVERIFY(ws.replaceFindings(scan, host, {noEvidence}));
        QCOMPARE(ws.findings(scan)->size(), 1);
        QVERIFY(ws.replaceFindings(scan, host, {}));
        QCOMPARE(ws.findings(scan)->size(), 0);
    }

    void latestFindingsPerHost()
    {
        auto opened = Workspace::open(newPath());
        QVERIFY(opened);
        auto& ws = *opened.value();
        const qint64 alpha = ws.upsertHost(HostSpec{QString(), QStringLiteral("alpha"), 22}).value();
        const qint64 beta = ws.upsertHost(HostSpec{QString(), QStringLiteral("beta"), 22}).value();
        const QString check = QStringLiteral("container.not-privileged");

        const qint64 scan1 = ws.beginScan(QStringLiteral("t")).value();
        QVERIFY(ws.replaceFindings(scan1, alpha,
                                   {sampleFinding(check, QStringLiteral("a1"), Status::Fail, 0),
                                    sampleFinding(check, QStringLiteral("a2"), Status::Fail, 0)}));
        QVERIFY(ws.replaceFindings(scan1, beta, {sampleFinding(check, QStringLiteral("b1"), Status::Pass, 0)}));
        // Scan 2 reaches alpha only; scan 3 produces nothing at all.
        const qint64 scan2 = ws.beginScan(QStringLiteral("t")).value();
        QVERIFY(ws.replaceFindings(scan2, alpha, {sampleFinding(check, QStringLiteral("a1"), Status::Pass, 0)}));
        const qint64 scan3 = ws.beginScan(QStringLiteral("t")).value();
        Q_UNUSED(scan3);

        auto latest = ws.findings();
        QVERIFY(latest);
        QCOMPARE(latest->size(), 2);
        QCOMPARE(latest->at(0).hostName, QStringLiteral("alpha"));
        QCOMPARE(latest->at(0).scanId, scan2);
        QCOMPARE(latest->at(0).status, Status::Pass);
        QCOMPARE(latest->at(1).hostName, QStringLiteral("beta"));
        QCOMPARE(latest->at(1).scanId, scan1);
        QCOMPARE(ws.findings(scan1)->size(), 3);
        QCOMPARE(ws.findings(scan2)->size(), 1);
        QCOMPARE(ws.findings(scan3)->size(), 0);

        // The same, counted per scan in SQLite (the dashboard's trend): a scan without findings is absent.
        auto counts = ws.scanStatusCounts();
        QVERIFY2(counts, qPrintable(counts.errorMessage()));
        QCOMPARE(counts->size(), 2);
        QCOMPARE(counts->at(0).scanId, scan1);
        QCOMPARE(counts->at(0).byStatus.value(Status::Fail), 2);
        QCOMPARE(counts->at(0).byStatus.value(Status::Pass), 1);
        QCOMPARE(counts->at(1).scanId, scan2);
        QCOMPARE(counts->at(1).byStatus, (QMap<Status, int>{{Status::Pass, 1}}));
        QVERIFY(counts->at(0).startedUtc.isValid());
    }

    // One (check, subject) across scans: the same host, kind and name (a container recreated under its name,
    // with a new id, is the same subject), oldest first; other subjects, checks and hosts stay out.
    void findingHistory()
    {
        auto opened = Workspace::open(newPath());
        QVERIFY(opened);
        auto& ws = *opened.value();
        const qint64 alpha = ws.upsertHost(HostSpec{QString(), QStringLiteral("alpha"), 22}).value();
        const qint64 beta = ws.upsertHost(HostSpec{QString(), QStringLiteral("beta"), 22}).value();
        const QString check = QStringLiteral("container.not-privileged");
        const qint64 scan1 = ws.beginScan(QStringLiteral("t")).value();
        QVERIFY(ws.replaceFindings(
            scan1, alpha,
            {sampleFinding(check, QStringLiteral("web"), Status::Fail, 0),
             sampleFinding(check, QStringLiteral("db"), Status::Pass, 0),
             sampleFinding(QStringLiteral("container.user-not-root"), QStringLiteral("web"), Status::Pass, 0)}));
        QVERIFY(ws.replaceFindings(scan1, beta, {sampleFinding(check, QStringLiteral("web"), Status::Pass, 0)}));
        const qint64 scan2 = ws.beginScan(QStringLiteral("t")).value();
        Finding recreated = sampleFinding(check, QStringLiteral("web"), Status::Pass, 0);
        recreated.subject.id = QString(64, QLatin1Char('b'));
        recreated.actual = QStringLiteral("Privileged=false");
        QVERIFY(ws.replaceFindings(scan2, alpha, {recreated}));

        const Finding latest = ws.findings(scan2)->front();
        auto history = ws.findingHistory(latest);
        QVERIFY2(history, qPrintable(history.errorMessage()));
        QCOMPARE(history->size(), 2);
        QCOMPARE(history->at(0).scanId, scan1);
        QCOMPARE(history->at(0).status, Status::Fail);
        QCOMPARE(history->at(1).scanId, scan2);
        QCOMPARE(history->at(1).status, Status::Pass);
        QCOMPARE(history->at(1).findingId, latest.id);
        QCOMPARE(history->at(1).actual, QStringLiteral("Privileged=false"));
        QVERIFY(history->at(0).scanStartedUtc.isValid());
        // A subject without a name is followed by its id.
        Finding unnamed = latest;
        unnamed.subject.name.clear();
        QCOMPARE(ws.findingHistory(unnamed)->size(), 1); // only scan 2 has the id bbbb...
    }

    void writerAndReaderThreads()
    {
        const QString path = newPath();
        auto opened = Workspace::open(path);
        QVERIFY(opened);
        auto& reader = *opened.value();
        const qint64 host = reader.upsertHost(HostSpec{QString(), QStringLiteral("h"), 22}).value();
        const qint64 scan = reader.beginScan(QStringLiteral("t")).value();

        constexpr int Count = 150;
        std::atomic<bool> done{false};
        QString writerError;
        // The writer opens its own instance in its own thread, as a scan worker does.
        std::thread writer([&] {
            auto own = Workspace::open(path, Workspace::OpenMode::ExistingOnly);
            if (!own) {
                writerError = own.errorMessage();
                done = true;
                return;
            }
            for (int i = 0; i < Count && writerError.isEmpty(); ++i) {
                auto id = own.value()->addArtifact(sampleArtifact(scan, host, QStringLiteral("p%1").arg(i),
                                                                  randomBytes(2000, static_cast<quint32>(i))));
                if (!id) {
                    writerError = id.errorMessage();
                    break;
                }
                auto stored = own.value()->replaceFindings(
                    scan, host, {sampleFinding(QStringLiteral("c"), QString::number(i), Status::Fail, id.value())});
                if (!stored)
                    writerError = stored.errorMessage();
            }
            done = true;
        });

        qsizetype seen = 0;
        int reads = 0;
        QString readerError;
        // The reader also writes (hosts) while the writer holds or waits for the write lock.
        while (!done || reads == 0) {
            auto index = reader.artifactIndex(scan);
            auto findings = reader.findings();
            auto extraHost = reader.upsertHost(HostSpec{QString(), QStringLiteral("r%1").arg(reads % 5), 22});
            if (!index || !findings || !extraHost) {
                readerError = index.errorMessage() + findings.errorMessage() + extraHost.errorMessage();
                break;
            }
            if (index->size() < seen) {
                readerError = QStringLiteral("artifact count went backwards");
                break;
            }
            seen = index->size();
            if (findings->size() > 1) {
                readerError = QStringLiteral("saw a half-replaced set of findings");
                break;
            }
            ++reads;
        }
        writer.join();
        QVERIFY2(writerError.isEmpty(), qPrintable(writerError));
        QVERIFY2(readerError.isEmpty(), qPrintable(readerError));
        QCOMPARE(reader.artifactIndex(scan)->size(), Count);
        QCOMPARE(reader.findings()->size(), 1);
        QCOMPARE(reader.hosts()->size(), 1 + qMin(reads, 5)); // "h" plus r0..r4 as far as the loop got
        QVERIFY(reads > 0);
    }
};

QTEST_GUILESS_MAIN(TestWorkspace)
#include "tst_workspace.moc"
