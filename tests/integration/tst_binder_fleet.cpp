// SPDX-License-Identifier: GPL-3.0-or-later
// The binder and the exports of a real audit (issue 6), on the test fleet: tests/fleet/demo-binder scans
// zones in and out of scope, waives, attests with a file, notes, remediates and undoes, and writes the
// binder, which is read back with pdftotext section by section and checked with verify --binder; the exports
// are parsed back and agree with the binder's manifest. Then the hostile host's names and labels (markup,
// terminal escapes, shell code) go through a binder and come out as literal text, and none of its secret
// values reaches the PDF or an export.
#include "ProcessRun.h"

#include "export/BinderManifest.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

using namespace bulkhead;

namespace {

QString cliPath()
{
    return QStringLiteral(BULKHEAD_CLI);
}

ProcessRun cli(const QStringList& arguments)
{
    return ProcessRun::run(cliPath(), arguments, 300000);
}

// `raw`: in the order the text was drawn, so a table cell's lines stay together.
QString pdfToText(const QString& pdf, bool raw = false)
{
    QStringList arguments{QStringLiteral("-enc"), QStringLiteral("UTF-8")};
    if (raw)
        arguments << QStringLiteral("-raw");
    const ProcessRun run =
        ProcessRun::run(QStringLiteral("pdftotext"), arguments << pdf << QStringLiteral("-"), 120000);
    return run.exitCode == 0 ? QString::fromUtf8(run.out) : QString();
}

QByteArray readAll(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace

class tst_BinderFleet : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void demoAuditWritesTheBinder();
    void binderHasEverySection_data();
    void binderHasEverySection();
    void verifyTiesTheBinderToTheWorkspace();
    void exportsAgreeWithTheBinder();
    void hostileNamesStayText();

private:
    QJsonObject m_fleet;
    QTemporaryDir m_dir;
    QString m_out;
    QString m_text;
    BinderManifest m_manifest;
};

void tst_BinderFleet::initTestCase()
{
    const QString fleetDir = qEnvironmentVariable("BULKHEAD_FLEET_DIR");
    QVERIFY2(!fleetDir.isEmpty(), "BULKHEAD_FLEET_DIR is not set: the fleet fixture did not run");
    m_fleet = QJsonDocument::fromJson(readAll(fleetDir + QStringLiteral("/fleet.json"))).object();
    QVERIFY2(!m_fleet.isEmpty(), "fleet.json missing: is the test fleet up? (tests/fleet/fleet up)");
    QVERIFY(m_dir.isValid());
    m_out = m_dir.filePath(QStringLiteral("demo"));
}

void tst_BinderFleet::demoAuditWritesTheBinder()
{
    const ProcessRun run = ProcessRun::run(QStringLiteral(BULKHEAD_SOURCE_DIR "/tests/fleet/demo-binder"),
                                           {QStringLiteral("--fleet-dir"), qEnvironmentVariable("BULKHEAD_FLEET_DIR"),
                                            QStringLiteral("--cli"), cliPath(), QStringLiteral("--out"), m_out},
                                           600000);
    QVERIFY2(run.exitCode == 0, run.err.right(2000).constData());
    const QString pdf = m_out + QStringLiteral("/binder.pdf");
    const QByteArray bytes = readAll(pdf);
    QVERIFY(bytes.startsWith("%PDF-"));
    // Size sanity: four hosts, some 800 findings, fonts embedded.
    QVERIFY2(bytes.size() > 200'000 && bytes.size() < 5'000'000, qPrintable(QString::number(bytes.size())));
    auto manifest = BinderManifest::fromPdf(bytes);
    QVERIFY2(manifest.ok(), qPrintable(manifest.errorMessage()));
    m_manifest = manifest.value();
    QVERIFY(m_manifest.findings > 300);
    m_text = pdfToText(pdf);
    const int pages = int(m_text.count(QLatin1Char('\f')));
    qInfo("demo binder: %d pages, %lld bytes, %d findings", pages, static_cast<long long>(bytes.size()),
          m_manifest.findings);
    QVERIFY2(pages >= 30 && pages <= 200, qPrintable(QString::number(pages)));
    QVERIFY(m_text.contains(QStringLiteral("page %1 of %1").arg(pages)));
}

void tst_BinderFleet::binderHasEverySection_data()
{
    QTest::addColumn<QString>("needle");
    const QString attached = QString::fromLatin1(
        QCryptographicHash::hash(readAll(m_out + QStringLiteral("/access-review.txt")), QCryptographicHash::Sha256)
            .toHex());
    QTest::newRow("engagement") << "Container platform audit 2026";
    QTest::newRow("client") << "Example Payments Ltd";
    QTest::newRow("period") << "2026-11-01 to 2026-11-30";
    QTest::newRow("contents") << "Contents";
    QTest::newRow("zone in scope") << "Runs the card-payment containers; PCI DSS scope.";
    QTest::newRow("zone out of scope") << "Developer sandbox, no production data, isolated network.";
    QTest::newRow("out-of-scope host never scanned") << "never scanned";
    QTest::newRow("methodology host") << "login account only";
    QTest::newRow("probe") << "docker.containers.inspect";
    QTest::newRow("executive summary") << "3 Executive summary";
    QTest::newRow("chart zone label") << "payments";
    QTest::newRow("control matrix") << "4 Control matrix";
    QTest::newRow("critical findings") << "Critical:";
    QTest::newRow("privileged container") << "priv-created";
    QTest::newRow("waiver justification") << "The build agent drives the engine through the socket";
    QTest::newRow("waiver control") << "The build host accepts jobs from the signed pipeline only.";
    QTest::newRow("attestation justification") << "Reviewed the docker group against HR";
    QTest::newRow("attestation file") << "access-review.txt";
    QTest::newRow("attestation file sha256") << attached;
    QTest::newRow("note") << "The owner says priv-created is a leftover";
    QTest::newRow("remediation command") << "docker update --pids-limit '256'";
    QTest::newRow("undo") << "undoes #1";
    QTest::newRow("evidence index") << "9 Evidence index";
    QTest::newRow("integrity") << "intact: the chain is whole";
    QTest::newRow("sign-off auditor") << "A. Auditor";
    QTest::newRow("appendix") << "Appendix: the commands";
}

void tst_BinderFleet::binderHasEverySection()
{
    QFETCH(QString, needle);
    QString joined = m_text.simplified();
    QVERIFY2(joined.contains(needle) || QString(m_text).remove(QLatin1Char('\n')).contains(needle), qPrintable(needle));
}

void tst_BinderFleet::verifyTiesTheBinderToTheWorkspace()
{
    const QString workspace = m_out + QStringLiteral("/audit.bulkhead");
    const QString pdf = m_out + QStringLiteral("/binder.pdf");
    ProcessRun run =
        cli({QStringLiteral("verify"), QStringLiteral("--workspace"), workspace, QStringLiteral("--binder"), pdf});
    QVERIFY2(run.exitCode == 0, run.out.constData());
    QVERIFY(run.out.contains("the binder matches the workspace's current findings"));

    // One byte changed in the PDF: not the binder that was exported.
    QByteArray bytes = readAll(pdf);
    QVERIFY(bytes.size() > 1000);
    const qsizetype at = bytes.size() / 2;
    bytes[at] = char(bytes[at] ^ 0x20);
    const QString altered = m_dir.filePath(QStringLiteral("altered.pdf"));
    QFile out(altered);
    QVERIFY(out.open(QIODevice::WriteOnly));
    out.write(bytes);
    out.close();
    run =
        cli({QStringLiteral("verify"), QStringLiteral("--workspace"), workspace, QStringLiteral("--binder"), altered});
    QCOMPARE(run.exitCode, 5);
}

void tst_BinderFleet::exportsAgreeWithTheBinder()
{
    // Every export has the binder's findings (the workspace did not change since).
    const QJsonObject json = QJsonDocument::fromJson(readAll(m_out + QStringLiteral("/findings.json"))).object();
    QCOMPARE(json.value(QStringLiteral("findings")).toArray().size(), m_manifest.findings);
    const QJsonObject sarif = QJsonDocument::fromJson(readAll(m_out + QStringLiteral("/findings.sarif"))).object();
    const QJsonArray results =
        sarif.value(QStringLiteral("runs")).toArray().at(0).toObject().value(QStringLiteral("results")).toArray();
    QCOMPARE(results.size(), m_manifest.findings);
    int suppressed = 0;
    for (const auto& result : results)
        suppressed += result.toObject().contains(QStringLiteral("suppressions")) ? 1 : 0;
    QVERIFY(suppressed >= 1); // charlie's waived socket mount
    const QJsonObject oscal = QJsonDocument::fromJson(readAll(m_out + QStringLiteral("/findings.oscal"))).object();
    QVERIFY(oscal.contains(QStringLiteral("assessment-results")));
    QXmlStreamReader junit(readAll(m_out + QStringLiteral("/findings.junit")));
    int cases = 0;
    while (!junit.atEnd()) {
        if (junit.readNext() == QXmlStreamReader::StartElement && junit.name() == QLatin1String("testcase"))
            ++cases;
    }
    QVERIFY2(!junit.hasError(), qPrintable(junit.errorString()));
    QCOMPARE(cases, m_manifest.findings);
    const QStringList csv = QString::fromUtf8(readAll(m_out + QStringLiteral("/findings.csv")))
                                .split(QStringLiteral("\r\n"), Qt::SkipEmptyParts);
    QVERIFY(csv.size() >= m_manifest.findings + 1); // header, then a row per finding (a cell may hold line breaks)
}

void tst_BinderFleet::hostileNamesStayText()
{
    const QJsonObject echo = m_fleet.value(QStringLiteral("hostile_hosts")).toArray().at(0).toObject();
    QVERIFY(!echo.isEmpty());
    const QString workspace = m_dir.filePath(QStringLiteral("hostile.bulkhead"));
    const QString host = QStringLiteral("hostile-labels@%1:%2")
                             .arg(echo.value(QStringLiteral("address")).toString())
                             .arg(echo.value(QStringLiteral("port")).toInt());
    ProcessRun run = cli({QStringLiteral("scan"), QStringLiteral("--workspace"), workspace, QStringLiteral("--host"),
                          host, QStringLiteral("--identity"), m_fleet.value(QStringLiteral("identity")).toString(),
                          QStringLiteral("--known-hosts"), m_fleet.value(QStringLiteral("known_hosts")).toString()});
    QVERIFY2(run.exitCode == 0 || run.exitCode == 1, run.err.right(1000).constData());
    const QString pdf = m_dir.filePath(QStringLiteral("hostile.pdf"));
    run = cli({QStringLiteral("report"), QStringLiteral("--workspace"), workspace, QStringLiteral("--pdf"), pdf});
    QVERIFY2(run.exitCode == 0, run.err.constData());
    const QString text = pdfToText(pdf, true);
    // The container named "<script>alert(1)</script>ESC[31mred ESC]0;title BEL café end" is printed as text,
    // its control characters made visible; no raw escape reaches the page. (A cell wraps its lines at any
    // character: compared without line breaks and spaces.)
    const auto folded = [](QString value) { return value.remove(QLatin1Char('\n')).remove(QLatin1Char(' ')); };
    QVERIFY2(folded(text).contains(
                 folded(QStringLiteral("<script>alert(1)</script>\\x1b[31mred\\x1b]0;title\\x07 café end"))),
             qPrintable(text.left(3000)));
    for (const QChar c : {QChar(0x1b), QChar(0x07), QChar(0x0)})
        QVERIFY(!text.contains(c));
    const QString sarif = m_dir.filePath(QStringLiteral("hostile.sarif"));
    run = cli({QStringLiteral("export"), QStringLiteral("--workspace"), workspace, QStringLiteral("--format"),
               QStringLiteral("sarif"), QStringLiteral("--output"), sarif});
    QCOMPARE(run.exitCode, 0);
    // The host's secret values are new each fleet run: none is in the binder's text, its bytes or an export.
    const QByteArray pdfBytes = readAll(pdf);
    const QByteArray exported = readAll(sarif);
    const QJsonArray secrets = m_fleet.value(QStringLiteral("hostile_secret_values")).toArray();
    QVERIFY(!secrets.isEmpty());
    for (const auto& value : secrets) {
        const QString secret = value.toString();
        QVERIFY(secret.size() >= 8);
        QVERIFY2(!text.contains(secret), qPrintable(secret));
        QVERIFY(!pdfBytes.contains(secret.toUtf8()));
        QVERIFY(!exported.contains(secret.toUtf8()));
    }
}

QTEST_MAIN(tst_BinderFleet)
#include "tst_binder_fleet.moc"
