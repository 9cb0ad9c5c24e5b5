// SPDX-License-Identifier: GPL-3.0-or-later
// HostCollector: probe results become redacted artifacts, handed over one by one as their commands end,
// the commands running on parallel channels of one session. Commands run on a real loopback sshd
// (TestSshd); the probes are stand-ins with the catalog's names.
#include "TestSshd.h"

#include "collect/HostCollector.h"
#include "probes/ProbeCommands.h"
#include "ssh/SshSession.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QMap>
#include <QTest>

#include <algorithm>

#include <signal.h>
#include <unistd.h>

using namespace bulkhead;
using bulkhead::test::TestSshd;

namespace {

constexpr const char* SecretValue = "s3cr3t-Value-0f-the-DB-9QxZ";

QByteArray inspectJson()
{
    return QByteArray(R"([{"Id":"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef","Name":"/db",)"
                      R"("Config":{"User":"","Env":["PATH=/usr/bin","DB_PASSWORD=)") +
           SecretValue + R"("],"Labels":{}}}])" + '\n';
}

// A stand-in probe: a catalog name (or a made-up one) and a test command.
Probe stub(const QString& name, const QString& command)
{
    Probe probe;
    probe.name = name;
    probe.command = command;
    probe.tip = 1;
    return probe;
}

Artifact artifactWith(int exitStatus, const QByteArray& errorOutput)
{
    Artifact artifact;
    artifact.probe = QStringLiteral("docker.info");
    artifact.exitStatus = exitStatus;
    artifact.errorOutput = errorOutput;
    return artifact;
}

// The pid of a process whose argv is exactly `args`, or 0.
qint64 runningWithArgs(const QStringList& args)
{
    const QByteArray wanted = args.join(QChar(0)).toUtf8() + '\0';
    const QDir proc(QStringLiteral("/proc"));
    for (const QString& entry : proc.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        bool numeric = false;
        const qint64 pid = entry.toLongLong(&numeric);
        if (!numeric)
            continue;
        QFile cmdline(proc.filePath(entry + QStringLiteral("/cmdline")));
        if (cmdline.open(QIODevice::ReadOnly) && cmdline.readAll() == wanted)
            return pid;
    }
    return 0;
}

} // namespace

class TestHostCollector : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<TestSshd> m_sshd;
    std::unique_ptr<SshSession> m_session;

private slots:
    void initTestCase() { qunsetenv("SSH_AUTH_SOCK"); }

    void init()
    {
        if (QByteArray(QTest::currentTestFunction()) == "problemOf") {
            return; // pure: no server
        }
        m_sshd = std::make_unique<TestSshd>();
        QString error;
        QVERIFY2(m_sshd->start(&error), qPrintable(error));
        QVERIFY(TestSshd::writeFile(m_sshd->path(QStringLiteral("inspect.json")), inspectJson()));
        auto session = SshSession::connect(m_sshd->options());
        QVERIFY2(session.ok(), qPrintable(session.errorMessage()));
        m_session = std::move(session).value();
    }

    void cleanup()
    {
        m_session.reset();
        m_sshd.reset();
    }

    void problemOf_data()
    {
        QTest::addColumn<Artifact>("artifact");
        QTest::addColumn<QString>("problem");

        QTest::newRow("ok") << artifactWith(0, {}) << QString();
        QTest::newRow("ok with stderr noise") << artifactWith(0, "WARNING: No swap limit support\n") << QString();
        QTest::newRow("bash: not installed") << artifactWith(127, "bash: line 1: docker: command not found\n")
                                             << QStringLiteral("docker is not installed");
        QTest::newRow("sh: not installed")
            << artifactWith(127, "sh: 1: docker: not found\n") << QStringLiteral("docker is not installed");
        QTest::newRow("permission denied")
            << artifactWith(1, "permission denied while trying to connect to the Docker daemon socket at "
                               "unix:///var/run/docker.sock: Get \"http://%2Fvar%2Frun%2Fdocker.sock/v1.50/info\": "
                               "dial unix /var/run/docker.sock: connect: permission denied\n")
            << QStringLiteral("permission denied on /var/run/docker.sock");
        QTest::newRow("old client wording")
            << artifactWith(1, "Got permission denied while trying to connect to the Docker daemon socket at "
                               "unix:///run/user/1000/docker.sock: ...\n")
            << QStringLiteral("permission denied on /run/user/1000/docker.sock");
        QTest::newRow("daemon down")
            << artifactWith(1, "Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker "
                               "daemon running?\n")
            << QStringLiteral("the Docker daemon is not running (no answer on /var/run/docker.sock)");
        QTest::newRow("other failure, control characters stripped")
            << artifactWith(2, "\n\x1b[31mboom\x1b[0m\x07 happened\nsecond line\n")
            << QStringLiteral("docker.info failed with exit status 2: [31mboom[0m happened");
        QTest::newRow("swarm not present") << artifactWith(3, "bulkhead: not present: swarm\n") << QString();
        QTest::newRow("docker not present")
            << artifactWith(3, "bulkhead: not present: docker\n") << QStringLiteral("docker is not installed");
        QTest::newRow("sudo needs a password")
            << artifactWith(1, "sudo: a password is required\n")
            << QStringLiteral("permission denied (docker.info): sudo: a password is required");
        QTest::newRow("file unreadable")
            << artifactWith(1, "bulkhead: permission denied: /etc/sudoers\n")
            << QStringLiteral("permission denied (docker.info): bulkhead: permission denied: /etc/sudoers");
        QTest::newRow("silent failure") << artifactWith(3, {})
                                        << QStringLiteral("docker.info failed with exit status 3");
        QTest::newRow("no exit status") << artifactWith(-1, {})
                                        << QStringLiteral("docker.info ended without an exit status");
        Artifact signalled = artifactWith(-1, {});
        signalled.exitSignal = QStringLiteral("KILL");
        QTest::newRow("signal") << signalled << QStringLiteral("docker.info was killed by signal KILL");
        Artifact timedOut = artifactWith(-1, {});
        timedOut.timedOut = true;
        QTest::newRow("timed out") << timedOut << QStringLiteral("docker.info timed out");
        Artifact truncated = artifactWith(-1, {});
        truncated.truncated = true;
        QTest::newRow("truncated") << truncated
                                   << QStringLiteral("the output of docker.info exceeded the size cap and was cut");
    }

    void problemOf()
    {
        QFETCH(Artifact, artifact);
        QFETCH(QString, problem);
        QCOMPARE(HostCollector::problemOf(artifact), problem);
    }

    void collectsRedactedArtifacts()
    {
        const QString inspectFile = m_sshd->path(QStringLiteral("inspect.json"));
        const QVector<Probe> probes{
            stub(QStringLiteral("docker.version"), QStringLiteral("echo '{\"Client\":{}}'")),
            stub(QStringLiteral("docker.containers.inspect"), QStringLiteral("cat '%1'").arg(inspectFile)),
            stub(QStringLiteral("docker.info"),
                 QStringLiteral("echo 'permission denied while trying to connect to the Docker daemon socket at "
                                "unix:///var/run/docker.sock' >&2; exit 1")),
        };
        QVector<Artifact> received;
        QStringList steps;
        const auto sink = [&](Artifact& artifact) -> Result<void> {
            received.append(artifact);
            return {};
        };
        const auto step = [&](int index, const Probe& probe) {
            steps << probe.name;
            // Called as each probe ends, with how many were handed over before it.
            QCOMPARE(received.size(), index);
        };
        auto summary = HostCollector::collect(*m_session, probes, {}, sink, step);
        QVERIFY2(summary.ok(), qPrintable(summary.errorMessage()));
        QCOMPARE(summary->artifacts, 3);
        QVERIFY(!summary->cancelled);
        QVERIFY(summary->transportError.isEmpty());
        QCOMPARE(summary->problems, QStringList{QStringLiteral("permission denied on /var/run/docker.sock")});
        steps.sort();
        QCOMPARE(steps, (QStringList{QStringLiteral("docker.containers.inspect"), QStringLiteral("docker.info"),
                                     QStringLiteral("docker.version")}));
        QCOMPARE(received.size(), 3);
        // Completion order: put them back in probe order.
        std::sort(received.begin(), received.end(), [&](const Artifact& a, const Artifact& b) {
            const auto index = [&](const Artifact& artifact) {
                for (int i = 0; i < probes.size(); ++i) {
                    if (probes.at(i).name == artifact.probe)
                        return i;
                }
                return -1;
            };
            return index(a) < index(b);
        });

        for (int i = 0; i < received.size(); ++i) {
            const Artifact& artifact = received.at(i);
            QCOMPARE(artifact.probe, probes.at(i).name);
            QCOMPARE(artifact.command, probes.at(i).command);
            QCOMPARE(
                artifact.sha256,
                QString::fromLatin1(QCryptographicHash::hash(artifact.output, QCryptographicHash::Sha256).toHex()));
            QVERIFY(artifact.startedUtc.isValid() && artifact.finishedUtc >= artifact.startedUtc);
        }
        QCOMPARE(received.at(0).output, QByteArray("{\"Client\":{}}\n"));
        QCOMPARE(received.at(0).exitStatus, 0);

        const Artifact& inspect = received.at(1);
        QVERIFY(!inspect.output.contains(SecretValue));
        QVERIFY(inspect.output.contains("DB_PASSWORD="));
        QVERIFY(inspect.output.contains("[REDACTED:"));
        QVERIFY(inspect.redactions >= 1);
        QVERIFY(inspect.output.contains("PATH=/usr/bin")); // what is not a secret stays

        QCOMPARE(received.at(2).exitStatus, 1);
        QVERIFY(received.at(2).errorOutput.startsWith("permission denied"));
    }

    void cutShortOutputIsNotStored()
    {
        const QVector<Probe> probes{stub(QStringLiteral("docker.containers.inspect"),
                                         QStringLiteral("cat '%1'").arg(m_sshd->path(QStringLiteral("inspect.json"))))};
        CommandLimits limits;
        limits.maxOutputBytes = 150; // cuts the JSON before the secret's end
        QVector<Artifact> received;
        auto summary = HostCollector::collect(*m_session, probes, limits, [&](Artifact& artifact) -> Result<void> {
            received.append(artifact);
            return {};
        });
        QVERIFY2(summary.ok(), qPrintable(summary.errorMessage()));
        QCOMPARE(received.size(), 1);
        QVERIFY(received.first().truncated);
        QVERIFY(received.first().output.isEmpty());
        QCOMPARE(summary->problems, QStringList{QStringLiteral(
                                        "the output of docker.containers.inspect exceeded the size cap and was cut")});
    }

    void sinkErrorStopsCollection()
    {
        const QVector<Probe> probes{stub(QStringLiteral("docker.version"), QStringLiteral("echo 1")),
                                    stub(QStringLiteral("docker.info"), QStringLiteral("echo 2")),
                                    stub(QStringLiteral("docker.images.inspect"), QStringLiteral("echo 3"))};
        int calls = 0;
        auto summary = HostCollector::collect(*m_session, probes, {}, [&](Artifact&) -> Result<void> {
            ++calls;
            if (calls == 2) {
                return makeError(QStringLiteral("disk full"));
            }
            return {};
        });
        QVERIFY(!summary.ok());
        QCOMPARE(summary.errorMessage(), QStringLiteral("disk full"));
        QCOMPARE(calls, 2);
    }

    void cancelStopsRunningProbes()
    {
        const QVector<Probe> probes{stub(QStringLiteral("docker.version"), QStringLiteral("echo 1")),
                                    stub(QStringLiteral("docker.info"), QStringLiteral("sleep 30")),
                                    stub(QStringLiteral("docker.images.inspect"), QStringLiteral("sleep 30"))};
        std::atomic<bool> cancel{false};
        int stored = 0;
        auto summary = HostCollector::collect(
            *m_session, probes, {},
            [&](Artifact&) -> Result<void> {
                ++stored;
                return {};
            },
            [&](int index, const Probe&) {
                if (index == 0) {
                    cancel = true; // the two sleeping commands are interrupted
                }
            },
            &cancel);
        QVERIFY2(summary.ok(), qPrintable(summary.errorMessage()));
        QVERIFY(summary->cancelled);
        QCOMPARE(summary->artifacts, 1);
        QCOMPARE(stored, 1);
    }

    void lostConnectionEndsCollection()
    {
        const QVector<Probe> probes{
            stub(QStringLiteral("docker.version"), QStringLiteral("echo 1")),
            stub(QStringLiteral("docker.info"), QStringLiteral("sleep 1; kill -KILL $PPID; sleep 5")),
            stub(QStringLiteral("docker.images.inspect"), QStringLiteral("sleep 30"))};
        int stored = 0;
        auto summary = HostCollector::collect(*m_session, probes, {}, [&](Artifact&) -> Result<void> {
            ++stored;
            return {};
        });
        QVERIFY2(summary.ok(), qPrintable(summary.errorMessage()));
        QCOMPARE(stored, 1);
        QCOMPARE(summary->artifacts, 1);
        QVERIFY2(summary->transportError.startsWith(QLatin1String("lost the connection")),
                 qPrintable(summary->transportError));
    }

    void probesRunAtTheSameTime()
    {
        QVector<Probe> probes;
        for (int i = 0; i < 4; ++i)
            probes.append(stub(QStringLiteral("host.probe%1").arg(i), QStringLiteral("sleep 1; echo %1").arg(i)));
        QVector<Artifact> received;
        auto summary = HostCollector::collect(
            *m_session, probes, {},
            [&](Artifact& artifact) -> Result<void> {
                received.append(artifact);
                return {};
            },
            {}, nullptr, 4);
        QVERIFY2(summary.ok(), qPrintable(summary.errorMessage()));
        QCOMPARE(received.size(), 4);
        // Every command had started before any of them finished: four channels at once.
        QDateTime lastStart, firstEnd;
        for (const Artifact& artifact : received) {
            QCOMPARE(artifact.exitStatus, 0);
            QCOMPARE(artifact.output, artifact.probe.right(1).toLatin1() + '\n');
            if (!lastStart.isValid() || artifact.startedUtc > lastStart)
                lastStart = artifact.startedUtc;
            if (!firstEnd.isValid() || artifact.finishedUtc < firstEnd)
                firstEnd = artifact.finishedUtc;
        }
        QVERIFY2(lastStart < firstEnd, qPrintable(lastStart.toString(Qt::ISODateWithMs) + QLatin1Char(' ') +
                                                  firstEnd.toString(Qt::ISODateWithMs)));
    }

    void serverSessionLimitOnlySlowsDown()
    {
        // OpenSSH's MaxSessions (10 by default) refuses channels beyond it: asking for 16 still runs
        // every command, on fewer channels.
        QVector<Probe> probes;
        for (int i = 0; i < 14; ++i)
            probes.append(stub(QStringLiteral("host.p%1").arg(i), QStringLiteral("sleep 0.5; echo %1").arg(i)));
        int stored = 0;
        auto summary = HostCollector::collect(
            *m_session, probes, {},
            [&](Artifact& artifact) -> Result<void> {
                ++stored;
                if (artifact.exitStatus != 0)
                    return makeError(QStringLiteral("%1 failed").arg(artifact.probe));
                return {};
            },
            {}, nullptr, 16);
        QVERIFY2(summary.ok(), qPrintable(summary.errorMessage()));
        QVERIFY2(summary->transportError.isEmpty(), qPrintable(summary->transportError));
        QCOMPARE(stored, 14);
        QVERIFY(summary->problems.isEmpty());
    }

    void eachCommandHasItsOwnLimits()
    {
        const QVector<Probe> probes{
            stub(QStringLiteral("host.slow"), QStringLiteral("sleep 10")),
            stub(QStringLiteral("host.big"), QStringLiteral("head -c 100000 /dev/zero")),
            stub(QStringLiteral("host.quick"), QStringLiteral("echo ok; echo err >&2; exit 5"))};
        CommandLimits limits;
        limits.timeoutMs = 1500;
        limits.maxOutputBytes = 1000;
        QMap<QString, Artifact> received;
        auto summary = HostCollector::collect(*m_session, probes, limits, [&](Artifact& artifact) -> Result<void> {
            received.insert(artifact.probe, artifact);
            return {};
        });
        QVERIFY2(summary.ok(), qPrintable(summary.errorMessage()));
        QCOMPARE(received.size(), 3);
        QVERIFY(received.value(QStringLiteral("host.slow")).timedOut);
        QVERIFY(received.value(QStringLiteral("host.big")).truncated);
        QVERIFY(received.value(QStringLiteral("host.big")).output.isEmpty()); // cut output is not stored
        const Artifact quick = received.value(QStringLiteral("host.quick"));
        QCOMPARE(quick.exitStatus, 5);
        QCOMPARE(quick.output, QByteArray("ok\n"));
        QCOMPARE(quick.errorOutput, QByteArray("err\n"));
        QVERIFY(!quick.timedOut && !quick.truncated);
        // The session is still usable afterwards, in blocking mode, by run().
        auto again = m_session->run(QStringLiteral("echo again"));
        QVERIFY2(again.ok(), qPrintable(again.errorMessage()));
        QCOMPARE(again->output, QByteArray("again\n"));
    }

    // A probe that times out in a root session (this sshd's user is root) and ignores TERM: sshd refuses
    // signal requests there, so only the supervisor (ProbeCommands::supervised) ends it, once the
    // channel closes: TERM to its process group, KILL two seconds later. Without it the command lives on.
    void timedOutProbeEndsInARootSession()
    {
        if (::geteuid() != 0)
            QSKIP("the sshd's sessions are root sessions only when the test runs as root");
        const QString marker = QStringLiteral("600.%1").arg(QCoreApplication::applicationPid());
        const QString deaf = QStringLiteral("trap '' TERM HUP INT PIPE; exec sleep ") + marker;
        const auto running = [&](const QString& tag) {
            // Another process's sleep with the same argument: ours, tagged by the script's first word.
            return runningWithArgs({QStringLiteral("sleep"), marker + tag});
        };
        CommandLimits limits;
        limits.timeoutMs = 800;
        const QVector<Probe> probes{
            stub(QStringLiteral("host.supervised"),
                 ProbeCommands::supervised(QStringLiteral("sh -c ") +
                                           ProbeCommands::shellQuote(deaf + QStringLiteral("1")))),
            stub(QStringLiteral("host.bare"),
                 QStringLiteral("sh -c ") + ProbeCommands::shellQuote(deaf + QStringLiteral("2")))};
        QMap<QString, Artifact> received;
        auto summary = HostCollector::collect(*m_session, probes, limits, [&](Artifact& artifact) -> Result<void> {
            received.insert(artifact.probe, artifact);
            return {};
        });
        QVERIFY2(summary.ok(), qPrintable(summary.errorMessage()));
        QVERIFY(received.value(QStringLiteral("host.supervised")).timedOut);
        QVERIFY(received.value(QStringLiteral("host.bare")).timedOut);
        QVERIFY(running(QStringLiteral("2")) > 0); // sshd did not pass our TERM on, and the channel is closed
        QTRY_COMPARE_WITH_TIMEOUT(running(QStringLiteral("1")), 0, 15000);
        QVERIFY(running(QStringLiteral("2")) > 0); // (still there: the bare command really was deaf)
        ::kill(static_cast<pid_t>(running(QStringLiteral("2"))), SIGKILL);
        QTRY_COMPARE_WITH_TIMEOUT(running(QStringLiteral("2")), 0, 5000);
    }

    // The supervisor passes the command's exit status on, and a death by signal as that signal.
    void supervisedCommandKeepsItsEnding()
    {
        auto exited =
            m_session->run(ProbeCommands::supervised(QStringLiteral("sh -c 'echo out; echo err >&2; exit 7'")));
        QVERIFY2(exited.ok(), qPrintable(exited.errorMessage()));
        QCOMPARE(exited->exitStatus, 7);
        QCOMPARE(exited->output, QByteArray("out\n"));
        QCOMPARE(exited->errorOutput, QByteArray("err\n"));
        auto crashed = m_session->run(ProbeCommands::supervised(QStringLiteral("sh -c 'kill -SEGV $$'")));
        QVERIFY2(crashed.ok(), qPrintable(crashed.errorMessage()));
        QCOMPARE(crashed->exitSignal, QStringLiteral("SEGV"));
        // Its stdin is not the channel: a command that reads stdin sees EOF at once instead of waiting.
        auto reads = m_session->run(ProbeCommands::supervised(QStringLiteral("sh -c 'cat; echo done'")));
        QVERIFY2(reads.ok(), qPrintable(reads.errorMessage()));
        QCOMPARE(reads->output, QByteArray("done\n"));
    }

    void absentComponentsAreNotProblems()
    {
        const QVector<Probe> probes{
            stub(QStringLiteral("swarm.nodes"), QStringLiteral("echo 'bulkhead: not present: swarm' >&2; exit 3")),
            stub(QStringLiteral("kubernetes.manifests"),
                 QStringLiteral("echo 'bulkhead: not present: kubernetes' >&2; exit 3")),
            stub(QStringLiteral("host.sudoers"),
                 QStringLiteral("echo '==> /etc/sudoers <=='; echo '!denied'; "
                                "echo 'bulkhead: permission denied: /etc/sudoers' >&2; exit 1")),
        };
        auto summary = HostCollector::collect(*m_session, probes, {}, [](Artifact&) -> Result<void> { return {}; });
        QVERIFY2(summary.ok(), qPrintable(summary.errorMessage()));
        QCOMPARE(summary->artifacts, 3);
        QStringList absent = summary->notPresent;
        absent.sort();
        QCOMPARE(absent, (QStringList{QStringLiteral("kubernetes"), QStringLiteral("swarm")}));
        QCOMPARE(
            summary->problems,
            QStringList{QStringLiteral("permission denied (host.sudoers): bulkhead: permission denied: /etc/sudoers")});
    }

    void secretsInTextOutputAreRedacted()
    {
        // A catalog probe name: its catalog format decides the redaction (sectioned text here).
        const QVector<Probe> probes{
            stub(QStringLiteral("host.processes"),
                 QStringLiteral("echo '==> procps <=='; echo '|0 1 0 root app --password=hunter2'; "
                                "echo '!exit 0'"))};
        QVector<Artifact> received;
        auto summary = HostCollector::collect(*m_session, probes, {}, [&](Artifact& artifact) -> Result<void> {
            received.append(artifact);
            return {};
        });
        QVERIFY2(summary.ok(), qPrintable(summary.errorMessage()));
        QCOMPARE(received.size(), 1);
        QVERIFY(!received.front().output.contains("hunter2"));
        QCOMPARE(received.front().redactions, 1);
    }
};

QTEST_GUILESS_MAIN(TestHostCollector)
#include "tst_hostcollector.moc"
