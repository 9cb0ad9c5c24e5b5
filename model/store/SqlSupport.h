// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// What the store's classes share about talking to SQLite (internal to model/store).

#include "core/Result.h"

#include <QByteArray>
#include <QDateTime>
#include <QSqlDatabase>
#include <QSqlError>
#include <QString>
#include <QVariant>

namespace bulkhead::store {

QString describe(const QSqlError& error);
Error sqlFailure(const QString& what, const QSqlError& error);
Result<void> execSql(const QSqlDatabase& db, const QString& sql);
// Runs a statement that yields one row with one column (PRAGMAs, counts).
Result<QVariant> scalar(const QSqlDatabase& db, const QString& sql);

// A write transaction. BEGIN IMMEDIATE takes the write lock up front, so a second writer waits
// (busy_timeout) at the start instead of failing with SQLITE_BUSY half-way; QSqlDatabase's own
// transaction() would issue a deferred BEGIN. Rolls back unless committed.
class WriteTransaction
{
public:
    explicit WriteTransaction(QSqlDatabase db);
    ~WriteTransaction();
    WriteTransaction(const WriteTransaction&) = delete;
    WriteTransaction& operator=(const WriteTransaction&) = delete;

    Result<void> begin();
    Result<void> commit();

private:
    QSqlDatabase m_db;
    bool m_active = false;
};

// Times are ISO-8601 UTC with milliseconds ("2024-05-01T12:00:00.123Z"): sortable as text and
// readable in any SQLite shell. An invalid time is stored as NULL.
QVariant timeValue(const QDateTime& time);
QDateTime readTime(const QVariant& value);
// A null QString or QByteArray would be bound as SQL NULL; store empty values as empty instead.
QVariant textValue(const QString& text);
QVariant blobValue(const QByteArray& bytes);
QString sha256Hex(const QByteArray& bytes);

} // namespace bulkhead::store
