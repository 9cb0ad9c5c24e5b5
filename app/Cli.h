// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "probes/AccessMode.h"

#include <QStringList>
#include <QTextStream>

#include <atomic>

namespace bulkhead {

// bulkhead-cli: parses arguments and calls the libraries. Exit codes are part of the contract:
// 0 success; 1 a host could not be (fully) scanned; 2 usage error; 3 workspace or output error;
// 4 cancelled; 5 verify found the workspace (or the binder) altered; 6 --fail-on: a finding fails at or above
// the severity.
class Cli
{
public:
    enum ExitCode
    {
        Ok = 0,
        HostsFailed = 1,
        Usage = 2,
        WorkspaceError = 3,
        Cancelled = 4,
        Tampered = 5,          // verify: the workspace was changed outside Bulkhead, or a binder is not one it exported
        FindingsAtOrAbove = 6, // scan/export --fail-on: an unwaived failure at or above the severity
    };

    Cli(QTextStream& out, QTextStream& err, const std::atomic<bool>* cancel);
    int run(const QStringList& arguments);

    static QString helpText();

private:
    int scan(const QStringList& arguments);
    int findings(const QStringList& arguments);
    int report(const QStringList& arguments);
    int sudoers(const QStringList& arguments);
    int dryRun(const QStringList& hosts, AccessMode mode);

    QTextStream& m_out;
    QTextStream& m_err;
    const std::atomic<bool>* m_cancel;
};

} // namespace bulkhead
