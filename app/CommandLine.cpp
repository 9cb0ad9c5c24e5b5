// SPDX-License-Identifier: GPL-3.0-or-later
#include "CommandLine.h"

#include "store/Workspace.h"

namespace bulkhead {

bool parseOrExplain(QCommandLineParser& parser, const QString& command, const QStringList& arguments, QTextStream& err,
                    bool positional)
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
    if (!positional && !parser.positionalArguments().isEmpty()) {
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

QCommandLineOption workspaceOption()
{
    return QCommandLineOption(QStringList{QStringLiteral("workspace"), QStringLiteral("w")},
                              QStringLiteral("Workspace file (*.bulkhead)."), QStringLiteral("FILE"));
}

bool parseWithWorkspace(QCommandLineParser& parser, const QString& command, const QStringList& arguments,
                        QTextStream& err)
{
    return parseOrExplain(parser, command, arguments, err) &&
           requireOption(parser, QStringLiteral("workspace"), command, err);
}

std::unique_ptr<Workspace> openWorkspace(const QCommandLineParser& parser, const QString& command, QTextStream& err)
{
    auto workspace = Workspace::open(parser.value(QStringLiteral("workspace")), Workspace::OpenMode::ExistingOnly);
    if (!workspace) {
        err << "bulkhead-cli " << command << ": " << workspace.errorMessage() << "\n";
        return nullptr;
    }
    return std::move(workspace).value();
}

} // namespace bulkhead
