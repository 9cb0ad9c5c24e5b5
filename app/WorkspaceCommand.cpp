// SPDX-License-Identifier: GPL-3.0-or-later
#include "WorkspaceCommand.h"

#include "Cli.h"
#include "CommandLine.h"
#include "checks/BaselineRules.h"
#include "checks/CheckText.h"
#include "checks/Evaluator.h"
#include "checks/HostEvidence.h"
#include "export/BinderManifest.h"
#include "store/Workspace.h"

#include <QCryptographicHash>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
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

// --binder FILE after the workspace verified: ties the PDF to a `binder.exported` entry, checks its manifest
// against that entry and the log, and says whether the workspace's findings moved on since. A workspace that
// changed since is a notice (exit 0): the binder is still the one exported, of the state it names.
int checkBinder(const Workspace& workspace, const QVector<ActivityEntry>& log, const QString& path, QTextStream& out,
                QTextStream& err)
{
    const QString shownPath = CheckText::printable(path, 120);
    QFile file(path);
    if (!QFileInfo(path).isFile() || !file.open(QIODevice::ReadOnly)) {
        err << "bulkhead-cli verify: cannot read the binder " << shownPath << ": " << file.errorString() << "\n";
        return Cli::WorkspaceError;
    }
    const QByteArray bytes = file.readAll();
    const QString pdfSha256 = QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex());
    const ActivityEntry* exported = nullptr;
    for (const ActivityEntry& entry : log) {
        if (entry.action == QLatin1String("binder.exported") && entry.subject == QLatin1String("binder:") + pdfSha256)
            exported = &entry;
    }
    if (exported == nullptr) {
        if (!bytes.startsWith("%PDF-")) {
            err << "bulkhead-cli verify: " << shownPath << " is not a PDF file, so not a binder\n";
            return Cli::WorkspaceError;
        }
        out << "ALTERED binder " << shownPath << " (sha256 " << pdfSha256
            << "): the binder was not exported from this workspace or was altered after export\n";
        return Cli::Tampered;
    }
    const QJsonObject details = QJsonDocument::fromJson(exported->details.toUtf8()).object();
    auto manifest = BinderManifest::fromPdf(bytes);
    if (!manifest) {
        out << "ALTERED binder " << shownPath << ": " << manifest.errorMessage() << "\n";
        return Cli::Tampered;
    }
    QStringList disagreements;
    if (manifest->logSeq != details.value(QStringLiteral("logSeq")).toInteger())
        disagreements << QStringLiteral("log entry");
    if (manifest->logHeadSha256 != details.value(QStringLiteral("logHeadSha256")).toString())
        disagreements << QStringLiteral("log head");
    if (manifest->findingsSha256 != details.value(QStringLiteral("findingsSha256")).toString())
        disagreements << QStringLiteral("findings digest");
    const bool headKnown = manifest->logSeq >= 1 && manifest->logSeq <= log.size() &&
                           log.at(manifest->logSeq - 1).sha256 == manifest->logHeadSha256;
    if (!headKnown)
        disagreements << QStringLiteral("log entry %1's hash").arg(manifest->logSeq);
    if (!disagreements.isEmpty()) {
        out << "ALTERED binder " << shownPath << ": its manifest disagrees with the export's log entry "
            << exported->seq << " (" << disagreements.join(QLatin1String(", ")) << ")\n";
        return Cli::Tampered;
    }
    out << "Binder: " << shownPath << " was exported by entry " << exported->seq
        << " and shows the workspace as of entry " << manifest->logSeq << " (" << manifest->findings << " findings"
        << (manifest->zones.isEmpty()
                ? QString()
                : QStringLiteral(", zones ") + CheckText::printable(manifest->zones.join(QLatin1String(", ")), 200))
        << ").\n";
    auto now = BinderManifest::binderFindings(workspace, manifest->zones, QDateTime::currentDateTimeUtc());
    if (!now) {
        err << "bulkhead-cli verify: " << now.errorMessage() << "\n";
        return Cli::WorkspaceError;
    }
    if (BinderManifest::findingsDigest(now.value()) == manifest->findingsSha256) {
        out << "Verified: the binder matches the workspace's current findings.\n";
        return Cli::Ok;
    }
    QMap<QString, int> since; // "scan.*" -> count
    for (const ActivityEntry& entry : log) {
        if (entry.seq > manifest->logSeq && entry.seq != exported->seq)
            ++since[entry.action.section(QLatin1Char('.'), 0, 0) + QLatin1String(".*")];
    }
    QStringList kinds;
    for (auto it = since.cbegin(); it != since.cend(); ++it)
        kinds << QStringLiteral("%1 %2").arg(it.value()).arg(it.key());
    out << "Notice: the workspace's findings changed since; the binder shows the workspace as of entry "
        << manifest->logSeq << "; appended since: "
        << (kinds.isEmpty() ? QStringLiteral("nothing (a waiver or attestation expired)")
                            : kinds.join(QLatin1String(", ")))
        << ".\n";
    return Cli::Ok;
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
        "            [--binder OUT.pdf]  also check that a binder was exported from this workspace, unaltered,\n"
        "            and whether the workspace's findings changed since (a notice, exit 0)\n"
        "  engagement  Print the engagement the binder's cover names, or set some of its fields.\n"
        "            --workspace FILE [--title T] [--client C] [--auditor A] [--from YYYY-MM-DD]\n"
        "            [--to YYYY-MM-DD] [--reference R]  (an empty value clears a field)\n"
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
    const QCommandLineOption binderOption(QStringLiteral("binder"),
                                          QStringLiteral("A binder PDF to check against the workspace."),
                                          QStringLiteral("OUT.pdf"));
    parser.addOptions({workspaceOption(), headOption, binderOption});
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
        if (!parser.isSet(binderOption))
            return Cli::Ok;
        auto log = workspace->activity();
        if (!log) {
            err << "bulkhead-cli verify: " << log.errorMessage() << "\n";
            return Cli::WorkspaceError;
        }
        return checkBinder(*workspace, log.value(), parser.value(binderOption), out, err);
    }
    for (const QString& problem : std::as_const(problems))
        out << "ALTERED " << problem << "\n";
    out << problems.size() << " problem(s): this workspace was changed outside Bulkhead.\n";
    if (parser.isSet(binderOption))
        out << "The binder was not checked: the log it would be checked against cannot be trusted.\n";
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

int WorkspaceCommand::engagement(const QStringList& arguments, QTextStream& out, QTextStream& err)
{
    const QString command = QStringLiteral("engagement");
    QCommandLineParser parser;
    const QCommandLineOption title(QStringLiteral("title"), QStringLiteral("The audit's title."), QStringLiteral("T"));
    const QCommandLineOption client(QStringLiteral("client"), QStringLiteral("The client."), QStringLiteral("C"));
    const QCommandLineOption auditor(QStringLiteral("auditor"), QStringLiteral("The auditor."), QStringLiteral("A"));
    const QCommandLineOption from(QStringLiteral("from"), QStringLiteral("First day of the period."),
                                  QStringLiteral("YYYY-MM-DD"));
    const QCommandLineOption to(QStringLiteral("to"), QStringLiteral("Last day of the period."),
                                QStringLiteral("YYYY-MM-DD"));
    const QCommandLineOption reference(QStringLiteral("reference"), QStringLiteral("The engagement's reference."),
                                       QStringLiteral("R"));
    parser.addOptions({workspaceOption(), title, client, auditor, from, to, reference});
    if (!parseWithWorkspace(parser, command, arguments, err))
        return Cli::Usage;
    auto date = [&](const QCommandLineOption& option, QDate& into) {
        const QString text = parser.value(option);
        if (text.isEmpty()) {
            into = QDate();
            return true;
        }
        into = QDate::fromString(text, QStringLiteral("yyyy-MM-dd"));
        if (!into.isValid())
            err << "bulkhead-cli engagement: --" << option.names().constFirst() << " takes a date as YYYY-MM-DD, not '"
                << CheckText::printable(text, 40) << "'\n";
        return into.isValid();
    };
    const auto workspace = openWorkspace(parser, command, err);
    if (!workspace)
        return Cli::WorkspaceError;
    auto current = workspace->engagement();
    if (!current) {
        err << "bulkhead-cli engagement: " << current.errorMessage() << "\n";
        return Cli::WorkspaceError;
    }
    Engagement engagement = current.value();
    bool setting = false;
    const std::pair<const QCommandLineOption*, QString*> texts[] = {{&title, &engagement.title},
                                                                    {&client, &engagement.client},
                                                                    {&auditor, &engagement.auditor},
                                                                    {&reference, &engagement.reference}};
    for (const auto& [option, field] : texts) {
        if (parser.isSet(*option)) {
            *field = parser.value(*option);
            setting = true;
        }
    }
    for (const auto& [option, field] : {std::pair{&from, &engagement.periodStart}, {&to, &engagement.periodEnd}}) {
        if (parser.isSet(*option)) {
            if (!date(*option, *field))
                return Cli::Usage;
            setting = true;
        }
    }
    if (setting) {
        if (auto stored = workspace->setEngagement(engagement); !stored) {
            err << "bulkhead-cli engagement: " << stored.errorMessage() << "\n";
            return stored.errorMessage().startsWith(QLatin1String("The engagement")) ? Cli::Usage : Cli::WorkspaceError;
        }
    }
    auto shown = [](const QString& text) {
        return text.isEmpty() ? QStringLiteral("-") : CheckText::printable(text, 200);
    };
    auto day = [](const QDate& when) { return when.isValid() ? when.toString(Qt::ISODate) : QStringLiteral("-"); };
    out << "Title:     " << shown(engagement.title) << "\n"
        << "Client:    " << shown(engagement.client) << "\n"
        << "Auditor:   " << shown(engagement.auditor) << "\n"
        << "Period:    " << day(engagement.periodStart) << " to " << day(engagement.periodEnd) << "\n"
        << "Reference: " << shown(engagement.reference) << "\n";
    return Cli::Ok;
}

} // namespace bulkhead
