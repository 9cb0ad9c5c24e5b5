// SPDX-License-Identifier: GPL-3.0-or-later
// bulkhead-cli watch without a fleet (issue 3, item 6): usage errors (exit 2, no workspace written), a host
// that refuses the connection (exit 1, the reason on stderr, the watch recorded as failed) and SIGTERM
// while a connect hangs (exit 4, the watch window closed). Events are covered by tests/integration/tst_watch.
#include "store/Workspace.h"

#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace bulkhead;

namespace {

// A loopback port: listening (connects hang waiting for a banner) or, after close(), refusing.
class Port
{
public:
    Port()
    {
        m_fd = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t length = sizeof address;
        auto* generic = reinterpret_cast<sockaddr*>(&address);
        if (m_fd >= 0 && ::bind(m_fd, generic, length) == 0 && ::listen(m_fd, 8) == 0 &&
            ::getsockname(m_fd, generic, &length) == 0)
            m_port = ntohs(address.sin_port);
    }
    ~Port() { close(); }
    Port(const Port&) = delete;
    Port& operator=(const Port&) = delete;
    void close()
    {
        if (m_fd >= 0)
            ::close(m_fd);
        m_fd = -1;
    }
    quint16 port() const { return m_port; }

private:
    int m_fd = -1;
    quint16 m_port = 0;
};

} // namespace

class TestCliWatch : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    QStringList args(const QString& workspace, quint16 port) const
    {
        return {QStringLiteral("watch"),
                QStringLiteral("--workspace"),
                workspace,
                QStringLiteral("--known-hosts"),
                m_dir.filePath(QStringLiteral("known_hosts")),
                QStringLiteral("root@127.0.0.1:%1").arg(port)};
    }

private slots:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void usageErrors_data()
    {
        QTest::addColumn<QStringList>("arguments");
        const QString ws = m_dir.filePath(QStringLiteral("usage.bulkhead"));
        const QString kh = m_dir.filePath(QStringLiteral("known_hosts"));
        QTest::newRow("no host") << QStringList{QStringLiteral("watch"), QStringLiteral("--workspace"), ws,
                                                QStringLiteral("--known-hosts"), kh};
        QTest::newRow("no known_hosts") << QStringList{QStringLiteral("watch"), QStringLiteral("--workspace"), ws,
                                                       QStringLiteral("root@10.0.0.5")};
        QTest::newRow("no workspace") << QStringList{QStringLiteral("watch"), QStringLiteral("--known-hosts"), kh,
                                                     QStringLiteral("root@10.0.0.5")};
        QTest::newRow("shell in host") << QStringList{
            QStringLiteral("watch"),        QStringLiteral("--workspace"), ws, QStringLiteral("--known-hosts"), kh,
            QStringLiteral("root@x;reboot")};
        QTest::newRow("duration 0") << (args(ws, 22) << QStringLiteral("--duration") << QStringLiteral("0"));
        QTest::newRow("max-events text") << (args(ws, 22) << QStringLiteral("--max-events") << QStringLiteral("x"));
        QTest::newRow("bad keepalive") << (args(ws, 22) << QStringLiteral("--keepalive") << QStringLiteral("-1"));
        QTest::newRow("unknown option") << (args(ws, 22) << QStringLiteral("--follow"));
    }

    void usageErrors()
    {
        QFETCH(QStringList, arguments);
        QProcess cli;
        cli.start(QStringLiteral(BULKHEAD_CLI), arguments);
        QVERIFY(cli.waitForFinished(60000));
        QCOMPARE(cli.exitCode(), 2);
        QVERIFY(cli.readAllStandardError().startsWith("bulkhead-cli watch: "));
        QVERIFY(!QFile::exists(m_dir.filePath(QStringLiteral("usage.bulkhead"))));
    }

    void helpNamesWatch()
    {
        QProcess cli;
        cli.start(QStringLiteral(BULKHEAD_CLI), {QStringLiteral("--help")});
        QVERIFY(cli.waitForFinished(60000));
        QVERIFY(cli.readAllStandardOutput().contains("  watch     Store container lifecycle events"));
    }

    void refusedHostFails()
    {
        Port refusing;
        const quint16 port = refusing.port();
        QVERIFY(port != 0);
        refusing.close();
        const QString workspace = m_dir.filePath(QStringLiteral("refused.bulkhead"));
        QProcess cli;
        cli.start(QStringLiteral(BULKHEAD_CLI), args(workspace, port));
        QVERIFY(cli.waitForFinished(120000));
        const QByteArray err = cli.readAllStandardError();
        QVERIFY2(cli.exitCode() == 1, err.constData());
        QVERIFY2(err.contains(": failed: cannot connect to "), err.constData());
        QVERIFY2(err.contains(": 0 events stored in "), err.constData());
        auto opened = Workspace::open(workspace, Workspace::OpenMode::ExistingOnly);
        QVERIFY2(opened, qPrintable(opened.errorMessage()));
        const auto scans = opened.value()->scans();
        QCOMPARE(scans->size(), 1);
        QCOMPARE(scans->front().kind, ScanKind::Watch);
        QCOMPARE(scans->front().state, ScanState::Failed);
        QCOMPARE(opened.value()->hostScans(scans->front().id)->front().state, HostScanState::Failed);
    }

    void sigtermWhileConnecting()
    {
        Port silent;
        QVERIFY(silent.port() != 0);
        const QString workspace = m_dir.filePath(QStringLiteral("term.bulkhead"));
        QProcess cli;
        cli.start(QStringLiteral(BULKHEAD_CLI), args(workspace, silent.port())
                                                    << QStringLiteral("--connect-timeout") << QStringLiteral("600"));
        QVERIFY(cli.waitForStarted(30000));
        QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(workspace), 60000);
        cli.terminate();
        QVERIFY(cli.waitForFinished(60000));
        const QByteArray err = cli.readAllStandardError();
        QCOMPARE(cli.exitStatus(), QProcess::NormalExit);
        QVERIFY2(cli.exitCode() == 4, err.constData());
        auto opened = Workspace::open(workspace, Workspace::OpenMode::ExistingOnly);
        QVERIFY2(opened, qPrintable(opened.errorMessage()));
        const auto scans = opened.value()->scans();
        QVERIFY(scans->front().finishedUtc.isValid());
    }
};

QTEST_GUILESS_MAIN(TestCliWatch)
#include "tst_cli_watch.moc"
