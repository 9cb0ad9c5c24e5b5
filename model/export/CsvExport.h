// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "export/ExportSnapshot.h"

#include <QByteArray>
#include <QString>

namespace bulkhead {

// The reviewed findings as RFC 4180 CSV (CRLF, a header row), one row per (check, subject), with the
// finding's id, its scan, zone, severity, status, the waiver that applies and the first evidence sha256.
class CsvExport
{
public:
    static QByteArray write(const ExportSnapshot& snapshot);
    // One cell, quoted when it must be. A cell a spreadsheet would read as a formula (a leading =, +, -,
    // @, tab or CR) gets an apostrophe first: host data is hostile.
    static QString cell(QString text);
};

} // namespace bulkhead
