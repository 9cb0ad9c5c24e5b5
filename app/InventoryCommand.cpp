// SPDX-License-Identifier: GPL-3.0-or-later
#include "InventoryCommand.h"

#include "Cli.h"
#include "inventory/AnsibleInventoryImporter.h"
#include "inventory/InventoryParser.h"
#include "inventory/InventorySshConfig.h"
#include "inventory/InventoryText.h"
#include "inventory/InventoryWriter.h"
#include "inventory/SshConfigImporter.h"
#include "ssh/SshConfig.h"
#include "store/Workspace.h"

#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>

#include <algorithm>

namespace bulkhead {

namespace {

void printDiagnostics(const InventoryDiagnostics& diagnostics, const QString& prefix, QTextStream& err)
{
    for (const InventoryDiagnostic& diagnostic : diagnostics)
        err << prefix << diagnostic.toString() << "\n";
}

bool parseArguments(QCommandLineParser& parser, const QString& command, const QStringList& arguments, QTextStream& err)
{
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    QStringList argv = arguments;
    argv.prepend(QStringLiteral("bulkhead-cli inventory ") + command);
    if (!parser.parse(argv)) {
        err << "bulkhead-cli inventory " << command << ": " << parser.errorText() << "\nTry 'bulkhead-cli --help'.\n";
        return false;
    }
    return true;
}

// One line per value, continuation lines indented: a rationale may span lines.
QString indented(const QString& text, const QString& indent)
{
    QStringList lines = text.trimmed().split(u'\n');
    for (QString& line : lines)
        line = InventoryText::shown(line, 1000);
    return lines.join(QLatin1Char('\n') + indent);
}

int show(const QStringList& arguments, QTextStream& out, QTextStream& err)
{
    QCommandLineParser parser;
    const QCommandLineOption zoneOption(QStringLiteral("zone"), QStringLiteral("Only this zone."),
                                        QStringLiteral("NAME"));
    parser.addOption(zoneOption);
    if (!parseArguments(parser, QStringLiteral("show"), arguments, err))
        return Cli::Usage;
    if (parser.positionalArguments().size() != 1) {
        err << "bulkhead-cli inventory show: give one inventory file\nTry 'bulkhead-cli --help'.\n";
        return Cli::Usage;
    }
    const QString file = parser.positionalArguments().front();
    InventoryDiagnostics warnings;
    Result<Inventory> loaded = InventoryParser::load(file, &warnings);
    if (!loaded) {
        err << loaded.errorMessage() << "\n";
        return Cli::Usage;
    }
    printDiagnostics(warnings, QString(), err);
    Inventory inventory = loaded.value();
    if (parser.isSet(zoneOption)) {
        Result<Inventory> restricted = inventory.restrictedTo(parser.values(zoneOption));
        if (!restricted) {
            err << "bulkhead-cli inventory show: " << restricted.errorMessage() << "\n";
            return Cli::Usage;
        }
        inventory = restricted.value();
    }
    out << QDir::toNativeSeparators(file) << ": " << inventory.zones.size()
        << (inventory.zones.size() == 1 ? " zone, " : " zones, ") << inventory.hosts.size()
        << (inventory.hosts.size() == 1 ? " host\n" : " hosts\n");
    for (const Zone& zone : inventory.zones) {
        const QVector<InventoryHost> hosts = inventory.hostsInZone(zone.name);
        out << "\nzone " << zone.name << ": "
            << (zone.scope == ZoneScope::In ? "in scope" : "out of scope (scanned only when named with --zone)") << ", "
            << hosts.size() << (hosts.size() == 1 ? " host\n" : " hosts\n");
        out << "  rationale: " << indented(zone.rationale, QStringLiteral("             ")) << "\n";
        const auto list = [&out](const char* label, const QStringList& values) {
            if (!values.isEmpty())
                out << "  " << label << ": " << InventoryText::shown(values.join(QStringLiteral(", ")), 2000) << "\n";
        };
        list("approved registries", zone.approvedRegistries);
        list("approved users", zone.approvedUsers);
        list("required log targets", zone.requiredLogTargets);
        for (const InventoryHost& host : hosts) {
            out << "  host " << host.name << "  " << host.spec().toString() << "  access "
                << accessModeName(host.access);
            if (!host.identity.isEmpty())
                out << "  identity " << InventoryText::shown(host.identity);
            if (!host.proxyJump.isEmpty())
                out << "  via " << host.proxyJump;
            if (!host.labels.isEmpty()) {
                QStringList labels;
                for (auto it = host.labels.cbegin(); it != host.labels.cend(); ++it)
                    labels << it.key() + QLatin1Char('=') + InventoryText::shown(it.value(), 200);
                out << "  labels " << labels.join(QStringLiteral(", "));
            }
            out << "\n";
        }
    }
    return Cli::Ok;
}

int import(const QStringList& arguments, QTextStream& out, QTextStream& err)
{
    QCommandLineParser parser;
    const QCommandLineOption fromOption(QStringLiteral("from"), QStringLiteral("ssh-config or ansible."),
                                        QStringLiteral("KIND"));
    const QCommandLineOption outputOption(QStringList{QStringLiteral("output"), QStringLiteral("o")},
                                          QStringLiteral("Inventory file to write."), QStringLiteral("FILE"));
    const QCommandLineOption zoneOption(QStringLiteral("zone"), QStringLiteral("Zone of the imported hosts."),
                                        QStringLiteral("NAME"), QStringLiteral("imported"));
    const QCommandLineOption scopeOption(QStringLiteral("scope"), QStringLiteral("in or out."),
                                         QStringLiteral("SCOPE"));
    const QCommandLineOption rationaleOption(QStringLiteral("rationale"), QStringLiteral("Why the zone is in or out."),
                                             QStringLiteral("TEXT"));
    const QCommandLineOption forceOption(QStringLiteral("force"), QStringLiteral("Replace an existing output file."));
    parser.addOptions({fromOption, outputOption, zoneOption, scopeOption, rationaleOption, forceOption});
    if (!parseArguments(parser, QStringLiteral("import"), arguments, err))
        return Cli::Usage;
    const QString kind = parser.value(fromOption);
    if (kind != QLatin1String("ssh-config") && kind != QLatin1String("ansible")) {
        err << "bulkhead-cli inventory import: --from must be ssh-config or ansible\nTry 'bulkhead-cli --help'.\n";
        return Cli::Usage;
    }
    if (!parser.isSet(outputOption) || parser.value(outputOption).isEmpty()) {
        err << "bulkhead-cli inventory import: --output is required\nTry 'bulkhead-cli --help'.\n";
        return Cli::Usage;
    }
    const QStringList positional = parser.positionalArguments();
    if (positional.size() > 1 || (positional.isEmpty() && kind == QLatin1String("ansible"))) {
        err << "bulkhead-cli inventory import: give one file to import"
            << (kind == QLatin1String("ssh-config") ? " (default ~/.ssh/config)" : "") << "\n";
        return Cli::Usage;
    }
    const QString source =
        positional.isEmpty() ? QDir::home().filePath(QStringLiteral(".ssh/config")) : positional.front();

    Zone zone;
    zone.name = parser.value(zoneOption);
    if (parser.isSet(scopeOption)) {
        zone.scope = zoneScopeFromString(parser.value(scopeOption));
        if (!zone.scope) {
            err << "bulkhead-cli inventory import: --scope must be in or out\n";
            return Cli::Usage;
        }
    }
    zone.rationale = parser.value(rationaleOption);

    const Result<HostImport> imported = kind == QLatin1String("ssh-config")
                                            ? SshConfigImporter::importFile(source)
                                            : AnsibleInventoryImporter::importFile(source);
    if (!imported) {
        err << "bulkhead-cli inventory import: " << imported.errorMessage() << "\n";
        return Cli::Usage;
    }
    printDiagnostics(imported->diagnostics, QString(), err);
    if (imported->hosts.isEmpty()) {
        err << "bulkhead-cli inventory import: no hosts to import from " << QDir::toNativeSeparators(source) << "\n";
        return Cli::Usage;
    }

    Inventory inventory;
    inventory.zones << zone;
    for (InventoryHost host : imported->hosts) {
        host.zone = zone.name;
        host.where = {};
        inventory.hosts << host;
    }
    // The zone is the auditor's decision: refuse a bad name now; scope and rationale may stay open.
    for (const InventoryDiagnostic& problem : inventory.validate()) {
        const bool open = problem.message.contains(QLatin1String("has no scope")) ||
                          problem.message.contains(QLatin1String("has no rationale"));
        if (problem.level == InventoryDiagnostic::Level::Error && !open) {
            err << "bulkhead-cli inventory import: " << problem.message << "\n";
            return Cli::Usage;
        }
    }

    const QString output = parser.value(outputOption);
    if (QFileInfo::exists(output) && !parser.isSet(forceOption)) {
        err << "bulkhead-cli inventory import: " << QDir::toNativeSeparators(output)
            << " exists; give --force to replace it\n";
        return Cli::WorkspaceError;
    }
    if (auto written = InventoryWriter::write(inventory, output); !written) {
        err << "bulkhead-cli inventory import: " << written.errorMessage() << "\n";
        return Cli::WorkspaceError;
    }
    out << "imported " << inventory.hosts.size() << (inventory.hosts.size() == 1 ? " host" : " hosts") << " from "
        << QDir::toNativeSeparators(source) << " into " << QDir::toNativeSeparators(output) << ", zone '" << zone.name
        << "'\n";
    // Say exactly what is left to decide, where, before the file can be scanned.
    const InventoryParseResult reread = InventoryParser::analyze(InventoryWriter::toYaml(inventory), output);
    bool first = true;
    for (const InventoryDiagnostic& diagnostic : reread.diagnostics) {
        if (diagnostic.level != InventoryDiagnostic::Level::Error)
            continue;
        if (first)
            out << "before a scan, decide:\n";
        first = false;
        out << "  " << diagnostic.toString() << "\n";
    }
    return Cli::Ok;
}

} // namespace

int InventoryCommand::run(const QStringList& arguments, QTextStream& out, QTextStream& err)
{
    if (arguments.isEmpty()) {
        err << "bulkhead-cli inventory: give import or show\nTry 'bulkhead-cli --help'.\n";
        return Cli::Usage;
    }
    const QString& sub = arguments.front();
    if (sub == QLatin1String("show"))
        return show(arguments.mid(1), out, err);
    if (sub == QLatin1String("import"))
        return import(arguments.mid(1), out, err);
    err << "bulkhead-cli inventory: unknown subcommand '" << InventoryText::shown(sub)
        << "' (import or show)\nTry 'bulkhead-cli --help'.\n";
    return Cli::Usage;
}

} // namespace bulkhead
