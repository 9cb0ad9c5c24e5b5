// SPDX-License-Identifier: GPL-3.0-or-later
#include "WorkspaceFixture.h"
#include "export/BinderManifest.h"
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

// The binder read back with pdftotext: every section, the contents' page numbers, escaping, the engagement,
// the zone filter, the manifest it carries and the export it logs.
class tst_BinderWriter : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void writesAPdf();
    void textContainsSections_data();
    void textContainsSections();
    void contentsPointAtTheirPages();
    void hostileTextIsLiteral();
    void everyPageHasHeaderAndFooter();
    void engagementOnCoverAndSignOff();
    void unicodeInTheBundledFont();
    void zoneFilterKeepsOnlyItsHosts();
    void carriesManifestAndLogsTheExport();
    void emptyWorkspace();
    void unwritablePathFails();

private:
    static QString pdfToText(const QString& pdf, int firstPage = 0, int lastPage = 0, bool layout = false);
    static QString joined(QString text) { return text.remove(QLatin1Char('\n')); }

    QTemporaryDir m_dir;
    Fixture m_fx;
    QString m_pdf;
    BinderStats m_stats;
    QString m_text;
    qint64 m_headBefore = 0;
    QString m_headSha256;
};

QString tst_BinderWriter::pdfToText(const QString& pdf, int firstPage, int lastPage, bool layout)
{
    QStringList arguments{QStringLiteral("-enc"), QStringLiteral("UTF-8")};
    if (layout)
        arguments << QStringLiteral("-layout");
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

    // Zones: host A and B in scope, C (whose scan failed) out of scope.
    Zone prod;
    prod.name = QStringLiteral("prod");
    prod.scope = ZoneScope::In;
    prod.rationale = QStringLiteral("Runs the payment <b>containers</b> & their data");
    Zone lab;
    lab.name = QStringLiteral("lab");
    lab.scope = ZoneScope::Out;
    lab.rationale = QStringLiteral("Developer sandbox without production data");
    QVERIFY(m_fx.workspace->upsertZone(prod).ok());
    QVERIFY(m_fx.workspace->upsertZone(lab).ok());
    QVERIFY(m_fx.workspace->setHostZone(m_fx.hostA, QStringLiteral("prod")).ok());
    QVERIFY(m_fx.workspace->setHostZone(m_fx.hostB, QStringLiteral("prod")).ok());
    QVERIFY(m_fx.workspace->setHostZone(m_fx.hostC, QStringLiteral("lab")).ok());

    const auto log = m_fx.workspace->activity();
    QVERIFY(log && !log->isEmpty());
    m_headBefore = log->constLast().seq;
    m_headSha256 = log->constLast().sha256;

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
    // Size sanity: fonts embedded, yet a few hundred kilobytes for three hosts.
    QVERIFY2(file.size() > 50'000 && file.size() < 3'000'000, qPrintable(QString::number(file.size())));
    // Cover, contents, eleven sections each on a page of its own, the appendix.
    QVERIFY2(m_stats.pages >= 14 && m_stats.pages < 60, qPrintable(QString::number(m_stats.pages)));
    QCOMPARE(m_stats.findings, m_fx.findingCount);
    QCOMPARE(m_stats.artifacts, 3);
    // pdftotext separates pages with form feeds: as many pages as reported.
    QCOMPARE(int(m_text.count(QLatin1Char('\f'))), m_stats.pages);
    // No typographic ligatures: "fi" must stay two letters so the text can be searched and copied.
    QVERIFY(!m_text.contains(QChar(0xfb01)) && !m_text.contains(QChar(0xfb02)));
}

void tst_BinderWriter::textContainsSections_data()
{
    QTest::addColumn<QString>("needle");
    QTest::newRow("cover title") << "Audit binder";
    QTest::newRow("workspace name") << "binder-test.bulkhead";
    QTest::newRow("version") << "Bulkhead " BULKHEAD_VERSION;
    QTest::newRow("generated") << "Generated";
    QTest::newRow("contents") << "Contents";
    QTest::newRow("scope") << "1 Scope";
    QTest::newRow("zone rationale escaped") << "Runs the payment <b>containers</b> & their data";
    QTest::newRow("out of scope") << "out of scope";
    QTest::newRow("out-of-scope rationale") << "Developer sandbox without production data";
    QTest::newRow("methodology") << "2 Methodology";
    QTest::newRow("collected per host") << "2.1 What was collected from each host";
    QTest::newRow("scans") << "2.2 Scans";
    QTest::newRow("probes") << "2.3 Probes";
    QTest::newRow("summary") << "3 Executive summary";
    QTest::newRow("chart per tip") << "Score per tip";
    QTest::newRow("chart tip label") << "7 Containers not as root";
    QTest::newRow("chart per zone") << "Score per zone";
    QTest::newRow("chart severity") << "Open findings by severity";
    QTest::newRow("score with waivers") << "score with waivers";
    QTest::newRow("score without waivers") << "score without waivers";
    QTest::newRow("matrix") << "4 Control matrix";
    QTest::newRow("matrix tip row") << "Tip 9: Read-only containers";
    QTest::newRow("findings") << "5 Findings";
    QTest::newRow("findings by severity") << "Critical: ";
    QTest::newRow("rationale") << "Rationale.";
    QTest::newRow("remediation") << "Remediation.";
    QTest::newRow("check rationale") << "A process that runs as root inside a container is root on the host kernel";
    QTest::newRow("check reference")
        << "CIS Docker Benchmark v1.6.0, 4.1: Ensure that a user for the container has been created";
    QTest::newRow("evidence locator") << "/0/Config/Env/1";
    QTest::newRow("attestations") << "6 Attestations and auditor evidence";
    QTest::newRow("waivers") << "7 Waivers register";
    QTest::newRow("remediation log") << "8 Remediation log";
    QTest::newRow("evidence index") << "9 Evidence index";
    QTest::newRow("artifact sha256") << m_fx.containersSha256;
    QTest::newRow("integrity") << "10 Integrity statement";
    QTest::newRow("intact") << "intact: the chain is whole";
    QTest::newRow("sign-off") << "11 Sign-off";
    QTest::newRow("signature") << "Signature";
    QTest::newRow("appendix") << "A Appendix: the commands";
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

void tst_BinderWriter::contentsPointAtTheirPages()
{
    // The contents (page 2) give each section's page; that page starts with the section's heading.
    const QStringList pages = m_text.split(QLatin1Char('\f'));
    QVERIFY(pages.size() > 2);
    const QString contents = pdfToText(m_pdf, 2, 2, true); // as laid out: each entry and its page on a line
    QVERIFY(contents.contains(QStringLiteral("Contents")));
    static const QRegularExpression line(QStringLiteral("^\\s*(\\d+(?:\\.\\d+)?|A)\\s+(\\S.*?)\\s+(\\d+)$"),
                                         QRegularExpression::MultilineOption);
    int checked = 0;
    for (auto it = line.globalMatch(contents); it.hasNext();) {
        const auto match = it.next();
        const int page = match.captured(3).toInt();
        QVERIFY2(page >= 3 && page <= m_stats.pages, qPrintable(match.captured(0)));
        const QString heading = match.captured(1) + QLatin1Char(' ') + match.captured(2);
        QVERIFY2(pages[page - 1].simplified().contains(heading),
                 qPrintable(QStringLiteral("%1 is not on page %2").arg(heading).arg(page)));
        ++checked;
    }
    QVERIFY2(checked >= 20, qPrintable(QString::number(checked))); // sections and their subsections
}

void tst_BinderWriter::hostileTextIsLiteral()
{
    // A narrow cell may break the token across lines; joined again it must be there verbatim.
    const QString text = joined(m_text);
    QVERIFY(text.contains(QStringLiteral("<script>alert(1)</script>\\x1b[31mroot")));
    QVERIFY(text.contains(QStringLiteral("<b>banner</b>\\x1b[0m")));
    QVERIFY(!m_text.contains(QChar(0x1b)));
    // The evidence excerpt shows the secret's name with the redaction marker the workspace holds; the value
    // was never stored, so it cannot be printed.
    QVERIFY(text.contains(QStringLiteral("DB_PASSWORD=[REDACTED:password-by-name]")));
    static const QRegularExpression unredacted(QStringLiteral("DB_PASSWORD=(?!\\[REDACTED)"));
    QVERIFY(!unredacted.match(text).hasMatch());
}

void tst_BinderWriter::everyPageHasHeaderAndFooter()
{
    const QStringList pages = m_text.split(QLatin1Char('\f'), Qt::SkipEmptyParts);
    QCOMPARE(pages.size(), m_stats.pages);
    for (int page = 0; page < pages.size(); ++page) {
        const QString footer = QStringLiteral("page %1 of %2").arg(page + 1).arg(m_stats.pages);
        QVERIFY2(pages[page].contains(footer), qPrintable(footer));
        QVERIFY2(pages[page].contains(QStringLiteral("Bulkhead audit binder — binder-test.bulkhead")),
                 qPrintable(pages[page].left(300)));
    }
    // Sections start on their own pages, in order.
    int previous = 0;
    for (const QString& heading :
         {QStringLiteral("1\\s+Scope"), QStringLiteral("2\\s+Methodology"), QStringLiteral("3\\s+Executive summary"),
          QStringLiteral("4\\s+Control matrix"), QStringLiteral("5\\s+Findings"), QStringLiteral("6\\s+Attestations"),
          QStringLiteral("7\\s+Waivers register"), QStringLiteral("8\\s+Remediation log"),
          QStringLiteral("9\\s+Evidence index"), QStringLiteral("10\\s+Integrity statement"),
          QStringLiteral("11\\s+Sign-off")}) {
        // After the contents page, which lists them all.
        const int at = m_text.indexOf(QRegularExpression(QStringLiteral("\\n") + heading + QStringLiteral("\\b")),
                                      m_text.indexOf(QStringLiteral("\f"), m_text.indexOf(QStringLiteral("Contents"))));
        QVERIFY2(at > previous, qPrintable(heading));
        previous = at;
    }
}

void tst_BinderWriter::engagementOnCoverAndSignOff()
{
    QTemporaryDir dir;
    QString error;
    Fixture fx = buildFixture(dir.filePath(QStringLiteral("engaged.bulkhead")), &error);
    QVERIFY2(fx.workspace != nullptr, qPrintable(error));
    Engagement engagement;
    engagement.title = QStringLiteral("Platform audit <2026>");
    engagement.client = QStringLiteral("Example & Sons");
    engagement.auditor = QStringLiteral("A. Auditor");
    engagement.periodStart = QDate(2026, 11, 1);
    engagement.periodEnd = QDate(2026, 11, 30);
    engagement.reference = QStringLiteral("EP-2026-17");
    QVERIFY(fx.workspace->setEngagement(engagement).ok());
    const QString pdf = dir.filePath(QStringLiteral("engaged.pdf"));
    auto written = BinderWriter::write(*fx.workspace, pdf);
    QVERIFY2(written.ok(), qPrintable(written.errorMessage()));
    // As laid out: header and footer stay lines of their own whatever the page holds.
    const QStringList pages = pdfToText(pdf, 0, 0, true).split(QLatin1Char('\f'), Qt::SkipEmptyParts);
    const QString cover = pages.first().simplified();
    QVERIFY2(cover.contains(QStringLiteral("Platform audit <2026>")), qPrintable(cover));
    QVERIFY(cover.contains(QStringLiteral("Client Example & Sons")));
    QVERIFY(cover.contains(QStringLiteral("Auditor A. Auditor")));
    QVERIFY(cover.contains(QStringLiteral("Period 2026-11-01 to 2026-11-30")));
    QVERIFY(cover.contains(QStringLiteral("Reference EP-2026-17")));
    // The header names the engagement, the footer the client, on every page. Read from the header's band
    // only: a table row that breaks across a page leaves its text clipped, invisible, just above the body.
    for (int page = 1; page <= written->pages; ++page) {
        QProcess band;
        band.start(QStringLiteral("pdftotext"),
                   {QStringLiteral("-enc"), QStringLiteral("UTF-8"), QStringLiteral("-f"), QString::number(page),
                    QStringLiteral("-l"), QString::number(page), QStringLiteral("-y"), QStringLiteral("0"),
                    QStringLiteral("-W"), QStringLiteral("600"), QStringLiteral("-H"), QStringLiteral("62"), pdf,
                    QStringLiteral("-")});
        QVERIFY(band.waitForFinished(30000));
        const QString header = QString::fromUtf8(band.readAllStandardOutput()).simplified();
        QVERIFY2(header.contains(QStringLiteral("Bulkhead audit binder — Platform audit <2026>")), qPrintable(header));
        QVERIFY2(pages[page - 1].simplified().contains(QStringLiteral("Prepared for Example & Sons")),
                 qPrintable(pages[page - 1].right(200)));
    }
    // The sign-off names the auditor and the client.
    QString signOff;
    for (const QString& page : pages) {
        if (page.contains(QRegularExpression(QStringLiteral("\\n\\s*11\\s+Sign-off\\n"))))
            signOff = page.simplified();
    }
    QVERIFY(signOff.contains(QStringLiteral("Auditor A. Auditor")));
    QVERIFY(signOff.contains(QStringLiteral("Client Example & Sons")));
}

void tst_BinderWriter::unicodeInTheBundledFont()
{
    QTemporaryDir dir;
    QString error;
    Fixture fx = buildFixture(dir.filePath(QStringLiteral("unicode.bulkhead")), &error);
    QVERIFY2(fx.workspace != nullptr, qPrintable(error));
    Engagement engagement;
    engagement.client = QStringLiteral("Ærøskøbing Ωmega Ünïcødé ☃ Ltd");
    QVERIFY(fx.workspace->setEngagement(engagement).ok());
    const QString pdf = dir.filePath(QStringLiteral("unicode.pdf"));
    QVERIFY(BinderWriter::write(*fx.workspace, pdf).ok());
    QVERIFY(pdfToText(pdf, 1, 1).contains(QStringLiteral("Ærøskøbing Ωmega Ünïcødé ☃ Ltd")));
    // Scripts DejaVu lacks fall back to the bundled Droid Sans Fallback (a host names things in any script).
    QVERIFY(QFile::exists(QStringLiteral(":/bulkhead/fonts/DroidSansFallbackFull.ttf")));
    engagement.client = QStringLiteral("東京 Zürich 日本");
    QVERIFY(fx.workspace->setEngagement(engagement).ok());
    QVERIFY(BinderWriter::write(*fx.workspace, pdf).ok());
    QVERIFY2(pdfToText(pdf, 1, 1).contains(QStringLiteral("東京 Zürich 日本")), qPrintable(pdfToText(pdf, 1, 1)));
    // Every font is embedded, and they are the bundled DejaVu faces.
    QProcess fonts;
    fonts.start(QStringLiteral("pdffonts"), {pdf});
    QVERIFY(fonts.waitForFinished(30000));
    const QString list = QString::fromUtf8(fonts.readAllStandardOutput());
    QVERIFY2(list.contains(QStringLiteral("DejaVuSans ")) && list.contains(QStringLiteral("DejaVuSansMono")) &&
                 list.contains(QStringLiteral("DroidSansFallback")),
             qPrintable(list));
    for (const QString& row : list.split(QLatin1Char('\n')).mid(2)) {
        if (!row.trimmed().isEmpty())
            QVERIFY2(row.contains(QStringLiteral(" yes ")), qPrintable(row)); // emb column
    }
}

void tst_BinderWriter::zoneFilterKeepsOnlyItsHosts()
{
    const QString pdf = m_dir.filePath(QStringLiteral("lab.pdf"));
    BinderOptions options;
    options.zones = {QStringLiteral("LAB")}; // names match as the workspace spells them, in any case
    auto written = BinderWriter::write(*m_fx.workspace, pdf, options);
    QVERIFY2(written.ok(), qPrintable(written.errorMessage()));
    QCOMPARE(written->artifacts, 0); // host C's scan failed: nothing collected
    QCOMPARE(written->findings, 0);
    const QString text = pdfToText(pdf).simplified();
    QVERIFY(text.contains(QStringLiteral("Scope of this binder zones lab")));
    QVERIFY(text.contains(QStringLiteral("not in this binder")));
    QVERIFY(text.contains(QStringLiteral("auditor@127.0.0.4")));
    QVERIFY(!text.contains(QStringLiteral("auditor@127.0.0.2")));
    QVERIFY(!text.contains(QStringLiteral("auditor@127.0.0.3:2222")));

    options.zones = {QStringLiteral("staging")};
    auto unknown = BinderWriter::write(*m_fx.workspace, m_dir.filePath(QStringLiteral("none.pdf")), options);
    QVERIFY(!unknown.ok());
    QVERIFY2(unknown.errorMessage().contains(QStringLiteral("there is no zone 'staging'")) &&
                 unknown.errorMessage().contains(QStringLiteral("lab, prod")),
             qPrintable(unknown.errorMessage()));
}

void tst_BinderWriter::carriesManifestAndLogsTheExport()
{
    QFile file(m_pdf);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray bytes = file.readAll();
    auto manifest = BinderManifest::fromPdf(bytes);
    QVERIFY2(manifest.ok(), qPrintable(manifest.errorMessage()));
    // The log's head before the export, printed on the cover and in the integrity statement.
    QCOMPARE(manifest->logSeq, m_headBefore);
    QCOMPARE(manifest->logHeadSha256, m_headSha256);
    QVERIFY(m_text.simplified().contains(QStringLiteral("activity log entry %1").arg(m_headBefore)));
    QVERIFY(joined(m_text).contains(m_headSha256));
    QCOMPARE(manifest->findings, m_fx.findingCount);
    QVERIFY(manifest->zones.isEmpty());

    // The export is an entry of the log, with the PDF's own sha256.
    const QString pdfSha256 = QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex());
    const auto log = m_fx.workspace->activity();
    QVERIFY(log);
    const auto exported = std::find_if(log->cbegin(), log->cend(), [&pdfSha256](const ActivityEntry& entry) {
        return entry.action == QLatin1String("binder.exported") && entry.subject.endsWith(pdfSha256);
    });
    QVERIFY(exported != log->cend());
    QVERIFY(exported->seq > m_headBefore);
    const auto report = m_fx.workspace->verify();
    QVERIFY(report && report->ok());
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
    QVERIFY(written->pages >= 12); // cover, contents, one page per section
    const QString text = pdfToText(pdf).simplified();
    QVERIFY(text.contains(QStringLiteral("No hosts in this workspace.")));
    QVERIFY(text.contains(QStringLiteral("No findings recorded.")));
    QVERIFY(text.contains(QStringLiteral("No artifacts stored.")));
    QVERIFY(text.contains(QStringLiteral("No waivers granted.")));
    QVERIFY(text.contains(QStringLiteral("No remediation was run.")));
}

void tst_BinderWriter::unwritablePathFails()
{
    const auto before = m_fx.workspace->activity();
    auto written = BinderWriter::write(*m_fx.workspace, m_dir.filePath(QStringLiteral("no/such/dir/binder.pdf")));
    QVERIFY(!written.ok());
    QVERIFY(!written.errorMessage().isEmpty());
    // Nothing is logged for a binder that was not written.
    const auto after = m_fx.workspace->activity();
    QVERIFY(before && after);
    QCOMPARE(after->size(), before->size());
}

QTEST_MAIN(tst_BinderWriter)

#include "tst_binderwriter.moc"
