// SPDX-License-Identifier: GPL-3.0-or-later
#include "RemediateCommand.h"

#include "Cli.h"
#include "CommandLine.h"
#include "ConnectionOptions.h"
#include "core/DisplayText.h"
#include "remediate/RemediationRunner.h"
#include "remediation/RemediationCatalog.h"
#include "remediation/RemediationPlanner.h"
#include "store/Workspace.h"

#include <QCommandLineParser>
#include <QHash>
#include <QPair>

namespace bulkhead {

namespace {

const QString Command = QStringLiteral("remediate");

QString subjectText(const Subject& subject)
{
    return DisplayText::quoted(subject.name.isEmpty() ? subject.id : subject.name, 80);
}

// `recheckNote`: what the plan said the re-check can and cannot show. A remediation succeeds when its
// commands ran and the re-check passes; an undo when its commands ran (its re-check is expected to fail).
int finishWith(const Result<RemediationOutcome>& outcome, QTextStream& out, QTextStream& err, bool isUndo,
               const QString& recheckNote = QString())
{
    if (!outcome) {
        err << "bulkhead-cli remediate: " << DisplayText::shown(outcome.errorMessage(), 500) << "\n";
        return Cli::WorkspaceError;
    }
    const RemediationRecord& record = outcome->record;
    for (const RemediationStepResult& step : record.steps) {
        if (!step.ran)
            continue;
        out << "$ " << step.step.command << "\n  exit " << step.exitStatus << "\n";
        if (!step.output.trimmed().isEmpty())
            out << "  stdout: " << DisplayText::shown(QString::fromUtf8(step.output.trimmed()), 500) << "\n";
        if (!step.errorOutput.trimmed().isEmpty())
            out << "  stderr: " << DisplayText::shown(QString::fromUtf8(step.errorOutput.trimmed()), 500) << "\n";
    }
    out << "remediation " << record.id << ": " << remediationStateToString(record.state) << "; "
        << DisplayText::shown(record.message, 500) << "\n";
    out << "evidence: before scan " << record.beforeScanId << " (" << record.beforeArtifacts.size()
        << " artifacts), after scan " << record.afterScanId << " (" << record.afterArtifacts.size() << " artifacts)\n";
    if (!outcome->ranCommands)
        out << "nothing was changed on the host\n";
    const bool passes = record.findingStatus == Status::Pass || record.findingStatus == Status::NotApplicable;
    if (record.state == RemediationState::Done && !isUndo && !passes) {
        out << "the finding still does not pass: "
            << (record.findingStatus ? statusToString(*record.findingStatus) : QStringLiteral("not re-checked"))
            << "\n";
        if (!recheckNote.isEmpty())
            out << recheckNote << "\n";
    }
    out.flush();
    switch (record.state) {
    case RemediationState::Done:
        return isUndo || passes ? Cli::Ok : Cli::HostsFailed;
    case RemediationState::Cancelled:
        return Cli::Cancelled;
    case RemediationState::Failed:
    case RemediationState::Running:
        break;
    }
    return Cli::HostsFailed;
}

int list(const QStringList& arguments, QTextStream& out, QTextStream& err)
{
    QCommandLineParser parser;
    parser.addOption(workspaceOption());
    if (!parseWithWorkspace(parser, QStringLiteral("remediate list"), arguments, err))
        return Cli::Usage;
    auto workspace = openWorkspace(parser, QStringLiteral("remediate list"), err);
    if (!workspace)
        return Cli::WorkspaceError;
    auto findings = workspace->findings(std::nullopt, false);
    auto records = workspace->remediations();
    if (!findings || !records) {
        err << "bulkhead-cli remediate list: " << (findings ? records.errorMessage() : findings.errorMessage()) << "\n";
        return Cli::WorkspaceError;
    }
    out << "Remediable findings (bulkhead-cli remediate --finding ID):\n";
    int remediable = 0;
    // A finding is listed when a plan can be made from its host's evidence (auditd missing, a daemon.json
    // elsewhere, ... are said when one asks for it).
    QHash<QPair<qint64, qint64>, QVector<Artifact>> evidence;
    RemediationContext context;
    context.planTimeUtc = QDateTime::currentDateTimeUtc();
    for (const Finding& finding : findings.value()) {
        if (!RemediationCatalog::isRemediable(finding))
            continue;
        const QPair<qint64, qint64> key{finding.scanId, finding.hostId};
        if (!evidence.contains(key)) {
            auto artifacts = workspace->artifacts(finding.scanId, finding.hostId);
            if (!artifacts) {
                err << "bulkhead-cli remediate list: " << artifacts.errorMessage() << "\n";
                return Cli::WorkspaceError;
            }
            evidence.insert(key, artifacts.value());
        }
        context.artifacts = evidence.value(key);
        if (!RemediationPlanner::plan(finding, context))
            continue;
        ++remediable;
        out << "  " << finding.id << "  " << DisplayText::shown(finding.hostName, 80) << "  " << finding.checkId << "  "
            << subjectText(finding.subject) << "  " << statusToString(finding.status) << "\n";
    }
    if (remediable == 0)
        out << "  none\n";
    out << "Remediations:\n";
    for (const RemediationRecord& record : records.value()) {
        out << "  " << record.id << "  " << record.startedUtc.toString(Qt::ISODate) << "  "
            << DisplayText::shown(record.hostName, 80) << "  " << record.checkId << "  " << subjectText(record.subject)
            << "  " << remediationStateToString(record.state) << "  re-check "
            << (record.findingStatus ? statusToString(*record.findingStatus) : QStringLiteral("-"));
        if (record.undoOf > 0)
            out << "  undo of " << record.undoOf;
        if (record.undoneBy > 0)
            out << "  undone by " << record.undoneBy;
        out << "  " << DisplayText::shown(record.author, 80) << "\n";
    }
    if (records->isEmpty())
        out << "  none\n";
    return Cli::Ok;
}

// The connection side of a request for the finding's host, as `scan` takes it.
bool connectionFor(const QCommandLineParser& parser, const ConnectionOptions& connection, const QString& command,
                   ScanRequest& target, QTextStream& err)
{
    target.workspacePath = parser.value(QStringLiteral("workspace"));
    QString credentialSource;
    if (!connection.apply(parser, command, target, err, &credentialSource))
        return false;
    if (!parser.isSet(connection.knownHosts)) {
        err << "bulkhead-cli " << command << ": --known-hosts is required to connect\n";
        return false;
    }
    return true;
}

int undo(const QStringList& arguments, QTextStream& out, QTextStream& err, const std::atomic<bool>* cancel)
{
    const QString command = QStringLiteral("remediate undo");
    QCommandLineParser parser;
    const QCommandLineOption idOption(QStringLiteral("id"), QStringLiteral("The remediation to undo."),
                                      QStringLiteral("N"));
    const QCommandLineOption yesOption(QStringLiteral("yes"), QStringLiteral("Run the undo commands."));
    const QCommandLineOption dryRunOption(QStringLiteral("dry-run"), QStringLiteral("Print them only."));
    const ConnectionOptions connection;
    parser.addOptions({workspaceOption(), idOption, yesOption, dryRunOption});
    connection.addTo(parser);
    if (!parseWithWorkspace(parser, command, ConnectionOptions::normalize(arguments), err) ||
        !requireOption(parser, QStringLiteral("id"), command, err))
        return Cli::Usage;
    bool ok = false;
    const qint64 id = parser.value(idOption).toLongLong(&ok);
    if (!ok || id <= 0) {
        err << "bulkhead-cli remediate undo: --id is a remediation number (bulkhead-cli remediate list)\n";
        return Cli::Usage;
    }
    {
        auto workspace = openWorkspace(parser, command, err);
        if (!workspace)
            return Cli::WorkspaceError;
        auto record = workspace->remediation(id);
        if (!record) {
            err << "bulkhead-cli remediate undo: " << record.errorMessage() << "\n";
            return Cli::Usage;
        }
        out << "Undo of remediation " << id << " (" << record->checkId << " on "
            << DisplayText::shown(record->hostName, 80) << ", " << subjectText(record->subject) << "):\n";
        if (record->undo.isEmpty()) {
            err << "bulkhead-cli remediate undo: remediation " << id << " cannot be undone\n";
            return Cli::Usage;
        }
        out << RemediationPlan::describeSteps(record->undo);
        out.flush();
    }
    if (parser.isSet(dryRunOption)) {
        out << "Dry run: nothing was run.\n";
        return Cli::Ok;
    }
    if (!parser.isSet(yesOption)) {
        err << "bulkhead-cli remediate undo: nothing ran. Add --yes to run these commands on the host.\n";
        return Cli::Usage;
    }
    ScanRequest target;
    if (!connectionFor(parser, connection, command, target, err))
        return Cli::Usage;
    const RemediationProgress progress = [&](const QString& line) {
        err << DisplayText::shown(line, 500) << "\n";
        err.flush();
    };
    return finishWith(RemediationRunner::undo(id, target, progress, cancel), out, err, true);
}

} // namespace

QString RemediateCommand::helpText()
{
    return QStringLiteral(
        "  remediate Fix one finding on its host: prints the exact commands, the containers and the file\n"
        "            changed (with its backup) and the undo; runs them over SSH only with --yes, with the\n"
        "            evidence before and after, and re-checks the host.\n"
        "            --workspace FILE --finding ID [--set memory=BYTES|pids=N|cpu-shares=N|\n"
        "            restart=no|on-failure:N|unless-stopped|always] [--dry-run] [--yes]\n"
        "            --known-hosts FILE [--identity KEY] and the connection options of scan\n"
        "  remediate list    Remediable findings and past remediations.  --workspace FILE\n"
        "  remediate undo    Undo a remediation.  --workspace FILE --id N [--dry-run] [--yes] and the\n"
        "            connection options\n");
}

int RemediateCommand::run(const QStringList& arguments, QTextStream& out, QTextStream& err,
                          const std::atomic<bool>* cancel)
{
    if (!arguments.isEmpty() && arguments.front() == QLatin1String("list"))
        return list(arguments.mid(1), out, err);
    if (!arguments.isEmpty() && arguments.front() == QLatin1String("undo"))
        return undo(arguments.mid(1), out, err, cancel);

    QCommandLineParser parser;
    const QCommandLineOption findingOption(QStringLiteral("finding"),
                                           QStringLiteral("The finding to fix (bulkhead-cli remediate list)."),
                                           QStringLiteral("ID"));
    const QCommandLineOption setOption(QStringLiteral("set"), QStringLiteral("The value to set."),
                                       QStringLiteral("NAME=VALUE"));
    const QCommandLineOption yesOption(QStringLiteral("yes"), QStringLiteral("Run the commands."));
    const QCommandLineOption dryRunOption(QStringLiteral("dry-run"), QStringLiteral("Print exactly what would run."));
    const ConnectionOptions connection;
    parser.addOptions({workspaceOption(), findingOption, setOption, yesOption, dryRunOption});
    connection.addTo(parser);
    if (!parseWithWorkspace(parser, Command, ConnectionOptions::normalize(arguments), err) ||
        !requireOption(parser, QStringLiteral("finding"), Command, err))
        return Cli::Usage;
    bool ok = false;
    const qint64 findingId = parser.value(findingOption).toLongLong(&ok);
    if (!ok || findingId <= 0) {
        err << "bulkhead-cli remediate: --finding is a finding number (bulkhead-cli remediate list)\n";
        return Cli::Usage;
    }
    std::optional<RemediationSetting> setting;
    if (parser.isSet(setOption)) {
        if (parser.values(setOption).size() > 1) {
            err << "bulkhead-cli remediate: give --set once\n";
            return Cli::Usage;
        }
        auto parsed = RemediationSetting::parse(parser.value(setOption));
        if (!parsed) {
            err << "bulkhead-cli remediate: --set: " << parsed.errorMessage() << "\n";
            return Cli::Usage;
        }
        setting = parsed.value();
    }
    // The connection is checked only when something is to run: the plan is shown whatever was given.
    const bool running = parser.isSet(yesOption) && !parser.isSet(dryRunOption);
    ScanRequest target;
    if (running && !connectionFor(parser, connection, Command, target, err))
        return Cli::Usage;
    target.access = parser.isSet(connection.sudo) ? AccessMode::Sudo : AccessMode::Direct;
    target.workspacePath = parser.value(QStringLiteral("workspace"));

    RemediationRequest request;
    {
        auto workspace = openWorkspace(parser, Command, err);
        if (!workspace)
            return Cli::WorkspaceError;
        auto findings = workspace->findings(std::nullopt, false);
        if (!findings) {
            err << "bulkhead-cli remediate: " << findings.errorMessage() << "\n";
            return Cli::WorkspaceError;
        }
        std::optional<Finding> finding;
        for (const Finding& candidate : findings.value()) {
            if (candidate.id == findingId)
                finding = candidate;
        }
        if (!finding) {
            err << "bulkhead-cli remediate: there is no finding " << findingId
                << " in the current view of the workspace (bulkhead-cli remediate list)\n";
            return Cli::Usage;
        }
        auto artifacts = workspace->artifacts(finding->scanId, finding->hostId);
        auto hosts = workspace->hosts();
        if (!artifacts || !hosts) {
            err << "bulkhead-cli remediate: " << (artifacts ? hosts.errorMessage() : artifacts.errorMessage()) << "\n";
            return Cli::WorkspaceError;
        }
        for (const HostRecord& host : hosts.value()) {
            if (host.id == finding->hostId)
                target.hosts = {host.spec};
        }
        RemediationContext context;
        context.artifacts = artifacts.value();
        context.setting = setting;
        context.access = target.access;
        const QDateTime now = QDateTime::currentDateTimeUtc();
        context.planTimeUtc = QDateTime::fromSecsSinceEpoch(now.toSecsSinceEpoch(), Qt::UTC);
        auto plan = RemediationPlanner::plan(finding.value(), context);
        if (!plan) {
            err << "bulkhead-cli remediate: finding " << findingId << " (" << finding->checkId << ", "
                << subjectText(finding->subject) << "): " << DisplayText::shown(plan.errorMessage(), 500) << "\n";
            return Cli::Usage;
        }
        request.plan = plan.value();
    }
    request.setting = setting;
    out << request.plan.describe();
    out.flush();
    if (parser.isSet(dryRunOption)) {
        out << "Dry run: nothing was run.\n";
        return Cli::Ok;
    }
    if (!parser.isSet(yesOption)) {
        err << "bulkhead-cli remediate: nothing ran. Read the commands above, then add --yes to run them on "
            << DisplayText::shown(request.plan.hostName, 80) << " (or --dry-run to only print them).\n";
        return Cli::Usage;
    }
    request.target = target;
    const RemediationProgress progress = [&](const QString& line) {
        err << DisplayText::shown(line, 500) << "\n";
        err.flush();
    };
    return finishWith(RemediationRunner::run(request, progress, cancel), out, err, false, request.plan.recheckNote);
}

} // namespace bulkhead
