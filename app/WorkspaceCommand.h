// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStringList>
#include <QTextStream>

namespace bulkhead {

// The offline commands on a workspace, no network:
//   verify    re-hash the activity log, artifacts, findings and policy against the log (tamper evidence)
//   evaluate  re-evaluate a stored scan with today's checks, zones and baselines
//   baseline  accept a scan's processes and sockets as a zone's baseline
//   log       print the activity log
//   engagement  print or set the engagement the binder's cover names
// Each returns a Cli::ExitCode; verify returns Cli::Tampered when anything changed outside Bulkhead.
class WorkspaceCommand
{
public:
    static int verify(const QStringList& arguments, QTextStream& out, QTextStream& err);
    static int evaluate(const QStringList& arguments, QTextStream& out, QTextStream& err);
    static int baseline(const QStringList& arguments, QTextStream& out, QTextStream& err);
    static int log(const QStringList& arguments, QTextStream& out, QTextStream& err);
    static int engagement(const QStringList& arguments, QTextStream& out, QTextStream& err);
    static QString helpText();
};

} // namespace bulkhead
