// SPDX-License-Identifier: GPL-3.0-or-later
// The binder's manifest: its XMP packet round trip with hostile text, the errors of fromPdf, the findings
// digest (order-independent, sensitive to every field it covers), the findings of a zone, and the export
// logged without verify complaining. The manifest inside a real QPdfWriter PDF: tests/ui/tst_binderpdf.
#include "export/BinderManifest.h"
#include "store/StateDigest.h"
#include "store/Workspace.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>

using namespace bulkhead;

namespace {

BinderManifest sample()
{
    BinderManifest manifest;
    manifest.version = QStringLiteral("0.1.0");
    manifest.generatedUtc = QDateTime(QDate(2024, 5, 2), QTime(10, 11, 12, 345), Qt::UTC);
    manifest.logSeq = 42;
    manifest.logHeadSha256 = QString(64, QLatin1Char('c'));
    manifest.zones = {QStringLiteral("prod"), QStringLiteral("pci")};
    manifest.findingsSha256 = QString(64, QLatin1Char('d'));
    manifest.findings = 17;
    return manifest;
}

Finding finding(qint64 id, const QString& check, Status status)
{
    Finding f;
    f.id = id;
    f.hostId = 1;
    f.hostName = QStringLiteral("alpha");
    f.checkId = check;
    f.subject = Subject{SubjectKind::Container, QString(64, QLatin1Char('a')), QStringLiteral("web")};
    f.status = status;
    f.expected = QStringLiteral("non-root");
    f.actual = QStringLiteral("root");
    return f;
}

Zone zone(const QString& name)
{
    Zone z;
    z.name = name;
    z.scope = ZoneScope::In;
    z.rationale = QStringLiteral("In scope.");
    return z;
}

} // namespace

class TestBinderManifest : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

private slots:
    void xmpRoundTrip_data()
    {
        QTest::addColumn<QStringList>("zones");
        QTest::newRow("none") << QStringList{};
        QTest::newRow("plain") << QStringList{QStringLiteral("prod"), QStringLiteral("pci")};
        QTest::newRow("markup") << QStringList{
            QStringLiteral("</rdf:li></rdf:Bag><bulkhead:logSeq>1</bulkhead:logSeq>"),
            QStringLiteral("a & b \"quoted\" 'single' > <")};
        QTest::newRow("controls") << QStringList{QStringLiteral("tab\there\nline\rcr"), QString(QChar(0x01)),
                                                 QStringLiteral("esc\x1b[2J del\x7f")};
        QTest::newRow("backslashes") << QStringList{QStringLiteral("\\u0041 is not A"), QStringLiteral("\\\\"),
                                                    QStringLiteral("ends with \\")};
        QTest::newRow("unicode") << QStringList{QStringLiteral("Zürich \u202e \U0001F512"),
                                                QString(QChar(0xd800)) + QStringLiteral("lone surrogate"),
                                                QString(QChar(0xfffe))};
        QTest::newRow("cdata") << QStringList{QStringLiteral("]]><![CDATA[x"), QStringLiteral("<?xpacket end=\"w\"?>")};
    }

    void xmpRoundTrip()
    {
        QFETCH(QStringList, zones);
        BinderManifest manifest = sample();
        manifest.zones = zones;
        manifest.version = QStringLiteral("0.1.0 <&\"\x02>");
        const QByteArray xmp = BinderManifest::toXmp(manifest);
        QVERIFY(xmp.startsWith("<?xpacket begin="));
        QVERIFY(xmp.endsWith("<?xpacket end=\"w\"?>"));
        QVERIFY(xmp.contains("<x:xmpmeta"));
        QVERIFY(xmp.contains("<dc:title>"));
        QVERIFY(xmp.contains("xmlns:bulkhead=\"https://bulkhead.invalid/ns/binder/1/\""));
        for (char c = 0; c < 0x20; ++c)
            QVERIFY2(!xmp.mid(60).contains(c) || c == '\n', qPrintable(QString::number(int(c))));
        const auto back = BinderManifest::fromXmp(xmp);
        QVERIFY2(back, qPrintable(back.errorMessage()));
        QCOMPARE(back->zones, manifest.zones);
        QCOMPARE(back->version, manifest.version);
        QCOMPARE(back.value(), manifest);
    }

    void fromPdfErrors_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("error");
        const QByteArray xmp = BinderManifest::toXmp(sample());
        QTest::newRow("empty") << QByteArray() << QStringLiteral("not a PDF file");
        QTest::newRow("text") << QByteArray("hello, not a binder\n") << QStringLiteral("not a PDF file");
        QTest::newRow("xmp without a PDF") << xmp << QStringLiteral("not a PDF file");
        QTest::newRow("PDF without XMP") << QByteArray("%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n")
                                         << QStringLiteral("no Bulkhead manifest");
        QTest::newRow("someone else's XMP")
            << QByteArray("%PDF-1.4\n<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF/></x:xmpmeta>\n%%EOF\n")
            << QStringLiteral("no Bulkhead manifest");
        QByteArray missing = xmp;
        missing.replace("<bulkhead:findingsSha256>", "<bulkhead:other>")
            .replace("</bulkhead:findingsSha256>", "</bulkhead:other>");
        QTest::newRow("a field missing") << QByteArray("%PDF-1.4\n" + missing + "\n%%EOF")
                                         << QStringLiteral("malformed: findingsSha256 is missing");
        QByteArray notANumber = xmp;
        notANumber.replace("<bulkhead:logSeq>42<", "<bulkhead:logSeq>4x2<");
        QTest::newRow("not a number") << QByteArray("%PDF-1.4\n" + notANumber + "\n%%EOF")
                                      << QStringLiteral("malformed: logSeq is not a number");
        QByteArray broken = xmp;
        broken.replace("</bulkhead:version>", "</bulkhead:versio>");
        QTest::newRow("broken XML") << QByteArray("%PDF-1.4\n" + broken + "\n%%EOF") << QStringLiteral("malformed");
        QByteArray twice = xmp;
        twice.replace("<bulkhead:findings>", "<bulkhead:logSeq>1</bulkhead:logSeq><bulkhead:findings>");
        QTest::newRow("a field twice") << QByteArray("%PDF-1.4\n" + twice + "\n%%EOF")
                                       << QStringLiteral("malformed: logSeq is given twice");
        QByteArray badEscape = xmp;
        badEscape.replace("<rdf:li>prod</rdf:li>", "<rdf:li>pr\\q</rdf:li>");
        QTest::newRow("bad escape") << QByteArray("%PDF-1.4\n" + badEscape + "\n%%EOF")
                                    << QStringLiteral("malformed: a zone has a broken \\ escape");
    }

    void fromPdfErrors()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, error);
        const auto parsed = BinderManifest::fromPdf(bytes);
        QVERIFY(!parsed);
        QVERIFY2(parsed.errorMessage().contains(error), qPrintable(parsed.errorMessage()));
    }

    void fromPdfSkipsOtherPackets()
    {
        const QByteArray pdf = "%PDF-1.7\n<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">image</x:xmpmeta>\n" +
                               BinderManifest::toXmp(sample()) + "\n%%EOF\n";
        const auto parsed = BinderManifest::fromPdf(pdf);
        QVERIFY2(parsed, qPrintable(parsed.errorMessage()));
        QCOMPARE(parsed.value(), sample());
    }

    void digestIsOrderIndependent()
    {
        QVector<Finding> findings{finding(1, QStringLiteral("container.user"), Status::Fail),
                                  finding(2, QStringLiteral("container.privileged"), Status::Pass),
                                  finding(3, QStringLiteral("image.healthcheck"), Status::Warn)};
        const QString digest = BinderManifest::findingsDigest(findings);
        QCOMPARE(digest.size(), 64);
        std::reverse(findings.begin(), findings.end());
        QCOMPARE(BinderManifest::findingsDigest(findings), digest);
        std::rotate(findings.begin(), findings.begin() + 1, findings.end());
        QCOMPARE(BinderManifest::findingsDigest(findings), digest);
        // Not covered: the message and the evidence references.
        findings[0].message = QStringLiteral("another wording");
        findings[0].evidence.append(EvidenceRef{7, QStringLiteral("/0/Config/User"), QStringLiteral("root"), {}});
        QCOMPARE(BinderManifest::findingsDigest(findings), digest);
        QVERIFY(BinderManifest::findingsDigest({}) != digest);
    }

    void digestIsSensitive_data()
    {
        QTest::addColumn<int>("field");
        for (int i = 0; i < 9; ++i)
            QTest::newRow(qPrintable(QString::number(i))) << i;
    }

    void digestIsSensitive()
    {
        QFETCH(int, field);
        const QVector<Finding> findings{finding(1, QStringLiteral("container.user"), Status::Fail),
                                        finding(2, QStringLiteral("container.privileged"), Status::Pass)};
        QVector<Finding> changed = findings;
        Finding& f = changed[1];
        switch (field) {
        case 0:
            f.id = 9;
            break;
        case 1:
            f.hostName = QStringLiteral("bravo");
            break;
        case 2:
            f.checkId = QStringLiteral("container.other");
            break;
        case 3:
            f.subject.kind = SubjectKind::Image;
            break;
        case 4:
            f.subject.id = QString(64, QLatin1Char('b'));
            break;
        case 5:
            f.subject.name = QStringLiteral("db");
            break;
        case 6:
            f.status = Status::Waived;
            break;
        case 7:
            f.expected = QStringLiteral("x");
            break;
        default:
            f.actual = QStringLiteral("uid 0");
            break;
        }
        QVERIFY(BinderManifest::findingsDigest(changed) != BinderManifest::findingsDigest(findings));
        // A value moved from one field into the next is a different set, too.
        QVector<Finding> moved = findings;
        moved[0].expected = QStringLiteral("non-rootroot");
        moved[0].actual.clear();
        QVERIFY(BinderManifest::findingsDigest(moved) != BinderManifest::findingsDigest(findings));
    }

    void zonesAndTheExport()
    {
        const QString path = m_dir.filePath(QStringLiteral("binder.bulkhead"));
        auto opened = Workspace::open(path);
        QVERIFY2(opened, qPrintable(opened.errorMessage()));
        Workspace& ws = *opened.value();
        QVERIFY(ws.upsertZone(zone(QStringLiteral("Prod"))));
        QVERIFY(ws.upsertZone(zone(QStringLiteral("lab"))));
        const qint64 scan = ws.beginScan(QStringLiteral("test")).value();
        for (const auto& [address, zoneName, check] :
             {std::tuple{"192.0.2.1", "Prod", "container.user"}, std::tuple{"192.0.2.2", "lab", "container.privileged"},
              std::tuple{"192.0.2.3", "", "image.healthcheck"}}) {
            HostSpec spec;
            spec.user = QStringLiteral("root");
            spec.address = QLatin1String(address);
            spec.port = 22;
            const qint64 host = ws.upsertHost(spec).value();
            if (*zoneName)
                QVERIFY(ws.setHostZone(host, QLatin1String(zoneName)));
            QVERIFY(ws.replaceFindings(scan, host, {finding(0, QLatin1String(check), Status::Fail)}));
        }
        QVERIFY(ws.finishScan(scan, ScanState::Complete));
        const QDateTime now = QDateTime::currentDateTimeUtc();

        QCOMPARE(BinderManifest::binderFindings(ws, {}, now)->size(), 3);
        const auto prod = BinderManifest::binderFindings(ws, {QStringLiteral("prod")}, now); // any case
        QVERIFY2(prod, qPrintable(prod.errorMessage()));
        QCOMPARE(prod->size(), 1);
        QCOMPARE(prod->constFirst().checkId, QStringLiteral("container.user"));
        QCOMPARE(BinderManifest::binderFindings(ws, {QStringLiteral("Prod"), QStringLiteral("lab")}, now)->size(), 2);
        const auto unknown = BinderManifest::binderFindings(ws, {QStringLiteral("dmz")}, now);
        QVERIFY(!unknown);
        QCOMPARE(unknown.errorMessage(),
                 QStringLiteral("there is no zone 'dmz' in this workspace; its zones: lab, Prod"));

        const auto manifest = BinderManifest::forWorkspace(ws, {QStringLiteral("Prod")}, now);
        QVERIFY2(manifest, qPrintable(manifest.errorMessage()));
        const auto log = ws.activity().value();
        QCOMPARE(manifest->logSeq, log.constLast().seq);
        QCOMPARE(manifest->logHeadSha256, log.constLast().sha256);
        QCOMPARE(manifest->findings, 1);
        QCOMPARE(manifest->findingsSha256, BinderManifest::findingsDigest(prod.value()));
        QCOMPARE(manifest->version, QStringLiteral(BULKHEAD_VERSION));
        QCOMPARE(manifest->zones, QStringList{QStringLiteral("Prod")});

        const QString pdfSha = QString(64, QLatin1Char('e'));
        QVERIFY(!ws.recordBinderExport(manifest.value(), QStringLiteral("not a hash"), 3));
        const auto seq = ws.recordBinderExport(manifest.value(), pdfSha, 3);
        QVERIFY2(seq, qPrintable(seq.errorMessage()));
        QCOMPARE(seq.value(), manifest->logSeq + 1);
        const ActivityEntry entry = ws.activity()->constLast();
        QCOMPARE(entry.action, QStringLiteral("binder.exported"));
        QCOMPARE(entry.subject, store::StateDigest::binderSubject(pdfSha));
        QCOMPARE(entry.stateSha256, pdfSha);
        const QJsonObject details = QJsonDocument::fromJson(entry.details.toUtf8()).object();
        QCOMPARE(details.value(QStringLiteral("pdfSha256")).toString(), pdfSha);
        QCOMPARE(details.value(QStringLiteral("pages")).toInt(), 3);
        QCOMPARE(details.value(QStringLiteral("logSeq")).toInteger(), manifest->logSeq);
        QCOMPARE(details.value(QStringLiteral("logHeadSha256")).toString(), manifest->logHeadSha256);
        QCOMPARE(details.value(QStringLiteral("findingsSha256")).toString(), manifest->findingsSha256);
        QCOMPARE(details.value(QStringLiteral("findings")).toInt(), 1);
        QCOMPARE(details.value(QStringLiteral("zones")).toArray().size(), 1);
        const auto report = ws.verify().value();
        QVERIFY2(report.ok(), qPrintable(report.problems.join(QLatin1Char('\n'))));
    }
};

QTEST_GUILESS_MAIN(TestBinderManifest)
#include "tst_bindermanifest.moc"
