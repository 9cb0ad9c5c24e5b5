// SPDX-License-Identifier: GPL-3.0-or-later
#include "export/SeverityGate.h"

#include "checks/CheckCatalog.h"

namespace bulkhead {

SeverityGate::Outcome SeverityGate::evaluate(const QVector<Finding>& findings, Severity threshold)
{
    const CheckCatalog& catalog = CheckCatalog::instance();
    Outcome outcome;
    for (const Finding& finding : findings) {
        if (finding.status != Status::Fail)
            continue;
        const CheckDefinition* check = catalog.find(finding.checkId);
        if (!check || check->severity < threshold)
            continue;
        ++outcome.count;
        if (!outcome.worst || check->severity > *outcome.worst)
            outcome.worst = check->severity;
    }
    return outcome;
}

QString SeverityGate::summary(const Outcome& outcome, Severity threshold)
{
    if (!outcome.tripped())
        return QStringLiteral("no failing finding at or above %1").arg(severityToString(threshold));
    return QStringLiteral("%1 failing finding%2 at or above %3 (worst: %4)")
        .arg(outcome.count)
        .arg(outcome.count == 1 ? QString() : QStringLiteral("s"))
        .arg(severityToString(threshold), severityToString(*outcome.worst));
}

} // namespace bulkhead
