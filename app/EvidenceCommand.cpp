// SPDX-License-Identifier: GPL-3.0-or-later
#include "EvidenceCommand.h"

#include "Cli.h"
#include "CommandLine.h"
#include "checks/CheckCatalog.h"
#include "core/DisplayText.h"
#include "store/ActivityLog.h"
#include "store/Workspace.h"

#include <optional>

namespace bulkhead {

namespace {

QCommandLineOption valueOption(const char* name, const char* what)
{
    return QCommandLineOption(QLatin1String(name), QLatin1String(what), QStringLiteral("VALUE"));
}

struct Target
{
    EvidenceSubject subject;
    QString description; // "finding 12: container.user-not-root, container "web" on root@host:22"
};

// --finding ID or --check ID, exactly one; the finding must be stored, the check known.
std::optional<Target> resolveTarget(const QCommandLineParser& parser, Workspace& workspace, const QString& command,
                                    QTextStream& err)
{
    const bool byFinding = parser.isSet(QStringLiteral("finding"));
    if (byFinding == parser.isSet(QStringLiteral("check"))) {
        err << "bulkhead-cli " << command << ": give exactly one of --finding, --check\n";
        return std::nullopt;
    }
    if (!byFinding) {
        const QString id = parser.value(QStringLiteral("check"));
        if (!CheckCatalog::instance().find(id)) {
            err << "bulkhead-cli " << command << ": there is no check " << DisplayText::quoted(id, 80) << "\n";
            return std::nullopt;
        }
        return Target{EvidenceSubject::ofCheck(id), QStringLiteral("check ") + id};
    }
    bool ok = false;
    const qint64 id = parser.value(QStringLiteral("finding")).toLongLong(&ok);
    if (!ok || id <= 0) {
        err << "bulkhead-cli " << command << ": --finding takes a finding's number\n";
        return std::nullopt;
    }
    auto finding = workspace.finding(id);
    if (!finding) {
        err << "bulkhead-cli " << command << ": " << finding.errorMessage() << "\n";
        return std::nullopt;
    }
    const Subject& s = finding->subject;
    return Target{EvidenceSubject::ofFinding(finding.value()),
                  QStringLiteral("finding %1: %2, %3 %4 on %5")
                      .arg(id)
                      .arg(finding->checkId, subjectKindToString(s.kind),
                           DisplayText::quoted(s.name.isEmpty() ? s.id : s.name, 80),
                           DisplayText::shown(finding->hostName, 80))};
}

QString authorOf(const QCommandLineParser& parser)
{
    const QString given = parser.value(QStringLiteral("author"));
    return given.isEmpty() ? ActivityLog::currentUser() : given;
}

} // namespace

QString EvidenceCommand::helpText()
{
    return QStringLiteral(
        "  note add  Add a note to a finding (kept for its check and subject in later scans) or a check.\n"
        "            --workspace FILE (--finding ID | --check ID) --text TEXT [--author NAME]\n"
        "  note list The notes and files of a finding or a check, newest first.\n"
        "            --workspace FILE (--finding ID | --check ID)\n"
        "  attach    Keep files (at most 20 MiB each) as evidence of a finding or a check.\n"
        "            --workspace FILE (--finding ID | --check ID) FILE... [--note TEXT] [--author NAME]\n"
        "            (the author defaults to the login name; every addition is in the activity log)\n");
}

int EvidenceCommand::note(const QStringList& arguments, QTextStream& out, QTextStream& err)
{
    const QString command = QStringLiteral("note");
    const QString action = arguments.value(0);
    if (action != QLatin1String("add") && action != QLatin1String("list")) {
        err << "bulkhead-cli note: expected add or list\nTry 'bulkhead-cli --help'.\n";
        return Cli::Usage;
    }
    QCommandLineParser parser;
    parser.addOptions({workspaceOption(), valueOption("finding", "Finding id."), valueOption("check", "Check id."),
                       valueOption("text", "The note."), valueOption("author", "Who writes it.")});
    if (!parseWithWorkspace(parser, command, arguments.mid(1), err))
        return Cli::Usage;
    if (action == QLatin1String("add") && !requireOption(parser, QStringLiteral("text"), command, err))
        return Cli::Usage;
    const auto workspace = openWorkspace(parser, command, err);
    if (!workspace)
        return Cli::WorkspaceError;
    const auto target = resolveTarget(parser, *workspace, command, err);
    if (!target)
        return Cli::Usage;

    if (action == QLatin1String("add")) {
        auto added = workspace->addNote(target->subject, parser.value(QStringLiteral("text")), authorOf(parser));
        if (!added) {
            err << "bulkhead-cli note: " << added.errorMessage() << "\n";
            return Cli::Usage;
        }
        out << "Note " << added.value() << " added to " << target->description << ".\n";
        return Cli::Ok;
    }
    auto list = workspace->evidence(target->subject);
    if (!list) {
        err << "bulkhead-cli note: " << list.errorMessage() << "\n";
        return Cli::WorkspaceError;
    }
    out << "Evidence of " << target->description << " (newest first):\n";
    if (list->isEmpty())
        out << "  none\n";
    for (const Attachment& a : list.value()) {
        out << "  " << a.id << "  " << a.addedUtc.toString(Qt::ISODate) << "  " << DisplayText::shown(a.addedBy, 60);
        if (a.isNote()) {
            out << "  note " << DisplayText::quoted(a.note, 500) << "\n";
            continue;
        }
        out << "  file " << DisplayText::quoted(a.fileName, 120) << "  " << a.size << " bytes  sha256 " << a.sha256;
        if (!a.note.isEmpty())
            out << "  " << DisplayText::quoted(a.note, 300);
        out << "\n";
    }
    return Cli::Ok;
}

int EvidenceCommand::attach(const QStringList& arguments, QTextStream& out, QTextStream& err)
{
    const QString command = QStringLiteral("attach");
    QCommandLineParser parser;
    parser.addOptions({workspaceOption(), valueOption("finding", "Finding id."), valueOption("check", "Check id."),
                       valueOption("note", "What the files show."), valueOption("author", "Who attaches them.")});
    parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("Evidence files."), QStringLiteral("FILE..."));
    if (!parseOrExplain(parser, command, arguments, err, true) ||
        !requireOption(parser, QStringLiteral("workspace"), command, err))
        return Cli::Usage;
    const QStringList files = parser.positionalArguments();
    if (files.isEmpty()) {
        err << "bulkhead-cli attach: name at least one FILE\nTry 'bulkhead-cli --help'.\n";
        return Cli::Usage;
    }
    const auto workspace = openWorkspace(parser, command, err);
    if (!workspace)
        return Cli::WorkspaceError;
    const auto target = resolveTarget(parser, *workspace, command, err);
    if (!target)
        return Cli::Usage;
    auto ids =
        workspace->attachEvidenceFiles(target->subject, files, parser.value(QStringLiteral("note")), authorOf(parser));
    if (!ids) {
        err << "bulkhead-cli attach: " << ids.errorMessage() << "\n";
        return Cli::Usage;
    }
    auto stored = workspace->evidence(target->subject);
    out << "Attached to " << target->description << ":\n";
    for (const Attachment& a : stored ? stored.value() : QVector<Attachment>()) {
        if (ids->contains(a.id))
            out << "  " << a.id << "  " << DisplayText::quoted(a.fileName, 120) << "  " << a.size << " bytes  sha256 "
                << a.sha256 << "\n";
    }
    return Cli::Ok;
}

} // namespace bulkhead
