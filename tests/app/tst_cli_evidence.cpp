// SPDX-License-Identifier: GPL-3.0-or-later
// bulkhead-cli note add|list and attach (issue 5, item 3): notes and files on a finding or a check, the
// author, usage errors and their exit codes, hostile text printed escaped, and verify still whole after.
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
    return ProcessRun::run(QStringLiteral(BULKHEAD_CLI), arguments, 60000);
}

// One host, one scan, one failing finding on container "web". Returns the finding's id.
qint64 makeWorkspace(const QString& path)
{
    auto ws = Workspace::open(path);
    if (!ws)
        return 0;
    HostSpec spec;
    spec.user = QStringLiteral("root");
    spec.address = QStringLiteral("192.0.2.7");
    spec.port = 22;
    const qint64 host = ws.value()->upsertHost(spec).value();
    const qint64 scan = ws.value()->beginScan(QStringLiteral("bulkhead test")).value();
    Finding finding;
    finding.checkId = QStringLiteral("container.user-not-root");
    finding.subject = Subject{SubjectKind::Container, QString(64, QLatin1Char('a')), QStringLiteral("web")};
    finding.status = Status::Fail;
    finding.message = QStringLiteral("runs as root");
    if (!ws.value()->replaceFindings(scan, host, {finding}) || !ws.value()->finishScan(scan, ScanState::Complete))
        return 0;
    return ws.value()->findings(scan).value().constFirst().id;
}

} // namespace

class TestCliEvidence : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_workspace;
    QString m_finding;

private slots:
    void initTestCase()
    {
        m_workspace = m_dir.filePath(QStringLiteral("evidence.bulkhead"));
        const qint64 id = makeWorkspace(m_workspace);
        QVERIFY(id > 0);
        m_finding = QString::number(id);
    }

    void helpNamesTheCommands()
    {
        const ProcessRun help = cli({QStringLiteral("--help")});
        QCOMPARE(help.exitCode, 0);
        for (const char* word : {"note add", "note list", "attach", "--finding ID | --check ID", "20 MiB"})
            QVERIFY2(help.out.contains(word), word);
    }

    void noteOnAFinding()
    {
        const ProcessRun added =
            cli({QStringLiteral("note"), QStringLiteral("add"), QStringLiteral("--workspace"), m_workspace,
                 QStringLiteral("--finding"), m_finding, QStringLiteral("--text"),
                 QStringLiteral("Owner asked to drop root."), QStringLiteral("--author"), QStringLiteral("alice")});
        QVERIFY2(added.exitCode == 0, added.err.constData());
        QVERIFY2(
            added.out.contains(QByteArray("added to finding " + m_finding.toLatin1() + ": container.user-not-root")),
            added.out.constData());
        // Hostile text: printed escaped, never as a terminal sequence.
        const ProcessRun hostile = cli({QStringLiteral("note"), QStringLiteral("add"), QStringLiteral("--workspace"),
                                        m_workspace, QStringLiteral("--finding"), m_finding, QStringLiteral("--text"),
                                        QStringLiteral("\x1b[2Jcleared\u202eevil")});
        QCOMPARE(hostile.exitCode, 0);
        const ProcessRun list = cli({QStringLiteral("note"), QStringLiteral("list"), QStringLiteral("--workspace"),
                                     m_workspace, QStringLiteral("--finding"), m_finding});
        QCOMPARE(list.exitCode, 0);
        const QList<QByteArray> lines = list.out.split('\n');
        QVERIFY2(lines.size() >= 3, list.out.constData());
        QVERIFY2(lines.at(1).contains("cleared"), list.out.constData()); // newest first
        QVERIFY2(lines.at(2).contains("alice  note \"Owner asked to drop root.\""), list.out.constData());
        QVERIFY(!list.out.contains('\x1b'));
        QVERIFY(!list.out.contains("\u202e"));
    }

    void attachToACheck()
    {
        const QString file = m_dir.filePath(QStringLiteral("auditctl.txt"));
        QFile out(file);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write("-w /usr/bin/dockerd -k docker\n");
        out.close();
        const ProcessRun attached = cli({QStringLiteral("attach"), QStringLiteral("--workspace"), m_workspace,
                                         QStringLiteral("--check"), QStringLiteral("host.security-updates"), file, file,
                                         QStringLiteral("--note"), QStringLiteral("auditctl -l")});
        QVERIFY2(attached.exitCode == 0, attached.err.constData());
        QCOMPARE(attached.out.count("\"auditctl.txt\""), 2);
        QVERIFY(attached.out.contains("sha256 "));
        const ProcessRun list = cli({QStringLiteral("note"), QStringLiteral("list"), QStringLiteral("--workspace"),
                                     m_workspace, QStringLiteral("--check"), QStringLiteral("host.security-updates")});
        QCOMPARE(list.exitCode, 0);
        QVERIFY2(list.out.contains("file \"auditctl.txt\"  30 bytes"), list.out.constData());
        QVERIFY(list.out.contains("\"auditctl -l\""));
    }

    void usageErrors_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QByteArray>("message");
        const QString ws = QStringLiteral("WS");
        QTest::newRow("note without action") << QStringList{QStringLiteral("note")} << 2 << QByteArray("add or list");
        QTest::newRow("no target") << QStringList{QStringLiteral("note"), QStringLiteral("list"),
                                                  QStringLiteral("--workspace"), ws}
                                   << 2 << QByteArray("exactly one of --finding, --check");
        QTest::newRow("both targets")
            << QStringList{QStringLiteral("note"),        QStringLiteral("list"),
                           QStringLiteral("--workspace"), ws,
                           QStringLiteral("--finding"),   QStringLiteral("1"),
                           QStringLiteral("--check"),     QStringLiteral("host.security-updates")}
            << 2 << QByteArray("exactly one of");
        QTest::newRow("no text") << QStringList{QStringLiteral("note"),        QStringLiteral("add"),
                                                QStringLiteral("--workspace"), ws,
                                                QStringLiteral("--check"),     QStringLiteral("host.security-updates")}
                                 << 2 << QByteArray("--text is required");
        QTest::newRow("blank text")
            << QStringList{QStringLiteral("note"),        QStringLiteral("add"),
                           QStringLiteral("--workspace"), ws,
                           QStringLiteral("--check"),     QStringLiteral("host.security-updates"),
                           QStringLiteral("--text"),      QStringLiteral("   ")}
            << 2 << QByteArray("needs text");
        QTest::newRow("unknown finding") << QStringList{QStringLiteral("note"),        QStringLiteral("list"),
                                                        QStringLiteral("--workspace"), ws,
                                                        QStringLiteral("--finding"),   QStringLiteral("999")}
                                         << 2 << QByteArray("no finding 999");
        QTest::newRow("finding not a number")
            << QStringList{QStringLiteral("note"),      QStringLiteral("list"), QStringLiteral("--workspace"), ws,
                           QStringLiteral("--finding"), QStringLiteral("web")}
            << 2 << QByteArray("a finding's number");
        QTest::newRow("unknown check") << QStringList{QStringLiteral("note"),        QStringLiteral("list"),
                                                      QStringLiteral("--workspace"), ws,
                                                      QStringLiteral("--check"),     QStringLiteral("no.such\x1b")}
                                       << 2 << QByteArray("no check \"no.such\\u{1B}\"");
        QTest::newRow("attach nothing") << QStringList{QStringLiteral("attach"), QStringLiteral("--workspace"), ws,
                                                       QStringLiteral("--check"),
                                                       QStringLiteral("host.security-updates")}
                                        << 2 << QByteArray("at least one FILE");
        QTest::newRow("attach missing file") << QStringList{QStringLiteral("attach"),
                                                            QStringLiteral("--workspace"),
                                                            ws,
                                                            QStringLiteral("--check"),
                                                            QStringLiteral("host.security-updates"),
                                                            QStringLiteral("/nonexistent/shot.png")}
                                             << 2 << QByteArray("no such file");
        QTest::newRow("no workspace file")
            << QStringList{QStringLiteral("note"),        QStringLiteral("list"),
                           QStringLiteral("--workspace"), QStringLiteral("/nonexistent/x"),
                           QStringLiteral("--check"),     QStringLiteral("host.security-updates")}
            << 3 << QByteArray("");
    }

    void usageErrors()
    {
        QFETCH(QStringList, arguments);
        QFETCH(int, exitCode);
        QFETCH(QByteArray, message);
        arguments.replaceInStrings(QStringLiteral("WS"), m_workspace);
        const ProcessRun run = cli(arguments);
        QCOMPARE(run.exitCode, exitCode);
        QVERIFY2(run.err.contains(message), run.err.constData());
    }

    void tooLargeIsRefused()
    {
        const QString big = m_dir.filePath(QStringLiteral("dump.bin"));
        QFile file(big);
        QVERIFY(file.open(QIODevice::WriteOnly));
        QVERIFY(file.resize(Workspace::MaxEvidenceBytes + 1));
        file.close();
        const ProcessRun run = cli({QStringLiteral("attach"), QStringLiteral("--workspace"), m_workspace,
                                    QStringLiteral("--finding"), m_finding, big});
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.contains("an attachment may be at most 20.0 MiB"), run.err.constData());
    }

    // Last: everything added above is in the log and verify finds the workspace whole.
    void verifiesAfterwards()
    {
        const ProcessRun verify = cli({QStringLiteral("verify"), QStringLiteral("--workspace"), m_workspace});
        QVERIFY2(verify.exitCode == 0, QByteArray(verify.out + verify.err).constData());
        const ProcessRun log = cli({QStringLiteral("log"), QStringLiteral("--workspace"), m_workspace});
        QCOMPARE(log.exitCode, 0);
        QVERIFY2(log.out.contains("evidence.noted") && log.out.contains("evidence.attached"), log.out.constData());
    }

    // A note rewritten in the file afterwards: verify says so (exit 5) and names the row.
    void verifyNamesAnAlteredNote()
    {
        const QString copy = m_dir.filePath(QStringLiteral("tampered.bulkhead"));
        QVERIFY(QFile::copy(m_workspace, copy));
        const QString error =
            rawExec(copy, {QStringLiteral("DROP TRIGGER attachments_immutable_update"),
                           QStringLiteral("UPDATE attachments SET note = 'nothing to see' WHERE file_name = ''")});
        QVERIFY2(error.isEmpty(), qPrintable(error));
        const ProcessRun verify = cli({QStringLiteral("verify"), QStringLiteral("--workspace"), copy});
        QCOMPARE(verify.exitCode, 5);
        QVERIFY2(verify.out.contains("attachment:1: altered") && verify.out.contains("attachment:2: altered"),
                 verify.out.constData());
    }
};

QTEST_GUILESS_MAIN(TestCliEvidence)
#include "tst_cli_evidence.moc"
