// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/StringPool.h"
#include "store/SqliteReader.h"

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QtTest>

using namespace bulkhead;

class tst_SqliteReader : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void readsRows();
    void badSqlIsAnError();
    void notSqliteIsAnError();
    void stepErrorIsAnError();

private:
    QTemporaryDir m_dir;
};

void tst_SqliteReader::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("reader"));
    db.setDatabaseName(m_dir.filePath(QStringLiteral("t.sqlite")));
    QVERIFY(db.open());
    QSqlQuery query(db);
    QVERIFY(query.exec(QStringLiteral("CREATE TABLE t (id INTEGER, name TEXT, note TEXT)")));
    QVERIFY(query.exec(QStringLiteral("INSERT INTO t VALUES (1, 'web', NULL), (2, 'web', 'é\u202e'),"
                                      " (3, 'api', ''), (4, 'web', 'x')")));
}

void tst_SqliteReader::cleanupTestCase()
{
    QSqlDatabase::database(QStringLiteral("reader")).close();
    QSqlDatabase::removeDatabase(QStringLiteral("reader"));
}

void tst_SqliteReader::readsRows()
{
    auto reader = SqliteReader::prepare(QSqlDatabase::database(QStringLiteral("reader")),
                                        QStringLiteral("SELECT id, name, note FROM t WHERE id >= ?1 ORDER BY id"));
    QVERIFY2(reader.ok(), qPrintable(reader.errorMessage()));
    QVERIFY(reader->bind(1, 2).ok());
    StringPool pool;
    QList<qint64> ids;
    QStringList names, notes;
    QList<bool> nulls;
    while (true) {
        auto row = reader->next();
        QVERIFY(row.ok());
        if (!row.value())
            break;
        ids << reader->int64(0);
        names << reader->text(1, &pool);
        notes << reader->text(2);
        nulls << reader->isNull(2);
    }
    QCOMPARE(ids, (QList<qint64>{2, 3, 4}));
    QCOMPARE(names, (QStringList{QStringLiteral("web"), QStringLiteral("api"), QStringLiteral("web")}));
    QCOMPARE(names.at(0).constData(), names.at(2).constData()); // through the pool: one copy
    QCOMPARE(notes, (QStringList{QStringLiteral("é\u202e"), QString(), QStringLiteral("x")}));
    QCOMPARE(nulls, (QList<bool>{false, false, false}));
    // A moved reader goes on where the other stopped; the moved-from one owns nothing.
    auto again = SqliteReader::prepare(QSqlDatabase::database(QStringLiteral("reader")),
                                       QStringLiteral("SELECT note FROM t ORDER BY id"));
    QVERIFY(again.ok());
    QVERIFY(again->next().value());
    QVERIFY(again->isNull(0));
    SqliteReader moved = std::move(again.value());
    QVERIFY(moved.next().value());
    QCOMPARE(moved.text(0), QStringLiteral("é\u202e"));
}

void tst_SqliteReader::badSqlIsAnError()
{
    auto reader = SqliteReader::prepare(QSqlDatabase::database(QStringLiteral("reader")),
                                        QStringLiteral("SELECT x FROM nowhere"));
    QVERIFY(!reader.ok());
    QVERIFY2(reader.errorMessage().contains(QStringLiteral("no such table: nowhere")),
             qPrintable(reader.errorMessage()));
}

void tst_SqliteReader::notSqliteIsAnError()
{
    auto reader = SqliteReader::prepare(QSqlDatabase(), QStringLiteral("SELECT 1"));
    QVERIFY(!reader.ok());
    QCOMPARE(reader.errorMessage(), QStringLiteral("The workspace connection is not an SQLite connection"));
}

void tst_SqliteReader::stepErrorIsAnError()
{
    // An error SQLite finds only while stepping (a function given a bad value) comes back as an error.
    auto reader = SqliteReader::prepare(QSqlDatabase::database(QStringLiteral("reader")),
                                        QStringLiteral("SELECT json_extract(name, '$.a') FROM t"));
    QVERIFY(reader.ok());
    auto row = reader->next();
    QVERIFY(!row.ok());
    QVERIFY2(row.errorMessage().startsWith(QStringLiteral("Cannot read the workspace: ")),
             qPrintable(row.errorMessage()));
}

QTEST_GUILESS_MAIN(tst_SqliteReader)
#include "tst_sqlitereader.moc"
