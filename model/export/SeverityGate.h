// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/Finding.h"
#include "domain/Status.h"

#include <QString>
#include <QVector>

#include <optional>

namespace bulkhead {

// --fail-on SEVERITY for pipelines: the reviewed findings that fail at or above a severity. Only status
// fail counts: a waived failure is status waived, a warn is not a failure, and an error (evidence that could
// not be read) is the scan's own exit status (1), not a verdict.
class SeverityGate
{
public:
    struct Outcome
    {
        int count = 0;
        std::optional<Severity> worst;
        bool tripped() const { return count > 0; }
    };

    static Outcome evaluate(const QVector<Finding>& findings, Severity threshold);
    // "3 failing findings at or above high (worst: critical)" / "no failing finding at or above high".
    static QString summary(const Outcome& outcome, Severity threshold);
};

} // namespace bulkhead
