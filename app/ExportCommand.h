// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/Finding.h"
#include "domain/Status.h"

#include <QCommandLineOption>
#include <QStringList>
#include <QTextStream>

#include <optional>

namespace bulkhead {

class Workspace;

// bulkhead-cli export: the reviewed findings and the registers around them as json, csv, sarif, junit or
// oscal, for the hosts of some zones or all; and the --fail-on gate that export and scan share.
class ExportCommand
{
public:
    static int run(const QStringList& arguments, QTextStream& out, QTextStream& err);
    static QString helpText();

    // --fail-on SEVERITY
    static QCommandLineOption failOnOption();
    // The severity --fail-on names; on a bad one says so on err and returns nullopt (a usage error).
    static std::optional<Severity> failOnThreshold(const QString& value, const QString& command, QTextStream& err);
    // Applies the gate to the reviewed findings of one scan (or the current view): prints one line on err and
    // returns Cli::FindingsAtOrAbove when it trips, Cli::Ok when not, Cli::WorkspaceError when unreadable.
    static int gate(const Workspace& workspace, std::optional<qint64> scanId, Severity threshold,
                    const QString& command, QTextStream& err);
    static int gate(const QVector<Finding>& findings, Severity threshold, const QString& command, QTextStream& err);
};

} // namespace bulkhead
