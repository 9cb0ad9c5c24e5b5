// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStringList>
#include <QTextStream>

#include <atomic>

namespace bulkhead {

// `bulkhead-cli watch --workspace W HOST... [connection options] [--duration S] [--max-events N]`:
// follows container lifecycle events on the hosts (remote/watch/FleetWatcher) and stores each as
// evidence until SIGINT/SIGTERM, the duration or the event limit. One line per event on stdout, host
// text escaped. Returns a Cli::ExitCode: 0 every host watched to the end; 1 a host failed or had lines
// that could not be stored; 2 usage; 3 workspace; 4 stopped by a signal.
class WatchCommand
{
public:
    static int run(const QStringList& arguments, QTextStream& out, QTextStream& err, const std::atomic<bool>* cancel);
    static QString helpText();
};

} // namespace bulkhead
