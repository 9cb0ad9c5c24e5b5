// SPDX-License-Identifier: GPL-3.0-or-later
#include "store/SqliteReader.h"

#include "core/StringPool.h"

#include <QSqlDatabase>
#include <QSqlDriver>
#include <QVariant>

#include <sqlite3.h>

#include <utility>

namespace bulkhead {

SqliteReader::SqliteReader(sqlite3_stmt* statement, QString sql)
    : m_statement(statement)
    , m_sql(std::move(sql))
{}

SqliteReader::SqliteReader(SqliteReader&& other) noexcept
    : m_statement(std::exchange(other.m_statement, nullptr))
    , m_sql(std::move(other.m_sql))
{}

SqliteReader& SqliteReader::operator=(SqliteReader&& other) noexcept
{
    if (this != &other) {
        sqlite3_finalize(m_statement);
        m_statement = std::exchange(other.m_statement, nullptr);
        m_sql = std::move(other.m_sql);
    }
    return *this;
}

SqliteReader::~SqliteReader()
{
    sqlite3_finalize(m_statement);
}

Result<SqliteReader> SqliteReader::prepare(const QSqlDatabase& database, const QString& sql)
{
    const QVariant handle = database.driver() ? database.driver()->handle() : QVariant();
    if (!handle.isValid() || qstrcmp(handle.typeName(), "sqlite3*") != 0)
        return makeError(QStringLiteral("The workspace connection is not an SQLite connection"));
    sqlite3* db = *static_cast<sqlite3* const*>(handle.constData());
    if (db == nullptr)
        return makeError(QStringLiteral("The workspace connection is closed"));
    sqlite3_stmt* statement = nullptr;
    const QByteArray utf8 = sql.toUtf8();
    if (sqlite3_prepare_v2(db, utf8.constData(), int(utf8.size()), &statement, nullptr) != SQLITE_OK) {
        const QString why = QString::fromUtf8(sqlite3_errmsg(db));
        sqlite3_finalize(statement);
        return makeError(QStringLiteral("Cannot prepare a read of the workspace: %1").arg(why));
    }
    return SqliteReader(statement, sql);
}

Result<void> SqliteReader::bind(int position, qint64 value)
{
    if (sqlite3_bind_int64(m_statement, position, value) != SQLITE_OK)
        return makeError(QStringLiteral("Cannot bind value %1 of a read of the workspace: %2")
                             .arg(position)
                             .arg(QString::fromUtf8(sqlite3_errmsg(sqlite3_db_handle(m_statement)))));
    return {};
}

Result<bool> SqliteReader::next()
{
    const int step = sqlite3_step(m_statement);
    if (step == SQLITE_ROW)
        return true;
    if (step == SQLITE_DONE)
        return false;
    return makeError(QStringLiteral("Cannot read the workspace: %1")
                         .arg(QString::fromUtf8(sqlite3_errmsg(sqlite3_db_handle(m_statement)))));
}

bool SqliteReader::isNull(int column) const
{
    return sqlite3_column_type(m_statement, column) == SQLITE_NULL;
}

qint64 SqliteReader::int64(int column) const
{
    return sqlite3_column_int64(m_statement, column);
}

QString SqliteReader::text(int column, StringPool* pool) const
{
    const auto* bytes = reinterpret_cast<const char*>(sqlite3_column_text(m_statement, column));
    const int size = sqlite3_column_bytes(m_statement, column);
    if (bytes == nullptr || size <= 0)
        return QString();
    return pool ? pool->intern(QByteArrayView(bytes, size)) : QString::fromUtf8(bytes, size);
}

} // namespace bulkhead
