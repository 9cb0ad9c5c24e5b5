// SPDX-License-Identifier: GPL-3.0-or-later
#include "text/SafeText.h"

#include <QTest>

using namespace bulkhead;

class tst_SafeText : public QObject
{
    Q_OBJECT

private slots:
    void visible_data();
    void visible();
    void visibleLine_data();
    void visibleLine();
    void html();
};

void tst_SafeText::visible_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("expected");

    QTest::newRow("plain") << QStringLiteral("nginx:1.25") << QStringLiteral("nginx:1.25");
    QTest::newRow("markup stays text") << QStringLiteral("<script>alert(1)</script>")
                                       << QStringLiteral("<script>alert(1)</script>");
    QTest::newRow("ANSI colour") << QStringLiteral("\x1b[31mred\x1b[0m") << QStringLiteral("\\x1b[31mred\\x1b[0m");
    QTest::newRow("bell and NUL") << QString::fromLatin1("a\x07"
                                                         "b\0c",
                                                         5)
                                  << QStringLiteral("a\\x07b\\x00c");
    QTest::newRow("DEL") << QStringLiteral("x\x7fy") << QStringLiteral("x\\x7fy");
    QTest::newRow("C1 NEL") << QString(QChar(0x85)) << QStringLiteral("\\x85");
    QTest::newRow("bidi override") << (QStringLiteral("abc") + QChar(0x202e) + QStringLiteral("fed"))
                                   << QStringLiteral("abc\\u202efed");
    QTest::newRow("zero width space") << (QStringLiteral("a") + QChar(0x200b) + QStringLiteral("b"))
                                      << QStringLiteral("a\\u200bb");
    QTest::newRow("line separator") << QString(QChar(0x2028)) << QStringLiteral("\\u2028");
    QTest::newRow("BOM") << QString(QChar(0xfeff)) << QStringLiteral("\\ufeff");
    QTest::newRow("newline and tab kept") << QStringLiteral("a\n\tb") << QStringLiteral("a\n\tb");
    QTest::newRow("carriage return shown") << QStringLiteral("a\r\nb") << QStringLiteral("a\\r\nb");
    QTest::newRow("accents and CJK kept") << QStringLiteral("café 容器") << QStringLiteral("café 容器");
}

void tst_SafeText::visible()
{
    QFETCH(QString, input);
    QFETCH(QString, expected);
    QCOMPARE(SafeText::visible(input), expected);
}

void tst_SafeText::visibleLine_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("expected");
    QTest::newRow("newline") << QStringLiteral("a\nb") << QStringLiteral("a\\nb");
    QTest::newRow("tab") << QStringLiteral("a\tb") << QStringLiteral("a\\tb");
    QTest::newRow("ANSI") << QStringLiteral("\x1b[1m") << QStringLiteral("\\x1b[1m");
    QTest::newRow("plain") << QStringLiteral("web-1") << QStringLiteral("web-1");
}

void tst_SafeText::visibleLine()
{
    QFETCH(QString, input);
    QFETCH(QString, expected);
    QCOMPARE(SafeText::visibleLine(input), expected);
}

void tst_SafeText::html()
{
    QCOMPARE(SafeText::html(QStringLiteral("<b>x</b> & \"y\"\x1b")),
             QStringLiteral("&lt;b&gt;x&lt;/b&gt; &amp; &quot;y&quot;\\x1b"));
    QCOMPARE(SafeText::htmlLine(QStringLiteral("<i>\n")), QStringLiteral("&lt;i&gt;\\n"));
}

QTEST_GUILESS_MAIN(tst_SafeText)
#include "tst_safetext.moc"
