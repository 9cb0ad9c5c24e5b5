// SPDX-License-Identifier: GPL-3.0-or-later
#include "WorkspaceCommand.h"

#include "Cli.h"
#include "CommandLine.h"
#include "checks/BaselineRules.h"
#include "checks/CheckText.h"
#include "checks/Evaluator.h"
#include "checks/HostEvidence.h"
#include "store/Workspace.h"

#include <QHash>
#include <QSet>

namespace bulkhead {

namespace {

QCommandLineOption scanOption()
{
    return QCommandLineOption(QStringLiteral("scan"), QStringLiteral("Scan id (default: the latest scan)."),
                              QStringLiteral("ID"));
}

// --scan ID, or the latest scan; 0 with a message on err when there is none.
qint64 chosenScan(const QCommandLineParser& parser, const Workspace& workspace, const QString& command,
                  QTextStream& err)
{
    if (parser.isSet(QStringLiteral("scan"))) {
        bool ok = false;
        const qint64 id = parser.value(QStringLiteral("scan")).toLongLong(&ok);
        auto scans = workspace.scans();
        if (ok && scans) {
            for (const ScanRecord& scan : scans.value()) {
                if (scan.id == id)
                    return id;
            }
        }
        err << "bulkhead-cli " << command << ": there is no scan '" << parser.value(QStringLiteral("scan"))
            << "' in this workspace\n";
        return 0;
    }
    const auto latest = workspace.latestScanId();
    if (!latest)
        err << "bulkhead-cli " << command << ": the workspace holds no scan yet\n";
    return latest.value_or(0);
}

QString findingKey(const Finding& finding)
{
    return finding.checkId + QLatin1Char('\x1f') + subjectKindToString(finding.subject.kind) + QLatin1Char('\x1f') +
           finding.subject.id;
}

} // namespace

QString WorkspaceCommand::helpText()
{
    return QStringLiteral(
        "  verify    Check that nothing in a workspace changed outside Bulkhead: the activity log's hash\n"
        "            chain, every artifact, finding, zone, host, scan, baseline and remediation against the log.\n"
        "            --workspace FILE [--expect-head SHA256]  (exit 5 when anything was altered)\n"
        "  evaluate  Re-evaluate a stored scan with the current checks, zones and baselines (offline).\n"
        "            --workspace FILE [--scan ID]\n"
        "  baseline accept  Accept a scan's processes and listening sockets as a zone's baseline.\n"
        "            --workspace FILE --zone NAME [--scan ID]\n"
        "  log       Print the activity log.  --workspace FILE\n");
}

int WorkspaceCommand::verify(const QStringList& arguments, QTextStream& out, QTextStream& err)
{
    const QString command = QStringLiteral("verify");
    QCommandLineParser parser;
    const QCommandLineOption headOption(QStringLiteral("expect-head"),
                                        QStringLiteral("The activity log's head hash as recorded elsewhere (the "
                                                       "binder): a workspace rewritten as a whole differs there."),
                                        QStringLiteral("SHA256"));
    parser.addOptions({workspaceOption(), headOption});
    if (!parseWithWorkspace(parser, command, arguments, err))
        return Cli::Usage;
    const auto workspace = openWorkspace(parser, command, err);
    if (!workspace)
        return Cli::WorkspaceError;
    auto integrity = workspace->integrityCheck();
    if (!integrity || integrity.value() != QLatin1String("ok")) {
        err << "bulkhead-cli verify: the database is damaged: "
            << (integrity ? integrity.value() : integrity.errorMessage()) << "\n";
        return Cli::Tampered;
    }
    auto report = workspace->verify();
    if (!report) {
        err << "bulkhead-cli verify: " << report.errorMessage() << "\n";
        return Cli::WorkspaceError;
    }
    QStringList problems = report->problems;
    if (parser.isSet(headOption) && parser.value(headOption).compare(report->headSha256, Qt::CaseInsensitive) != 0)
        problems << QStringLiteral("activity log: its head is %1, not the expected %2")
                        .arg(report->headSha256, CheckText::printable(parser.value(headOption), 80));
    out << "Activity log: " << report->entries << " entries, head " << report->headSha256 << "\n";
    out << "Covered: " << report->subjects
        << " artifacts, findings, scans, hosts, zones, baselines, waivers, attestations and remediations\n";
    if (problems.isEmpty()) {
        out << "Verified: nothing changed outside Bulkhead.\n";
        return Cli::Ok;
    }
    for (const QString& problem : std::as_const(problems))
        out << "ALTERED " << problem << "\n";
    out << problems.size() << " problem(s): this workspace was changed outside Bulkhead.\n";
    return Cli::Tampered;
}

int WorkspaceCommand::evaluate(const QStringList& arguments, QTextStream& out, QTextStream& err)
{
    const QString command = QStringLiteral("evaluate");
    QCommandLineParser parser;
    parser.addOptions({workspaceOption(), scanOption()});
    if (!parseWithWorkspace(parser, command, arguments, err))
        return Cli::Usage;
    const auto workspace = openWorkspace(parser, command, err);
    if (!workspace)
        return Cli::WorkspaceError;
    const qint64 scanId = chosenScan(parser, *workspace, command, err);
    if (scanId == 0)
        return Cli::Usage;
    auto before = workspace->findings(scanId);
    auto hostScans = workspace->hostScans(scanId);
    if (!before || !hostScans) {
        err << "bulkhead-cli evaluate: " << (before ? hostScans.errorMessage() : before.errorMessage()) << "\n";
        return Cli::WorkspaceError;
    }
    // Only hosts the scan evaluated (a host that could not be reached has no evidence to judge).
    QHash<qint64, QHash<QString, Status>> previous;
    for (const Finding& finding : before.value())
        previous[finding.hostId].insert(findingKey(finding), finding.status);
    int hosts = 0;
    int changed = 0;
    for (const HostScanRecord& hostScan : hostScans.value()) {
        if (!previous.contains(hostScan.hostId))
            continue;
        auto artifacts = workspace->artifacts(scanId, hostScan.hostId);
        auto policy = workspace->policyForHost(hostScan.hostId);
        if (!artifacts || !policy) {
            err << "bulkhead-cli evaluate: " << (artifacts ? policy.errorMessage() : artifacts.errorMessage()) << "\n";
            return Cli::WorkspaceError;
        }
        QVector<Finding> findings = Evaluator::evaluateHost(artifacts.value(), policy.value());
        int hostChanged = 0;
        const QHash<QString, Status>& old = previous.value(hostScan.hostId);
        for (Finding& finding : findings) {
            finding.scanId = scanId;
            finding.hostId = hostScan.hostId;
            const auto it = old.constFind(findingKey(finding));
            if (it == old.cend() || *it != finding.status)
                ++hostChanged;
        }
        if (auto stored = workspace->replaceFindings(scanId, hostScan.hostId, findings); !stored) {
            err << "bulkhead-cli evaluate: " << stored.errorMessage() << "\n";
            return Cli::WorkspaceError;
        }
        out << CheckText::printable(hostScan.hostName, 80) << ": " << findings.size() << " findings, " << hostChanged
            << " new or changed\n";
        ++hosts;
        changed += hostChanged;
    }
    out << "Scan " << scanId << ": " << hosts << " host(s) re-evaluated, " << changed << " finding(s) new or changed\n";
    return Cli::Ok;
}

int WorkspaceCommand::baseline(const QStringList& arguments, QTextStream& out, QTextStream& err)
{
    const QString command = QStringLiteral("baseline");
    if (arguments.isEmpty() || arguments.front() != QLatin1String("accept")) {
        err << "bulkhead-cli baseline: expected 'accept'\nTry 'bulkhead-cli --help'.\n";
        return Cli::Usage;
    }
    QCommandLineParser parser;
    const QCommandLineOption zoneOption(QStringLiteral("zone"), QStringLiteral("Zone."), QStringLiteral("NAME"));
    parser.addOptions({workspaceOption(), scanOption(), zoneOption});
    if (!parseWithWorkspace(parser, command, arguments.mid(1), err) ||
        !requireOption(parser, QStringLiteral("zone"), command, err))
        return Cli::Usage;
    const auto workspace = openWorkspace(parser, command, err);
    if (!workspace)
        return Cli::WorkspaceError;
    const qint64 scanId = chosenScan(parser, *workspace, command, err);
    if (scanId == 0)
        return Cli::Usage;
    const QString zoneName = parser.value(zoneOption);
    auto hosts = workspace->hosts();
    if (!hosts) {
        err << "bulkhead-cli baseline: " << hosts.errorMessage() << "\n";
        return Cli::WorkspaceError;
    }
    ZoneBaseline baseline;
    baseline.scanId = scanId;
    QSet<QString> processes;
    QSet<QString> sockets;
    int used = 0;
    for (const HostRecord& host : hosts.value()) {
        if (host.zone.compare(zoneName, Qt::CaseInsensitive) != 0)
            continue;
        auto artifacts = workspace->artifacts(scanId, host.id);
        if (!artifacts) {
            err << "bulkhead-cli baseline: " << artifacts.errorMessage() << "\n";
            return Cli::WorkspaceError;
        }
        if (artifacts->isEmpty())
            continue; // not part of this scan
        const HostEvidence evidence(artifacts.value());
        auto observed = BaselineRules::observed(evidence);
        if (!observed) {
            // Half a baseline would make every unseen process look approved: take none.
            err << "bulkhead-cli baseline: " << CheckText::printable(host.name, 80) << ": " << observed.errorMessage()
                << "; nothing was accepted\n";
            return Cli::HostsFailed;
        }
        for (const QString& process : std::as_const(observed->processes))
            processes.insert(process);
        for (const QString& socket : std::as_const(observed->sockets))
            sockets.insert(socket);
        ++used;
    }
    if (used == 0) {
        err << "bulkhead-cli baseline: scan " << scanId << " has no evidence from a host of zone '"
            << CheckText::printable(zoneName, 80) << "'\n";
        return Cli::Usage;
    }
    baseline.processes = QStringList(processes.cbegin(), processes.cend());
    baseline.sockets = QStringList(sockets.cbegin(), sockets.cend());
    baseline.processes.sort();
    baseline.sockets.sort();
    if (auto stored = workspace->setZoneBaseline(zoneName, baseline); !stored) {
        err << "bulkhead-cli baseline: " << stored.errorMessage() << "\n";
        return Cli::WorkspaceError;
    }
    out << "Zone " << CheckText::printable(zoneName, 80) << ": baseline of " << baseline.processes.size()
        << " process names and " << baseline.sockets.size() << " listening sockets from " << used << " host(s) of scan "
        << scanId << " accepted.\n"
        << "Run 'bulkhead-cli evaluate' to judge stored scans against it.\n";
    return Cli::Ok;
}

int WorkspaceCommand::log(const QStringList& arguments, QTextStream& out, QTextStream& err)
{
    const QString command = QStringLiteral("log");
    QCommandLineParser parser;
    parser.addOptions({workspaceOption()});
    if (!parseWithWorkspace(parser, command, arguments, err))
        return Cli::Usage;
    const auto workspace = openWorkspace(parser, command, err);
    if (!workspace)
        return Cli::WorkspaceError;
    auto entries = workspace->activity();
    if (!entries) {
        err << "bulkhead-cli log: " << entries.errorMessage() << "\n";
        return Cli::WorkspaceError;
    }
    for (const ActivityEntry& entry : entries.value()) {
        out << entry.seq << "  " << entry.timeUtc.toString(Qt::ISODateWithMs) << "  "
            << CheckText::printable(entry.actor, 80) << "  " << entry.action << "  "
            << CheckText::printable(entry.subject, 120) << "  " << entry.sha256.left(16) << "\n";
    }
    return Cli::Ok;
}

} // namespace bulkhead
