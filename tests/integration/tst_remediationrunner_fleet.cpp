// SPDX-License-Identifier: GPL-3.0-or-later
// RemediationRunner on the real fleet (issue 5, item 6), the paths the CLI test does not reach: a host that
// changed since the scan runs nothing; the first failing command stops the rest (outputs redacted, the host
// still re-checked, a failed undo leaves the remediation as it was); a cancel stops it within a second.
#include "ProcessRun.h"
#include "remediate/RemediationRunner.h"
#include "remediation/RemediationPlanner.h"
#include "store/Workspace.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <thread>

using namespace bulkhead;

class TestRemediationRunnerFleet : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void hostChangedNothingRuns();
    void firstFailureStopsTheRest();
    void cancelStopsWithinASecond();

private:
    ScanRequest request() const;
    ProcessRun ssh(const QString& command) const;
    Finding finding(const QString& check, const QString& subject) const;
    qint64 storedRemediation(const QVector<RemediationStep>& undo);

    QJsonObject m_fleet;
    QJsonObject m_alpha;
    QTemporaryDir m_dir;
    QString m_workspace;
};

void TestRemediationRunnerFleet::initTestCase()
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
    m_workspace = m_dir.filePath(QStringLiteral("runner.bulkhead"));
    auto scanned = FleetScanner::run(request());
    QVERIFY2(scanned, qPrintable(scanned.errorMessage()));
    QVERIFY(scanned->allScanned());
}

ScanRequest TestRemediationRunnerFleet::request() const
{
    ScanRequest request;
    request.workspacePath = m_workspace;
    request.hosts = {HostSpec{QStringLiteral("root"), m_alpha.value(QStringLiteral("address")).toString(),
                              m_alpha.value(QStringLiteral("port")).toInt()}};
    request.identityFile = m_fleet.value(QStringLiteral("identity")).toString();
    request.knownHostsFile = m_fleet.value(QStringLiteral("known_hosts")).toString();
    request.connectTimeoutMs = 10000;
    return request;
}

ProcessRun TestRemediationRunnerFleet::ssh(const QString& command) const
{
    return ProcessRun::run(
        QStringLiteral("ssh"),
        {QStringLiteral("-F"), QStringLiteral("/dev/null"), QStringLiteral("-i"),
         m_fleet.value(QStringLiteral("identity")).toString(), QStringLiteral("-o"),
         QStringLiteral("UserKnownHostsFile=") + m_fleet.value(QStringLiteral("known_hosts")).toString(),
         QStringLiteral("-o"), QStringLiteral("StrictHostKeyChecking=yes"), QStringLiteral("-o"),
         QStringLiteral("BatchMode=yes"), QStringLiteral("-p"),
         QString::number(m_alpha.value(QStringLiteral("port")).toInt()),
         QStringLiteral("root@") + m_alpha.value(QStringLiteral("address")).toString(), command},
        60000);
}

Finding TestRemediationRunnerFleet::finding(const QString& check, const QString& subject) const
{
    auto opened = Workspace::open(m_workspace, Workspace::OpenMode::ExistingOnly);
    if (!opened)
        return {};
    for (const Finding& candidate : opened.value()->findings().value()) {
        if (candidate.checkId == check && candidate.subject.name == subject)
            return candidate;
    }
    return {};
}

// A finished remediation of root-name with the given undo commands (what `undo` runs, as stored).
qint64 TestRemediationRunnerFleet::storedRemediation(const QVector<RemediationStep>& undo)
{
    const Finding about = finding(QStringLiteral("container.pids-limit"), QStringLiteral("root-name"));
    auto opened = Workspace::open(m_workspace, Workspace::OpenMode::ExistingOnly);
    if (!opened || about.id == 0)
        return 0;
    RemediationRecord record;
    record.findingId = about.id;
    record.checkId = about.checkId;
    record.subject = about.subject;
    record.hostId = about.hostId;
    record.kind = RemediationKind::ContainerUpdate;
    record.summary = QStringLiteral("test");
    record.undo = undo;
    auto id = opened.value()->addRemediation(record);
    if (!id)
        return 0;
    record.id = id.value();
    record.state = RemediationState::Done;
    return opened.value()->finishRemediation(record) ? record.id : 0;
}

void TestRemediationRunnerFleet::hostChangedNothingRuns()
{
    const Finding about = finding(QStringLiteral("container.pids-limit"), QStringLiteral("root-name"));
    QCOMPARE(about.status, Status::Fail);
    RemediationContext context;
    {
        auto opened = Workspace::open(m_workspace, Workspace::OpenMode::ExistingOnly);
        QVERIFY(opened);
        context.artifacts = opened.value()->artifacts(about.scanId, about.hostId).value();
    }
    context.planTimeUtc = QDateTime::currentDateTimeUtc();
    auto plan = RemediationPlanner::plan(about, context);
    QVERIFY2(plan, qPrintable(plan.errorMessage()));
    // Someone sets a limit of their own after the scan: the undo confirmed would no longer put back the truth.
    QCOMPARE(ssh(QStringLiteral("docker update --pids-limit 50 root-name")).exitCode, 0);
    RemediationRequest request;
    request.target = this->request();
    request.plan = plan.value();
    auto outcome = RemediationRunner::run(request);
    QVERIFY2(outcome, qPrintable(outcome.errorMessage()));
    QCOMPARE(outcome->record.state, RemediationState::Failed);
    QVERIFY(!outcome->ranCommands);
    QVERIFY2(outcome->record.message.contains(QLatin1String("the host changed since the scan")),
             qPrintable(outcome->record.message));
    QVERIFY(outcome->record.beforeArtifacts.size() == 1); // the evidence that showed it
    QCOMPARE(ssh(QStringLiteral("docker inspect -f '{{.HostConfig.PidsLimit}}' root-name")).out.trimmed(),
             QByteArray("50"));
    QCOMPARE(ssh(QStringLiteral("docker update --pids-limit -1 root-name")).exitCode, 0);
}

void TestRemediationRunnerFleet::firstFailureStopsTheRest()
{
    const QString never = QStringLiteral("/tmp/bulkhead-remediation-never-%1").arg(QCoreApplication::applicationPid());
    const QByteArray token = QByteArrayLiteral("ghp_") + QByteArray(30, 'k') + QByteArrayLiteral("Z9y8X7");
    const qint64 id = storedRemediation(
        {RemediationStep{QStringLiteral("echo first"), {}, QStringLiteral("one")},
         RemediationStep{
             QStringLiteral("echo 'token %1' >&2; exit 3").arg(QString::fromLatin1(token)), {}, QStringLiteral("two")},
         RemediationStep{QStringLiteral("touch %1").arg(never), {}, QStringLiteral("three")}});
    QVERIFY(id > 0);
    auto outcome = RemediationRunner::undo(id, request());
    QVERIFY2(outcome, qPrintable(outcome.errorMessage()));
    const RemediationRecord& record = outcome->record;
    QCOMPARE(record.state, RemediationState::Failed);
    QCOMPARE(record.steps.size(), 3);
    QCOMPARE(record.steps.at(0).output, QByteArray("first\n"));
    QCOMPARE(record.steps.at(0).exitStatus, 0);
    QCOMPARE(record.steps.at(1).exitStatus, 3);
    QVERIFY(!record.steps.at(1).errorOutput.contains(token));
    QVERIFY(record.steps.at(1).errorOutput.contains("[REDACTED:github-token"));
    QVERIFY(!record.steps.at(2).ran);
    QVERIFY(!QFile::exists(never));
    QVERIFY(record.afterScanId > 0); // re-checked all the same
    QVERIFY(record.message.contains(QLatin1String("two failed (exit 3)")));
    auto opened = Workspace::open(m_workspace, Workspace::OpenMode::ExistingOnly);
    QVERIFY(opened);
    QCOMPARE(opened.value()->remediation(id)->undoneBy, 0); // a failed undo undid nothing
    QVERIFY(opened.value()->verify()->ok());
}

void TestRemediationRunnerFleet::cancelStopsWithinASecond()
{
    const QString never = QStringLiteral("/tmp/bulkhead-remediation-never-%1").arg(QCoreApplication::applicationPid());
    const qint64 id =
        storedRemediation({RemediationStep{QStringLiteral("sleep 5"), {}, QStringLiteral("slow")},
                           RemediationStep{QStringLiteral("touch %1").arg(never), {}, QStringLiteral("after")}});
    QVERIFY(id > 0);
    std::atomic<bool> cancel{false};
    QElapsedTimer clock;
    clock.start();
    std::thread canceller([&cancel] {
        std::this_thread::sleep_for(std::chrono::milliseconds(1500));
        cancel = true;
    });
    auto outcome = RemediationRunner::undo(id, request(), {}, &cancel);
    canceller.join();
    QVERIFY2(outcome, qPrintable(outcome.errorMessage()));
    qInfo("cancelled after %lld ms", static_cast<long long>(clock.elapsed()));
    QVERIFY(clock.elapsed() < 4000);
    QCOMPARE(outcome->record.state, RemediationState::Cancelled);
    QVERIFY(!outcome->record.steps.at(1).ran);
    QVERIFY(!QFile::exists(never));
}

QTEST_GUILESS_MAIN(TestRemediationRunnerFleet)
#include "tst_remediationrunner_fleet.moc"
