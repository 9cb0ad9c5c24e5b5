// SPDX-License-Identifier: GPL-3.0-or-later
// bulkhead-cli watch against the real test fleet (issue 3, item 6): a container created, started and
// stopped on alpha while the watch runs gives create, start, die and stop evidence, each with the
// container's inspect (its secrets redacted), committed as it arrives: a SIGKILL keeps what was stored.
// Fails, never skips, when the fleet is not up. Waits are polls with generous limits, never timings.
#include "probes/AccessMode.h"
#include "store/Workspace.h"
#include "watch/LifecycleEvidence.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

using namespace bulkhead;

namespace {

constexpr int StartMs = 90000; // connect + first read, on a loaded 2-core machine
constexpr int EventMs = 90000; // a docker command and its events stored

struct Lifecycle
{
    QHash<QString, Artifact> byAction; // the first artifact of each action for the container
    int total = 0;                     // lifecycle artifacts of the watch, any container
};

} // namespace

class TestWatch : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void lifecycleEvidenceUntilSigterm();
    void sigkillKeepsWhatWasStored();
    void maxEventsEndsTheWatch();
    void sudoWatchAsOperator();
    void usageErrors();

private:
    QString alpha(const QString& user = QStringLiteral("root")) const;
    // Runs a command on alpha over ssh as root; returns its stdout trimmed ("" on failure).
    QByteArray onAlpha(const QStringList& command, bool* ok = nullptr) const;
    QByteArray docker(const QStringList& arguments, bool* ok = nullptr) const
    {
        return onAlpha(QStringList{QStringLiteral("docker")} + arguments, ok);
    }
    // Whether a `docker events` still runs on alpha (a stopped watch must not leave one behind).
    bool eventsRunning() const
    {
        bool ok = false;
        const QByteArray processes =
            onAlpha({QStringLiteral("ps"), QStringLiteral("-eo"), QStringLiteral("args")}, &ok);
        return !ok || processes.contains("docker events");
    }
    QStringList watchArgs(const QString& workspace) const;
    bool startWatch(QProcess& process, const QStringList& arguments) const;
    static Lifecycle lifecycleOf(const QString& workspace, const QString& containerId);

    QJsonObject m_fleet;
    QJsonObject m_alpha;
    QTemporaryDir m_dir;
    QStringList m_containers; // to remove at the end
};

void TestWatch::initTestCase()
{
    const QString fleetDir = qEnvironmentVariable("BULKHEAD_FLEET_DIR");
    QVERIFY2(!fleetDir.isEmpty(), "BULKHEAD_FLEET_DIR is not set: the fleet fixture did not run");
    QFile file(fleetDir + QStringLiteral("/fleet.json"));
    QVERIFY2(file.open(QIODevice::ReadOnly), "fleet.json missing: is the test fleet up? (tests/fleet/fleet up)");
    m_fleet = QJsonDocument::fromJson(file.readAll()).object();
    for (const auto& value : m_fleet.value(QStringLiteral("hosts")).toArray()) {
        if (value.toObject().value(QStringLiteral("name")).toString() == QLatin1String("alpha"))
            m_alpha = value.toObject();
    }
    QVERIFY(!m_alpha.isEmpty());
    bool ok = false;
    docker({QStringLiteral("version"), QStringLiteral("--format"), QStringLiteral("{{.Server.Version}}")}, &ok);
    QVERIFY2(ok, "docker on alpha does not answer over ssh");
}

void TestWatch::cleanupTestCase()
{
    if (!m_containers.isEmpty())
        docker(QStringList{QStringLiteral("rm"), QStringLiteral("-f")} + m_containers);
}

QString TestWatch::alpha(const QString& user) const
{
    return QStringLiteral("%1@%2:%3")
        .arg(user, m_alpha.value(QStringLiteral("address")).toString())
        .arg(m_alpha.value(QStringLiteral("port")).toInt());
}

QByteArray TestWatch::onAlpha(const QStringList& command, bool* ok) const
{
    QProcess ssh;
    QStringList args{QStringLiteral("-F"),
                     QStringLiteral("/dev/null"),
                     QStringLiteral("-o"),
                     QStringLiteral("BatchMode=yes"),
                     QStringLiteral("-o"),
                     QStringLiteral("StrictHostKeyChecking=yes"),
                     QStringLiteral("-o"),
                     QStringLiteral("UserKnownHostsFile=") + m_fleet.value(QStringLiteral("known_hosts")).toString(),
                     QStringLiteral("-i"),
                     m_fleet.value(QStringLiteral("identity")).toString(),
                     QStringLiteral("-p"),
                     QString::number(m_alpha.value(QStringLiteral("port")).toInt()),
                     QStringLiteral("root@") + m_alpha.value(QStringLiteral("address")).toString()};
    args += command; // our own fixed words: no quoting needed
    ssh.start(QStringLiteral("ssh"), args);
    const bool finished = ssh.waitForFinished(120000);
    if (!finished)
        ssh.kill();
    const bool success = finished && ssh.exitStatus() == QProcess::NormalExit && ssh.exitCode() == 0;
    if (!success)
        qWarning("%s failed: %s", qPrintable(command.join(QLatin1Char(' '))), ssh.readAllStandardError().constData());
    if (ok != nullptr)
        *ok = success;
    return ssh.readAllStandardOutput().trimmed();
}

QStringList TestWatch::watchArgs(const QString& workspace) const
{
    return {QStringLiteral("watch"),
            QStringLiteral("--workspace"),
            workspace,
            QStringLiteral("--identity"),
            m_fleet.value(QStringLiteral("identity")).toString(),
            QStringLiteral("--known-hosts"),
            m_fleet.value(QStringLiteral("known_hosts")).toString(),
            alpha()};
}

// Starts bulkhead-cli watch and waits until it follows alpha's events ("watching" on stderr).
bool TestWatch::startWatch(QProcess& process, const QStringList& arguments) const
{
    process.start(QStringLiteral(BULKHEAD_CLI), arguments);
    if (!process.waitForStarted(30000))
        return false;
    QByteArray err;
    QElapsedTimer clock;
    clock.start();
    while (clock.elapsed() < StartMs) {
        if (process.state() == QProcess::NotRunning)
            break;
        process.waitForReadyRead(200);
        err += process.readAllStandardError();
        if (err.contains(": watching (host key SHA256:"))
            return true;
    }
    qWarning("the watch did not start: %s", err.constData());
    return false;
}

Lifecycle TestWatch::lifecycleOf(const QString& workspace, const QString& containerId)
{
    Lifecycle found;
    auto opened = Workspace::open(workspace, Workspace::OpenMode::ExistingOnly);
    if (!opened)
        return found;
    auto index = opened.value()->artifactIndex();
    if (!index)
        return found;
    for (const ArtifactInfo& info : index.value()) {
        if (info.probe != QLatin1String(LifecycleEvidence::ProbeName))
            continue;
        ++found.total;
        auto artifact = opened.value()->artifact(info.id);
        if (!artifact)
            continue;
        auto event = LifecycleEvidence::eventOf(artifact.value());
        if (event && event->containerId == containerId && !found.byAction.contains(event->action))
            found.byAction.insert(event->action, artifact.value());
    }
    return found;
}

void TestWatch::lifecycleEvidenceUntilSigterm()
{
    const QString workspace = m_dir.filePath(QStringLiteral("watch.bulkhead"));
    QProcess watch;
    QVERIFY(startWatch(watch, watchArgs(workspace)));
    QVERIFY(eventsRunning());

    // A secret in the environment: it must never reach the workspace.
    const QString secret = QStringLiteral("watch-%1-Qz9").arg(QRandomGenerator::global()->generate64(), 0, 36);
    const QString name = QStringLiteral("bh-watch-%1").arg(QRandomGenerator::global()->generate(), 0, 16);
    bool ok = false;
    const QString id = QString::fromLatin1(
        docker({QStringLiteral("create"), QStringLiteral("--network"), QStringLiteral("none"), QStringLiteral("--name"),
                name, QStringLiteral("-e"), QStringLiteral("DB_PASSWORD=") + secret, QStringLiteral("bulkhead/base:1"),
                QStringLiteral("sleep"), QStringLiteral("600")},
               &ok));
    QVERIFY(ok);
    m_containers << id;
    QVERIFY2(LifecycleEventParser::isContainerId(id), qPrintable(id));
    docker({QStringLiteral("start"), id}, &ok);
    QVERIFY(ok);
    // sleep as PID 1 ignores TERM: after one second the daemon kills it (die, exit 137), then stop.
    docker({QStringLiteral("stop"), QStringLiteral("-t"), QStringLiteral("1"), id}, &ok);
    QVERIFY(ok);

    const QStringList actions{QStringLiteral("create"), QStringLiteral("start"), QStringLiteral("die"),
                              QStringLiteral("stop")};
    QTRY_VERIFY_WITH_TIMEOUT(lifecycleOf(workspace, id).byAction.size() == actions.size(), EventMs);
    // One line per event on stdout, the name quoted.
    QTRY_VERIFY_WITH_TIMEOUT(watch.bytesAvailable() > 0, EventMs);

    watch.terminate(); // SIGTERM
    QVERIFY(watch.waitForFinished(60000));
    const QByteArray out = watch.readAllStandardOutput();
    const QByteArray err = watch.readAllStandardError();
    QCOMPARE(watch.exitStatus(), QProcess::NormalExit);
    QVERIFY2(watch.exitCode() == 4, err.constData()); // stopped by a signal, as scan's cancel
    for (const QString& action : actions) {
        QVERIFY2(out.contains(QStringLiteral(" %1 \"%2\" %3 ").arg(action, name, id.left(12)).toUtf8()),
                 out.constData());
    }
    QVERIFY2(err.contains(QByteArray(alpha().toUtf8() + ": watched: ")), err.constData());
    // sshd refuses signals in root sessions: the command's own wrapper ends it when the channel closes.
    QTRY_VERIFY_WITH_TIMEOUT(!eventsRunning(), 60000);

    const Lifecycle lifecycle = lifecycleOf(workspace, id);
    for (const QString& action : actions) {
        QVERIFY2(lifecycle.byAction.contains(action), qPrintable(action));
        const Artifact& artifact = lifecycle.byAction.value(action);
        const auto event = LifecycleEvidence::eventOf(artifact);
        QVERIFY(event);
        QCOMPARE(event->name, name);
        QCOMPARE(event->image, QStringLiteral("bulkhead/base:1"));
        QVERIFY(event->time > 0);
        QCOMPARE(artifact.command, LifecycleEvidence::inspectCommand(AccessMode::Direct, id).value());
        QCOMPARE(artifact.exitStatus, 0);
        QVERIFY2(LifecycleEvidence::hasInspect(artifact), artifact.output.left(300).constData());
        const QJsonObject inspect = QJsonDocument::fromJson(artifact.output)
                                        .object()
                                        .value(QLatin1String("inspect"))
                                        .toArray()
                                        .at(0)
                                        .toObject();
        QCOMPARE(inspect.value(QLatin1String("Id")).toString(), id);
        QVERIFY(!artifact.output.contains(secret.toUtf8()));
        QVERIFY(artifact.output.contains("DB_PASSWORD=[REDACTED:"));
        QVERIFY(artifact.redactions >= 1);
    }
    QCOMPARE(LifecycleEvidence::eventOf(lifecycle.byAction.value(QStringLiteral("die")))->exitCode,
             QStringLiteral("137"));

    // The watch and alpha's window in it.
    auto opened = Workspace::open(workspace, Workspace::OpenMode::ExistingOnly);
    QVERIFY2(opened, qPrintable(opened.errorMessage()));
    const auto scans = opened.value()->scans();
    QVERIFY(scans);
    QCOMPARE(scans->size(), 1);
    QCOMPARE(scans->front().kind, ScanKind::Watch);
    QVERIFY(scans->front().finishedUtc.isValid());
    const auto windows = opened.value()->hostScans(scans->front().id);
    QVERIFY(windows);
    QCOMPARE(windows->size(), 1);
    QCOMPARE(windows->front().state, HostScanState::Done);
    QCOMPARE(windows->front().hostKeyFingerprint, m_alpha.value(QStringLiteral("host_key_fingerprint")).toString());
    QVERIFY(windows->front().finishedUtc >= windows->front().startedUtc);
    QCOMPARE(opened.value()->integrityCheck().value(), QStringLiteral("ok"));
    opened.value().reset();
    // Not in any byte of the file (WAL checkpointed on close).
    QFile raw(workspace);
    QVERIFY(raw.open(QIODevice::ReadOnly));
    QVERIFY(!raw.readAll().contains(secret.toUtf8()));
}

void TestWatch::sigkillKeepsWhatWasStored()
{
    const QString workspace = m_dir.filePath(QStringLiteral("killed.bulkhead"));
    QProcess watch;
    QVERIFY(startWatch(watch, watchArgs(workspace)));
    bool ok = false;
    const QString id =
        QString::fromLatin1(docker({QStringLiteral("create"), QStringLiteral("--network"), QStringLiteral("none"),
                                    QStringLiteral("bulkhead/base:1"), QStringLiteral("sleep"), QStringLiteral("600")},
                                   &ok));
    QVERIFY(ok);
    m_containers << id;
    docker({QStringLiteral("start"), id}, &ok);
    QVERIFY(ok);
    QTRY_VERIFY_WITH_TIMEOUT(lifecycleOf(workspace, id).byAction.size() == 2, EventMs);

    watch.kill(); // SIGKILL mid-watch
    QVERIFY(watch.waitForFinished(30000));
    QCOMPARE(watch.exitStatus(), QProcess::CrashExit);
    QTRY_VERIFY_WITH_TIMEOUT(!eventsRunning(), 60000); // the connection dropped: the remote side ends too

    auto opened = Workspace::open(workspace, Workspace::OpenMode::ExistingOnly);
    QVERIFY2(opened, qPrintable(opened.errorMessage()));
    QCOMPARE(opened.value()->integrityCheck().value(), QStringLiteral("ok"));
    opened.value().reset();
    const Lifecycle lifecycle = lifecycleOf(workspace, id);
    QVERIFY(lifecycle.byAction.contains(QStringLiteral("create")));
    QVERIFY(lifecycle.byAction.contains(QStringLiteral("start")));
    QVERIFY(LifecycleEvidence::hasInspect(lifecycle.byAction.value(QStringLiteral("start"))));
}

// --max-events ends the watch by itself, with exit status 0; a remove is not watched.
void TestWatch::maxEventsEndsTheWatch()
{
    const QString workspace = m_dir.filePath(QStringLiteral("max.bulkhead"));
    QProcess watch;
    QVERIFY(startWatch(watch, watchArgs(workspace) << QStringLiteral("--max-events") << QStringLiteral("2")));
    bool ok = false;
    const QString id = QString::fromLatin1(
        docker({QStringLiteral("run"), QStringLiteral("-d"), QStringLiteral("--network"), QStringLiteral("none"),
                QStringLiteral("bulkhead/base:1"), QStringLiteral("sleep"), QStringLiteral("600")},
               &ok));
    QVERIFY(ok);
    m_containers << id;
    QVERIFY(watch.waitForFinished(EventMs));
    const QByteArray err = watch.readAllStandardError();
    QCOMPARE(watch.exitStatus(), QProcess::NormalExit);
    QVERIFY2(watch.exitCode() == 0, err.constData());
    QVERIFY2(err.contains(": 2 events stored in "), err.constData());
    const Lifecycle lifecycle = lifecycleOf(workspace, id);
    QCOMPARE(lifecycle.total, 2);
    QVERIFY(lifecycle.byAction.contains(QStringLiteral("create")));
    QVERIFY(lifecycle.byAction.contains(QStringLiteral("start")));
}

// `watch --sudo` as operator, who is not in the docker group: its sudo rule is exactly what
// `bulkhead-cli sudoers --user operator` prints (the fleet installs it), which now covers the watch.
void TestWatch::sudoWatchAsOperator()
{
    const QString workspace = m_dir.filePath(QStringLiteral("sudo.bulkhead"));
    QStringList args = watchArgs(workspace);
    args.removeLast(); // root@alpha
    args << QStringLiteral("--sudo") << QStringLiteral("--max-events") << QStringLiteral("2")
         << alpha(QStringLiteral("operator"));
    QProcess watch;
    QVERIFY(startWatch(watch, args));
    bool ok = false;
    const QString id = QString::fromLatin1(
        docker({QStringLiteral("run"), QStringLiteral("-d"), QStringLiteral("--network"), QStringLiteral("none"),
                QStringLiteral("bulkhead/base:1"), QStringLiteral("sleep"), QStringLiteral("600")},
               &ok));
    QVERIFY(ok);
    m_containers << id;
    QVERIFY(watch.waitForFinished(EventMs));
    const QByteArray err = watch.readAllStandardError();
    QVERIFY2(watch.exitStatus() == QProcess::NormalExit && watch.exitCode() == 0, err.constData());
    const Lifecycle lifecycle = lifecycleOf(workspace, id);
    QCOMPARE(lifecycle.total, 2);
    for (const QString& action : {QStringLiteral("create"), QStringLiteral("start")}) {
        const Artifact artifact = lifecycle.byAction.value(action);
        QCOMPARE(artifact.command, LifecycleEvidence::inspectCommand(AccessMode::Sudo, id).value());
        QCOMPARE(artifact.exitStatus, 0); // sudo allowed it: no password asked, nothing refused
        QVERIFY2(LifecycleEvidence::hasInspect(artifact), artifact.errorOutput.constData());
    }
}

void TestWatch::usageErrors()
{
    const QString workspace = m_dir.filePath(QStringLiteral("usage.bulkhead"));
    const QList<QStringList> cases{
        {QStringLiteral("watch"), QStringLiteral("--workspace"), workspace},
        watchArgs(workspace) << QStringLiteral("--duration") << QStringLiteral("0"),
        watchArgs(workspace) << QStringLiteral("--max-events") << QStringLiteral("many"),
        watchArgs(workspace) << QStringLiteral("root@host;reboot"),
        {QStringLiteral("watch"), QStringLiteral("--workspace"), workspace, alpha()}, // no --known-hosts
    };
    for (const QStringList& arguments : cases) {
        QProcess process;
        process.start(QStringLiteral(BULKHEAD_CLI), arguments);
        QVERIFY(process.waitForFinished(60000));
        QVERIFY2(process.exitCode() == 2, qPrintable(arguments.join(QLatin1Char(' '))));
    }
    QVERIFY(!QFile::exists(workspace));
}

QTEST_GUILESS_MAIN(TestWatch)
#include "tst_watch.moc"
