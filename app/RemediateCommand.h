// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStringList>
#include <QTextStream>

#include <atomic>

namespace bulkhead {

// `bulkhead-cli remediate`: fixes one finding on its host (issue 5, item 6), and lists and undoes
// remediations. Prints the exact plan first; runs it only with --yes (without it: exit 2, nothing ran);
// --dry-run prints and stops. Exit: 0 done and the re-check passes (an undo: done); 1 a command failed, the
// host could not be re-checked, or the finding still does not pass; 2 usage, a finding Bulkhead cannot fix,
// or no --yes (nothing ran); 3 workspace; 4 cancelled.
class RemediateCommand
{
public:
    static int run(const QStringList& arguments, QTextStream& out, QTextStream& err, const std::atomic<bool>* cancel);
    static QString helpText();
};

} // namespace bulkhead
