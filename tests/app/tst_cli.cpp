// SPDX-License-Identifier: GPL-3.0-or-later
// The bulkhead-cli contract without a network: arguments, exit codes, findings formats, bad workspaces.
#include "ProcessRun.h"

#include "store/Workspace.h"

#include <QCryptographicHash>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace bulkhead;

namespace {

using Run = ProcessRun;

Run cli(const QStringList& arguments)
{
    return ProcessRun::run(QStringLiteral(BULKHEAD_CLI), arguments, 60000);
}

QByteArray fileSha(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QCryptographicHash::hash(file.readAll(), QCryptographicHash::Sha256).toHex();
}

// A workspace with one host, one artifact and two findings, one of them with hostile text.
QString makeWorkspace(const QString& dir)
{
    const QString path = dir + QStringLiteral("/cli.bulkhead");
    auto ws = Workspace::open(path);
    if (!ws)
        return {};
    HostSpec spec;
    spec.user = QStringLiteral("root");
    spec.address = QStringLiteral("192.0.2.7");
    spec.port = 2222;
    const qint64 host = ws.value()->upsertHost(spec).value();
    const qint64 scan = ws.value()->beginScan(QStringLiteral("bulkhead test")).value();
    Artifact artifact;
    artifact.scanId = scan;
    artifact.hostId = host;
    artifact.probe = QStringLiteral("docker.containers.inspect");
    artifact.command = QStringLiteral("docker container inspect");
    artifact.output = R"([{"Id":"abc","Config":{"User":"0:0"}}])";
    artifact.exitStatus = 0;
    artifact.startedUtc = QDateTime::currentDateTimeUtc();
    artifact.finishedUtc = artifact.startedUtc;
    const qint64 artifactId = ws.value()->addArtifact(artifact).value();

    Finding root;
    root.scanId = scan;
    root.hostId = host;
    root.checkId = QStringLiteral("container.user-not-root");
    root.subject = Subject{SubjectKind::Container, QString(64, QLatin1Char('a')), QStringLiteral("web")};
    root.status = Status::Fail;
    root.expected = QStringLiteral("a non-root user");
    root.actual = QStringLiteral("User=\"0:0\"");
    root.message = QStringLiteral("runs as root");
    root.evidence = {EvidenceRef{artifactId, QStringLiteral("/0/Config/User"), QStringLiteral("\"0:0\""), {}}};

    Finding hostile = root;
    hostile.checkId = QStringLiteral("container.read-only-rootfs");
    hostile.subject.name = QStringLiteral("=cmd|' /C calc'!A0,\"x\"\n<b>");
    hostile.status = Status::Pass;
    if (!ws.value()->replaceFindings(scan, host, {root, hostile}))
        return {};
    if (!ws.value()->setHostScan(HostScanRecord{scan, host, {}, HostScanState::Done, {}, {}, {}, {}}))
        return {};
    if (!ws.value()->finishScan(scan, ScanState::Complete))
        return {};
    return path;
}

} // namespace

class TestCli : public QObject
{
    Q_OBJECT

private slots:
    void versionAndHelp();
    void guiVersionAndHelpNeedNoDisplay();
    void usageErrors_data();
    void usageErrors();
    void findingsJson();
    void findingsCsvEscapesHostileCells();
    void attestListAndRevoke();
    void badWorkspaces_data();
    void badWorkspaces();
};

void TestCli::versionAndHelp()
{
    const Run version = cli({QStringLiteral("--version")});
    QCOMPARE(version.exitCode, 0);
    QVERIFY(version.out.startsWith("bulkhead-cli " BULKHEAD_VERSION));
    const Run help = cli({QStringLiteral("--help")});
    QCOMPARE(help.exitCode, 0);
    for (const char* word : {"scan", "findings", "report", "--known-hosts", "--accept-new", "--pdf"})
        QVERIFY2(help.out.contains(word), word);
    const Run scanHelp = cli({QStringLiteral("scan"), QStringLiteral("--help")});
    QCOMPARE(scanHelp.exitCode, 0);
}

void TestCli::guiVersionAndHelpNeedNoDisplay()
{
    for (const QString& option : {QStringLiteral("--version"), QStringLiteral("--help")}) {
        QProcess process;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.remove(QStringLiteral("DISPLAY"));
        environment.remove(QStringLiteral("WAYLAND_DISPLAY"));
        environment.remove(QStringLiteral("QT_QPA_PLATFORM"));
        process.setProcessEnvironment(environment);
        process.start(QStringLiteral(BULKHEAD_GUI), {option});
        QVERIFY(process.waitForFinished(30000));
        QCOMPARE(process.exitCode(), 0);
        const QByteArray out = process.readAllStandardOutput();
        QVERIFY2(
            out.startsWith(option == QLatin1String("--version") ? "bulkhead " BULKHEAD_VERSION : "Usage: bulkhead"),
            out.constData());
    }
}

void TestCli::usageErrors_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QByteArray>("message");
    QTest::newRow("no command") << QStringList{} << QByteArray("Usage:");
    QTest::newRow("unknown command") << QStringList{QStringLiteral("frobnicate")} << QByteArray("unknown command");
    QTest::newRow("scan without host") << QStringList{QStringLiteral("scan"), QStringLiteral("--workspace"),
                                                      QStringLiteral("x.bulkhead"), QStringLiteral("--known-hosts"),
                                                      QStringLiteral("kh")}
                                       << QByteArray("--host is required");
    QTest::newRow("scan bad host") << QStringList{QStringLiteral("scan"),
                                                  QStringLiteral("--workspace"),
                                                  QStringLiteral("x.bulkhead"),
                                                  QStringLiteral("--known-hosts"),
                                                  QStringLiteral("kh"),
                                                  QStringLiteral("--host"),
                                                  QStringLiteral("root@host;rm -rf /")}
                                   << QByteArray("bad --host");
    QTest::newRow("scan unknown option") << QStringList{QStringLiteral("scan"), QStringLiteral("--frob")}
                                         << QByteArray("Unknown option");
    QTest::newRow("findings bad format") << QStringList{QStringLiteral("findings"), QStringLiteral("--workspace"),
                                                        QStringLiteral("x.bulkhead"), QStringLiteral("--format"),
                                                        QStringLiteral("xml")}
                                         << QByteArray("--format must be json or csv");
    QTest::newRow("report without pdf") << QStringList{QStringLiteral("report"), QStringLiteral("--workspace"),
                                                       QStringLiteral("x.bulkhead")}
                                        << QByteArray("--pdf is required");
}

void TestCli::usageErrors()
{
    QFETCH(QStringList, arguments);
    QFETCH(QByteArray, message);
    const Run run = cli(arguments);
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains(message), run.err.constData());
}

void TestCli::findingsJson()
{
    QTemporaryDir dir;
    const QString path = makeWorkspace(dir.path());
    QVERIFY(!path.isEmpty());
    const Run run = cli({QStringLiteral("findings"), QStringLiteral("--workspace"), path, QStringLiteral("--format"),
                         QStringLiteral("json")});
    QCOMPARE(run.exitCode, 0);
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(run.out, &error);
    QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));
    const QJsonArray findings = doc.object().value(QStringLiteral("findings")).toArray();
    QCOMPARE(findings.size(), 2);
    QJsonObject root;
    for (const auto& value : findings) {
        if (value.toObject().value(QStringLiteral("check")).toString() == QLatin1String("container.user-not-root"))
            root = value.toObject();
    }
    QVERIFY(!root.isEmpty());
    QCOMPARE(root.value(QStringLiteral("host")).toString(), QStringLiteral("192.0.2.7:2222"));
    QCOMPARE(root.value(QStringLiteral("cis")).toArray(), QJsonArray{QStringLiteral("4.1")});
    QCOMPARE(root.value(QStringLiteral("tip")).toInt(), 7);
    QCOMPARE(root.value(QStringLiteral("status")).toString(), QStringLiteral("fail"));
    const QJsonObject subject = root.value(QStringLiteral("subject")).toObject();
    QCOMPARE(subject.value(QStringLiteral("kind")).toString(), QStringLiteral("container"));
    QCOMPARE(subject.value(QStringLiteral("name")).toString(), QStringLiteral("web"));
    QCOMPARE(subject.value(QStringLiteral("id")).toString(), QString(64, QLatin1Char('a')));
    const QJsonArray evidence = root.value(QStringLiteral("evidence")).toArray();
    QCOMPARE(evidence.size(), 1);
    const QByteArray expectedSha =
        QCryptographicHash::hash(R"([{"Id":"abc","Config":{"User":"0:0"}}])", QCryptographicHash::Sha256).toHex();
    QCOMPARE(evidence.at(0).toObject().value(QStringLiteral("sha256")).toString().toLatin1(), expectedSha);
    QVERIFY(evidence.at(0).toObject().value(QStringLiteral("artifact")).toInteger() > 0);
}

void TestCli::findingsCsvEscapesHostileCells()
{
    QTemporaryDir dir;
    const QString path = makeWorkspace(dir.path());
    QVERIFY(!path.isEmpty());
    const QString outFile = dir.filePath(QStringLiteral("findings.csv"));
    const Run run = cli({QStringLiteral("findings"), QStringLiteral("--workspace"), path, QStringLiteral("--format"),
                         QStringLiteral("csv"), QStringLiteral("--output"), outFile});
    QCOMPARE(run.exitCode, 0);
    QFile file(outFile);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray csv = file.readAll();
    QVERIFY(csv.startsWith("host,check,cis,tip,severity,subject_kind,subject_name,subject_id,status,"));
    // The formula is neutralised, the quote doubled, the newline kept inside a quoted cell.
    QVERIFY2(csv.contains("\"'=cmd|' /C calc'!A0,\"\"x\"\"\n<b>\""), csv.constData());
    QCOMPARE(csv.count("\r\n"), 3);
}

// An attestation is listed, revoked once (kept, marked, logged), and the workspace still verifies.
void TestCli::attestListAndRevoke()
{
    QTemporaryDir dir;
    const QString path = makeWorkspace(dir.path());
    QVERIFY(!path.isEmpty());
    const QString hostile = QStringLiteral("Ann\x1b[2J");
    Run run = cli({QStringLiteral("attest"), QStringLiteral("--workspace"), path, QStringLiteral("--check"),
                   QStringLiteral("host.process-baseline"), QStringLiteral("--host"), QStringLiteral("192.0.2.7"),
                   QStringLiteral("--status"), QStringLiteral("pass"), QStringLiteral("--justification"),
                   QStringLiteral("Reviewed"), QStringLiteral("--auditor"), hostile, QStringLiteral("--reviewer"),
                   QStringLiteral("Bob")});
    QVERIFY2(run.exitCode == 0, run.err.constData());
    QVERIFY(run.out.startsWith("Attestation 1 recorded"));
    run = cli({QStringLiteral("attest"), QStringLiteral("list"), QStringLiteral("--workspace"), path});
    QCOMPARE(run.exitCode, 0);
    QVERIFY2(run.out.startsWith("1  active  host.process-baseline  host=192.0.2.7  pass  by Ann"), run.out.constData());
    QVERIFY2(!run.out.contains('\x1b'), run.out.constData());
    run = cli({QStringLiteral("attest"), QStringLiteral("revoke"), QStringLiteral("--workspace"), path});
    QCOMPARE(run.exitCode, 2); // --id is required
    run = cli({QStringLiteral("attest"), QStringLiteral("revoke"), QStringLiteral("--id"), QStringLiteral("1"),
               QStringLiteral("--workspace"), path});
    QVERIFY2(run.exitCode == 0, run.err.constData());
    QCOMPARE(run.out, QByteArray("Attestation 1 revoked.\n"));
    run = cli({QStringLiteral("attest"), QStringLiteral("revoke"), QStringLiteral("--id"), QStringLiteral("1"),
               QStringLiteral("--workspace"), path});
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains("There is no attestation 1 in force"), run.err.constData());
    run = cli({QStringLiteral("attest"), QStringLiteral("list"), QStringLiteral("--workspace"), path});
    QVERIFY2(run.out.startsWith("1  revoked  "), run.out.constData());
    run = cli({QStringLiteral("log"), QStringLiteral("--workspace"), path});
    QVERIFY2(run.out.contains("attestation.revoked"), run.out.constData());
    run = cli({QStringLiteral("verify"), QStringLiteral("--workspace"), path});
    QVERIFY2(run.exitCode == 0, run.out.constData());
    // Scores whole, per tip, per zone and per host: one pass and one fail, on the one host in no zone.
    run = cli({QStringLiteral("score"), QStringLiteral("--workspace"), path});
    QVERIFY2(run.exitCode == 0, run.err.constData());
    const QStringList lines = QString::fromUtf8(run.out).split(u'\n');
    QVERIFY2(
        lines.value(0).startsWith(QLatin1String("All      without waivers 50.0%  with waivers 50.0%  (pass 1, fail 1")),
        run.out.constData());
    QVERIFY2(run.out.contains("\nHosts in no zone  without waivers 50.0%"), run.out.constData());
    QVERIFY2(run.out.contains("\nHost 192.0.2.7:2222  without waivers 50.0%"), run.out.constData());
}

void TestCli::badWorkspaces_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QByteArray>("message");
    QTest::newRow("missing") << QByteArray() << QByteArray("");
    QTest::newRow("text file") << QByteArray("hello, I am not a database\n") << QByteArray("");
    QByteArray noise(64 * 1024, '\0');
    for (int i = 0; i < noise.size(); ++i)
        noise[i] = static_cast<char>((i * 7919 + 13) % 251);
    QTest::newRow("random bytes") << noise << QByteArray("");
}

void TestCli::badWorkspaces()
{
    QFETCH(QByteArray, content);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("bad.bulkhead"));
    if (!content.isEmpty()) {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(content);
    }
    const QByteArray before = fileSha(path);
    const Run run = cli({QStringLiteral("findings"), QStringLiteral("--workspace"), path});
    QCOMPARE(run.exitCode, 3);
    QVERIFY2(run.err.startsWith("bulkhead-cli findings: "), run.err.constData());
    QVERIFY(run.err.size() > 30);
    // Nothing is lost: the bad file is left exactly as it was (or still absent).
    QCOMPARE(fileSha(path), before);
    QCOMPARE(QFile::exists(path), !content.isEmpty());
}

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
