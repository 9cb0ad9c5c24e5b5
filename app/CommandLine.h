// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QCommandLineParser>
#include <QStringList>
#include <QTextStream>

#include <memory>

namespace bulkhead {

class Workspace;

// Parses a subcommand's options; on failure writes the reason to err and returns false. Words that are not
// options are refused unless `positional` (attach FILE...).
bool parseOrExplain(QCommandLineParser& parser, const QString& command, const QStringList& arguments, QTextStream& err,
                    bool positional = false);
// An option the subcommand cannot do without; when missing, says so on err and returns false.
bool requireOption(const QCommandLineParser& parser, const QString& name, const QString& command, QTextStream& err);

// The offline subcommands' --workspace FILE (-w).
QCommandLineOption workspaceOption();
// parseOrExplain, then requireOption for --workspace.
bool parseWithWorkspace(QCommandLineParser& parser, const QString& command, const QStringList& arguments,
                        QTextStream& err);
// Opens the existing workspace named by --workspace; on failure says why on err and returns null.
std::unique_ptr<Workspace> openWorkspace(const QCommandLineParser& parser, const QString& command, QTextStream& err);

} // namespace bulkhead
