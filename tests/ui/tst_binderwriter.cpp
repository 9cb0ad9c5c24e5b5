// SPDX-License-Identifier: GPL-3.0-or-later
#include "WorkspaceFixture.h"
#include "report/BinderWriter.h"

#include <QCryptographicHash>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace bulkhead;
using namespace bulkhead::testing;

class tst_BinderWriter : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void writesAPdf();
    void textContainsSections_data();
    void textContainsSections();
    void hostileTextIsLiteral();
    void everyPageHasHeaderAndFooter();
    void emptyWorkspace();
    void unwritablePathFails();

private:
    static QString pdfToText(const QString& pdf, int firstPage = 0, int lastPage = 0);

    QTemporaryDir m_dir;
    Fixture m_fx;
    QString m_pdf;
    BinderStats m_stats;
    QString m_text;
};

QString tst_BinderWriter::pdfToText(const QString& pdf, int firstPage, int lastPage)
{
    QStringList arguments{QStringLiteral("-enc"), QStringLiteral("UTF-8")};
    if (firstPage > 0)
        arguments << QStringLiteral("-f") << QString::number(firstPage);
    if (lastPage > 0)
        arguments << QStringLiteral("-l") << QString::number(lastPage);
    arguments << pdf << QStringLiteral("-");
    QProcess process;
    process.start(QStringLiteral("pdftotext"), arguments);
    if (!process.waitForFinished(60000) || process.exitCode() != 0)
        return QString();
    return QString::fromUtf8(process.readAllStandardOutput());
}

void tst_BinderWriter::initTestCase()
{
    if (QStandardPaths::findExecutable(QStringLiteral("pdftotext")).isEmpty())
        QFAIL("pdftotext (poppler-utils) is required to read the binder back");
    QVERIFY(m_dir.isValid());
    QString error;
    m_fx = buildFixture(m_dir.filePath(QStringLiteral("binder-test.bulkhead")), &error);
    QVERIFY2(m_fx.workspace != nullptr, qPrintable(error));
    m_pdf = m_dir.filePath(QStringLiteral("binder.pdf"));
    auto written = BinderWriter::write(*m_fx.workspace, m_pdf);
    QVERIFY2(written.ok(), qPrintable(written.errorMessage()));
    m_stats = written.value();
    m_text = pdfToText(m_pdf);
    QVERIFY(!m_text.isEmpty());
}

void tst_BinderWriter::writesAPdf()
{
    QFile file(m_pdf);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QVERIFY(file.read(5).startsWith("%PDF-"));
    QVERIFY(file.size() > 10000);
    QVERIFY2(m_stats.pages >= 3, qPrintable(QString::number(m_stats.pages)));
    QCOMPARE(m_stats.findings, m_fx.findingCount);
    QCOMPARE(m_stats.artifacts, 3);
    // pdftotext separates pages with form feeds: as many pages as reported.
    QCOMPARE(int(m_text.count(QLatin1Char('\f'))), m_stats.pages);
    // No typographic ligatures: "fi" must stay two letters so the text can be searched and copied.
    QVERIFY(!m_text.contains(QChar(0xfb01)) && !m_text.contains(QChar(0xfb02)));
    QVERIFY(m_text.contains(QStringLiteral("Workspace file")));
}

void tst_BinderWriter::textContainsSections_data()
{
    QTest::addColumn<QString>("needle");
    QTest::newRow("cover title") << "Audit binder";
    QTest::newRow("workspace name") << "binder-test.bulkhead";
    QTest::newRow("version") << "Bulkhead " BULKHEAD_VERSION;
    QTest::newRow("generated") << "Generated";
    QTest::newRow("scope") << "Scope";
    QTest::newRow("findings") << "Findings";
    QTest::newRow("evidence index") << "Evidence index";
    QTest::newRow("checks section") << "The checks";
    QTest::newRow("rationale") << "Rationale.";
    QTest::newRow("remediation") << "Remediation.";
    QTest::newRow("check rationale") << "A process that runs as root inside a container is root on the host kernel";
    QTest::newRow("check reference")
        << "CIS Docker Benchmark v1.6.0, 4.1: Ensure that a user for the container has been created";
    QTest::newRow("artifact sha256") << m_fx.containersSha256;
    QTest::newRow("command") << "docker ps -aq --no-trunc | xargs -r docker inspect";
    QTest::newRow("check title") << "Container does not run as root";
    QTest::newRow("check id") << "container.user-not-root";
    QTest::newRow("CIS id") << "5.32";
    QTest::newRow("host address") << "auditor@127.0.0.3:2222";
    QTest::newRow("host key") << "SHA256:q8bLc0XbWkVxGm1kq0sPp7mJxq3dZ0R0cHk5pQ7m9aE";
    QTest::newRow("failed host state") << "Failed";
    QTest::newRow("status") << "Fail";
    QTest::newRow("finished UTC") << "2024-05-06 09:30:03 UTC";
}

void tst_BinderWriter::textContainsSections()
{
    QFETCH(QString, needle);
    // Table cells wrap: compare with runs of whitespace (line breaks included) folded to one space.
    QVERIFY2(m_text.simplified().contains(needle), qPrintable(needle));
}

void tst_BinderWriter::hostileTextIsLiteral()
{
    // A narrow cell may break the token across lines; joined again it must be there verbatim.
    QString joined = m_text;
    joined.remove(QLatin1Char('\n'));
    QVERIFY(joined.contains(QStringLiteral("<script>alert(1)</script>\\x1b[31mroot")));
    QVERIFY(joined.contains(QStringLiteral("<b>banner</b>\\x1b[0m")));
    QVERIFY(!m_text.contains(QChar(0x1b)));
    // The redacted marker may appear; a secret value never does (the fixture stores none, and the
    // binder prints no env values at all).
    QVERIFY(!m_text.contains(QStringLiteral("DB_PASSWORD=")));

    // The cover's workspace fingerprint is the sha256 of the file.
    QFile file(m_fx.workspace->path());
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QString digest =
        QString::fromLatin1(QCryptographicHash::hash(file.readAll(), QCryptographicHash::Sha256).toHex());
    QVERIFY2(m_text.contains(digest), qPrintable(digest));
}

void tst_BinderWriter::everyPageHasHeaderAndFooter()
{
    const QStringList pages = m_text.split(QLatin1Char('\f'), Qt::SkipEmptyParts);
    QCOMPARE(pages.size(), m_stats.pages);
    for (int page = 0; page < pages.size(); ++page) {
        const QString footer = QStringLiteral("page %1 of %2").arg(page + 1).arg(m_stats.pages);
        QVERIFY2(pages[page].contains(footer), qPrintable(footer));
        QVERIFY(pages[page].contains(QStringLiteral("Bulkhead audit binder — binder-test.bulkhead")));
    }
    QVERIFY(pages.first().contains(QStringLiteral("page 1 of %1").arg(m_stats.pages)));
    // Sections start on their own pages, in order.
    const int scope = m_text.indexOf(QRegularExpression(QStringLiteral("1\\s+Scope")));
    const int findings = m_text.indexOf(QRegularExpression(QStringLiteral("2\\s+Findings")));
    const int checks = m_text.indexOf(QRegularExpression(QStringLiteral("3\\s+The checks")));
    const int evidence = m_text.indexOf(QRegularExpression(QStringLiteral("4\\s+Evidence index")));
    QVERIFY(scope > 0 && findings > scope && checks > findings && evidence > checks);
}

void tst_BinderWriter::emptyWorkspace()
{
    auto ws = Workspace::open(m_dir.filePath(QStringLiteral("empty.bulkhead")));
    QVERIFY(ws.ok());
    const QString pdf = m_dir.filePath(QStringLiteral("empty.pdf"));
    auto written = BinderWriter::write(*ws.value(), pdf);
    QVERIFY2(written.ok(), qPrintable(written.errorMessage()));
    QCOMPARE(written->findings, 0);
    QCOMPARE(written->artifacts, 0);
    QVERIFY(written->pages >= 4); // cover + one page per section
    const QString text = pdfToText(pdf);
    QVERIFY(text.simplified().contains(QStringLiteral("No hosts in this workspace.")));
    QVERIFY(text.simplified().contains(QStringLiteral("No findings recorded.")));
    QVERIFY(text.simplified().contains(QStringLiteral("No artifacts stored.")));
}

void tst_BinderWriter::unwritablePathFails()
{
    auto written = BinderWriter::write(*m_fx.workspace, m_dir.filePath(QStringLiteral("no/such/dir/binder.pdf")));
    QVERIFY(!written.ok());
    QVERIFY(!written.errorMessage().isEmpty());
}

QTEST_MAIN(tst_BinderWriter)
#include "tst_binderwriter.moc"
