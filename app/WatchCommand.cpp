// SPDX-License-Identifier: GPL-3.0-or-later
#include "WatchCommand.h"

#include "Cli.h"
#include "ConnectionOptions.h"
#include "core/DisplayText.h"
#include "watch/FleetWatcher.h"

#include <QCommandLineParser>
#include <QDateTime>

namespace bulkhead {

namespace {

QString stateWord(HostScanState state)
{
    switch (state) {
    case HostScanState::Done:
        return QStringLiteral("watched");
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
    return QStringLiteral("not watched");
}

QString eventTime(const LifecycleEvent& event)
{
    const QDateTime time = event.timeNano > 0 ? QDateTime::fromMSecsSinceEpoch(event.timeNano / 1000000, Qt::UTC)
                                              : QDateTime::fromSecsSinceEpoch(event.time, Qt::UTC);
    return time.toString(Qt::ISODateWithMs);
}

} // namespace

QString WatchCommand::helpText()
{
    return QStringLiteral(
        "  watch     Store container lifecycle events (create, start, die, stop) with the container's\n"
        "            inspect as evidence, until Ctrl-C / SIGTERM, --duration or --max-events.\n"
        "            --workspace FILE HOST... (or --host HOST ...) --known-hosts FILE [--identity KEY]\n"
        "            [--sudo] [--duration S] [--max-events N] and the connection options of scan\n");
}

int WatchCommand::run(const QStringList& arguments, QTextStream& out, QTextStream& err, const std::atomic<bool>* cancel)
{
    const QString command = QStringLiteral("watch");
    QCommandLineParser parser;
    parser.setApplicationDescription(QString());
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    const QCommandLineOption workspaceOption(QStringList{QStringLiteral("workspace"), QStringLiteral("w")},
                                             QStringLiteral("Workspace file (*.bulkhead)."), QStringLiteral("FILE"));
    const QCommandLineOption hostOption(QStringLiteral("host"), QStringLiteral("Host to watch."),
                                        QStringLiteral("[USER@]ADDR[:PORT]"));
    const QCommandLineOption durationOption(QStringLiteral("duration"), QStringLiteral("Stop after S seconds."),
                                            QStringLiteral("S"));
    const QCommandLineOption maxEventsOption(QStringLiteral("max-events"),
                                             QStringLiteral("Stop after N events stored."), QStringLiteral("N"));
    const ConnectionOptions connection;
    parser.addOptions({workspaceOption, hostOption, durationOption, maxEventsOption});
    connection.addTo(parser);
    QStringList argv = ConnectionOptions::normalize(arguments);
    argv.prepend(QStringLiteral("bulkhead-cli watch"));
    if (!parser.parse(argv)) {
        err << "bulkhead-cli watch: " << parser.errorText() << "\nTry 'bulkhead-cli --help'.\n";
        return Cli::Usage;
    }
    const QStringList hostTexts = parser.values(hostOption) + parser.positionalArguments();
    for (const auto& [name, given] : {std::pair{QStringLiteral("workspace"), parser.isSet(workspaceOption)},
                                      std::pair{QStringLiteral("known-hosts"), parser.isSet(connection.knownHosts)}}) {
        if (!given) {
            err << "bulkhead-cli watch: --" << name << " is required\nTry 'bulkhead-cli --help'.\n";
            return Cli::Usage;
        }
    }
    if (hostTexts.isEmpty()) {
        err << "bulkhead-cli watch: name at least one host\nTry 'bulkhead-cli --help'.\n";
        return Cli::Usage;
    }

    WatchRequest request;
    request.target.workspacePath = parser.value(workspaceOption);
    QString credentialSource;
    if (!connection.apply(parser, command, request.target, err, &credentialSource))
        return Cli::Usage;
    for (const QString& text : hostTexts) {
        Result<HostSpec> spec = HostSpec::parse(text);
        if (!spec) {
            err << "bulkhead-cli watch: bad host " << DisplayText::quoted(text) << ": " << spec.error().message << "\n";
            return Cli::Usage;
        }
        request.target.hosts.push_back(spec.value());
    }
    if (parser.isSet(durationOption)) {
        bool ok = false;
        const qint64 seconds = parser.value(durationOption).toLongLong(&ok);
        if (!ok || seconds < 1 || seconds > 366LL * 86400) {
            err << "bulkhead-cli watch: --duration is whole seconds from 1 to 31622400\n";
            return Cli::Usage;
        }
        request.durationMs = seconds * 1000;
    }
    if (parser.isSet(maxEventsOption)) {
        bool ok = false;
        request.maxEvents = parser.value(maxEventsOption).toInt(&ok);
        if (!ok || request.maxEvents < 1) {
            err << "bulkhead-cli watch: --max-events is a whole number from 1\n";
            return Cli::Usage;
        }
    }

    // Lines on stdout (events) and stderr (hosts, problems): host text always escaped.
    const WatchNotify notify = [&](const WatchNotice& notice) {
        const QString host = notice.host.toString();
        switch (notice.kind) {
        case WatchNotice::Kind::Watching:
            err << host << ": watching (host key " << notice.text << ")\n";
            err.flush();
            break;
        case WatchNotice::Kind::Event:
            out << eventTime(notice.event) << " " << host << " " << notice.event.action << " "
                << DisplayText::quoted(notice.event.name, 100) << " " << notice.event.containerId.left(12)
                << " artifact " << notice.artifactId << "\n";
            out.flush();
            break;
        case WatchNotice::Kind::Problem:
            err << host << ": " << DisplayText::shown(notice.text, 300) << "\n";
            err.flush();
            break;
        case WatchNotice::Kind::Ended:
            break; // summarized below
        }
    };
    Result<WatchOutcome> outcome = FleetWatcher::run(request, notify, cancel);
    if (!outcome) {
        err << "bulkhead-cli watch: " << DisplayText::shown(outcome.error().message, 500) << "\n";
        return Cli::WorkspaceError;
    }
    int failed = 0;
    for (const HostOutcome& host : outcome->hosts) {
        const QString line =
            QStringLiteral("%1: %2: %3")
                .arg(host.host.toString(), stateWord(host.state), DisplayText::shown(host.message, 500));
        failed += host.state == HostScanState::Done ? 0 : 1;
        err << line << "\n";
    }
    err << "watch " << outcome->watchId << ": " << outcome->events << " events stored in "
        << request.target.workspacePath << "\n";
    out.flush();
    err.flush();
    // As scan: a signal's stop first, then whether every host was watched to the end.
    if (outcome->cancelled)
        return Cli::Cancelled;
    return failed == 0 ? Cli::Ok : Cli::HostsFailed;
}

} // namespace bulkhead
