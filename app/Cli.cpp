// SPDX-License-Identifier: GPL-3.0-or-later
#include "Cli.h"

#include "export/FindingsExport.h"
#include "report/BinderWriter.h"
#include "scan/FleetScanner.h"
#include "store/Workspace.h"

#include <QCommandLineParser>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

#include <unistd.h>

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

// Parses a subcommand's options; on failure writes the reason to err and returns false.
bool parseOrExplain(QCommandLineParser& parser, const QString& command, const QStringList& arguments, QTextStream& err)
{
    parser.setApplicationDescription(QString());
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    QStringList argv = arguments;
    argv.prepend(QStringLiteral("bulkhead-cli ") + command);
    if (!parser.parse(argv)) {
        err << "bulkhead-cli " << command << ": " << parser.errorText() << "\n"
            << "Try 'bulkhead-cli --help'.\n";
        return false;
    }
    if (!parser.positionalArguments().isEmpty()) {
        err << "bulkhead-cli " << command << ": unexpected argument '" << parser.positionalArguments().front()
            << "'\nTry 'bulkhead-cli --help'.\n";
        return false;
    }
    return true;
}

bool requireOption(const QCommandLineParser& parser, const QString& name, const QString& command, QTextStream& err)
{
    if (parser.isSet(name) && !parser.value(name).isEmpty())
        return true;
    err << "bulkhead-cli " << command << ": --" << name << " is required\nTry 'bulkhead-cli --help'.\n";
    return false;
}

const QCommandLineOption workspaceOption(QStringList{QStringLiteral("workspace"), QStringLiteral("w")},
                                         QStringLiteral("Workspace file (*.bulkhead)."), QStringLiteral("FILE"));

} // namespace

Cli::Cli(QTextStream& out, QTextStream& err, const std::atomic<bool>* cancel)
    : m_out(out)
    , m_err(err)
    , m_cancel(cancel)
{}

QString Cli::helpText()
{
    return QStringLiteral("Usage: bulkhead-cli COMMAND [OPTIONS]\n"
                          "\n"
                          "Bulkhead audits container hosts over SSH and keeps the evidence in a workspace file.\n"
                          "\n"
                          "Commands:\n"
                          "  scan      Collect evidence from hosts over SSH and evaluate the checks.\n"
                          "            --workspace FILE --host [USER@]ADDR[:PORT] [--host ...] --identity KEY\n"
                          "            --known-hosts FILE [--accept-new] [--connect-timeout S] [--command-timeout S]\n"
                          "  findings  Print the current findings.\n"
                          "            --workspace FILE [--format json|csv] [--output FILE]\n"
                          "  report    Write the audit binder as PDF.\n"
                          "            --workspace FILE --pdf OUT.pdf\n"
                          "\n"
                          "Host keys are checked strictly against --known-hosts: an unknown key is refused unless\n"
                          "--accept-new is given (it is then added to the file); a changed key is always refused.\n"
                          "\n"
                          "Options:\n"
                          "  -h, --help     Show this help.\n"
                          "  -v, --version  Show the version.\n"
                          "\n"
                          "Exit status: 0 success; 1 a host could not be fully scanned (one line per host says why);\n"
                          "2 usage error; 3 workspace or output error; 4 cancelled.\n");
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
    if (command == QLatin1String("findings"))
        return findings(rest);
    if (command == QLatin1String("report"))
        return report(rest);
    m_err << "bulkhead-cli: unknown command '" << command << "'\nTry 'bulkhead-cli --help'.\n";
    return Usage;
}

int Cli::scan(const QStringList& arguments)
{
    const QString command = QStringLiteral("scan");
    QCommandLineParser parser;
    const QCommandLineOption hostOption(QStringLiteral("host"), QStringLiteral("Host to scan."),
                                        QStringLiteral("[USER@]ADDR[:PORT]"));
    const QCommandLineOption identityOption(QStringList{QStringLiteral("identity"), QStringLiteral("i")},
                                            QStringLiteral("Private key file."), QStringLiteral("KEY"));
    const QCommandLineOption knownHostsOption(QStringLiteral("known-hosts"), QStringLiteral("known_hosts file."),
                                              QStringLiteral("FILE"));
    const QCommandLineOption acceptNewOption(QStringLiteral("accept-new"),
                                             QStringLiteral("Trust and record unknown host keys."));
    const QCommandLineOption connectTimeoutOption(QStringLiteral("connect-timeout"),
                                                  QStringLiteral("Connect timeout in seconds."), QStringLiteral("S"),
                                                  QStringLiteral("10"));
    const QCommandLineOption commandTimeoutOption(QStringLiteral("command-timeout"),
                                                  QStringLiteral("Per-command timeout in seconds."),
                                                  QStringLiteral("S"), QStringLiteral("120"));
    parser.addOptions({workspaceOption, hostOption, identityOption, knownHostsOption, acceptNewOption,
                       connectTimeoutOption, commandTimeoutOption});
    if (!parseOrExplain(parser, command, arguments, m_err))
        return Usage;
    if (!requireOption(parser, QStringLiteral("workspace"), command, m_err) ||
        !requireOption(parser, QStringLiteral("host"), command, m_err) ||
        !requireOption(parser, QStringLiteral("known-hosts"), command, m_err))
        return Usage;

    ScanRequest request;
    request.workspacePath = parser.value(workspaceOption);
    request.identityFile = parser.value(identityOption);
    request.knownHostsFile = parser.value(knownHostsOption);
    request.acceptNew = parser.isSet(acceptNewOption);
    bool okConnect = false;
    bool okCommand = false;
    const int connectSeconds = parser.value(connectTimeoutOption).toInt(&okConnect);
    const int commandSeconds = parser.value(commandTimeoutOption).toInt(&okCommand);
    if (!okConnect || !okCommand || connectSeconds <= 0 || commandSeconds <= 0 || connectSeconds > 3600 ||
        commandSeconds > 86400) {
        m_err << "bulkhead-cli scan: timeouts are whole seconds (connect 1-3600, command 1-86400)\n";
        return Usage;
    }
    request.connectTimeoutMs = connectSeconds * 1000;
    request.limits.timeoutMs = commandSeconds * 1000;
    for (const QString& text : parser.values(hostOption)) {
        Result<HostSpec> spec = HostSpec::parse(text);
        if (!spec) {
            m_err << "bulkhead-cli scan: bad --host '" << text << "': " << spec.error().message << "\n";
            return Usage;
        }
        request.hosts.push_back(spec.value());
    }
    if (!request.identityFile.isEmpty() && !QFileInfo(request.identityFile).isReadable()) {
        m_err << "bulkhead-cli scan: cannot read identity file " << request.identityFile << "\n";
        return Usage;
    }

    const bool terminal = isatty(STDERR_FILENO) == 1;
    int lastHost = -1;
    const ScanProgress progress = [&](int hostIndex, const HostSpec& host, const QString& step, double fraction) {
        const QString line = QStringLiteral("[%1/%2] %3 %4 (%5%)")
                                 .arg(hostIndex + 1)
                                 .arg(request.hosts.size())
                                 .arg(host.toString(), step)
                                 .arg(qRound(fraction * 100));
        if (terminal) {
            // One line that updates in place while a host is worked on.
            m_err << "\r\x1b[K" << line;
            if (step == QLatin1String("done") || step == QLatin1String("failed"))
                m_err << "\n";
        } else if (hostIndex != lastHost || step == QLatin1String("done") || step == QLatin1String("failed")) {
            m_err << line << "\n";
        }
        lastHost = hostIndex;
        m_err.flush();
    };

    Result<ScanOutcome> outcome = FleetScanner::run(request, progress, m_cancel);
    if (terminal)
        m_err << "\r\x1b[K";
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
    parser.addOptions({workspaceOption, formatOption, outputOption});
    if (!parseOrExplain(parser, command, arguments, m_err))
        return Usage;
    if (!requireOption(parser, QStringLiteral("workspace"), command, m_err))
        return Usage;
    const QString format = parser.value(formatOption);
    if (format != QLatin1String("json") && format != QLatin1String("csv")) {
        m_err << "bulkhead-cli findings: --format must be json or csv, not '" << format << "'\n";
        return Usage;
    }
    auto workspace = Workspace::open(parser.value(workspaceOption), Workspace::OpenMode::ExistingOnly);
    if (!workspace) {
        m_err << "bulkhead-cli findings: " << workspace.error().message << "\n";
        return WorkspaceError;
    }
    Result<QVector<Finding>> list = workspace.value()->findings();
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
    parser.addOptions({workspaceOption, pdfOption});
    if (!parseOrExplain(parser, command, arguments, m_err))
        return Usage;
    if (!requireOption(parser, QStringLiteral("workspace"), command, m_err) ||
        !requireOption(parser, QStringLiteral("pdf"), command, m_err))
        return Usage;
    auto workspace = Workspace::open(parser.value(workspaceOption), Workspace::OpenMode::ExistingOnly);
    if (!workspace) {
        m_err << "bulkhead-cli report: " << workspace.error().message << "\n";
        return WorkspaceError;
    }
    Result<BinderStats> stats = BinderWriter::write(*workspace.value(), parser.value(pdfOption));
    if (!stats) {
        m_err << "bulkhead-cli report: " << stats.error().message << "\n";
        return WorkspaceError;
    }
    m_out << "wrote " << parser.value(pdfOption) << ": " << stats->pages << " pages, " << stats->findings
          << " findings, " << stats->artifacts << " artifacts\n";
    return Ok;
}

} // namespace bulkhead
