// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QCommandLineParser>
#include <QStringList>
#include <QTextStream>

namespace bulkhead {

// Parses a subcommand's options; on failure writes the reason to err and returns false.
bool parseOrExplain(QCommandLineParser& parser, const QString& command, const QStringList& arguments, QTextStream& err);
// An option the subcommand cannot do without; when missing, says so on err and returns false.
bool requireOption(const QCommandLineParser& parser, const QString& name, const QString& command, QTextStream& err);

} // namespace bulkhead
