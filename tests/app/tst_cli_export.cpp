// SPDX-License-Identifier: GPL-3.0-or-later
// bulkhead-cli export and --fail-on without a network (issue 6, item 2): every format to a file and to
// standard output, usage errors (format, zone, severity), and exit 6 when a finding fails at or above.
#include "ProcessRun.h"

#include "store/Workspace.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

using namespace bulkhead;

namespace {

ProcessRun cli(const QStringList& arguments)
{
    return ProcessRun::run(QStringLiteral(BULKHEAD_CLI), arguments, 60000);
}

// One host in zone "prod": a high-severity failure (container.user-not-root) and a pass.
QString makeWorkspace(const QString& dir)
{
    const QString path = dir + QStringLiteral("/export.bulkhead");
    auto ws = Workspace::open(path);
    if (!ws)
        return {};
    Zone zone;
    zone.name = QStringLiteral("prod");
    zone.scope = ZoneScope::In;
    zone.rationale = QStringLiteral("card data");
    if (!ws.value()->upsertZone(zone))
        return {};
    const qint64 host =
        ws.value()->upsertHost(HostSpec{QStringLiteral("root"), QStringLiteral("192.0.2.7"), 22}).value();
    if (!ws.value()->setHostZone(host, QStringLiteral("prod")))
        return {};
    const qint64 scan = ws.value()->beginScan(QStringLiteral("bulkhead test")).value();
    Finding root;
    root.scanId = scan;
    root.hostId = host;
    root.checkId = QStringLiteral("container.user-not-root");
    root.subject = Subject{SubjectKind::Container, QString(64, QLatin1Char('a')), QStringLiteral("web")};
    root.status = Status::Fail;
    root.message = QStringLiteral("runs as root");
    Finding readOnly = root;
    readOnly.checkId = QStringLiteral("container.read-only-rootfs");
    readOnly.status = Status::Pass;
    if (!ws.value()->replaceFindings(scan, host, {root, readOnly}) ||
        !ws.value()->finishScan(scan, ScanState::Complete))
        return {};
    return path;
}

} // namespace

class TestCliExport : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void everyFormat_data();
    void everyFormat();
    void usageErrors_data();
    void usageErrors();
    void failOn_data();
    void failOn();
    void zoneFilter();
    void helpNamesExitSix();

private:
    QTemporaryDir m_dir;
    QString m_workspace;
};

void TestCliExport::initTestCase()
{
    m_workspace = makeWorkspace(m_dir.path());
    QVERIFY(!m_workspace.isEmpty());
}

void TestCliExport::everyFormat_data()
{
    QTest::addColumn<QString>("format");
    QTest::addColumn<QByteArray>("start");
    QTest::newRow("json") << QStringLiteral("json") << QByteArray("{");
    QTest::newRow("csv") << QStringLiteral("csv") << QByteArray("finding_id,scan_id,");
    QTest::newRow("sarif") << QStringLiteral("sarif") << QByteArray("{");
    QTest::newRow("junit") << QStringLiteral("junit") << QByteArray("<?xml");
    QTest::newRow("oscal") << QStringLiteral("oscal") << QByteArray("{");
}

void TestCliExport::everyFormat()
{
    QFETCH(QString, format);
    QFETCH(QByteArray, start);
    const QString out = m_dir.filePath(QStringLiteral("out.") + format);
    const ProcessRun toFile = cli({QStringLiteral("export"), QStringLiteral("--workspace"), m_workspace,
                                   QStringLiteral("--format"), format, QStringLiteral("--output"), out});
    QVERIFY2(toFile.exitCode == 0, toFile.err.constData());
    QVERIFY(toFile.out.isEmpty());
    QFile file(out);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray written = file.readAll();
    QVERIFY2(written.startsWith(start), written.left(200).constData());
    // "-" and no --output: standard output, the same document.
    for (const QStringList& extra : {QStringList{QStringLiteral("--output"), QStringLiteral("-")}, QStringList{}}) {
        const ProcessRun toStdout = cli(QStringList{QStringLiteral("export"), QStringLiteral("--workspace"),
                                                    m_workspace, QStringLiteral("--format"), format} +
                                        extra);
        QCOMPARE(toStdout.exitCode, 0);
        QVERIFY(toStdout.out.startsWith(start));
        if (format == QLatin1String("csv") || format == QLatin1String("junit"))
            QCOMPARE(toStdout.out.count('\n'), written.count('\n'));
    }
    if (format == QLatin1String("json")) {
        const QJsonObject document = QJsonDocument::fromJson(written).object();
        QCOMPARE(document.value(QStringLiteral("findings")).toArray().size(), 2);
        QVERIFY(document.value(QStringLiteral("findings"))
                    .toArray()
                    .at(0)
                    .toObject()
                    .value(QStringLiteral("id"))
                    .toInteger() > 0);
    }
    if (format == QLatin1String("junit")) {
        QXmlStreamReader xml(written);
        while (!xml.atEnd())
            xml.readNext();
        QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
    }
}

void TestCliExport::usageErrors_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QByteArray>("message");
    QTest::newRow("no format") << QStringList{} << QByteArray("--format");
    QTest::newRow("bad format") << QStringList{QStringLiteral("--format"), QStringLiteral("xml")}
                                << QByteArray("json, csv, sarif, junit, oscal");
    QTest::newRow("unknown zone") << QStringList{QStringLiteral("--format"), QStringLiteral("json"),
                                                 QStringLiteral("--zone"), QStringLiteral("dev")}
                                  << QByteArray("there is no zone 'dev' in this workspace; its zones: prod");
    QTest::newRow("bad severity") << QStringList{QStringLiteral("--format"), QStringLiteral("json"),
                                                 QStringLiteral("--fail-on"), QStringLiteral("severe")}
                                  << QByteArray("--fail-on must be info, low, medium, high or critical");
}

void TestCliExport::usageErrors()
{
    QFETCH(QStringList, arguments);
    QFETCH(QByteArray, message);
    const ProcessRun run =
        cli(QStringList{QStringLiteral("export"), QStringLiteral("--workspace"), m_workspace} + arguments);
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains(message), run.err.constData());
    QVERIFY(run.out.isEmpty());

    // scan checks --fail-on before it connects to anything.
    const ProcessRun scan =
        cli({QStringLiteral("scan"), QStringLiteral("--workspace"), m_workspace, QStringLiteral("--host"),
             QStringLiteral("192.0.2.1"), QStringLiteral("--known-hosts"), m_dir.filePath(QStringLiteral("kh")),
             QStringLiteral("--fail-on"), QStringLiteral("4")});
    QCOMPARE(scan.exitCode, 2);
    QVERIFY2(scan.err.contains("--fail-on must be"), scan.err.constData());
}

void TestCliExport::failOn_data()
{
    QTest::addColumn<QString>("severity");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QByteArray>("line");
    QTest::newRow("info") << QStringLiteral("info") << 6
                          << QByteArray("1 failing finding at or above info (worst: high)");
    QTest::newRow("high") << QStringLiteral("high") << 6
                          << QByteArray("1 failing finding at or above high (worst: high)");
    QTest::newRow("critical") << QStringLiteral("critical") << 0
                              << QByteArray("no failing finding at or above critical");
}

void TestCliExport::failOn()
{
    QFETCH(QString, severity);
    QFETCH(int, exitCode);
    QFETCH(QByteArray, line);
    const QString out = m_dir.filePath(QStringLiteral("gate.sarif"));
    QFile::remove(out);
    const ProcessRun run =
        cli({QStringLiteral("export"), QStringLiteral("--workspace"), m_workspace, QStringLiteral("--format"),
             QStringLiteral("sarif"), QStringLiteral("--output"), out, QStringLiteral("--fail-on"), severity});
    QCOMPARE(run.exitCode, exitCode);
    QVERIFY2(run.err.contains(line), run.err.constData());
    QVERIFY(QFile::exists(out)); // written before the gate decides
}

void TestCliExport::zoneFilter()
{
    const ProcessRun run =
        cli({QStringLiteral("export"), QStringLiteral("--workspace"), m_workspace, QStringLiteral("--format"),
             QStringLiteral("json"), QStringLiteral("--zone"), QStringLiteral("prod")});
    QCOMPARE(run.exitCode, 0);
    const QJsonObject document = QJsonDocument::fromJson(run.out).object();
    QCOMPARE(document.value(QStringLiteral("zones")).toArray().size(), 1);
    QCOMPARE(document.value(QStringLiteral("findings")).toArray().size(), 2);
    QCOMPARE(document.value(QStringLiteral("zoneFilter")).toArray().at(0).toString(), QStringLiteral("prod"));
}

void TestCliExport::helpNamesExitSix()
{
    const ProcessRun run = cli({QStringLiteral("--help")});
    QCOMPARE(run.exitCode, 0);
    for (const char* word : {"export", "--fail-on", "sarif", "junit", "oscal", "6 --fail-on"})
        QVERIFY2(run.out.contains(word), word);
}

QTEST_GUILESS_MAIN(TestCliExport)
#include "tst_cli_export.moc"
