// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/JsonPointer.h"
#include "facts/ImageInspectParser.h"

#include <QFile>
#include <QTest>

using namespace bulkhead;

namespace {

QByteArray readData(const char* name)
{
    QFile file(QStringLiteral(BULKHEAD_TEST_DATA "/") + QLatin1String(name));
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot read test data %s", name);
    return file.readAll();
}

// One image with the given members next to its Id.
QByteArray oneImage(const QByteArray& members)
{
    return "[{\"Id\":\"sha256:" + QByteArray(64, 'a') + "\"" + (members.isEmpty() ? QByteArray() : "," + members) +
           "}]";
}

ImageFacts parseOne(const QByteArray& members)
{
    const auto parsed = ImageInspectParser::parse(oneImage(members));
    if (!parsed || parsed->size() != 1)
        qFatal("cannot parse %s: %s", members.constData(), qPrintable(parsed.errorMessage()));
    return parsed->at(0);
}

} // namespace

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

    // An image imported with HEALTHCHECK, EXPOSE, VOLUME, ONBUILD, LABEL and USER (docker 20.10).
    void capturedOptions()
    {
        const QByteArray json = readData("image-options-docker-20.10.json");
        const auto parsed = ImageInspectParser::parse(json);
        QVERIFY2(parsed, qPrintable(parsed.errorMessage()));
        QCOMPARE(parsed->size(), 1);
        const ImageFacts& image = parsed->at(0);
        QVERIFY(image.mistyped.isEmpty());
        QVERIFY(image.configPresent);
        QCOMPARE(image.repoTags, QStringList{QStringLiteral("bulkhead/facts:1")});
        QCOMPARE(image.user, QStringLiteral("1000"));
        QVERIFY(image.healthcheck);
        QCOMPARE(image.healthcheck->test, (QStringList{QStringLiteral("CMD"), QStringLiteral("true")}));
        QVERIFY(image.healthcheck->defined());
        QCOMPARE(image.healthcheck->interval, Q_INT64_C(30000000000));
        QCOMPARE(image.healthcheck->timeout, Q_INT64_C(3000000000));
        QCOMPARE(image.healthcheck->pointer, image.healthcheckPointer());
        QCOMPARE(JsonPointer::excerpt(json, image.healthcheckPointer() + QStringLiteral("/Test/0")),
                 QByteArray("\"CMD\""));
        QCOMPARE(image.cmd, std::optional<QStringList>({QStringLiteral("sleep"), QStringLiteral("3600")}));
        QCOMPARE(image.entrypoint, std::optional<QStringList>(QStringList())); // null
        QCOMPARE(image.exposedPorts, std::optional<QStringList>(QStringList{QStringLiteral("8080/tcp")}));
        QCOMPARE(image.volumes, std::optional<QStringList>(QStringList{QStringLiteral("/data")}));
        QCOMPARE(image.onBuild, std::optional<QStringList>(QStringList{QStringLiteral("RUN true")}));
        QCOMPARE(JsonPointer::excerpt(json, image.onBuildPointer() + QStringLiteral("/0")), QByteArray("\"RUN true\""));
        QCOMPARE(image.layerCount, std::optional<int>(1));
        QCOMPARE(image.labels.value(QStringLiteral("org.example.role")), QStringLiteral("facts"));
    }

    // The older capture: no HEALTHCHECK (the key is omitted), nothing exposed, null lists.
    void capturedDocker2010Details()
    {
        const auto parsed = ImageInspectParser::parse(readData("images-docker-20.10.json"));
        QVERIFY2(parsed, qPrintable(parsed.errorMessage()));
        for (const ImageFacts& image : parsed.value()) {
            QVERIFY(image.mistyped.isEmpty());
            QVERIFY(image.configPresent);
            QVERIFY(image.healthcheck);
            QVERIFY(!image.healthcheck->defined());
            QVERIFY(image.healthcheck->pointer.isEmpty());
            QVERIFY(image.cmd && !image.cmd->isEmpty());
            QCOMPARE(image.entrypoint, std::optional<QStringList>(QStringList()));
            QCOMPARE(image.exposedPorts, std::optional<QStringList>(QStringList()));
            QCOMPARE(image.volumes, std::optional<QStringList>(QStringList()));
            QCOMPARE(image.onBuild, std::optional<QStringList>(QStringList()));
            QCOMPARE(image.layerCount, std::optional<int>(1));
        }
    }

    void absentFields()
    {
        const ImageFacts bare = parseOne(QByteArray());
        QVERIFY(!bare.configPresent);
        QVERIFY(!bare.healthcheck && !bare.cmd && !bare.entrypoint && !bare.exposedPorts && !bare.volumes &&
                !bare.onBuild && !bare.layerCount);
        QVERIFY(bare.mistyped.isEmpty());

        // Config present: what docker omits when unset is empty, Cmd and Entrypoint stay absent.
        const ImageFacts empty = parseOne("\"Config\":{},\"RootFS\":{\"Type\":\"layers\"}");
        QVERIFY(empty.configPresent);
        QVERIFY(empty.healthcheck && !empty.healthcheck->defined());
        QCOMPARE(empty.exposedPorts, std::optional<QStringList>(QStringList()));
        QCOMPARE(empty.volumes, std::optional<QStringList>(QStringList()));
        QCOMPARE(empty.onBuild, std::optional<QStringList>(QStringList()));
        QVERIFY(!empty.cmd && !empty.entrypoint && !empty.layerCount);

        const ImageFacts disabled = parseOne("\"Config\":{\"Healthcheck\":{\"Test\":[\"NONE\"]}}");
        QVERIFY(disabled.healthcheck && !disabled.healthcheck->defined());
        QCOMPARE(disabled.healthcheck->test, QStringList{QStringLiteral("NONE")});
    }

    void mistypedFields_data()
    {
        QTest::addColumn<QByteArray>("members");
        QTest::addColumn<QString>("pointer");
        QTest::newRow("Healthcheck string")
            << QByteArray("\"Config\":{\"Healthcheck\":\"CMD true\"}") << "/0/Config/Healthcheck";
        QTest::newRow("Healthcheck Test number")
            << QByteArray("\"Config\":{\"Healthcheck\":{\"Test\":[\"CMD\",1]}}") << "/0/Config/Healthcheck/Test/1";
        QTest::newRow("Healthcheck Retries string")
            << QByteArray("\"Config\":{\"Healthcheck\":{\"Test\":[\"CMD\"],\"Retries\":\"3\"}}")
            << "/0/Config/Healthcheck/Retries";
        QTest::newRow("Cmd string") << QByteArray("\"Config\":{\"Cmd\":\"/bin/sh\"}") << "/0/Config/Cmd";
        QTest::newRow("Entrypoint object") << QByteArray("\"Config\":{\"Entrypoint\":{}}") << "/0/Config/Entrypoint";
        QTest::newRow("ExposedPorts list")
            << QByteArray("\"Config\":{\"ExposedPorts\":[\"80/tcp\"]}") << "/0/Config/ExposedPorts";
        QTest::newRow("Volumes list") << QByteArray("\"Config\":{\"Volumes\":[\"/data\"]}") << "/0/Config/Volumes";
        QTest::newRow("OnBuild string") << QByteArray("\"Config\":{\"OnBuild\":\"RUN x\"}") << "/0/Config/OnBuild";
        QTest::newRow("Layers object") << QByteArray("\"RootFS\":{\"Layers\":{}}") << "/0/RootFS/Layers";
        QTest::newRow("RootFS string") << QByteArray("\"RootFS\":\"layers\"") << "/0/RootFS";
    }

    void mistypedFields()
    {
        QFETCH(QByteArray, members);
        QFETCH(QString, pointer);
        const QByteArray json = oneImage(members).chopped(1) + ",{\"Id\":\"sha256:" + QByteArray(64, 'b') +
                                "\",\"Config\":{\"Cmd\":[\"sh\"]},\"RootFS\":{\"Layers\":[\"sha256:x\"]}}]";
        const auto parsed = ImageInspectParser::parse(json);
        QVERIFY2(parsed, qPrintable(parsed.errorMessage()));
        QCOMPARE(parsed->size(), 2);
        const ImageFacts& odd = parsed->at(0);
        QCOMPARE(odd.mistyped, QStringList{pointer});
        if (members.contains("Healthcheck"))
            QVERIFY(!odd.healthcheck);
        QVERIFY(!odd.cmd || odd.cmd->isEmpty());
        QVERIFY(!odd.layerCount);
        if (members.contains("ExposedPorts"))
            QVERIFY(!odd.exposedPorts);
        if (members.contains("Volumes"))
            QVERIFY(!odd.volumes);
        if (members.contains("OnBuild"))
            QVERIFY(!odd.onBuild);
        QCOMPARE(parsed->at(1).cmd, std::optional<QStringList>(QStringList{QStringLiteral("sh")}));
        QCOMPARE(parsed->at(1).layerCount, std::optional<int>(1));
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
