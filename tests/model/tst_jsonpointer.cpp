// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/JsonIndex.h"
#include "core/JsonPointer.h"

#include <QTest>

using namespace bulkhead;

class TestJsonPointer : public QObject
{
    Q_OBJECT

private slots:
    void escapeRoundTrip_data()
    {
        QTest::addColumn<QString>("token");
        QTest::addColumn<QString>("escaped");
        QTest::newRow("plain") << "Config"
                               << "Config";
        QTest::newRow("slash") << "com.example/role"
                               << "com.example~1role";
        QTest::newRow("tilde") << "a~b"
                               << "a~0b";
        QTest::newRow("tilde then one") << "~1"
                                        << "~01";
        QTest::newRow("empty") << ""
                               << "";
    }

    void escapeRoundTrip()
    {
        QFETCH(QString, token);
        QFETCH(QString, escaped);
        QCOMPARE(JsonPointer::escape(token), escaped);
        QCOMPARE(JsonPointer::unescape(escaped), token);
        QCOMPARE(JsonPointer::split(JsonPointer::append(QString(), token)),
                 std::optional<QStringList>(QStringList{token}));
    }

    void excerpt_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("pointer");
        QTest::addColumn<QByteArray>("excerpt");
        const QByteArray docker =
            "[\n    {\n        \"Id\": \"abc\",\n        \"Config\": {\n"
            "            \"User\": \"0:0\",\n            \"Env\": [\n"
            "                \"A=1\",\n                \"B=\\u003cb\\u003e\"\n            ],\n"
            "            \"Labels\": {\"x/y\": \"z\", \"t~\": true}\n        },\n"
            "        \"HostConfig\": {\"Privileged\": false, \"Binds\": null, \"Memory\": -1.5e3}\n"
            "    },\n    {\"Id\": \"def\", \"Config\": {\"User\": \"\"}}\n]\n";
        QTest::newRow("whole document") << docker << "" << docker.trimmed();
        QTest::newRow("string") << docker << "/0/Config/User" << QByteArray("\"0:0\"");
        QTest::newRow("escapes kept as printed") << docker << "/0/Config/Env/1" << QByteArray("\"B=\\u003cb\\u003e\"");
        QTest::newRow("false") << docker << "/0/HostConfig/Privileged" << QByteArray("false");
        QTest::newRow("null") << docker << "/0/HostConfig/Binds" << QByteArray("null");
        QTest::newRow("number") << docker << "/0/HostConfig/Memory" << QByteArray("-1.5e3");
        QTest::newRow("escaped key") << docker << "/0/Config/Labels/x~1y" << QByteArray("\"z\"");
        QTest::newRow("tilde key") << docker << "/0/Config/Labels/t~0" << QByteArray("true");
        QTest::newRow("second element") << docker << "/1/Config/User" << QByteArray("\"\"");
        QTest::newRow("array") << docker << "/0/Config/Env"
                               << QByteArray("[\n                \"A=1\",\n                \"B=\\u003cb\\u003e\"\n"
                                             "            ]");
        QTest::newRow("missing key") << docker << "/0/Config/Nope" << QByteArray();
        QTest::newRow("index out of range") << docker << "/2" << QByteArray();
        QTest::newRow("index with leading zero") << docker << "/01" << QByteArray();
        QTest::newRow("child of scalar") << docker << "/0/Id/x" << QByteArray();
        QTest::newRow("not a pointer") << docker << "0/Id" << QByteArray();
        QTest::newRow("truncated input") << docker.left(60) << "/0/Config/User" << QByteArray();
        QTest::newRow("garbage") << QByteArray("\xff\xfe{[") << "/0" << QByteArray();
        QTest::newRow("empty input") << QByteArray() << "" << QByteArray();
        QTest::newRow("deep nesting") << QByteArray(5000, '[') << "/0/0" << QByteArray();
    }

    void excerpt()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, pointer);
        QFETCH(QByteArray, excerpt);
        QCOMPARE(JsonPointer::excerpt(json, pointer), excerpt);
        QCOMPARE(JsonPointer::locate(json, pointer).has_value(), !excerpt.isEmpty());
    }

    void elementsOfAnArray()
    {
        const QByteArray json = " [1, {\"a\": [2, \"x\\\"]y\"]} ,\"s\\\"t\" , [] ] ";
        const auto spans = JsonPointer::elements(json);
        QVERIFY(spans.has_value());
        QCOMPARE(spans->size(), 4);
        QCOMPARE(json.mid(spans->at(0).offset, spans->at(0).length), QByteArray("1"));
        QCOMPARE(json.mid(spans->at(1).offset, spans->at(1).length), QByteArray("{\"a\": [2, \"x\\\"]y\"]}"));
        QCOMPARE(json.mid(spans->at(2).offset, spans->at(2).length), QByteArray("\"s\\\"t\""));
        QCOMPARE(json.mid(spans->at(3).offset, spans->at(3).length), QByteArray("[]"));
        QCOMPARE(JsonPointer::elements("[]")->size(), 0);
        QVERIFY(!JsonPointer::elements("{\"a\": 1}"));
        QVERIFY(!JsonPointer::elements("[1, 2"));
        QVERIFY(!JsonPointer::elements("[1 2]"));
        QVERIFY(!JsonPointer::elements(""));
    }

    // A pointer relative to an element finds exactly what the absolute pointer finds.
    void locateWithinAnElement()
    {
        QByteArray json = "[";
        for (int i = 0; i < 300; ++i) {
            json +=
                (i ? "," : "") +
                QStringLiteral("{\"Id\": \"c%1\", \"Config\": {\"User\": \"%2\", \"Env\": [\"A=%1\", \"B=\\\"q\\\"\"]},"
                               "\n \"Mounts\": [{\"Source\": \"/s%1\"}]}")
                    .arg(i)
                    .arg(i % 3 ? QStringLiteral("1000") : QString())
                    .toUtf8();
        }
        json += "]";
        const auto spans = JsonPointer::elements(json);
        QVERIFY(spans.has_value());
        QCOMPARE(spans->size(), 300);
        for (int i = 0; i < 300; i += 7) {
            for (const QString& rest :
                 {QStringLiteral(""), QStringLiteral("/Config/User"), QStringLiteral("/Config/Env/1"),
                  QStringLiteral("/Mounts/0/Source"), QStringLiteral("/Nope")}) {
                const auto absolute = JsonPointer::locate(json, QStringLiteral("/%1").arg(i) + rest);
                const auto relative = JsonPointer::locate(json, rest, spans->at(i));
                QCOMPARE(relative.has_value(), absolute.has_value());
                if (absolute) {
                    QCOMPARE(relative->offset, absolute->offset);
                    QCOMPARE(relative->length, absolute->length);
                }
            }
        }
        // A span outside the text resolves nothing.
        QVERIFY(!JsonPointer::locate(json, QString(), JsonPointer::Span{json.size() - 2, 10}));
        QVERIFY(!JsonPointer::locate(json, QString(), JsonPointer::Span{-1, 3}));
    }

    // The index of an element agrees with locate() for every value it holds, repeated keys, escaped keys and
    // non-ASCII keys included, and for pointers it does not hold.
    void indexAgreesWithLocate()
    {
        const QByteArray json = QByteArray(
            R"([{"x":1},{"Id":"a","HostConfig":{"PidMode":"host","PortBindings":{"80/tcp":[{"HostIp":"","HostPort":"8080"}]},"Memory":0},)"
            R"("Mounts":[{"Source":"/etc","RW":true}],"Dup":1,"Dup":{"deep":2},"we~ird/key":"v","Config":{"Env":["A=1","B=2"]},)"
            "\"Labels\":{\"a\\\"q\":\"1\",\"\\u00e9t\\u00e9\":\"2\",\"\xc3\xa9t\xc3\xa9"
            "2\":\"3\",\"tab\\tkey\":\"4\"}}]");
        const auto elements = JsonPointer::elements(json);
        QVERIFY(elements && elements->size() == 2);
        const JsonIndex index = JsonIndex::build(json, elements->at(1), 4);
        const auto entries = index.entries();
        QVERIFY(entries.size() > 10);
        for (const auto& [pointer, span] : entries) {
            const auto located = JsonPointer::locate(json, pointer, elements->at(1));
            QVERIFY2(located, qPrintable(pointer));
            QCOMPARE(located->offset, span.offset);
            QCOMPARE(located->length, span.length);
            const auto found = index.find(pointer);
            QVERIFY2(found, qPrintable(pointer));
            QCOMPARE(found->offset, span.offset);
        }
        const auto binding = index.find(u"/HostConfig/PortBindings/80~1tcp/0");
        QVERIFY(binding);
        QCOMPARE(json.mid(binding->offset, binding->length), QByteArray(R"({"HostIp":"","HostPort":"8080"})"));
        QCOMPARE(json.mid(index.find(u"/Dup")->offset, 1), QByteArray("1")); // the first one
        QVERIFY(!index.find(u"/Dup/deep"));
        QVERIFY(index.find(u"/we~0ird~1key"));
        // A lone "~" is read as locate() reads it.
        QCOMPARE(index.find(u"/we~ird~1key").has_value(),
                 JsonPointer::locate(json, QStringLiteral("/we~ird~1key"), elements->at(1)).has_value());
        QCOMPARE(json.mid(index.find(u"/Labels/a\"q")->offset, 3), QByteArray("\"1\""));
        QCOMPARE(json.mid(index.find(QStringLiteral("/Labels/%1t%1").arg(QChar(0xe9)))->offset, 3),
                 QByteArray("\"2\""));
        QCOMPARE(json.mid(index.find(QStringLiteral("/Labels/%1t%1%2").arg(QChar(0xe9)).arg(2))->offset, 3),
                 QByteArray("\"3\""));
        QCOMPARE(json.mid(index.find(u"/Labels/tab\tkey")->offset, 3), QByteArray("\"4\""));
        QCOMPARE(json.mid(index.find(u"/Config/Env/1")->offset, 5), QByteArray("\"B=2\""));
        QCOMPARE(index.find(u"")->offset, elements->at(1).offset);
        for (const QString& absent :
             {QStringLiteral("/Config/Env/2"), QStringLiteral("/Config/Env/01"), QStringLiteral("/Config/Env/-1"),
              QStringLiteral("/Config/Env/x"), QStringLiteral("/Id/0"), QStringLiteral("/Nope"), QStringLiteral("Id"),
              QStringLiteral("/HostConfig/"), QStringLiteral("/Mounts/0/RW/x")}) {
            QVERIFY2(!index.find(absent), qPrintable(absent));
            QVERIFY2(!JsonPointer::locate(json, absent, elements->at(1)), qPrintable(absent));
        }
        // Depth 4 ends above the binding's fields (locate() still reaches them).
        QVERIFY(!index.find(u"/HostConfig/PortBindings/80~1tcp/0/HostPort"));
        // Malformed text or a span outside the text: no index (callers fall back to locate()).
        QVERIFY(JsonIndex::build(QByteArray(R"({"a":[1,2)"), JsonPointer::Span{0, 9}, 4).isEmpty());
        QVERIFY(JsonIndex::build(json, JsonPointer::Span{0, json.size() + 1}, 4).isEmpty());
        QVERIFY(!JsonIndex().find(u""));
    }
};

QTEST_GUILESS_MAIN(TestJsonPointer)
#include "tst_jsonpointer.moc"
