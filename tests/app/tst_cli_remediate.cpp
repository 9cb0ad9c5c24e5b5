// SPDX-License-Identifier: GPL-3.0-or-later
// bulkhead-cli remediate without a fleet (issue 5, item 6): a workspace holding a real scan of a fleet host
// (the golden case fleet-alpha), the plan printed, nothing run without --yes, usage errors, findings Bulkhead
// cannot fix, and a host that cannot be reached: recorded as failed, nothing changed.
#include "../common/GoldenCase.h"
#include "ProcessRun.h"
#include "checks/Evaluator.h"
#include "store/Workspace.h"

#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace bulkhead;

namespace {

ProcessRun cli(const QStringList& arguments)
{
    return ProcessRun::run(QStringLiteral(BULKHEAD_CLI), arguments, 60000);
}

} // namespace

class TestCliRemediate : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void planPrintedNothingRuns();
    void dryRun();
    void usageErrors_data();
    void usageErrors();
    void notRemediable();
    void listShowsWhatCanBeFixed();
    void unreachableHostRecordedAsFailed();
    void helpNamesTheCommand();

private:
    qint64 findingId(const QString& check, const QString& subject) const;
    QStringList base(qint64 finding) const;

    QTemporaryDir m_dir;
    QString m_workspace;
    QVector<Finding> m_findings;
};

void TestCliRemediate::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_workspace = m_dir.filePath(QStringLiteral("alpha.bulkhead"));
    auto opened = Workspace::open(m_workspace);
    QVERIFY(opened);
    Workspace& ws = *opened.value();
    // The discard port of this machine: nothing listens, so a connection is refused at once.
    const auto host = ws.upsertHost(HostSpec::parse(QStringLiteral("root@127.0.0.1:9")).value());
    const auto scan = ws.beginScan(QStringLiteral("bulkhead test"));
    QVERIFY(host && scan);
    const test::GoldenCase golden =
        test::GoldenCase::read(QDir(QStringLiteral(BULKHEAD_SOURCE_DIR "/tests/data/fleet-alpha")));
    for (Artifact artifact : golden.artifacts) {
        artifact.scanId = scan.value();
        artifact.hostId = host.value();
        QVERIFY(ws.addArtifact(artifact));
    }
    QVector<Finding> findings = Evaluator::evaluateHost(ws.artifacts(scan.value(), host.value()).value());
    for (Finding& finding : findings) {
        finding.scanId = scan.value();
        finding.hostId = host.value();
    }
    QVERIFY(ws.replaceFindings(scan.value(), host.value(), findings));
    QVERIFY(ws.finishScan(scan.value(), ScanState::Complete));
    m_findings = ws.findings().value();
}

qint64 TestCliRemediate::findingId(const QString& check, const QString& subject) const
{
    for (const Finding& finding : m_findings) {
        if (finding.checkId == check && (subject.isEmpty() || finding.subject.name == subject))
            return finding.id;
    }
    return 0;
}

QStringList TestCliRemediate::base(qint64 finding) const
{
    return {QStringLiteral("remediate"), QStringLiteral("--workspace"), m_workspace, QStringLiteral("--finding"),
            QString::number(finding)};
}

void TestCliRemediate::planPrintedNothingRuns()
{
    const qint64 id = findingId(QStringLiteral("container.pids-limit"), QStringLiteral("root-default"));
    QVERIFY(id > 0);
    const ProcessRun run = cli(base(id));
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains("nothing ran"), run.err.constData());
    QVERIFY(run.err.contains("--yes"));
    QVERIFY(run.out.contains("Remediation of container.pids-limit"));
    QVERIFY(run.out.contains("Container: root-default (id "));
    QVERIFY(QRegularExpression(QStringLiteral("docker update --pids-limit '200' -- '[0-9a-f]{64}'\\n"))
                .match(QString::fromUtf8(run.out))
                .hasMatch());
    QVERIFY(run.out.contains("Undo (bulkhead-cli remediate undo):"));
    QVERIFY(run.out.contains("docker update --pids-limit '-1' -- '"));
    // Nothing was recorded.
    auto opened = Workspace::open(m_workspace, Workspace::OpenMode::ExistingOnly);
    QVERIFY(opened);
    QCOMPARE(opened.value()->remediations()->size(), 0);
}

void TestCliRemediate::dryRun()
{
    const qint64 id = findingId(QStringLiteral("daemon.live-restore"), {});
    const ProcessRun run = cli(base(id) + QStringList{QStringLiteral("--dry-run"), QStringLiteral("--yes")});
    QCOMPARE(run.exitCode, 0);
    QVERIFY(run.out.contains("File changed: /etc/docker/daemon.json (backup: /etc/docker/daemon.json.bulkhead-"));
    QVERIFY(run.out.contains("       |   \"live-restore\": true\n"));
    QVERIFY(run.out.endsWith("Dry run: nothing was run.\n"));
    const ProcessRun sudo = cli(base(id) + QStringList{QStringLiteral("--dry-run"), QStringLiteral("--sudo")});
    QCOMPARE(sudo.exitCode, 0);
    QVERIFY(sudo.out.contains("$ sudo -n -- sh -c '"));
}

void TestCliRemediate::usageErrors_data()
{
    QTest::addColumn<QStringList>("extra");
    QTest::addColumn<QString>("message");
    QTest::newRow("bad value") << QStringList{QStringLiteral("--set"), QStringLiteral("pids=lots")}
                               << "pids must be a whole number";
    QTest::newRow("shell in value") << QStringList{QStringLiteral("--set"), QStringLiteral("pids=5;id")}
                                    << "pids must be a whole number";
    QTest::newRow("wrong setting") << QStringList{QStringLiteral("--set"), QStringLiteral("memory=268435456")}
                                   << "takes --set pids=VALUE";
    QTest::newRow("twice") << QStringList{QStringLiteral("--set"), QStringLiteral("pids=5"), QStringLiteral("--set"),
                                          QStringLiteral("pids=6")}
                           << "give --set once";
    QTest::newRow("yes without known hosts") << QStringList{QStringLiteral("--yes")} << "--known-hosts is required";
}

void TestCliRemediate::usageErrors()
{
    QFETCH(QStringList, extra);
    QFETCH(QString, message);
    const qint64 id = findingId(QStringLiteral("container.pids-limit"), QStringLiteral("root-default"));
    const ProcessRun run = cli(base(id) + extra);
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains(message.toUtf8()), run.err.constData());

    const ProcessRun unknown = cli(base(987654));
    QCOMPARE(unknown.exitCode, 2);
    QVERIFY(unknown.err.contains("there is no finding 987654"));
    const ProcessRun noFinding = cli({QStringLiteral("remediate"), QStringLiteral("--workspace"), m_workspace});
    QCOMPARE(noFinding.exitCode, 2);
    const ProcessRun noUndo = cli({QStringLiteral("remediate"), QStringLiteral("undo"), QStringLiteral("--workspace"),
                                   m_workspace, QStringLiteral("--id"), QStringLiteral("1")});
    QCOMPARE(noUndo.exitCode, 2);
    QVERIFY(noUndo.err.contains("There is no remediation 1"));
}

void TestCliRemediate::notRemediable()
{
    const ProcessRun passing =
        cli(base(findingId(QStringLiteral("container.not-privileged"), QStringLiteral("web-hardened"))));
    QCOMPARE(passing.exitCode, 2);
    QVERIFY(passing.err.contains("only a failed or warned finding"));
    const ProcessRun noCatalog =
        cli(base(findingId(QStringLiteral("container.user-not-root"), QStringLiteral("root-default"))));
    QCOMPARE(noCatalog.exitCode, 2);
    QVERIFY(noCatalog.err.contains("Bulkhead has no remediation for container.user-not-root"));
    const ProcessRun noAuditd = cli(base(findingId(QStringLiteral("audit.watch-etc-docker"), {})));
    QCOMPARE(noAuditd.exitCode, 2);
    QVERIFY(noAuditd.err.contains("auditd is not installed"));
}

void TestCliRemediate::listShowsWhatCanBeFixed()
{
    const ProcessRun run =
        cli({QStringLiteral("remediate"), QStringLiteral("list"), QStringLiteral("--workspace"), m_workspace});
    QCOMPARE(run.exitCode, 0);
    QVERIFY(run.out.contains("container.memory-limit  \"root-default\"  fail"));
    QVERIFY(run.out.contains("container.not-privileged  \"priv-created\"  fail"));
    QVERIFY(run.out.contains("daemon.live-restore"));
    QVERIFY(!run.out.contains("audit.watch")); // auditd is not installed on alpha
}

void TestCliRemediate::unreachableHostRecordedAsFailed()
{
    const QString knownHosts = m_dir.filePath(QStringLiteral("known_hosts"));
    QFile file(knownHosts);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.close();
    const qint64 id = findingId(QStringLiteral("container.pids-limit"), QStringLiteral("root-default"));
    const ProcessRun run =
        cli(base(id) + QStringList{QStringLiteral("--yes"), QStringLiteral("--known-hosts"), knownHosts,
                                   QStringLiteral("--connect-timeout"), QStringLiteral("5")});
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.out.contains("remediation 1: failed; nothing ran: "), run.out.constData());
    QVERIFY(run.out.contains("nothing was changed on the host"));
    auto opened = Workspace::open(m_workspace, Workspace::OpenMode::ExistingOnly);
    QVERIFY(opened);
    const auto records = opened.value()->remediations();
    QCOMPARE(records->size(), 1);
    QCOMPARE(records->front().state, RemediationState::Failed);
    QVERIFY(!records->front().steps.front().ran);
    QVERIFY(opened.value()->verify()->ok());
}

void TestCliRemediate::helpNamesTheCommand()
{
    const ProcessRun run = cli({QStringLiteral("--help")});
    QCOMPARE(run.exitCode, 0);
    QVERIFY(run.out.contains("  remediate Fix one finding on its host"));
    QVERIFY(run.out.contains("restart=no|on-failure:N|unless-stopped|always"));
    QVERIFY(run.out.contains("  remediate undo"));
}

QTEST_GUILESS_MAIN(TestCliRemediate)
#include "tst_cli_remediate.moc"
