// SPDX-License-Identifier: GPL-3.0-or-later
#include "CommandLine.h"

namespace bulkhead {

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

} // namespace bulkhead
