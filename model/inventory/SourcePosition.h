// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QHash>
#include <QString>

namespace bulkhead {

// Where a value was read from: 1-based line and column, 0 when unknown (built in code).
struct SourcePosition
{
    int line = 0;
    int column = 0;
};

// Where an object and each of its fields were read from, so a rule broken by one field can be
// reported at that field. Not part of an object's value (== ignores it).
struct SourcePositions
{
    SourcePosition object;
    QHash<QString, SourcePosition> fields; // keyed by the file's key ("proxy_jump", "zone", ...)

    SourcePosition of(const QString& field) const { return fields.value(field, object); }
};

} // namespace bulkhead
