// SPDX-License-Identifier: GPL-3.0-or-later
#include "store/SqlSupport.h"

#include <QCryptographicHash>
#include <QSqlQuery>

namespace bulkhead::store {

QString describe(const QSqlError& error)
{
    QString text = error.databaseText();
    if (text.isEmpty())
        text = error.driverText();
    if (text.isEmpty())
        text = QStringLiteral("unknown SQLite error");
    return text;
}

Error sqlFailure(const QString& what, const QSqlError& error)
{
    return makeError(what + QStringLiteral(": ") + describe(error));
}

Result<void> execSql(const QSqlDatabase& db, const QString& sql)
{
    QSqlQuery query(db);
    if (!query.exec(sql))
        return sqlFailure(QStringLiteral("SQL failed (%1)").arg(sql.left(60)), query.lastError());
    return {};
}

Result<QVariant> scalar(const QSqlDatabase& db, const QString& sql)
{
    QSqlQuery query(db);
    if (!query.exec(sql))
        return sqlFailure(QStringLiteral("SQL failed (%1)").arg(sql.left(60)), query.lastError());
    if (!query.next())
        return makeError(QStringLiteral("SQL returned no row (%1)").arg(sql.left(60)));
    return query.value(0);
}

WriteTransaction::WriteTransaction(QSqlDatabase db)
    : m_db(std::move(db))
{}

WriteTransaction::~WriteTransaction()
{
    if (m_active) {
        QSqlQuery query(m_db);
        query.exec(QStringLiteral("ROLLBACK"));
    }
}

Result<void> WriteTransaction::begin()
{
    QSqlQuery query(m_db);
    if (!query.exec(QStringLiteral("BEGIN IMMEDIATE")))
        return sqlFailure(QStringLiteral("Cannot start a write transaction"), query.lastError());
    m_active = true;
    return {};
}

Result<void> WriteTransaction::commit()
{
    QSqlQuery query(m_db);
    if (!query.exec(QStringLiteral("COMMIT")))
        return sqlFailure(QStringLiteral("Cannot commit"), query.lastError());
    m_active = false;
    return {};
}

QVariant timeValue(const QDateTime& time)
{
    if (!time.isValid())
        return QVariant(QMetaType::fromType<QString>());
    return time.toUTC().toString(Qt::ISODateWithMs);
}

QDateTime readTime(const QVariant& value)
{
    if (value.isNull())
        return {};
    QDateTime time = QDateTime::fromString(value.toString(), Qt::ISODateWithMs);
    return time.isValid() ? time.toUTC() : QDateTime();
}

QVariant textValue(const QString& text)
{
    return text.isNull() ? QVariant(QString(QLatin1String(""))) : QVariant(text);
}

QVariant blobValue(const QByteArray& bytes)
{
    return bytes.isNull() ? QVariant(QByteArray("")) : QVariant(bytes);
}

QString sha256Hex(const QByteArray& bytes)
{
    return QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex());
}

} // namespace bulkhead::store
