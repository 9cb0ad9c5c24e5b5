// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"

#include <QString>

struct sqlite3_stmt;
class QSqlDatabase;

namespace bulkhead {

class StringPool;

// A read statement run on a QSqlDatabase connection's own SQLite handle, for the few reads that return
// hundreds of thousands of rows: QSqlQuery wraps every value of every row in a QVariant, which made
// reading a fleet's findings take a second. Same connection, same thread, same snapshot rules.
class SqliteReader
{
public:
    static Result<SqliteReader> prepare(const QSqlDatabase& database, const QString& sql);
    SqliteReader(SqliteReader&& other) noexcept;
    SqliteReader& operator=(SqliteReader&& other) noexcept;
    SqliteReader(const SqliteReader&) = delete;
    SqliteReader& operator=(const SqliteReader&) = delete;
    ~SqliteReader();

    Result<void> bind(int position, qint64 value); // position from 1, as SQLite counts
    // Steps to the next row: true while there is one, an error when SQLite reports one.
    Result<bool> next();

    bool isNull(int column) const;
    qint64 int64(int column) const;
    // The column's UTF-8 text; through `pool` when given, so equal texts share one copy and a text
    // seen before is not decoded again.
    QString text(int column, StringPool* pool = nullptr) const;

private:
    SqliteReader(sqlite3_stmt* statement, QString sql);
    sqlite3_stmt* m_statement = nullptr;
    QString m_sql;
};

} // namespace bulkhead
