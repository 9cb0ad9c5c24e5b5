// SPDX-License-Identifier: GPL-3.0-or-later
// Remediation plans (issue 5, item 6) from real fleet evidence (the golden cases of tests/data): the exact
// commands of each kind, their undo, and that nothing a host sent ever reaches a command.
#include "../common/GoldenCase.h"
#include "checks/Evaluator.h"
#include "remediation/DaemonJsonEditor.h"
#include "remediation/RemediationCatalog.h"
#include "remediation/RemediationPlanner.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTest>

using namespace bulkhead;

namespace {

const QString Cases = QStringLiteral(BULKHEAD_SOURCE_DIR "/tests/data");
const QDateTime PlanTime = QDateTime(QDate(2026, 11, 30), QTime(7, 45, 12), Qt::UTC);

QVector<Artifact> caseArtifacts(const QString& name)
{
    return test::GoldenCase::read(QDir(Cases + QLatin1Char('/') + name)).artifacts;
}

Finding findingOf(const QVector<Artifact>& artifacts, const QString& checkId, const QString& subjectName = {})
{
    for (const Finding& finding : Evaluator::evaluateHost(artifacts)) {
        if (finding.checkId == checkId && (subjectName.isEmpty() || finding.subject.name == subjectName))
            return finding;
    }
    return {};
}

RemediationContext contextOf(const QVector<Artifact>& artifacts)
{
    RemediationContext context;
    context.artifacts = artifacts;
    context.planTimeUtc = PlanTime;
    return context;
}

Artifact* artifactOf(QVector<Artifact>& artifacts, const QString& probe)
{
    for (Artifact& artifact : artifacts) {
        if (artifact.probe == probe)
            return &artifact;
    }
    return nullptr;
}

QString q(const QString& text)
{
    return RemediationPlanner::quoted(text);
}

} // namespace

class TestRemediationPlanner : public QObject
{
    Q_OBJECT

private slots:
    void settings_data();
    void settings();
    void memoryLimit();
    void pidsLimitAndUndo();
    void cpuSharesAndUndo();
    void restartPolicyAndUndo();
    void settingMustFitTheCheck();
    void privilegedContainerStopped();
    void hostileContainerIdsRefused_data();
    void hostileContainerIdsRefused();
    void noRemoteTextInAnyCommand();
    void daemonJsonKeepsOtherKeys();
    void daemonJsonNewFileAndUndo();
    void daemonJsonRefusesFlagsAndRedactions();
    void auditRulesAdded();
    void auditRulesNeedAuditd();
    void onlyFailedFindings();
    void sudoWrapsEachCommand();
    void quoting();
};

void TestRemediationPlanner::settings_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("normalized"); // empty: refused
    QTest::newRow("memory") << "memory=536870912"
                            << "memory=536870912";
    QTest::newRow("memory too small") << "memory=1024"
                                      << "";
    QTest::newRow("memory suffix") << "memory=512m"
                                   << "";
    QTest::newRow("memory negative") << "memory=-1"
                                     << "";
    QTest::newRow("memory shell") << "memory=1;id"
                                  << "";
    QTest::newRow("pids") << "pids=200"
                          << "pids=200";
    QTest::newRow("pids zero") << "pids=0"
                               << "";
    QTest::newRow("cpu-shares") << "cpu-shares=512"
                                << "cpu-shares=512";
    QTest::newRow("cpu-shares one") << "cpu-shares=1"
                                    << "";
    QTest::newRow("restart no") << "restart=no"
                                << "restart=no";
    QTest::newRow("restart on-failure:5") << "restart=on-failure:5"
                                          << "restart=on-failure:5";
    QTest::newRow("restart on-failure") << "restart=on-failure"
                                        << "restart=on-failure";
    QTest::newRow("restart unless-stopped") << "restart=unless-stopped"
                                            << "restart=unless-stopped";
    QTest::newRow("restart bogus") << "restart=sometimes"
                                   << "";
    QTest::newRow("restart on-failure:x") << "restart=on-failure:5'"
                                          << "";
    QTest::newRow("unknown") << "swap=1"
                             << "";
    QTest::newRow("no value") << "memory"
                              << "";
}

void TestRemediationPlanner::settings()
{
    QFETCH(QString, text);
    QFETCH(QString, normalized);
    auto setting = RemediationSetting::parse(text);
    QCOMPARE(setting.ok(), !normalized.isEmpty());
    if (setting)
        QCOMPARE(setting->toString(), normalized);
}

void TestRemediationPlanner::memoryLimit()
{
    const QVector<Artifact> alpha = caseArtifacts(QStringLiteral("fleet-alpha"));
    const Finding finding = findingOf(alpha, QStringLiteral("container.memory-limit"), QStringLiteral("root-default"));
    QCOMPARE(finding.status, Status::Fail);
    QVERIFY(RemediationCatalog::isRemediable(finding));
    auto plan = RemediationPlanner::plan(finding, contextOf(alpha));
    QVERIFY2(plan, qPrintable(plan.errorMessage()));
    QCOMPARE(plan->kind, RemediationKind::ContainerUpdate);
    QCOMPARE(plan->setting, QStringLiteral("memory=536870912"));
    QCOMPARE(plan->steps.size(), 1);
    QCOMPARE(plan->steps.front().command,
             QStringLiteral("docker update --memory '536870912' --memory-swap '536870912' -- ") +
                 q(finding.subject.id));
    QVERIFY(plan->steps.front().input.isEmpty());
    QVERIFY(plan->undo.isEmpty()); // Docker cannot remove a memory limit
    QVERIFY(plan->undoNote.contains(QLatin1String("recreate")));
    QCOMPARE(plan->containers.size(), 1);
    QVERIFY(plan->containers.front().startsWith(QLatin1String("root-default (id ")));
    QCOMPARE(plan->probes, QStringList{QStringLiteral("docker.containers.inspect")});
    QVERIFY(plan->changedFile.isEmpty());
    const QString text = plan->describe();
    QVERIFY(text.contains(plan->steps.front().command));
    QVERIFY(text.contains(QLatin1String("Undo: not possible")));

    RemediationContext chosen = contextOf(alpha);
    chosen.setting = RemediationSetting::parse(QStringLiteral("memory=1073741824")).value();
    auto larger = RemediationPlanner::plan(finding, chosen);
    QVERIFY(larger);
    QVERIFY(larger->steps.front().command.startsWith(QLatin1String("docker update --memory '1073741824'")));
    QVERIFY(!larger->sameCommands(plan.value()));
    QVERIFY(plan->sameCommands(RemediationPlanner::plan(finding, contextOf(alpha)).value()));
}

void TestRemediationPlanner::pidsLimitAndUndo()
{
    const QVector<Artifact> alpha = caseArtifacts(QStringLiteral("fleet-alpha"));
    const Finding finding = findingOf(alpha, QStringLiteral("container.pids-limit"), QStringLiteral("root-default"));
    QCOMPARE(finding.status, Status::Fail);
    auto plan = RemediationPlanner::plan(finding, contextOf(alpha));
    QVERIFY2(plan, qPrintable(plan.errorMessage()));
    QCOMPARE(plan->steps.front().command,
             QStringLiteral("docker update --pids-limit '200' -- ") + q(finding.subject.id));
    QCOMPARE(plan->undo.size(), 1);
    QCOMPARE(plan->undo.front().command, QStringLiteral("docker update --pids-limit '-1' -- ") + q(finding.subject.id));
}

void TestRemediationPlanner::cpuSharesAndUndo()
{
    const QVector<Artifact> alpha = caseArtifacts(QStringLiteral("fleet-alpha"));
    const Finding finding = findingOf(alpha, QStringLiteral("container.cpu-limit"), QStringLiteral("root-default"));
    QCOMPARE(finding.status, Status::Fail);
    RemediationContext context = contextOf(alpha);
    context.setting = RemediationSetting::parse(QStringLiteral("cpu-shares=256")).value();
    auto plan = RemediationPlanner::plan(finding, context);
    QVERIFY2(plan, qPrintable(plan.errorMessage()));
    QCOMPARE(plan->steps.front().command,
             QStringLiteral("docker update --cpu-shares '256' -- ") + q(finding.subject.id));
    QCOMPARE(plan->undo.size(), 1);
    QCOMPARE(plan->undo.front().command,
             QStringLiteral("docker update --cpu-shares '1024' -- ") + q(finding.subject.id));
}

void TestRemediationPlanner::restartPolicyAndUndo()
{
    // Seeded containers run with restart policy "no", which passes: make one "always" as a host could.
    QVector<Artifact> alpha = caseArtifacts(QStringLiteral("fleet-alpha"));
    Artifact* inspect = artifactOf(alpha, QStringLiteral("docker.containers.inspect"));
    QVERIFY(inspect);
    QJsonArray containers = QJsonDocument::fromJson(inspect->output).array();
    QString id;
    for (qsizetype i = 0; i < containers.size(); ++i) {
        QJsonObject container = containers.at(i).toObject();
        if (container.value(QStringLiteral("Name")).toString() != QLatin1String("/root-default"))
            continue;
        id = container.value(QStringLiteral("Id")).toString();
        QJsonObject hostConfig = container.value(QStringLiteral("HostConfig")).toObject();
        hostConfig.insert(
            QStringLiteral("RestartPolicy"),
            QJsonObject{{QStringLiteral("Name"), QStringLiteral("always")}, {QStringLiteral("MaximumRetryCount"), 0}});
        container.insert(QStringLiteral("HostConfig"), hostConfig);
        containers.replace(i, container);
    }
    inspect->output = QJsonDocument(containers).toJson();
    const Finding finding =
        findingOf(alpha, QStringLiteral("container.restart-policy"), QStringLiteral("root-default"));
    QCOMPARE(finding.status, Status::Fail);
    QCOMPARE(finding.subject.id, id);
    auto plan = RemediationPlanner::plan(finding, contextOf(alpha));
    QVERIFY2(plan, qPrintable(plan.errorMessage()));
    QCOMPARE(plan->steps.front().command, QStringLiteral("docker update --restart 'on-failure:5' -- ") + q(id));
    QCOMPARE(plan->undo.front().command, QStringLiteral("docker update --restart 'always' -- ") + q(id));

    RemediationContext never = contextOf(alpha);
    never.setting = RemediationSetting::parse(QStringLiteral("restart=no")).value();
    QCOMPARE(RemediationPlanner::plan(finding, never)->steps.front().command,
             QStringLiteral("docker update --restart 'no' -- ") + q(id));
}

void TestRemediationPlanner::settingMustFitTheCheck()
{
    const QVector<Artifact> alpha = caseArtifacts(QStringLiteral("fleet-alpha"));
    const Finding finding = findingOf(alpha, QStringLiteral("container.memory-limit"), QStringLiteral("root-default"));
    RemediationContext context = contextOf(alpha);
    context.setting = RemediationSetting::parse(QStringLiteral("pids=100")).value();
    auto plan = RemediationPlanner::plan(finding, context);
    QVERIFY(!plan);
    QVERIFY2(plan.errorMessage().contains(QLatin1String("--set memory=")), qPrintable(plan.errorMessage()));

    const Finding live = findingOf(alpha, QStringLiteral("daemon.live-restore"));
    auto daemon = RemediationPlanner::plan(live, context);
    QVERIFY(!daemon);
    QVERIFY(daemon.errorMessage().contains(QLatin1String("takes no --set")));
}

void TestRemediationPlanner::privilegedContainerStopped()
{
    const QVector<Artifact> alpha = caseArtifacts(QStringLiteral("fleet-alpha"));
    const Finding finding =
        findingOf(alpha, QStringLiteral("container.not-privileged"), QStringLiteral("priv-created"));
    QCOMPARE(finding.status, Status::Fail);
    auto plan = RemediationPlanner::plan(finding, contextOf(alpha));
    QVERIFY2(plan, qPrintable(plan.errorMessage()));
    QCOMPARE(plan->kind, RemediationKind::StopContainer);
    QCOMPARE(plan->steps.size(), 2);
    QCOMPARE(plan->steps.at(0).command, QStringLiteral("docker update --restart 'no' -- ") + q(finding.subject.id));
    QCOMPARE(plan->steps.at(1).command, QStringLiteral("docker stop -- ") + q(finding.subject.id));
    // It was created, never started: the undo puts the policy back and does not start it.
    QCOMPARE(plan->undo.size(), 1);
    QCOMPARE(plan->undo.at(0).command, QStringLiteral("docker update --restart 'no' -- ") + q(finding.subject.id));
    QVERIFY(plan->recheckNote.contains(QLatin1String("still fails")));

    const Finding running = findingOf(alpha, QStringLiteral("container.user-not-root"), QStringLiteral("root-default"));
    Finding privileged = finding;
    privileged.subject = running.subject; // a running container: the undo starts it again
    auto again = RemediationPlanner::plan(privileged, contextOf(alpha));
    QVERIFY(again);
    QCOMPARE(again->undo.size(), 2);
    QCOMPARE(again->undo.at(1).command, QStringLiteral("docker start -- ") + q(running.subject.id));
}

void TestRemediationPlanner::hostileContainerIdsRefused_data()
{
    QTest::addColumn<QString>("id");
    QTest::newRow("shell") << "$(touch /tmp/bulkhead-pwned)";
    QTest::newRow("quote") << "abc'; touch /tmp/bulkhead-pwned; '";
    QTest::newRow("63 hex") << QString(63, QLatin1Char('a'));
    QTest::newRow("65 hex") << QString(65, QLatin1Char('a'));
    QTest::newRow("upper hex") << QString(64, QLatin1Char('A'));
    QTest::newRow("newline") << QString(63, QLatin1Char('a')) + QLatin1Char('\n');
    QTest::newRow("name") << "root-default";
    QTest::newRow("empty") << "";
}

void TestRemediationPlanner::hostileContainerIdsRefused()
{
    QFETCH(QString, id);
    QVERIFY(!RemediationPlanner::isContainerId(id));
    const QVector<Artifact> alpha = caseArtifacts(QStringLiteral("fleet-alpha"));
    for (const QString& check :
         {QStringLiteral("container.memory-limit"), QStringLiteral("container.not-privileged")}) {
        Finding finding = findingOf(alpha, check, QStringLiteral("priv-created"));
        finding.status = Status::Fail;
        finding.subject.id = id;
        auto plan = RemediationPlanner::plan(finding, contextOf(alpha));
        QVERIFY(!plan);
        QVERIFY2(plan.errorMessage().contains(QLatin1String("refused")), qPrintable(plan.errorMessage()));
    }
}

void TestRemediationPlanner::noRemoteTextInAnyCommand()
{
    // Every text a host sends carries a marker: names, labels, images, daemon.json keys, rules files and
    // paths. No command of any plan of any host may contain it (the stdin of a file rewrite keeps the
    // file's own lines, which is where they belong).
    const QString marker = QStringLiteral("HOSTILE'$(touch /tmp/bulkhead-pwned)");
    const QByteArray markerJson = QJsonDocument(QJsonArray{marker}).toJson(QJsonDocument::Compact).mid(2).chopped(2);
    int plans = 0;
    for (const QString& name :
         {QStringLiteral("fleet-alpha"), QStringLiteral("fleet-bravo"), QStringLiteral("fleet-charlie")}) {
        QVector<Artifact> artifacts = caseArtifacts(name);
        Artifact* inspect = artifactOf(artifacts, QStringLiteral("docker.containers.inspect"));
        QJsonArray containers = QJsonDocument::fromJson(inspect->output).array();
        for (qsizetype i = 0; i < containers.size(); ++i) {
            QJsonObject container = containers.at(i).toObject();
            container.insert(QStringLiteral("Name"), QString(QStringLiteral("/") + marker + QString::number(i)));
            QJsonObject config = container.value(QStringLiteral("Config")).toObject();
            config.insert(QStringLiteral("Image"), marker);
            config.insert(QStringLiteral("Labels"), QJsonObject{{marker, marker}});
            container.insert(QStringLiteral("Config"), config);
            containers.replace(i, container);
        }
        inspect->output = QJsonDocument(containers).toJson();
        if (Artifact* file = artifactOf(artifacts, QStringLiteral("docker.daemon.json")); file && file->exitStatus == 0)
            file->output.replace("{", QByteArray(QByteArray("{\n|  \"") + markerJson + "\": \"" + markerJson + "\","));
        if (Artifact* rules = artifactOf(artifacts, QStringLiteral("audit.rules.files"));
            rules && rules->exitStatus == 0)
            rules->output.replace("|-w /run/containerd",
                                  QByteArray("|## " + marker.toUtf8() + "\n|-w /run/containerd"));
        for (const Finding& finding : Evaluator::evaluateHost(artifacts)) {
            if (!RemediationCatalog::isRemediable(finding))
                continue;
            auto plan = RemediationPlanner::plan(finding, contextOf(artifacts));
            if (!plan)
                continue;
            ++plans;
            for (const QVector<RemediationStep>* steps : {&plan->steps, &plan->undo}) {
                for (const RemediationStep& step : *steps) {
                    QVERIFY2(!step.command.contains(QLatin1String("HOSTILE")), qPrintable(step.command));
                    QVERIFY2(!step.command.contains(QLatin1String("root-")), qPrintable(step.command));
                }
            }
            QVERIFY(!plan->describe().contains(QLatin1String("$(touch")) || plan->kind == RemediationKind::DaemonJson ||
                    plan->kind == RemediationKind::AuditRules || plan->describe().contains(QLatin1String("HOSTILE")));
        }
    }
    QVERIFY2(plans >= 20, qPrintable(QString::number(plans)));
}

void TestRemediationPlanner::daemonJsonKeepsOtherKeys()
{
    const QByteArray before = "{\n  \"debug\": false,\n  \"insecure-registries\": [\"registry.invalid:5000\"],\n"
                              "  \"log-opts\": {\"max-size\": \"10m\"}\n}\n";
    auto removed = DaemonJsonEditor::remove(before, QStringLiteral("insecure-registries"));
    QVERIFY(removed);
    QCOMPARE(removed.value(),
             QByteArray("{\n  \"debug\": false,\n  \"log-opts\": {\n    \"max-size\": \"10m\"\n  }\n}\n"));
    auto set = DaemonJsonEditor::set(before, QStringLiteral("live-restore"), "true");
    QVERIFY(set);
    const QJsonObject object = QJsonDocument::fromJson(set.value()).object();
    QCOMPARE(object.keys().size(), 4);
    QCOMPARE(object.value(QStringLiteral("live-restore")).toBool(), true);
    QCOMPARE(object.value(QStringLiteral("insecure-registries")).toArray().size(), 1);
    QVERIFY(set->indexOf("\"debug\"") < set->indexOf("\"live-restore\"")); // order kept, new key last
    QCOMPARE(DaemonJsonEditor::set("", QStringLiteral("live-restore"), "true").value(),
             QByteArray("{\n  \"live-restore\": true\n}\n"));
    QVERIFY(!DaemonJsonEditor::set("[1]", QStringLiteral("x"), "true"));
    QVERIFY(!DaemonJsonEditor::set("{\"a\":", QStringLiteral("x"), "true"));

    // charlie's real daemon.json: the insecure registries emptied (a reload keeps a removed key's value),
    // "debug" kept.
    const QVector<Artifact> charlie = caseArtifacts(QStringLiteral("fleet-charlie"));
    const Finding finding = findingOf(charlie, QStringLiteral("daemon.no-insecure-registries"));
    QCOMPARE(finding.status, Status::Fail);
    auto plan = RemediationPlanner::plan(finding, contextOf(charlie));
    QVERIFY2(plan, qPrintable(plan.errorMessage()));
    QCOMPARE(plan->kind, RemediationKind::DaemonJson);
    QCOMPARE(plan->changedFile, QStringLiteral("/etc/docker/daemon.json"));
    QCOMPARE(plan->backupPath, QStringLiteral("/etc/docker/daemon.json.bulkhead-20261130T074512Z"));
    QCOMPARE(plan->steps.size(), 3);
    QCOMPARE(plan->steps.at(0).command,
             QStringLiteral("if [ -e '/etc/docker/daemon.json' ]; then cp -p '/etc/docker/daemon.json' "
                            "'/etc/docker/daemon.json.bulkhead-20261130T074512Z'; fi"));
    QVERIFY(plan->steps.at(1).command.contains(QLatin1String("cat > '/etc/docker/daemon.json.bulkhead-new'")));
    const QJsonObject written = QJsonDocument::fromJson(plan->steps.at(1).input).object();
    QCOMPARE(written.value(QStringLiteral("insecure-registries")).toArray().size(), 0);
    QVERIFY(written.contains(QStringLiteral("insecure-registries")));
    QCOMPARE(written.value(QStringLiteral("debug")).toBool(true), false);
    QVERIFY(plan->steps.at(2).command.contains(QLatin1String("kill -HUP")));
    // The file had the key: the undo puts the backup back and reloads.
    QCOMPARE(plan->undo.size(), 2);
    QVERIFY(plan->undo.at(0).command.contains(QLatin1String("cp -p '/etc/docker/daemon.json.bulkhead-")));
    QCOMPARE(plan->undo.at(1).command, plan->steps.at(2).command);
}

void TestRemediationPlanner::daemonJsonNewFileAndUndo()
{
    const QVector<Artifact> alpha = caseArtifacts(QStringLiteral("fleet-alpha")); // no daemon.json
    const Finding finding = findingOf(alpha, QStringLiteral("daemon.live-restore"));
    QCOMPARE(finding.status, Status::Fail);
    auto plan = RemediationPlanner::plan(finding, contextOf(alpha));
    QVERIFY2(plan, qPrintable(plan.errorMessage()));
    QCOMPARE(plan->steps.at(1).input, QByteArray("{\n  \"live-restore\": true\n}\n"));
    QCOMPARE(plan->probes, (QStringList{QStringLiteral("docker.daemon.json"), QStringLiteral("docker.info"),
                                        QStringLiteral("docker.dockerd.cmdline")}));
    // A reload keeps a key the file no longer has: the default is set for one reload, then the file goes.
    QCOMPARE(plan->undo.size(), 4);
    QCOMPARE(plan->undo.at(0).input, QByteArray("{\n  \"live-restore\": false\n}\n"));
    QVERIFY(plan->undo.at(1).command.contains(QLatin1String("kill -HUP")));
    QCOMPARE(plan->undo.at(2).command,
             QStringLiteral("if [ -e '/etc/docker/daemon.json.bulkhead-20261130T074512Z' ]; then cp -p "
                            "'/etc/docker/daemon.json.bulkhead-20261130T074512Z' '/etc/docker/daemon.json'; else "
                            "rm -f '/etc/docker/daemon.json'; fi"));
}

void TestRemediationPlanner::daemonJsonRefusesFlagsAndRedactions()
{
    QVector<Artifact> alpha = caseArtifacts(QStringLiteral("fleet-alpha"));
    Finding finding = findingOf(alpha, QStringLiteral("daemon.live-restore"));
    QVector<Artifact> flagged = alpha;
    artifactOf(flagged, QStringLiteral("docker.dockerd.cmdline"))->output.append(QByteArray("--live-restore", 15));
    auto plan = RemediationPlanner::plan(finding, contextOf(flagged));
    QVERIFY(!plan);
    QVERIFY2(plan.errorMessage().contains(QLatin1String("command line")), qPrintable(plan.errorMessage()));

    QVector<Artifact> bravo = caseArtifacts(QStringLiteral("fleet-bravo"));
    Artifact* file = artifactOf(bravo, QStringLiteral("docker.daemon.json"));
    file->output.replace("\"info\"", "\"[REDACTED:generic-secret:0123456789abcdef]\"");
    finding.hostName = QStringLiteral("bravo");
    auto redacted = RemediationPlanner::plan(finding, contextOf(bravo));
    QVERIFY(!redacted);
    QVERIFY2(redacted.errorMessage().contains(QLatin1String("redacted")), qPrintable(redacted.errorMessage()));
}

void TestRemediationPlanner::auditRulesAdded()
{
    const QVector<Artifact> bravo = caseArtifacts(QStringLiteral("fleet-bravo"));
    const Finding finding = findingOf(bravo, QStringLiteral("audit.watch-runc"));
    QCOMPARE(finding.status, Status::Fail);
    QCOMPARE(finding.subject.id, QStringLiteral("/usr/sbin/runc"));
    auto plan = RemediationPlanner::plan(finding, contextOf(bravo));
    QVERIFY2(plan, qPrintable(plan.errorMessage()));
    QCOMPARE(plan->kind, RemediationKind::AuditRules);
    QCOMPARE(plan->changedFile, QStringLiteral("/etc/audit/rules.d/docker.rules"));
    QCOMPARE(plan->steps.size(), 3);
    const QString content = QString::fromUtf8(plan->steps.at(1).input);
    QVERIFY2(content.startsWith(QLatin1String("-w /usr/bin/dockerd -p wa -k docker\n")), qPrintable(content));
    QVERIFY(content.contains(QLatin1String("\n-w /usr/sbin/runc -p wa -k docker\n")));
    QVERIFY(content.contains(QLatin1String("\n-w /usr/sbin/dockerd -p wa -k docker\n")));
    QCOMPARE(content.count(QLatin1String("-w /etc/docker -p wa -k docker")), 1); // not added twice
    QVERIFY(plan->steps.at(1).command.contains(QLatin1String("chmod 0640")));
    QVERIFY(plan->steps.at(2).command.contains(QLatin1String("augenrules --load")));
    QCOMPARE(plan->undo.size(), 2);
    QVERIFY(plan->undo.at(0).command.contains(QLatin1String("cp -p '/etc/audit/rules.d/docker.rules.bulkhead-")));
    QCOMPARE(plan->undo.at(1).command, plan->steps.at(2).command);
    QCOMPARE(plan->probes, (QStringList{QStringLiteral("audit.rules.files"), QStringLiteral("audit.rules.loaded"),
                                        QStringLiteral("docker.files.stat")}));
}

void TestRemediationPlanner::auditRulesNeedAuditd()
{
    const QVector<Artifact> alpha = caseArtifacts(QStringLiteral("fleet-alpha"));
    const Finding finding = findingOf(alpha, QStringLiteral("audit.watch-etc-docker"));
    QCOMPARE(finding.status, Status::Fail);
    auto plan = RemediationPlanner::plan(finding, contextOf(alpha));
    QVERIFY(!plan);
    QVERIFY2(plan.errorMessage().contains(QLatin1String("auditd is not installed")), qPrintable(plan.errorMessage()));
}

void TestRemediationPlanner::onlyFailedFindings()
{
    const QVector<Artifact> alpha = caseArtifacts(QStringLiteral("fleet-alpha"));
    const Finding passing =
        findingOf(alpha, QStringLiteral("container.not-privileged"), QStringLiteral("web-hardened"));
    QCOMPARE(passing.status, Status::Pass);
    QVERIFY(!RemediationCatalog::isRemediable(passing));
    QVERIFY(!RemediationPlanner::plan(passing, contextOf(alpha)));
    const Finding notInCatalog =
        findingOf(alpha, QStringLiteral("container.user-not-root"), QStringLiteral("root-default"));
    QCOMPARE(notInCatalog.status, Status::Fail);
    QVERIFY(!RemediationCatalog::isRemediable(notInCatalog));
    auto plan = RemediationPlanner::plan(notInCatalog, contextOf(alpha));
    QVERIFY(!plan);
    QVERIFY(plan.errorMessage().contains(QLatin1String("no remediation")));
    // Only what dockerd applies on a reload: its log level it keeps (dockerd 20.10, tried on the fleet).
    QVERIFY(!RemediationCatalog::find(QStringLiteral("daemon.log-level-info")));
    QVERIFY(RemediationCatalog::find(QStringLiteral("daemon.live-restore")));
    RemediationContext timeless = contextOf(alpha);
    timeless.planTimeUtc = QDateTime();
    QVERIFY(!RemediationPlanner::plan(findingOf(alpha, QStringLiteral("daemon.live-restore")), timeless));
}

void TestRemediationPlanner::sudoWrapsEachCommand()
{
    const QVector<Artifact> alpha = caseArtifacts(QStringLiteral("fleet-alpha"));
    RemediationContext context = contextOf(alpha);
    context.access = AccessMode::Sudo;
    auto plan = RemediationPlanner::plan(findingOf(alpha, QStringLiteral("daemon.live-restore")), context);
    QVERIFY(plan);
    for (const RemediationStep& step : plan->steps + plan->undo)
        QVERIFY2(step.command.startsWith(QLatin1String("sudo -n -- sh -c '")), qPrintable(step.command));
    QCOMPARE(plan->steps.at(0).command,
             QStringLiteral("sudo -n -- sh -c 'if [ -e '\\''/etc/docker/daemon.json'\\'' ]; then cp -p "
                            "'\\''/etc/docker/daemon.json'\\'' '\\''/etc/docker/daemon.json.bulkhead-20261130T074512Z"
                            "'\\''; fi'"));
}

void TestRemediationPlanner::quoting()
{
    QCOMPARE(RemediationPlanner::quoted(QStringLiteral("abc")), QStringLiteral("'abc'"));
    QCOMPARE(RemediationPlanner::quoted(QStringLiteral("a'b")), QStringLiteral("'a'\\''b'"));
    QCOMPARE(RemediationPlanner::quoted(QString()), QStringLiteral("''"));
    QVERIFY(RemediationPlanner::isContainerId(QString(64, QLatin1Char('f'))));
}

QTEST_GUILESS_MAIN(TestRemediationPlanner)
#include "tst_remediationplanner.moc"
