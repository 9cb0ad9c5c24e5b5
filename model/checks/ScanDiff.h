// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/Finding.h"

#include <QString>
#include <QVector>

namespace bulkhead {

// How one (check, subject) moved between two scans (issue 4, item 7).
enum class FindingChange
{
    New,       // fails now; did not before (or was not judged)
    Fixed,     // failed before, passes now
    Regressed, // passed before, fails now
    Waived,    // failed before, waived now
    Expired,   // was waived, fails again because its waiver expired
    Added,     // a subject (container, image, host) the earlier scan did not have
    Removed,   // a subject the later scan no longer has
};

QString findingChangeToString(FindingChange change); // "new", "fixed", ...

struct FindingDelta
{
    FindingChange change = FindingChange::New;
    QString checkId; // empty for Added/Removed subjects
    QString hostName;
    Subject subject;
    std::optional<Status> before;
    std::optional<Status> after;
};

// Compares two scans' reviewed findings per (host, check, subject). A container or image is the same
// subject across scans when its name (tag) is the same: a container recreated from a fixed image is
// "fixed", not "removed and added".
class ScanDiff
{
public:
    static QVector<FindingDelta> compare(const QVector<Finding>& before, const QVector<Finding>& after);
};

} // namespace bulkhead
