// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/Finding.h"

#include <QByteArray>
#include <QVector>

namespace bulkhead {

// Machine-readable findings for pipelines (bulkhead-cli findings). One record per (check, subject).
class FindingsExport
{
public:
    // {"findings": [{"id", "scan", "host", "check", "title", "cis": [..], "tip", "severity", "subject": {"kind",
    // "name", "id"}, "status", "expected", "actual", "message", "evidence": [{"artifact", "sha256", "locator"}]}]}
    static QByteArray toJson(const QVector<Finding>& findings);
    // RFC 4180 CSV with a header row (the finding's id and scan last). Cells that a spreadsheet would read as a formula
    // are prefixed with an apostrophe: host data is hostile.
    static QByteArray toCsv(const QVector<Finding>& findings);
};

} // namespace bulkhead
