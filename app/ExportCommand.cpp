// SPDX-License-Identifier: GPL-3.0-or-later
#include "ExportCommand.h"

#include "Cli.h"
#include "CommandLine.h"
#include "export/ExportSnapshot.h"
#include "export/ExportWriter.h"
#include "export/SeverityGate.h"
#include "store/Workspace.h"

#include <QDateTime>
#include <QFile>
#include <QSaveFile>

namespace bulkhead {

namespace {

// OUT "-" or none: standard output. A file is replaced only once it is whole.
bool writeOut(const QByteArray& bytes, const QString& path, const QString& command, QTextStream& out, QTextStream& err)
{
    if (!path.isEmpty() && path != QLatin1String("-")) {
        QSaveFile file(path);
        if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit()) {
            err << "bulkhead-cli " << command << ": cannot write " << path << ": " << file.errorString() << "\n";
            return false;
        }
        return true;
    }
    out.flush();
    QFile standardOutput;
    if (!standardOutput.open(stdout, QIODevice::WriteOnly) || standardOutput.write(bytes) != bytes.size() ||
        !standardOutput.flush()) {
        err << "bulkhead-cli " << command << ": cannot write to standard output\n";
        return false;
    }
    return true;
}

} // namespace

QString ExportCommand::helpText()
{
    return QStringLiteral(
        "  export    Write the reviewed findings (waivers and attestations in force applied) for other tools.\n"
        "            --workspace FILE --format json|csv|sarif|junit|oscal [--output OUT] (OUT - or none: stdout)\n"
        "            [--zone NAME ...] (only the hosts of these zones) [--fail-on SEVERITY]\n"
        "            json: everything (zones, hosts, scans, findings with ids, waivers, attestations,\n"
        "            remediations, artifact index, the activity log's head); csv: findings; sarif: SARIF 2.1.0;\n"
        "            junit: JUnit XML, a suite per host; oscal: OSCAL 1.1.2 assessment-results.\n"
        "  --fail-on info|low|medium|high|critical  (scan and export) exit 6 when a finding fails at or\n"
        "            above that severity (fail only: waived, warn and error do not count).\n");
}

QCommandLineOption ExportCommand::failOnOption()
{
    return QCommandLineOption(QStringLiteral("fail-on"),
                              QStringLiteral("Exit 6 when a finding fails at or above this severity."),
                              QStringLiteral("SEVERITY"));
}

std::optional<Severity> ExportCommand::failOnThreshold(const QString& value, const QString& command, QTextStream& err)
{
    const std::optional<Severity> severity = severityFromString(value);
    if (!severity) {
        err << "bulkhead-cli " << command << ": --fail-on must be info, low, medium, high or critical, not '" << value
            << "'\n";
    }
    return severity;
}

int ExportCommand::gate(const Workspace& workspace, std::optional<qint64> scanId, Severity threshold,
                        const QString& command, QTextStream& err)
{
    auto findings = workspace.reviewedFindings(scanId, QDateTime::currentDateTimeUtc(), false);
    if (!findings) {
        err << "bulkhead-cli " << command << ": " << findings.errorMessage() << "\n";
        return Cli::WorkspaceError;
    }
    return gate(findings.value(), threshold, command, err);
}

int ExportCommand::gate(const QVector<Finding>& findings, Severity threshold, const QString& command, QTextStream& err)
{
    const SeverityGate::Outcome outcome = SeverityGate::evaluate(findings, threshold);
    err << "bulkhead-cli " << command << ": " << SeverityGate::summary(outcome, threshold) << "\n";
    err.flush();
    return outcome.tripped() ? Cli::FindingsAtOrAbove : Cli::Ok;
}

int ExportCommand::run(const QStringList& arguments, QTextStream& out, QTextStream& err)
{
    const QString command = QStringLiteral("export");
    QCommandLineParser parser;
    const QCommandLineOption formatOption(QStringLiteral("format"), QStringLiteral("json, csv, sarif, junit or oscal."),
                                          QStringLiteral("FORMAT"));
    const QCommandLineOption outputOption(QStringList{QStringLiteral("output"), QStringLiteral("o")},
                                          QStringLiteral("Write to OUT (- or none: standard output)."),
                                          QStringLiteral("OUT"));
    const QCommandLineOption zoneOption(QStringLiteral("zone"), QStringLiteral("Only the hosts of this zone."),
                                        QStringLiteral("NAME"));
    parser.addOptions({workspaceOption(), formatOption, outputOption, zoneOption, failOnOption()});
    if (!parseWithWorkspace(parser, command, arguments, err) ||
        !requireOption(parser, QStringLiteral("format"), command, err))
        return Cli::Usage;
    const std::optional<ExportWriter::Format> format = ExportWriter::formatFromString(parser.value(formatOption));
    if (!format) {
        err << "bulkhead-cli export: --format must be one of " << ExportWriter::formatNames().join(QStringLiteral(", "))
            << ", not '" << parser.value(formatOption) << "'\n";
        return Cli::Usage;
    }
    std::optional<Severity> threshold;
    if (parser.isSet(QStringLiteral("fail-on"))) {
        threshold = failOnThreshold(parser.value(QStringLiteral("fail-on")), command, err);
        if (!threshold)
            return Cli::Usage;
    }
    const std::unique_ptr<Workspace> workspace = openWorkspace(parser, command, err);
    if (!workspace)
        return Cli::WorkspaceError;
    const QStringList zones = parser.values(zoneOption);
    auto known = workspace->zones();
    if (!known) {
        err << "bulkhead-cli export: " << known.errorMessage() << "\n";
        return Cli::WorkspaceError;
    }
    if (auto checked = ExportSnapshot::checkZones(known.value(), zones); !checked) {
        err << "bulkhead-cli export: " << checked.errorMessage() << "\n";
        return Cli::Usage;
    }
    auto snapshot = ExportSnapshot::read(*workspace, zones, QDateTime::currentDateTimeUtc());
    if (!snapshot) {
        err << "bulkhead-cli export: " << snapshot.errorMessage() << "\n";
        return Cli::WorkspaceError;
    }
    if (!writeOut(ExportWriter::write(*format, snapshot.value()), parser.value(outputOption), command, out, err))
        return Cli::WorkspaceError;
    return threshold ? gate(snapshot->findings, *threshold, command, err) : Cli::Ok;
}

} // namespace bulkhead
