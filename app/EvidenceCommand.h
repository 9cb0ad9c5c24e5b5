// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStringList>
#include <QTextStream>

namespace bulkhead {

// Evidence an auditor adds from the command line (issue 5, item 3), to a finding (--finding ID, kept for
// the same check and subject in later scans) or a whole check (--check ID), each in the activity log:
//   note add|list   a note with its author; the notes and files of a subject, newest first
//   attach FILE...  evidence files (at most 20 MiB each), stored in the workspace with their sha256
class EvidenceCommand
{
public:
    static int note(const QStringList& arguments, QTextStream& out, QTextStream& err);
    static int attach(const QStringList& arguments, QTextStream& out, QTextStream& err);
    static QString helpText();
};

} // namespace bulkhead
