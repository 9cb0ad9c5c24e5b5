// SPDX-License-Identifier: GPL-3.0-or-later
// HostCollector: probe results become redacted artifacts, handed over one by one. Commands run on a
// real loopback sshd (TestSshd); the probes are stand-ins with the catalog's names.
#include "TestSshd.h"

#include "collect/HostCollector.h"
#include "ssh/SshSession.h"

#include <QCryptographicHash>
#include <QTest>

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

Artifact artifactWith(int exitStatus, const QByteArray& errorOutput)
{
    Artifact artifact;
    artifact.probe = QStringLiteral("docker.info");
    artifact.exitStatus = exitStatus;
    artifact.errorOutput = errorOutput;
    return artifact;
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

    void collectsRedactedArtifactsInOrder()
    {
        const QString inspectFile = m_sshd->path(QStringLiteral("inspect.json"));
        const QVector<Probe> probes{
            {QStringLiteral("docker.version"), QStringLiteral("echo '{\"Client\":{}}'"), {}, 2},
            {QStringLiteral("docker.containers.inspect"), QStringLiteral("cat '%1'").arg(inspectFile), {}, 7},
            {QStringLiteral("docker.info"),
             QStringLiteral("echo 'permission denied while trying to connect to the Docker daemon socket at "
                            "unix:///var/run/docker.sock' >&2; exit 1"),
             {},
             2},
        };
        QVector<Artifact> received;
        QStringList steps;
        const auto sink = [&](Artifact& artifact) -> Result<void> {
            received.append(artifact);
            return {};
        };
        const auto step = [&](int index, const Probe& probe) {
            steps << QStringLiteral("%1 %2").arg(index).arg(probe.name);
            // Each artifact is handed over before the next probe starts.
            QCOMPARE(received.size(), index);
        };
        auto summary = HostCollector::collect(*m_session, probes, {}, sink, step);
        QVERIFY2(summary.ok(), qPrintable(summary.errorMessage()));
        QCOMPARE(summary->artifacts, 3);
        QVERIFY(!summary->cancelled);
        QVERIFY(summary->transportError.isEmpty());
        QCOMPARE(summary->problems, QStringList{QStringLiteral("permission denied on /var/run/docker.sock")});
        QCOMPARE(steps, (QStringList{QStringLiteral("0 docker.version"), QStringLiteral("1 docker.containers.inspect"),
                                     QStringLiteral("2 docker.info")}));
        QCOMPARE(received.size(), 3);

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
        const QVector<Probe> probes{{QStringLiteral("docker.containers.inspect"),
                                     QStringLiteral("cat '%1'").arg(m_sshd->path(QStringLiteral("inspect.json"))),
                                     {},
                                     7}};
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
        const QVector<Probe> probes{{QStringLiteral("docker.version"), QStringLiteral("echo 1"), {}, 2},
                                    {QStringLiteral("docker.info"), QStringLiteral("echo 2"), {}, 2},
                                    {QStringLiteral("docker.images.inspect"), QStringLiteral("echo 3"), {}, 4}};
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

    void cancelStopsBeforeNextProbe()
    {
        const QVector<Probe> probes{{QStringLiteral("docker.version"), QStringLiteral("echo 1"), {}, 2},
                                    {QStringLiteral("docker.info"), QStringLiteral("sleep 30"), {}, 2},
                                    {QStringLiteral("docker.images.inspect"), QStringLiteral("echo 3"), {}, 4}};
        std::atomic<bool> cancel{false};
        int stored = 0;
        auto summary = HostCollector::collect(
            *m_session, probes, {},
            [&](Artifact&) -> Result<void> {
                ++stored;
                return {};
            },
            [&](int index, const Probe&) {
                if (index == 1) {
                    cancel = true; // the running command is interrupted, the third never starts
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
        const QVector<Probe> probes{{QStringLiteral("docker.version"), QStringLiteral("echo 1"), {}, 2},
                                    {QStringLiteral("docker.info"), QStringLiteral("kill -KILL $PPID; sleep 5"), {}, 2},
                                    {QStringLiteral("docker.images.inspect"), QStringLiteral("echo 3"), {}, 4}};
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
};

QTEST_GUILESS_MAIN(TestHostCollector)
#include "tst_hostcollector.moc"
