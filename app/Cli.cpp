// SPDX-License-Identifier: GPL-3.0-or-later
#include "Cli.h"

#include "CommandLine.h"

#include "ConnectionOptions.h"
#include "EvidenceCommand.h"
#include "ExportCommand.h"
#include "InventoryCommand.h"
#include "RemediateCommand.h"
#include "ReviewCommand.h"
#include "WatchCommand.h"
#include "WorkspaceCommand.h"
#include "export/ExportSnapshot.h"
#include "export/FindingsExport.h"
#include "probes/ProbeCommands.h"
#include "report/BinderWriter.h"
#include "scan/FleetScanner.h"
#include "scan/InventoryScanPlan.h"
#include "ssh/ConnectionSummary.h"
#include "ssh/CredentialSources.h"
#include "ssh/SshConfig.h"
#include "store/Workspace.h"

#include <QCommandLineParser>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSaveFile>
#include <QSet>

#include <sys/ioctl.h>
#include <unistd.h>

#include <map>

namespace bulkhead {

namespace {

QString hostStateWord(HostScanState state)
{
    switch (state) {
    case HostScanState::Done:
        return QStringLiteral("scanned");
    case HostScanState::Partial:
        return QStringLiteral("partial");
    case HostScanState::Failed:
        return QStringLiteral("failed");
    case HostScanState::Cancelled:
        return QStringLiteral("cancelled");
    case HostScanState::Pending:
    case HostScanState::Running:
        break;
    }
    return QStringLiteral("not scanned");
}

// Per-host progress of a fleet scan on stderr. On a terminal: a finished host gets a permanent line,
// and below them a live block (one line per running host and a count) is redrawn in place. Otherwise
// plain lines only: a host's start and its end. The scanner calls in one host event at a time.
class HostProgressPrinter
{
public:
    HostProgressPrinter(QTextStream& err, const QVector<HostSpec>& hosts, bool terminal)
        : m_err(err)
        , m_hosts(hosts)
        , m_terminal(terminal)
    {
        winsize size{};
        if (terminal && ioctl(STDERR_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 20)
            m_width = size.ws_col;
    }

    void update(int hostIndex, const QString& step, double fraction)
    {
        const bool end = hostScanStateFromString(step).has_value();
        const QString line = QStringLiteral("[%1/%2] %3 %4 (%5%)")
                                 .arg(hostIndex + 1)
                                 .arg(m_hosts.size())
                                 .arg(m_hosts.at(hostIndex).toString(), step)
                                 .arg(qRound(fraction * 100));
        if (!m_terminal) {
            if (end || !m_started.contains(hostIndex))
                m_err << line << "\n";
            m_started.insert(hostIndex);
            m_err.flush();
            return;
        }
        clearLive();
        if (end) {
            m_running.erase(hostIndex);
            ++m_finished;
            m_err << fit(line) << "\n";
        } else {
            m_running[hostIndex] = line;
        }
        for (const auto& [index, text] : m_running)
            m_err << fit(text) << "\n";
        m_err << fit(QStringLiteral("%1 of %2 hosts finished, %3 running")
                         .arg(m_finished)
                         .arg(m_hosts.size())
                         .arg(m_running.size()))
              << "\n";
        m_liveLines = static_cast<int>(m_running.size()) + 1;
        m_err.flush();
    }

    // Removes the live block (before the summary is printed).
    void finish()
    {
        clearLive();
        m_err.flush();
    }

private:
    void clearLive()
    {
        if (m_liveLines > 0)
            m_err << "\x1b[" << m_liveLines << "A\r\x1b[J";
        m_liveLines = 0;
    }
    // A wrapped line would break the cursor arithmetic.
    QString fit(const QString& text) const
    {
        return text.size() < m_width ? text : text.left(m_width - 2) + QChar(0x2026);
    }

    QTextStream& m_err;
    const QVector<HostSpec>& m_hosts;
    const bool m_terminal;
    int m_width = 80;
    std::map<int, QString> m_running; // by host index: the block lists hosts in request order
    QSet<int> m_started;
    int m_finished = 0;
    int m_liveLines = 0;
};

// How each host will be reached (resolved address, route, keys, what the ssh config set or was
// ignored), one "HOST: ..." line per setting. False when the ssh config makes no host of one.
bool printConnections(const ScanRequest& request, const QString& linePrefix, QTextStream& out, QTextStream& err)
{
    for (const HostSpec& host : request.hosts) {
        auto options = request.sshOptionsFor(host);
        if (!options) {
            err << "bulkhead-cli scan: " << options.error().message << "\n";
            return false;
        }
        for (const QString& line : ConnectionSummary::lines(options.value()))
            out << linePrefix << host.displayName() << ": " << line << "\n";
    }
    return true;
}

} // namespace

Cli::Cli(QTextStream& out, QTextStream& err, const std::atomic<bool>* cancel)
    : m_out(out)
    , m_err(err)
    , m_cancel(cancel)
{}

QString Cli::helpText()
{
    return QStringLiteral(
               "Usage: bulkhead-cli COMMAND [OPTIONS]\n"
               "\n"
               "Bulkhead audits container hosts over SSH and keeps the evidence in a workspace file.\n"
               "\n"
               "Commands:\n"
               "  scan      Collect evidence from hosts over SSH and evaluate the checks.\n"
               "            --workspace FILE --host [USER@]ADDR[:PORT] [--host ...] --identity KEY\n"
               "            --known-hosts FILE [--accept-new] [--connect-timeout S] [--command-timeout S]\n"
               "            [--jobs N]  (hosts scanned at once, 1-64, default 4)\n"
               "            [--ssh-config [FILE]] [--askpass PROG] [--password-auth] [--keepalive S]\n"
               "            [--sudo] [--dry-run]  (sudo -n for privileged probes; print the commands only)\n"
               "            --inventory FILE [--zone NAME ...] instead of --host: the hosts of the\n"
               "            in-scope (or named) zones, each with its own user, port, key and jump host\n"
               "            [--fail-on SEVERITY]  (exit 6 when this scan has a failure at or above it)\n"
               "%1"
               "%2"
               "%3"
               "%4"
               "%5"
               "%6"
               "  findings  Print the current findings (the short form of export).\n"
               "            --workspace FILE [--format json|csv] [--output FILE]\n"
               "  report    Write the audit binder as PDF (and log it in the workspace).\n"
               "            --workspace FILE --pdf OUT.pdf [--zone NAME ...]\n"
               "  sudoers   Print a sudoers allow-list of the probe commands --sudo runs as root.\n"
               "            [--user NAME]\n"
               "  inventory import  Write an inventory from ~/.ssh/config or an Ansible inventory.\n"
               "            --from ssh-config|ansible [FILE] --output INVENTORY.yaml [--zone NAME]\n"
               "            [--scope in|out] [--rationale TEXT] [--force]\n"
               "  inventory show    Check an inventory file and list its zones and hosts.\n"
               "            INVENTORY.yaml [--zone NAME ...]\n"
               "\n"
               "Host keys are checked strictly against --known-hosts: an unknown key is refused unless\n"
               "--accept-new is given (it is then added to the file); a changed key is always refused.\n"
               "--ssh-config resolves each --host as an ssh_config alias (HostName, User, Port,\n"
               "IdentityFile, ProxyJump, ...; default file ~/.ssh/config); the settings used are printed.\n"
               "Passphrases and passwords come from --askpass PROG, $SSH_ASKPASS or the terminal, and\n"
               "are never stored. --password-auth allows password and keyboard-interactive login.\n"
               "\n"
               "Options:\n"
               "  -h, --help     Show this help.\n"
               "  -v, --version  Show the version.\n"
               "\n"
               "Exit status: 0 success; 1 a host could not be fully scanned (one line per host says why);\n"
               "2 usage error (also an inventory with errors: each one as FILE:LINE:COLUMN);\n"
               "3 workspace or output error; 4 cancelled; 5 verify found the workspace (or the binder) altered;\n"
               "6 --fail-on: a finding of the scan (or export) fails at or above the severity (after\n"
               "everything is stored or written; 4 and 3 come first, 6 comes before 1).\n")
        .arg(WatchCommand::helpText(), WorkspaceCommand::helpText(), ReviewCommand::helpText(),
             RemediateCommand::helpText(), EvidenceCommand::helpText(), ExportCommand::helpText());
}

int Cli::run(const QStringList& arguments)
{
    if (arguments.isEmpty()) {
        m_err << helpText();
        return Usage;
    }
    const QString& command = arguments.front();
    const QStringList rest = arguments.mid(1);
    if (command == QLatin1String("--help") || command == QLatin1String("-h") || command == QLatin1String("help")) {
        m_out << helpText();
        return Ok;
    }
    if (command == QLatin1String("--version") || command == QLatin1String("-v")) {
        m_out << "bulkhead-cli " << BULKHEAD_VERSION << "\n";
        return Ok;
    }
    if (rest.contains(QLatin1String("--help")) || rest.contains(QLatin1String("-h"))) {
        m_out << helpText();
        return Ok;
    }
    if (command == QLatin1String("scan"))
        return scan(rest);
    if (command == QLatin1String("watch"))
        return WatchCommand::run(rest, m_out, m_err, m_cancel);
    if (command == QLatin1String("findings"))
        return findings(rest);
    if (command == QLatin1String("export"))
        return ExportCommand::run(rest, m_out, m_err);
    if (command == QLatin1String("report"))
        return report(rest);
    if (command == QLatin1String("inventory"))
        return InventoryCommand::run(rest, m_out, m_err);
    if (command == QLatin1String("sudoers"))
        return sudoers(rest);
    if (command == QLatin1String("verify"))
        return WorkspaceCommand::verify(rest, m_out, m_err);
    if (command == QLatin1String("evaluate"))
        return WorkspaceCommand::evaluate(rest, m_out, m_err);
    if (command == QLatin1String("baseline"))
        return WorkspaceCommand::baseline(rest, m_out, m_err);
    if (command == QLatin1String("log"))
        return WorkspaceCommand::log(rest, m_out, m_err);
    if (command == QLatin1String("engagement"))
        return WorkspaceCommand::engagement(rest, m_out, m_err);
    if (command == QLatin1String("remediate"))
        return RemediateCommand::run(rest, m_out, m_err, m_cancel);
    if (command == QLatin1String("waiver"))
        return ReviewCommand::waiver(rest, m_out, m_err);
    if (command == QLatin1String("attest"))
        return ReviewCommand::attest(rest, m_out, m_err);
    if (command == QLatin1String("score"))
        return ReviewCommand::score(rest, m_out, m_err);
    if (command == QLatin1String("note"))
        return EvidenceCommand::note(rest, m_out, m_err);
    if (command == QLatin1String("attach"))
        return EvidenceCommand::attach(rest, m_out, m_err);
    if (command == QLatin1String("diff"))
        return ReviewCommand::diff(rest, m_out, m_err);
    m_err << "bulkhead-cli: unknown command '" << command << "'\nTry 'bulkhead-cli --help'.\n";
    return Usage;
}

int Cli::scan(const QStringList& arguments)
{
    const QString command = QStringLiteral("scan");
    QCommandLineParser parser;
    const QCommandLineOption hostOption(QStringLiteral("host"), QStringLiteral("Host to scan."),
                                        QStringLiteral("[USER@]ADDR[:PORT]"));
    const ConnectionOptions connection;
    const QCommandLineOption& identityOption = connection.identity;
    const QCommandLineOption& knownHostsOption = connection.knownHosts;
    const QCommandLineOption& acceptNewOption = connection.acceptNew;
    const QCommandLineOption& sshConfigOption = connection.sshConfig;
    const QCommandLineOption& passwordAuthOption = connection.passwordAuth;
    const QCommandLineOption& sudoOption = connection.sudo;
    const QCommandLineOption jobsOption(QStringLiteral("jobs"), QStringLiteral("Hosts scanned at once (1-64)."),
                                        QStringLiteral("N"), QString::number(ScanRequest::DefaultJobs));
    parser.addOptions({workspaceOption(), hostOption, jobsOption});
    connection.addTo(parser);
    const QStringList scanArguments = ConnectionOptions::normalize(arguments);
    const QCommandLineOption dryRunOption(QStringLiteral("dry-run"),
                                          QStringLiteral("Print each host's exact commands; connect to nothing."));
    const QCommandLineOption inventoryOption(
        QStringLiteral("inventory"), QStringLiteral("Scan the hosts of an inventory file."), QStringLiteral("FILE"));
    const QCommandLineOption zoneOption(QStringLiteral("zone"), QStringLiteral("Only this zone of the inventory."),
                                        QStringLiteral("NAME"));
    const QCommandLineOption failOnOption = ExportCommand::failOnOption();
    parser.addOptions({dryRunOption, inventoryOption, zoneOption, failOnOption});
    if (!parseOrExplain(parser, command, scanArguments, m_err))
        return Usage;
    std::optional<Severity> failOn;
    if (parser.isSet(failOnOption)) {
        failOn = ExportCommand::failOnThreshold(parser.value(failOnOption), command, m_err);
        if (!failOn)
            return Usage;
    }
    // --inventory is the alternative to --host: its hosts, zones and per-host settings.
    std::optional<InventoryScanPlan> plan;
    if (parser.isSet(inventoryOption) && parser.isSet(hostOption)) {
        m_err << "bulkhead-cli scan: give --host or --inventory, not both\n";
        return Usage;
    }
    if (parser.isSet(zoneOption) && !parser.isSet(inventoryOption)) {
        m_err << "bulkhead-cli scan: --zone selects zones of an --inventory\n";
        return Usage;
    }
    if (parser.isSet(inventoryOption)) {
        const std::optional<QString> userSshConfig =
            parser.isSet(sshConfigOption) ? std::optional<QString>(parser.value(sshConfigOption)) : std::nullopt;
        auto made = InventoryScanPlan::make(parser.value(inventoryOption), parser.values(zoneOption), userSshConfig);
        if (!made) {
            m_err << "bulkhead-cli scan: " << made.errorMessage() << "\n";
            return Usage;
        }
        plan = std::move(made).value();
        for (const QString& note : plan->notes)
            m_err << "bulkhead-cli scan: " << note << "\n";
    }
    const AccessMode access = parser.isSet(sudoOption) ? AccessMode::Sudo : AccessMode::Direct;
    if (parser.isSet(dryRunOption)) {
        if (parser.isSet(sshConfigOption)) {
            // Where each command would go, as the ssh config resolves the host.
            ScanRequest connections;
            connections.knownHostsFile = parser.value(knownHostsOption);
            connections.identityFile = parser.value(identityOption);
            connections.acceptNew = parser.isSet(acceptNewOption);
            connections.passwordAuth = parser.isSet(passwordAuthOption);
            for (const QString& text : parser.values(hostOption)) {
                if (auto spec = HostSpec::parse(text))
                    connections.hosts.push_back(spec.value());
            }
            auto config = ConnectionOptions::loadSshConfig(parser.value(sshConfigOption), command, m_err);
            if (!config) {
                m_err << "bulkhead-cli scan: " << config.error().message << "\n";
                return Usage;
            }
            connections.sshConfig = config.value();
            if (!printConnections(connections, QStringLiteral("# "), m_out, m_err))
                return Usage;
        }
        if (plan) {
            // Each host with its own access, in inventory order.
            for (qsizetype i = 0; i < plan->hosts.size(); ++i) {
                const int printed = dryRun({plan->hosts.at(i).toString()},
                                           parser.isSet(sudoOption) ? AccessMode::Sudo : plan->access.at(i));
                if (printed != Ok)
                    return printed;
            }
            return Ok;
        }
        return dryRun(parser.values(hostOption), access);
    }
    if (!requireOption(parser, QStringLiteral("workspace"), command, m_err) ||
        (!plan && !requireOption(parser, QStringLiteral("host"), command, m_err)) ||
        !requireOption(parser, QStringLiteral("known-hosts"), command, m_err))
        return Usage;

    ScanRequest request;
    request.workspacePath = parser.value(workspaceOption());
    QString credentialSource;
    if (!connection.apply(parser, command, request, m_err, &credentialSource))
        return Usage;
    request.access = access;
    bool okJobs = false;
    request.jobs = parser.value(jobsOption).toInt(&okJobs);
    if (!okJobs || request.jobs < 1 || request.jobs > ScanRequest::MaxJobs) {
        m_err << "bulkhead-cli scan: --jobs is a whole number from 1 to " << ScanRequest::MaxJobs << "\n";
        return Usage;
    }
    for (const QString& text : parser.values(hostOption)) {
        Result<HostSpec> spec = HostSpec::parse(text);
        if (!spec) {
            m_err << "bulkhead-cli scan: bad --host '" << text << "': " << spec.error().message << "\n";
            return Usage;
        }
        request.hosts.push_back(spec.value());
    }
    if (plan)
        plan->applyTo(request, parser.isSet(sudoOption));
    if (request.sshConfig) {
        // What each host resolved to, before anything connects: the config decides a lot.
        if (!printConnections(request, QString(), m_err, m_err))
            return Usage;
        m_err << "passphrases and passwords from " << credentialSource << "\n";
        m_err.flush();
    }

    if (plan) {
        if (auto recorded = plan->recordZones(request.workspacePath); !recorded) {
            m_err << "bulkhead-cli scan: " << recorded.errorMessage() << "\n";
            return WorkspaceError;
        }
    }

    HostProgressPrinter printer(m_err, request.hosts, isatty(STDERR_FILENO) == 1);
    const ScanProgress progress = [&printer](int hostIndex, const HostSpec&, const QString& step, double fraction) {
        printer.update(hostIndex, step, fraction);
    };

    Result<ScanOutcome> outcome = FleetScanner::run(request, progress, m_cancel);
    printer.finish();
    if (!outcome) {
        m_err << "bulkhead-cli scan: " << outcome.error().message << "\n";
        return WorkspaceError;
    }
    int failed = 0;
    for (const HostOutcome& host : outcome->hosts) {
        const QString summary = QStringLiteral("%1: %2, %3 artifacts, %4 findings")
                                    .arg(host.host.toString(), hostStateWord(host.state))
                                    .arg(host.artifacts)
                                    .arg(host.findings);
        if (host.state == HostScanState::Done) {
            m_out << summary << "\n";
        } else {
            ++failed;
            m_err << host.host.toString() << ": " << hostStateWord(host.state) << ": "
                  << (host.message.isEmpty() ? QStringLiteral("no reason recorded") : host.message) << "\n";
        }
    }
    m_out.flush();
    if (outcome->cancelled)
        return Cancelled;
    if (failOn) {
        // The gate reads what this scan stored, reviewed as the auditor sees it now.
        auto workspace = Workspace::open(request.workspacePath, Workspace::OpenMode::ExistingOnly);
        if (!workspace) {
            m_err << "bulkhead-cli scan: " << workspace.errorMessage() << "\n";
            return WorkspaceError;
        }
        const int gated = ExportCommand::gate(*workspace.value(), outcome->scanId, *failOn, command, m_err);
        if (gated != Ok)
            return gated;
    }
    return failed == 0 ? Ok : HostsFailed;
}

int Cli::findings(const QStringList& arguments)
{
    const QString command = QStringLiteral("findings");
    QCommandLineParser parser;
    const QCommandLineOption formatOption(QStringLiteral("format"), QStringLiteral("json or csv."),
                                          QStringLiteral("FORMAT"), QStringLiteral("json"));
    const QCommandLineOption outputOption(QStringList{QStringLiteral("output"), QStringLiteral("o")},
                                          QStringLiteral("Write to FILE instead of standard output."),
                                          QStringLiteral("FILE"));
    parser.addOptions({workspaceOption(), formatOption, outputOption});
    if (!parseOrExplain(parser, command, arguments, m_err))
        return Usage;
    if (!requireOption(parser, QStringLiteral("workspace"), command, m_err))
        return Usage;
    const QString format = parser.value(formatOption);
    if (format != QLatin1String("json") && format != QLatin1String("csv")) {
        m_err << "bulkhead-cli findings: --format must be json or csv, not '" << format << "'\n";
        return Usage;
    }
    auto workspace = Workspace::open(parser.value(workspaceOption()), Workspace::OpenMode::ExistingOnly);
    if (!workspace) {
        m_err << "bulkhead-cli findings: " << workspace.error().message << "\n";
        return WorkspaceError;
    }
    // As the auditor sees them: waivers and attestations in force now applied.
    Result<QVector<Finding>> list = workspace.value()->reviewedFindings(std::nullopt, QDateTime::currentDateTimeUtc());
    if (!list) {
        m_err << "bulkhead-cli findings: " << list.error().message << "\n";
        return WorkspaceError;
    }
    const QByteArray bytes =
        format == QLatin1String("json") ? FindingsExport::toJson(list.value()) : FindingsExport::toCsv(list.value());
    if (parser.isSet(outputOption)) {
        QSaveFile file(parser.value(outputOption));
        if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit()) {
            m_err << "bulkhead-cli findings: cannot write " << parser.value(outputOption) << ": " << file.errorString()
                  << "\n";
            return WorkspaceError;
        }
        return Ok;
    }
    m_out.flush();
    QFile standardOutput;
    if (!standardOutput.open(stdout, QIODevice::WriteOnly) || standardOutput.write(bytes) != bytes.size()) {
        m_err << "bulkhead-cli findings: cannot write to standard output\n";
        return WorkspaceError;
    }
    return Ok;
}

int Cli::report(const QStringList& arguments)
{
    const QString command = QStringLiteral("report");
    QCommandLineParser parser;
    const QCommandLineOption pdfOption(QStringLiteral("pdf"), QStringLiteral("Output PDF file."),
                                       QStringLiteral("OUT.pdf"));
    const QCommandLineOption zoneOption(
        QStringLiteral("zone"), QStringLiteral("Only the hosts of this zone (repeatable); default: every zone."),
        QStringLiteral("NAME"));
    parser.addOptions({workspaceOption(), pdfOption, zoneOption});
    if (!parseOrExplain(parser, command, arguments, m_err))
        return Usage;
    if (!requireOption(parser, QStringLiteral("workspace"), command, m_err) ||
        !requireOption(parser, QStringLiteral("pdf"), command, m_err))
        return Usage;
    auto workspace = Workspace::open(parser.value(workspaceOption()), Workspace::OpenMode::ExistingOnly);
    if (!workspace) {
        m_err << "bulkhead-cli report: " << workspace.error().message << "\n";
        return WorkspaceError;
    }
    BinderOptions options;
    options.zones = parser.values(zoneOption);
    if (!options.zones.isEmpty()) {
        auto zones = workspace.value()->zones();
        if (!zones) {
            m_err << "bulkhead-cli report: " << zones.error().message << "\n";
            return WorkspaceError;
        }
        if (auto checked = ExportSnapshot::checkZones(zones.value(), options.zones); !checked) {
            m_err << "bulkhead-cli report: " << checked.errorMessage() << "\n";
            return Usage;
        }
    }
    Result<BinderStats> stats = BinderWriter::write(*workspace.value(), parser.value(pdfOption), options);
    if (!stats) {
        m_err << "bulkhead-cli report: " << stats.error().message << "\n";
        return WorkspaceError;
    }
    m_out << "wrote " << parser.value(pdfOption) << ": " << stats->pages << " pages, " << stats->findings
          << " findings, " << stats->artifacts << " artifacts\n";
    return Ok;
}

int Cli::dryRun(const QStringList& hosts, AccessMode mode)
{
    if (hosts.isEmpty()) {
        m_err << "bulkhead-cli scan: --host is required\nTry 'bulkhead-cli --help'.\n";
        return Usage;
    }
    // Exactly what scan would send to each host, probe by probe; nothing is connected or run.
    const QVector<Probe> probes = ProbeCommands::plan(mode);
    for (const QString& text : hosts) {
        Result<HostSpec> spec = HostSpec::parse(text);
        if (!spec) {
            m_err << "bulkhead-cli scan: bad --host '" << text << "': " << spec.error().message << "\n";
            return Usage;
        }
        m_out << "# " << spec->toString() << " (access: " << accessModeName(mode) << ", " << probes.size()
              << " commands)\n";
        for (const Probe& probe : probes) {
            m_out << "# " << probe.name << " [" << componentName(probe.component) << ", privilege "
                  << privilegeName(probe.privilege) << "]\n"
                  << probe.command << "\n";
        }
    }
    return Ok;
}

int Cli::sudoers(const QStringList& arguments)
{
    const QString command = QStringLiteral("sudoers");
    QCommandLineParser parser;
    const QCommandLineOption userOption(
        QStringLiteral("user"), QStringLiteral("The login user (or %group) the rule is for."), QStringLiteral("NAME"));
    parser.addOption(userOption);
    if (!parseOrExplain(parser, command, arguments, m_err))
        return Usage;
    const QString user = parser.value(userOption);
    // A name goes into a sudoers rule as it is: only plain user or %group names.
    static const QRegularExpression plainName(QStringLiteral("^%?[A-Za-z_][A-Za-z0-9_.-]{0,63}$"));
    if (parser.isSet(userOption) && !plainName.match(user).hasMatch()) {
        m_err << "bulkhead-cli sudoers: --user must be a user or %group name (letters, digits, . _ -)\n";
        return Usage;
    }
    m_out << ProbeCommands::sudoersAllowList(user);
    return Ok;
}

} // namespace bulkhead
