// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QString>
#include <QStringList>
#include <QUuid>

namespace bulkhead::testing {

// Runs statements on a workspace file directly, outside Bulkhead, as someone with the file and an SQLite
// shell would (the tampering verify must catch). Returns the first error, empty when all ran.
inline QString rawExec(const QString& path, const QStringList& statements)
{
    const QString name = QUuid::createUuid().toString();
    QString error;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(path);
        if (!db.open())
            return db.lastError().text();
        for (const QString& sql : statements) {
            QSqlQuery query(db);
            if (!query.exec(sql)) {
                error = query.lastError().text();
                break;
            }
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    return error;
}

inline QString rawExec(const QString& path, const QString& sql)
{
    return rawExec(path, QStringList{sql});
}

} // namespace bulkhead::testing
