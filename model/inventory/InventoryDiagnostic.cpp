// SPDX-License-Identifier: GPL-3.0-or-later
#include "inventory/InventoryDiagnostic.h"

#include <QStringList>

#include <algorithm>

namespace bulkhead {

QString InventoryDiagnostic::toString() const
{
    QString where = file.isEmpty() ? QStringLiteral("inventory") : file;
    if (line > 0) {
        where += QLatin1Char(':') + QString::number(line);
        if (column > 0)
            where += QLatin1Char(':') + QString::number(column);
    }
    const QString kind = level == Level::Error ? QStringLiteral("error") : QStringLiteral("warning");
    return QStringLiteral("%1: %2: %3").arg(where, kind, message);
}

InventoryDiagnostic InventoryDiagnostic::error(const QString& file, int line, int column, const QString& message)
{
    return InventoryDiagnostic{Level::Error, file, line, column, message};
}

InventoryDiagnostic InventoryDiagnostic::warning(const QString& file, int line, int column, const QString& message)
{
    return InventoryDiagnostic{Level::Warning, file, line, column, message};
}

bool hasErrors(const InventoryDiagnostics& diagnostics)
{
    return std::any_of(diagnostics.cbegin(), diagnostics.cend(),
                       [](const InventoryDiagnostic& d) { return d.level == InventoryDiagnostic::Level::Error; });
}

QString diagnosticsText(const InventoryDiagnostics& diagnostics, InventoryDiagnostic::Level level, int limit)
{
    QStringList lines;
    int skipped = 0;
    for (const InventoryDiagnostic& diagnostic : diagnostics) {
        if (diagnostic.level != level)
            continue;
        if (lines.size() < limit)
            lines << diagnostic.toString();
        else
            ++skipped;
    }
    if (skipped > 0)
        lines << QStringLiteral("... and %1 more").arg(skipped);
    return lines.join(QLatin1Char('\n'));
}

} // namespace bulkhead
