// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/Finding.h"
#include "domain/Status.h"

#include <QString>
#include <QStringList>

namespace bulkhead {

// A check as data (resources/checks/checks.json), shown by the GUI and the binder.
struct CheckDefinition
{
    QString id; // stable, e.g. "container.user-not-root"
    QString title;
    int tip = 0;     // 1..10
    QStringList cis; // CIS Docker Benchmark v1.6.0 ids, e.g. {"4.1"}
    SubjectKind level = SubjectKind::Container;
    Severity severity = Severity::Medium;
    QString rationale;
    QString remediation;
    QStringList references;
};

} // namespace bulkhead
