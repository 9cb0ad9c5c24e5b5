// SPDX-License-Identifier: GPL-3.0-or-later
// The "Watch container lifecycle" toggle (issue 3, item 6), offscreen: in the real main window, and
// driven directly against a host that cannot be reached. The fleet test (tests/integration/tst_watch)
// covers events; this covers the toggle's states, its thread and its stop.
#include "MainWindow.h"
#include "evidence/EvidencePane.h"
#include "store/Workspace.h"
#include "watch/LifecycleEvidence.h"
#include "watch/WatchController.h"

#include <QAction>
#include <QLabel>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTextEdit>
#include <QToolButton>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace bulkhead;

namespace {

// A TCP port on 127.0.0.1 that accepts connections (the kernel completes them in the backlog) and
// never says a word: an SSH connect to it waits for the banner until cancelled.
class SilentListener
{
public:
    SilentListener()
    {
        m_fd = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t length = sizeof address;
        auto* generic = reinterpret_cast<sockaddr*>(&address);
        if (m_fd < 0 || ::bind(m_fd, generic, length) != 0 || ::listen(m_fd, 8) != 0 ||
            ::getsockname(m_fd, generic, &length) != 0)
            return;
        m_port = ntohs(address.sin_port);
    }
    ~SilentListener() { close(); }
    SilentListener(const SilentListener&) = delete;
    SilentListener& operator=(const SilentListener&) = delete;

    quint16 port() const { return m_port; }
    bool hasConnection() const
    {
        pollfd pfd{m_fd, POLLIN, 0};
        return ::poll(&pfd, 1, 0) == 1;
    }
    // Nobody listens on the port from now on: connects are refused.
    void close()
    {
        if (m_fd >= 0)
            ::close(m_fd);
        m_fd = -1;
    }

private:
    int m_fd = -1;
    quint16 m_port = 0;
};

} // namespace

class TestWatchController : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    WatchRequest requestFor(const QString& workspace, quint16 port) const
    {
        WatchRequest request;
        request.target.workspacePath = workspace;
        request.target.hosts = {HostSpec::parse(QStringLiteral("root@127.0.0.1:%1").arg(port)).value()};
        request.target.knownHostsFile = m_dir.filePath(QStringLiteral("known_hosts"));
        request.target.connectTimeoutMs = 60000;
        request.target.keepaliveIntervalMs = 0;
        return request;
    }

private slots:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    // Without a workspace the window refuses, says why and leaves the toggle off.
    void mainWindowWithoutWorkspace()
    {
        MainWindow window;
        window.show();
        auto* button = window.findChild<QToolButton*>(QStringLiteral("watchButton"));
        QVERIFY(button != nullptr);
        auto* action = window.findChild<QAction*>(QStringLiteral("watchAction"));
        QVERIFY(action != nullptr);
        QVERIFY(action->isCheckable());
        action->trigger();
        QVERIFY(!action->isChecked());
        bool told = false;
        for (QLabel* label : window.findChildren<QLabel*>()) {
            if (label->isVisible() && label->text() == QLatin1String("Open or create a workspace first."))
                told = true;
        }
        QVERIFY(told);
    }

    // A host that accepts TCP and never speaks: the watch runs (connecting) until toggled off, then
    // stops promptly and cleanly; the workspace records the watch and the host's window.
    void toggleOffStopsTheWatch()
    {
        SilentListener silent;
        QVERIFY(silent.port() != 0);
        const QString workspace = m_dir.filePath(QStringLiteral("toggle.bulkhead"));
        QWidget window;
        WatchController controller(&window);
        controller.setRequestProvider([&] { return Result<WatchRequest>(requestFor(workspace, silent.port())); });
        QSignalSpy finished(&controller, &WatchController::finished);
        controller.toggleAction()->trigger();
        QVERIFY(controller.toggleAction()->isChecked());
        QVERIFY(controller.isRunning());
        QVERIFY(controller.statusLabel()->text().contains(QLatin1String("Watching")));
        QTRY_VERIFY_WITH_TIMEOUT(silent.hasConnection(), 30000);

        controller.toggleAction()->trigger(); // off
        QVERIFY(!controller.toggleAction()->isChecked());
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 30000);
        QVERIFY(!controller.isRunning());
        const auto outcome = finished.front().at(0).value<WatchOutcome>();
        QCOMPARE(finished.front().at(1).toString(), QString());
        QCOMPARE(outcome.hosts.size(), 1);
        QCOMPARE(outcome.hosts.front().state, HostScanState::Cancelled);
        QCOMPARE(outcome.events, 0);
        QVERIFY(controller.statusLabel()->text().contains(QLatin1String("ended")));

        auto opened = Workspace::open(workspace, Workspace::OpenMode::ExistingOnly);
        QVERIFY2(opened, qPrintable(opened.errorMessage()));
        const auto scans = opened.value()->scans();
        QCOMPARE(scans->size(), 1);
        QCOMPARE(scans->front().kind, ScanKind::Watch);
        QVERIFY(scans->front().finishedUtc.isValid());
        const auto evidence = WatchController::latestEvidence(*opened.value(), std::nullopt);
        QVERIFY(evidence);
        QVERIFY(evidence->isEmpty());
    }

    // A refused connection ends the watch by itself: the toggle goes off and the host is failed.
    void unreachableHostEndsTheWatch()
    {
        SilentListener closed;
        const quint16 port = closed.port();
        QVERIFY(port != 0);
        closed.close();
        const QString workspace = m_dir.filePath(QStringLiteral("refused.bulkhead"));
        QWidget window;
        WatchController controller(&window);
        controller.setRequestProvider([&] { return Result<WatchRequest>(requestFor(workspace, port)); });
        QSignalSpy finished(&controller, &WatchController::finished);
        controller.toggleAction()->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 60000);
        QVERIFY(!controller.toggleAction()->isChecked());
        const auto outcome = finished.front().at(0).value<WatchOutcome>();
        QCOMPARE(outcome.hosts.front().state, HostScanState::Failed);
        QVERIFY(!outcome.hosts.front().message.isEmpty());
    }

    // Stored lifecycle artifacts reach the evidence pane as evidence: newest first, the event as the
    // excerpt, hostile names shown as text, the sha256 verified.
    void lifecycleEvidenceInThePane()
    {
        auto opened = Workspace::open(m_dir.filePath(QStringLiteral("pane.bulkhead")));
        QVERIFY2(opened, qPrintable(opened.errorMessage()));
        Workspace& ws = *opened.value();
        const qint64 host = ws.upsertHost(HostSpec::parse(QStringLiteral("root@10.0.0.5")).value()).value();
        const qint64 other = ws.upsertHost(HostSpec::parse(QStringLiteral("root@10.0.0.6")).value()).value();
        const qint64 watch = ws.beginScan(QStringLiteral("test watch"), ScanKind::Watch).value();
        const QStringList actions{QStringLiteral("create"), QStringLiteral("start"), QStringLiteral("stop")};
        for (const QString& action : actions) {
            LifecycleEvent event;
            event.action = action;
            event.containerId = QStringLiteral("c").repeated(64);
            event.name = QStringLiteral("<b>web</b>\x1b[31m");
            event.time = 1700000000;
            Artifact artifact;
            artifact.scanId = watch;
            artifact.hostId = host;
            artifact.probe = QLatin1String(LifecycleEvidence::ProbeName);
            artifact.command = QStringLiteral("docker container inspect -- ") + event.containerId;
            artifact.output = LifecycleEvidence::compose(event, "[]");
            QVERIFY(ws.addArtifact(artifact));
        }
        Artifact elsewhere;
        elsewhere.scanId = watch;
        elsewhere.hostId = other;
        elsewhere.probe = QLatin1String(LifecycleEvidence::ProbeName);
        elsewhere.output = "{}";
        QVERIFY(ws.addArtifact(elsewhere));

        auto refs = WatchController::latestEvidence(ws, host, 2);
        QVERIFY2(refs, qPrintable(refs.errorMessage()));
        QCOMPARE(refs->size(), 2);
        QVERIFY(refs->at(0).excerpt.contains(QLatin1String("\"action\":\"stop\"")));
        QVERIFY(refs->at(1).excerpt.contains(QLatin1String("\"action\":\"start\"")));
        QCOMPARE(refs->at(0).locator, QStringLiteral("/event"));
        QCOMPARE(WatchController::latestEvidence(ws, std::nullopt)->size(), 4);

        EvidencePane pane;
        pane.setWorkspace(&ws);
        pane.showArtifacts(QStringLiteral("Container lifecycle evidence"), refs.value());
        const QString text = pane.findChild<QTextEdit*>(QStringLiteral("evidenceView"))->toPlainText();
        QVERIFY(text.contains(QLatin1String("docker.events.lifecycle")));
        QVERIFY(text.contains(QLatin1String("stored bytes hash to this value")));
        QVERIFY(text.contains(QLatin1String("<b>web</b>")));
        QVERIFY(!text.contains(QChar(0x1b)));
        QVERIFY(!text.contains(QLatin1String("MISMATCH")));
    }

    // Destroying the controller mid-watch (the window closing) stops and joins the watch thread.
    void destroyedWhileWatching()
    {
        SilentListener silent;
        QVERIFY(silent.port() != 0);
        const QString workspace = m_dir.filePath(QStringLiteral("destroyed.bulkhead"));
        {
            QWidget window;
            auto* controller = new WatchController(&window);
            QVERIFY(controller->start(requestFor(workspace, silent.port())));
            QTRY_VERIFY_WITH_TIMEOUT(silent.hasConnection(), 30000);
        }
        auto opened = Workspace::open(workspace, Workspace::OpenMode::ExistingOnly);
        QVERIFY2(opened, qPrintable(opened.errorMessage()));
        QVERIFY(opened.value()->scans()->front().finishedUtc.isValid());
    }
};

QTEST_MAIN(TestWatchController)
#include "tst_watchcontroller.moc"
