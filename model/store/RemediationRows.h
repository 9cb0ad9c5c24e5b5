// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "remediation/RemediationRecord.h"
#include "secrets/SecretSalt.h"

#include <QSqlDatabase>
#include <QVector>

#include <optional>

namespace bulkhead::store {

// The remediations table (schema 5): one row per remediation or undo. The commands, their outputs and exit
// statuses are JSON arrays in step order; outputs pass through the secret redaction before they are
// written, whoever writes them. Internal to the store: Workspace wraps these in transactions and the log.
class RemediationRows
{
public:
    static Result<void> createTable(const QSqlDatabase& db);
    static Result<qint64> insert(const QSqlDatabase& db, const RemediationRecord& record, const SecretSalt& salt);
    static Result<void> update(const QSqlDatabase& db, const RemediationRecord& record, const SecretSalt& salt);
    static Result<void> markUndone(const QSqlDatabase& db, qint64 id, qint64 undoneBy);
    // Every row (oldest first), or the one with `id`.
    static Result<QVector<RemediationRecord>> read(const QSqlDatabase& db, std::optional<qint64> id = std::nullopt);
};

} // namespace bulkhead::store
