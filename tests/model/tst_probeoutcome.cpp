// SPDX-License-Identifier: GPL-3.0-or-later
#include "probes/ProbeOutcome.h"

#include <QTest>

using namespace bulkhead;

class TestProbeOutcome : public QObject
{
    Q_OBJECT

private slots:
    void classify_data()
    {
        QTest::addColumn<int>("exit");
        QTest::addColumn<QByteArray>("err");
        QTest::addColumn<bool>("timedOut");
        QTest::addColumn<bool>("truncated");
        QTest::addColumn<QString>("signal");
        QTest::addColumn<QString>("state");
        QTest::addColumn<QString>("what");
        QTest::newRow("ok") << 0 << QByteArray("WARNING: x\n") << false << false << QString() << "ok"
                            << "";
        QTest::newRow("not present") << 3 << QByteArray("bulkhead: not present: swarm\n") << false << false << QString()
                                     << "not-present"
                                     << "swarm";
        QTest::newRow("not present with spaces")
            << 3 << QByteArray("noise\nbulkhead: not present: swarm manager (this node is a worker)\n") << false
            << false << QString() << "not-present"
            << "swarm manager (this node is a worker)";
        QTest::newRow("exit 3 alone is a failure")
            << 3 << QByteArray("inactive\n") << false << false << QString() << "failed"
            << "";
        QTest::newRow("marker without exit 3")
            << 1 << QByteArray("bulkhead: not present: docker\n") << false << false << QString() << "failed"
            << "";
        QTest::newRow("socket") << 1
                                << QByteArray("permission denied while trying to connect to the Docker daemon socket "
                                              "at unix:///var/run/docker.sock: Get ...\n")
                                << false << false << QString() << "permission-denied"
                                << "";
        QTest::newRow("our file") << 1 << QByteArray("bulkhead: permission denied: /etc/sudoers\n") << false << false
                                  << QString() << "permission-denied"
                                  << "";
        QTest::newRow("sudo password") << 1 << QByteArray("sudo: a password is required\n") << false << false
                                       << QString() << "permission-denied"
                                       << "";
        QTest::newRow("sudo not allowed")
            << 1 << QByteArray("Sorry, user auditor is not allowed to execute '/bin/sh -c x' as root on alpha.\n")
            << false << false << QString() << "permission-denied"
            << "";
        QTest::newRow("not in sudoers") << 1 << QByteArray("auditor is not in the sudoers file.\n") << false << false
                                        << QString() << "permission-denied"
                                        << "";
        QTest::newRow("sudo missing") << 127 << QByteArray("bash: line 1: sudo: command not found\n") << false << false
                                      << QString() << "permission-denied"
                                      << "";
        QTest::newRow("auditctl") << 4 << QByteArray("You must be root to run this program.\n") << false << false
                                  << QString() << "permission-denied"
                                  << "";
        QTest::newRow("failed") << 2 << QByteArray("boom\n") << false << false << QString() << "failed"
                                << "";
        QTest::newRow("no status") << -1 << QByteArray() << false << false << QString() << "no-exit-status"
                                   << "";
        QTest::newRow("timeout wins") << 0 << QByteArray() << true << false << QString() << "timed-out"
                                      << "";
        QTest::newRow("truncated") << 0 << QByteArray() << false << true << QString() << "truncated"
                                   << "";
        QTest::newRow("killed") << -1 << QByteArray() << false << false << QStringLiteral("KILL") << "killed"
                                << "";
    }

    void classify()
    {
        QFETCH(int, exit);
        QFETCH(QByteArray, err);
        QFETCH(bool, timedOut);
        QFETCH(bool, truncated);
        QFETCH(QString, signal);
        QFETCH(QString, state);
        QFETCH(QString, what);
        Artifact artifact;
        artifact.exitStatus = exit;
        artifact.errorOutput = err;
        artifact.timedOut = timedOut;
        artifact.truncated = truncated;
        artifact.exitSignal = signal;
        const ProbeOutcome outcome = ProbeOutcome::of(artifact);
        QCOMPARE(probeStateName(outcome.state), state);
        QCOMPARE(outcome.what, what);
        QCOMPARE(outcome.ok(), state == QLatin1String("ok"));
        QCOMPARE(outcome.reason.isEmpty(), state == QLatin1String("ok"));
    }

    void reasonIsPrintable()
    {
        const ProbeOutcome outcome = ProbeOutcome::of(1, QByteArray("\x1b[31mred\x1b[0m ") + QByteArray(500, 'x'));
        QVERIFY(!outcome.reason.contains(QChar(0x1b)));
        QVERIFY(outcome.reason.size() < 260);
    }
};

QTEST_GUILESS_MAIN(TestProbeOutcome)
#include "tst_probeoutcome.moc"
