// SPDX-License-Identifier: GPL-3.0-or-later
// bulkhead-cli engagement, and verify --binder: a binder exported from the workspace verifies (exit 0); an
// altered copy or another workspace's binder is refused (exit 5); a later change is a notice naming the entry
// the binder shows and what was appended since (exit 0); files that are not binders are clear errors (exit 3).
#include "ProcessRun.h"
#include "RawSql.h"

#include "store/Workspace.h"

#include <QFile>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

using namespace bulkhead;
using bulkhead::testing::rawExec;

namespace {

ProcessRun cli(const QStringList& arguments)
{
    return ProcessRun::run(QStringLiteral(BULKHEAD_CLI), arguments, 120000);
}

// One host, one scan, one failing finding on container "web".
bool makeWorkspace(const QString& path, const QString& address)
{
    auto ws = Workspace::open(path);
    if (!ws)
        return false;
    HostSpec spec;
    spec.user = QStringLiteral("root");
    spec.address = address;
    spec.port = 22;
    const qint64 host = ws.value()->upsertHost(spec).value();
    const qint64 scan = ws.value()->beginScan(QStringLiteral("bulkhead test")).value();
    Finding finding;
    finding.checkId = QStringLiteral("container.user-not-root");
    finding.subject = Subject{SubjectKind::Container, QString(64, QLatin1Char('a')), QStringLiteral("web")};
    finding.status = Status::Fail;
    finding.message = QStringLiteral("runs as root");
    return ws.value()->replaceFindings(scan, host, {finding}) && ws.value()->finishScan(scan, ScanState::Complete);
}

QByteArray readFile(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

bool writeFile(const QString& path, const QByteArray& bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

} // namespace

class TestCliBinder : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_workspace;
    QString m_pdf;

    ProcessRun verifyBinder(const QString& workspace, const QString& pdf)
    {
        return cli(
            {QStringLiteral("verify"), QStringLiteral("--workspace"), workspace, QStringLiteral("--binder"), pdf});
    }

private slots:
    void initTestCase()
    {
        m_workspace = m_dir.filePath(QStringLiteral("audit.bulkhead"));
        QVERIFY(makeWorkspace(m_workspace, QStringLiteral("192.0.2.7")));
        m_pdf = m_dir.filePath(QStringLiteral("binder.pdf"));
    }

    void helpNamesTheCommands()
    {
        const ProcessRun help = cli({QStringLiteral("--help")});
        QCOMPARE(help.exitCode, 0);
        for (const char* word : {"engagement", "--from YYYY-MM-DD", "--binder OUT.pdf"})
            QVERIFY2(help.out.contains(word), word);
    }

    void engagementSetAndShow()
    {
        const QString ws = m_workspace;
        const ProcessRun empty = cli({QStringLiteral("engagement"), QStringLiteral("--workspace"), ws});
        QVERIFY2(empty.exitCode == 0, empty.err.constData());
        QVERIFY2(empty.out.contains("Title:     -\n"), empty.out.constData());
        const ProcessRun set =
            cli({QStringLiteral("engagement"), QStringLiteral("--workspace"), ws, QStringLiteral("--title"),
                 QStringLiteral("Container review 2024"), QStringLiteral("--client"), QStringLiteral("Example Bank"),
                 QStringLiteral("--from"), QStringLiteral("2024-05-01"), QStringLiteral("--to"),
                 QStringLiteral("2024-05-31")});
        QVERIFY2(set.exitCode == 0, set.err.constData());
        // Only the given fields change.
        const ProcessRun auditor = cli({QStringLiteral("engagement"), QStringLiteral("--workspace"), ws,
                                        QStringLiteral("--auditor"), QStringLiteral("Alice")});
        QCOMPARE(auditor.exitCode, 0);
        const ProcessRun shown = cli({QStringLiteral("engagement"), QStringLiteral("--workspace"), ws});
        QCOMPARE(shown.exitCode, 0);
        QCOMPARE(shown.out, QByteArray("Title:     Container review 2024\n"
                                       "Client:    Example Bank\n"
                                       "Auditor:   Alice\n"
                                       "Period:    2024-05-01 to 2024-05-31\n"
                                       "Reference: -\n"));
        const ProcessRun badDate = cli({QStringLiteral("engagement"), QStringLiteral("--workspace"), ws,
                                        QStringLiteral("--to"), QStringLiteral("31.05.2024")});
        QCOMPARE(badDate.exitCode, 2);
        QVERIFY2(badDate.err.contains("--to takes a date as YYYY-MM-DD"), badDate.err.constData());
        const ProcessRun backwards = cli({QStringLiteral("engagement"), QStringLiteral("--workspace"), ws,
                                          QStringLiteral("--to"), QStringLiteral("2024-04-01")});
        QCOMPARE(backwards.exitCode, 2);
        QVERIFY2(backwards.err.contains("ends (2024-04-01) before it starts (2024-05-01)"), backwards.err.constData());
        const ProcessRun control = cli({QStringLiteral("engagement"), QStringLiteral("--workspace"), ws,
                                        QStringLiteral("--client"), QStringLiteral("Evil\x1b[2J")});
        QCOMPARE(control.exitCode, 2);
        QVERIFY(!control.err.contains('\x1b'));
        const ProcessRun verify = cli({QStringLiteral("verify"), QStringLiteral("--workspace"), ws});
        QVERIFY2(verify.exitCode == 0, verify.out.constData());
    }

    void exportedBinderVerifies()
    {
        const ProcessRun report =
            cli({QStringLiteral("report"), QStringLiteral("--workspace"), m_workspace, QStringLiteral("--pdf"), m_pdf});
        QVERIFY2(report.exitCode == 0, report.err.constData());
        const ProcessRun log = cli({QStringLiteral("log"), QStringLiteral("--workspace"), m_workspace});
        QVERIFY2(log.out.contains("binder.exported  binder:"), log.out.constData());
        const ProcessRun verified = verifyBinder(m_workspace, m_pdf);
        QVERIFY2(verified.exitCode == 0, QByteArray(verified.out + verified.err).constData());
        QVERIFY2(verified.out.contains("Verified: the binder matches the workspace's current findings."),
                 verified.out.constData());
    }

    void alteredCopyIsRefused()
    {
        QByteArray bytes = readFile(m_pdf);
        QVERIFY(bytes.size() > 1000);
        bytes[bytes.size() / 2] = char(bytes.at(bytes.size() / 2) ^ 0x01);
        const QString copy = m_dir.filePath(QStringLiteral("flipped.pdf"));
        QVERIFY(writeFile(copy, bytes));
        const ProcessRun verified = verifyBinder(m_workspace, copy);
        QCOMPARE(verified.exitCode, 5);
        QVERIFY2(verified.out.contains("the binder was not exported from this workspace or was altered after export"),
                 verified.out.constData());
    }

    void anotherWorkspacesBinderIsRefused()
    {
        const QString other = m_dir.filePath(QStringLiteral("other.bulkhead"));
        QVERIFY(makeWorkspace(other, QStringLiteral("192.0.2.8")));
        const QString otherPdf = m_dir.filePath(QStringLiteral("other.pdf"));
        const ProcessRun report =
            cli({QStringLiteral("report"), QStringLiteral("--workspace"), other, QStringLiteral("--pdf"), otherPdf});
        QVERIFY2(report.exitCode == 0, report.err.constData());
        QCOMPARE(verifyBinder(other, otherPdf).exitCode, 0);
        const ProcessRun verified = verifyBinder(m_workspace, otherPdf);
        QCOMPARE(verified.exitCode, 5);
        QVERIFY2(verified.out.contains("not exported from this workspace"), verified.out.constData());
    }

    void filesThatAreNotBinders()
    {
        const QString text = m_dir.filePath(QStringLiteral("notes.txt"));
        QVERIFY(writeFile(text, "not a pdf\n"));
        const ProcessRun notPdf = verifyBinder(m_workspace, text);
        QCOMPARE(notPdf.exitCode, 3);
        QVERIFY2(notPdf.err.contains("notes.txt is not a PDF file, so not a binder"), notPdf.err.constData());
        const ProcessRun missing = verifyBinder(m_workspace, m_dir.filePath(QStringLiteral("missing.pdf")));
        QCOMPARE(missing.exitCode, 3);
        QVERIFY2(missing.err.contains("cannot read the binder"), missing.err.constData());
        const ProcessRun folder = verifyBinder(m_workspace, m_dir.path());
        QCOMPARE(folder.exitCode, 3);
    }

    void laterChangeIsANotice()
    {
        const qint64 binderEntry = [&] {
            auto ws = Workspace::open(m_workspace, Workspace::OpenMode::ExistingOnly);
            for (const ActivityEntry& entry : ws.value()->activity().value()) {
                if (entry.action == QLatin1String("binder.exported"))
                    return entry.seq - 1; // the manifest names the head before the export
            }
            return qint64(0);
        }();
        QVERIFY(binderEntry > 0);
        {
            auto ws = Workspace::open(m_workspace, Workspace::OpenMode::ExistingOnly);
            QVERIFY(ws);
            Waiver waiver;
            waiver.checkId = QStringLiteral("container.user-not-root");
            waiver.scope = WaiverScope::Container;
            waiver.target = QStringLiteral("web");
            waiver.justification = QStringLiteral("Vendor image, fixed in 2.0.");
            waiver.approver = QStringLiteral("CISO");
            waiver.risk = QStringLiteral("low");
            waiver.expiresUtc = QDateTime::currentDateTimeUtc().addDays(30);
            const auto added = ws.value()->addWaiver(waiver);
            QVERIFY2(added, qPrintable(added.errorMessage()));
        }
        const ProcessRun verified = verifyBinder(m_workspace, m_pdf);
        QVERIFY2(verified.exitCode == 0, QByteArray(verified.out + verified.err).constData());
        const QByteArray asOf = "the binder shows the workspace as of entry " + QByteArray::number(binderEntry) +
                                "; appended since: 1 waiver.*.";
        QVERIFY2(verified.out.contains(asOf), verified.out.constData());
    }

    void alteredWorkspaceIsNotTrusted()
    {
        const QString copy = m_dir.filePath(QStringLiteral("altered.bulkhead"));
        QVERIFY(QFile::copy(m_workspace, copy));
        QCOMPARE(rawExec(copy, QStringLiteral("UPDATE meta SET value = 'Mallory' WHERE key = 'engagement.auditor'")),
                 QString());
        const ProcessRun verified = verifyBinder(copy, m_pdf);
        QCOMPARE(verified.exitCode, 5);
        QVERIFY2(verified.out.contains("ALTERED engagement: altered since the activity log recorded it"),
                 verified.out.constData());
        QVERIFY2(verified.out.contains("The binder was not checked"), verified.out.constData());
    }
};

QTEST_GUILESS_MAIN(TestCliBinder)
#include "tst_cli_binder.moc"
