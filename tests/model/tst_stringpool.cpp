// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/StringPool.h"

#include <QtTest>

using namespace bulkhead;

class tst_StringPool : public QObject
{
    Q_OBJECT
private slots:
    void equalTextsShareOneCopy();
    void differentTextsStayApart();
    void decodesUtf8();
};

void tst_StringPool::equalTextsShareOneCopy()
{
    StringPool pool;
    QByteArray first("Config.User is empty, so the container runs as root.");
    const QString a = pool.intern(first);
    // The same bytes from another buffer (the next row): the same copy, not a new one.
    const QByteArray second = first;
    first.fill('x'); // the pool must not keep pointing into the caller's buffer
    const QString b = pool.intern(QByteArray(second.constData(), second.size()));
    QCOMPARE(a, QStringLiteral("Config.User is empty, so the container runs as root."));
    QCOMPARE(b, a);
    QCOMPARE(b.constData(), a.constData());
    QCOMPARE(pool.size(), 1);
}

void tst_StringPool::differentTextsStayApart()
{
    StringPool pool;
    const QString a = pool.intern(QByteArrayView("web"));
    const QString b = pool.intern(QByteArrayView("web "));
    const QString c = pool.intern(QByteArrayView("Web"));
    const QString empty = pool.intern(QByteArrayView(""));
    QCOMPARE(a, QStringLiteral("web"));
    QCOMPARE(b, QStringLiteral("web "));
    QCOMPARE(c, QStringLiteral("Web"));
    QVERIFY(empty.isEmpty());
    QCOMPARE(pool.size(), 4);
    // A text that holds a NUL is a text of its own, not cut at the NUL.
    const QString nul = pool.intern(QByteArrayView("we\0b", 4));
    QCOMPARE(nul.size(), 4);
    QCOMPARE(pool.size(), 5);
}

void tst_StringPool::decodesUtf8()
{
    StringPool pool;
    const QByteArray utf8 = QStringLiteral("zone “prod” \u202e évidence").toUtf8();
    QCOMPARE(pool.intern(utf8), QStringLiteral("zone “prod” \u202e évidence"));
    // Bytes that are not UTF-8 come back as replacement characters, as QString::fromUtf8 gives them.
    QCOMPARE(pool.intern(QByteArrayView("\xff\xfe")), QString::fromUtf8("\xff\xfe"));
}

QTEST_GUILESS_MAIN(tst_StringPool)
#include "tst_stringpool.moc"
