// SPDX-License-Identifier: GPL-3.0-or-later
// The binder's manifest inside real PDFs: a packet QPdfWriter wrote (it stores XMP uncompressed), and the
// binder BinderWriter wrote, whose export the workspace logged with the file's sha256.
#include "export/BinderManifest.h"
#include "report/BinderWriter.h"
#include "store/Workspace.h"

#include <QCryptographicHash>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPainter>
#include <QPdfWriter>
#include <QTemporaryDir>
#include <QTest>

using namespace bulkhead;

class TestBinderPdf : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

private slots:
    void qpdfWriterKeepsTheManifest()
    {
        BinderManifest manifest;
        manifest.version = QStringLiteral("0.1.0");
        manifest.generatedUtc = QDateTime::currentDateTimeUtc();
        manifest.logSeq = 7;
        manifest.logHeadSha256 = QString(64, QLatin1Char('a'));
        manifest.zones = {QStringLiteral("<prod> & \"pci\"\x01")};
        manifest.findingsSha256 = QString(64, QLatin1Char('b'));
        manifest.findings = 3;
        const QString path = m_dir.filePath(QStringLiteral("plain.pdf"));
        {
            QPdfWriter writer(path);
            writer.setDocumentXmpMetadata(BinderManifest::toXmp(manifest));
            QPainter painter(&writer);
            painter.drawText(100, 100, QStringLiteral("page"));
        }
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray bytes = file.readAll();
        QVERIFY(bytes.contains(BinderManifest::toXmp(manifest))); // as written: not compressed
        const auto parsed = BinderManifest::fromPdf(bytes);
        QVERIFY2(parsed, qPrintable(parsed.errorMessage()));
        QCOMPARE(parsed.value(), manifest);
    }

    void theBinderCarriesItsManifestAndIsLogged()
    {
        const QString wsPath = m_dir.filePath(QStringLiteral("binder.bulkhead"));
        auto opened = Workspace::open(wsPath);
        QVERIFY(opened);
        Workspace& ws = *opened.value();
        HostSpec spec;
        spec.user = QStringLiteral("root");
        spec.address = QStringLiteral("192.0.2.7");
        spec.port = 22;
        const qint64 host = ws.upsertHost(spec).value();
        const qint64 scan = ws.beginScan(QStringLiteral("test")).value();
        Finding finding;
        finding.checkId = QStringLiteral("container.user-not-root");
        finding.subject = Subject{SubjectKind::Container, QString(64, QLatin1Char('a')), QStringLiteral("web")};
        finding.status = Status::Fail;
        QVERIFY(ws.replaceFindings(scan, host, {finding}));
        QVERIFY(ws.finishScan(scan, ScanState::Complete));
        const ActivityEntry headBefore = ws.activity()->constLast();

        const QString pdf = m_dir.filePath(QStringLiteral("binder.pdf"));
        const auto written = BinderWriter::write(ws, pdf);
        QVERIFY2(written, qPrintable(written.errorMessage()));
        QFile file(pdf);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray bytes = file.readAll();
        const auto manifest = BinderManifest::fromPdf(bytes);
        QVERIFY2(manifest, qPrintable(manifest.errorMessage()));
        QCOMPARE(manifest->logSeq, headBefore.seq);
        QCOMPARE(manifest->logHeadSha256, headBefore.sha256);
        QCOMPARE(manifest->findings, 1);
        QVERIFY(manifest->zones.isEmpty());

        const ActivityEntry exported = ws.activity()->constLast();
        QCOMPARE(exported.action, QStringLiteral("binder.exported"));
        const QString sha = QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex());
        QCOMPARE(exported.subject, QStringLiteral("binder:") + sha);
        const QJsonObject details = QJsonDocument::fromJson(exported.details.toUtf8()).object();
        QCOMPARE(details.value(QStringLiteral("pages")).toInt(), written->pages);
        QCOMPARE(details.value(QStringLiteral("findingsSha256")).toString(), manifest->findingsSha256);
        QVERIFY(ws.verify()->ok());
    }
};

QTEST_MAIN(TestBinderPdf)
#include "tst_binderpdf.moc"
