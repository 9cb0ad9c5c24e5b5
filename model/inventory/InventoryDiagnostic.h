// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QVector>

namespace bulkhead {

// One problem found in an inventory or an imported file, with where it is. Errors make the file
// unusable; warnings are worth reading but change nothing.
struct InventoryDiagnostic
{
    enum class Level
    {
        Error,
        Warning,
    };

    Level level = Level::Error;
    QString file;   // as given by the caller; may be empty
    int line = 0;   // 1-based; 0: the whole file
    int column = 0; // 1-based; 0: unknown
    QString message;

    // "FILE:LINE:COLUMN: error: MESSAGE" (the form compilers use, so editors can jump to it).
    QString toString() const;

    static InventoryDiagnostic error(const QString& file, int line, int column, const QString& message);
    static InventoryDiagnostic warning(const QString& file, int line, int column, const QString& message);
};

using InventoryDiagnostics = QVector<InventoryDiagnostic>;

bool hasErrors(const InventoryDiagnostics& diagnostics);
// Every diagnostic of the given level on its own line, at most `limit` of them (then "... and N more").
QString diagnosticsText(const InventoryDiagnostics& diagnostics, InventoryDiagnostic::Level level, int limit = 20);

} // namespace bulkhead
