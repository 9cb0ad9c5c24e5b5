// SPDX-License-Identifier: GPL-3.0-or-later
#include "facts/ImageInspectParser.h"

#include <QFile>
#include <QTest>

using namespace bulkhead;

class TestImageInspectParser : public QObject
{
    Q_OBJECT

private slots:
    void capturedDocker2010()
    {
        QFile file(QStringLiteral(BULKHEAD_TEST_DATA "/images-docker-20.10.json"));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const auto parsed = ImageInspectParser::parse(file.readAll());
        QVERIFY2(parsed, qPrintable(parsed.errorMessage()));
        QCOMPARE(parsed->size(), 5);
        const ImageFacts* app = nullptr;
        const ImageFacts* busybox = nullptr;
        for (const ImageFacts& image : parsed.value()) {
            QVERIFY(image.id.startsWith(QStringLiteral("sha256:")));
            QVERIFY(image.created.isValid());
            QCOMPARE(image.created.timeSpec(), Qt::UTC);
            QCOMPARE(image.os, QStringLiteral("linux"));
            if (image.repoTags.contains(QStringLiteral("bulkhead/app:2")))
                app = &image;
            if (image.repoTags.contains(QStringLiteral("bulkhead/busybox:1")))
                busybox = &image;
        }
        QVERIFY(app);
        QVERIFY(busybox);
        QCOMPARE(app->repoTags, (QStringList{QStringLiteral("bulkhead/app:2"), QStringLiteral("bulkhead/app:latest")}));
        QCOMPARE(app->user, QStringLiteral("1000:1000"));
        QCOMPARE(app->labels.value(QStringLiteral("org.opencontainers.image.title")), QStringLiteral("demo app"));
        QStringList names;
        for (const EnvEntry& entry : app->env)
            names << entry.name;
        QCOMPARE(names, (QStringList{QStringLiteral("PATH"), QStringLiteral("APP_ENV"), QStringLiteral("API_TOKEN"),
                                     QStringLiteral("LOG_LEVEL")}));
        QCOMPARE(app->env.at(2).pointer, app->pointer + QStringLiteral("/Config/Env/2"));
        QVERIFY(app->size > 0);
        QCOMPARE(busybox->user, QString());
        QVERIFY(busybox->env.isEmpty());
    }

    void malformed_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("why");
        QTest::newRow("truncated") << QByteArray("[{\"Id\": \"sha256:") << "is not valid JSON";
        QTest::newRow("not an array") << QByteArray("null") << "expected an array";
        QTest::newRow("container id, not image id")
            << QByteArray("[{\"Id\":\"" + QByteArray(64, 'a') + "\"}]") << "Id is not an image id";
        QTest::newRow("tags not strings")
            << QByteArray("[{\"Id\":\"sha256:" + QByteArray(64, 'a') + "\",\"RepoTags\":[1]}]")
            << "RepoTags is number, expected an array of strings";
    }

    void malformed()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, why);
        const auto parsed = ImageInspectParser::parse(json);
        QVERIFY(!parsed);
        QVERIFY2(parsed.errorMessage().contains(why), qPrintable(parsed.errorMessage()));
    }
};

QTEST_GUILESS_MAIN(TestImageInspectParser)
#include "tst_imageinspectparser.moc"
