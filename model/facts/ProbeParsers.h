// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace bulkhead {

// Which parser reads which probe's output: every probe of the catalog has one. parse() runs it and
// says how many items (containers, files, rules, processes, ...) it read, or why it could not.
// Only for output of a probe that succeeded (ProbeOutcome::Ok); the checks call the typed parsers.
class ProbeParsers
{
public:
    static Result<int> parse(const QString& probe, const QByteArray& output);
    static bool has(const QString& probe);
    static QStringList probes(); // every probe name with a parser
};

} // namespace bulkhead
