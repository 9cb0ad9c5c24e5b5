// SPDX-License-Identifier: GPL-3.0-or-later
#include "facts/ContainerInspectParser.h"

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

const ContainerFacts* byName(const QVector<ContainerFacts>& containers, const QString& name)
{
    for (const ContainerFacts& container : containers) {
        if (container.name == name)
            return &container;
    }
    return nullptr;
}

} // namespace

class TestContainerInspectParser : public QObject
{
    Q_OBJECT

private slots:
    void capturedDocker2010()
    {
        const auto parsed = ContainerInspectParser::parse(readData("containers-docker-20.10.json"));
        QVERIFY2(parsed, qPrintable(parsed.errorMessage()));
        const QVector<ContainerFacts>& containers = parsed.value();
        QCOMPARE(containers.size(), 8);
        for (int i = 0; i < containers.size(); ++i) {
            QCOMPARE(containers.at(i).index, i);
            QCOMPARE(containers.at(i).pointer, QStringLiteral("/%1").arg(i));
            QCOMPARE(containers.at(i).id.size(), 64);
            QVERIFY(!containers.at(i).name.startsWith(QLatin1Char('/')));
            QVERIFY(containers.at(i).imageId.startsWith(QStringLiteral("sha256:")));
        }

        const ContainerFacts* web = byName(containers, QStringLiteral("web"));
        QVERIFY(web);
        QCOMPARE(web->user, std::optional<QString>(QString()));
        QCOMPARE(web->privileged, std::optional<bool>(false));
        QCOMPARE(web->readonlyRootfs, std::optional<bool>(false));
        QCOMPARE(web->stateStatus, QStringLiteral("created"));
        QCOMPARE(web->image, QStringLiteral("bulkhead/busybox:1"));
        QCOMPARE(web->env.size(), 6);
        QCOMPARE(web->env.at(1).name, QStringLiteral("DB_PASSWORD"));
        QCOMPARE(web->env.at(1).pointer, web->pointer + QStringLiteral("/Config/Env/1"));
        QVERIFY(web->labels.value(QStringLiteral("com.example.note")).contains(QStringLiteral("$(rm -rf /)")));
        // The same bind appears as HostConfig.Binds and in the effective Mounts.
        QCOMPARE(web->mounts.size(), 2);
        for (const MountFact& mount : web->mounts) {
            QCOMPARE(mount.source, QStringLiteral("/srv/web"));
            QCOMPARE(mount.destination, QStringLiteral("/usr/share/web"));
            QVERIFY(!mount.readWrite);
        }

        const ContainerFacts* app = byName(containers, QStringLiteral("app"));
        QVERIFY(app);
        QCOMPARE(app->user, std::optional<QString>(QStringLiteral("1000:1000")));
        QCOMPARE(app->readonlyRootfs, std::optional<bool>(true));
        QVERIFY(app->running);
        QCOMPARE(app->stateStatus, QStringLiteral("running"));
        QCOMPARE(app->labels.value(QStringLiteral("org.opencontainers.image.title")), QStringLiteral("demo app"));

        const ContainerFacts* priv = byName(containers, QStringLiteral("priv"));
        QVERIFY(priv);
        QCOMPARE(priv->privileged, std::optional<bool>(true));
        QCOMPARE(priv->user, std::optional<QString>(QStringLiteral("0:0")));
        QVERIFY(!priv->envPresent); // the imported image has no ENV: Config.Env is null
        QVERIFY(priv->env.isEmpty());

        const ContainerFacts* mountsock = byName(containers, QStringLiteral("mountsock"));
        QVERIFY(mountsock);
        QCOMPARE(mountsock->mounts.size(), 2); // HostConfig.Mounts (--mount) + Mounts
        QCOMPARE(mountsock->mounts.at(0).origin, MountFact::Origin::HostConfigMounts);
        QCOMPARE(mountsock->mounts.at(0).destination, QStringLiteral("/run/docker.sock"));
        QCOMPARE(mountsock->mounts.at(0).pointer, mountsock->pointer + QStringLiteral("/HostConfig/Mounts/0"));
        QCOMPARE(mountsock->mounts.at(1).origin, MountFact::Origin::Mounts);
        QVERIFY(mountsock->mounts.at(1).readWrite);

        const ContainerFacts* exited = byName(containers, QStringLiteral("exited"));
        QVERIFY(exited);
        QCOMPARE(exited->stateStatus, QStringLiteral("exited"));
        QVERIFY(!exited->running);
    }

    void binds_data()
    {
        QTest::addColumn<QString>("bind");
        QTest::addColumn<QString>("type");
        QTest::addColumn<QString>("source");
        QTest::addColumn<QString>("destination");
        QTest::addColumn<bool>("readWrite");
        QTest::newRow("path") << "/srv:/data"
                              << "bind"
                              << "/srv"
                              << "/data" << true;
        QTest::newRow("read-only") << "/srv:/data:ro"
                                   << "bind"
                                   << "/srv"
                                   << "/data" << false;
        QTest::newRow("options") << "/srv:/data:ro,Z"
                                 << "bind"
                                 << "/srv"
                                 << "/data" << false;
        QTest::newRow("rw") << "/srv:/data:rw,z"
                            << "bind"
                            << "/srv"
                            << "/data" << true;
        QTest::newRow("volume") << "appdata:/data"
                                << "volume"
                                << "appdata"
                                << "/data" << true;
        QTest::newRow("socket") << "/var/run/docker.sock:/var/run/docker.sock:ro"
                                << "bind"
                                << "/var/run/docker.sock"
                                << "/var/run/docker.sock" << false;
    }

    void binds()
    {
        QFETCH(QString, bind);
        QFETCH(QString, type);
        QFETCH(QString, source);
        QFETCH(QString, destination);
        QFETCH(bool, readWrite);
        const QByteArray json =
            "[{\"Id\":\"" + QByteArray(64, 'c') + "\",\"HostConfig\":{\"Binds\":[\"" + bind.toUtf8() + "\"]}}]";
        const auto parsed = ContainerInspectParser::parse(json);
        QVERIFY2(parsed, qPrintable(parsed.errorMessage()));
        QCOMPARE(parsed->size(), 1);
        QCOMPARE(parsed->at(0).mounts.size(), 1);
        const MountFact& mount = parsed->at(0).mounts.at(0);
        QCOMPARE(mount.origin, MountFact::Origin::HostConfigBinds);
        QCOMPARE(mount.type, type);
        QCOMPARE(mount.source, source);
        QCOMPARE(mount.destination, destination);
        QCOMPARE(mount.readWrite, readWrite);
        QCOMPARE(mount.pointer, QStringLiteral("/0/HostConfig/Binds/0"));
        // Absent fields stay absent: a check reports an error, never a pass.
        QVERIFY(!parsed->at(0).user);
        QVERIFY(!parsed->at(0).privileged);
    }

    void rootUser_data()
    {
        QTest::addColumn<QString>("user");
        QTest::addColumn<bool>("root");
        QTest::newRow("empty") << "" << true;
        QTest::newRow("0") << "0" << true;
        QTest::newRow("0:0") << "0:0" << true;
        QTest::newRow("root") << "root" << true;
        QTest::newRow("root:root") << "root:root" << true;
        QTest::newRow("0:1000") << "0:1000" << true;
        QTest::newRow("root:wheel") << "root:wheel" << true;
        QTest::newRow("00") << "00" << true;
        QTest::newRow("empty user, group only") << ":1000" << true;
        QTest::newRow("1000") << "1000" << false;
        QTest::newRow("1000:0") << "1000:0" << false;
        QTest::newRow("app") << "app" << false;
        QTest::newRow("nobody") << "nobody" << false;
        QTest::newRow("Root is another name") << "Root" << false;
        QTest::newRow("rootless") << "rootless" << false;
        QTest::newRow("10") << "10" << false;
    }

    void rootUser()
    {
        QFETCH(QString, user);
        QFETCH(bool, root);
        QCOMPARE(ContainerInspectParser::isRootUser(user), root);
    }

    void malformed_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("why");
        const QByteArray real = readData("containers-docker-20.10.json");
        const QByteArray id = QByteArray(64, 'a');
        QTest::newRow("truncated") << real.left(real.size() / 2) << "is not valid JSON";
        QTest::newRow("truncated at the end") << real.left(real.size() - 3) << "unexpected end of input";
        QTest::newRow("empty") << QByteArray() << "the output is empty";
        QTest::newRow("whitespace") << QByteArray(" \n") << "the output is empty";
        QTest::newRow("text") << QByteArray("Error: No such container\n") << "is not valid JSON";
        QTest::newRow("invalid utf-8") << QByteArray("[{\"Id\":\"\xff\"}]") << "is not valid JSON";
        QTest::newRow("object, not array") << QByteArray("{\"Id\":\"x\"}") << "expected an array";
        QTest::newRow("element not object") << QByteArray("[1]") << "container 1 (at /0): is number";
        QTest::newRow("missing id") << QByteArray("[{}]") << "Id is not a 64-character";
        QTest::newRow("short id") << QByteArray("[{\"Id\":\"abc\"}]") << "Id is not a 64-character";
        QTest::newRow("id with shell") << QByteArray("[{\"Id\":\"$(reboot)" + QByteArray(55, 'a') + "\"}]")
                                       << "Id is not a 64-character";
        QTest::newRow("user is a number") << QByteArray("[{\"Id\":\"" + id + "\",\"Config\":{\"User\":0}}]")
                                          << "Config.User is number, expected a string";
        QTest::newRow("privileged is a string")
            << QByteArray("[{\"Id\":\"" + id + "\",\"HostConfig\":{\"Privileged\":\"false\"}}]")
            << "HostConfig.Privileged is string, expected a boolean";
        QTest::newRow("env holds a number")
            << QByteArray("[{\"Id\":\"" + id + "\",\"Config\":{\"Env\":[1]}}]") << "Config.Env holds a number";
        QTest::newRow("mounts not array")
            << QByteArray("[{\"Id\":\"" + id + "\",\"Mounts\":{}}]") << "Mounts is object, expected an array";
        QTest::newRow("second container bad")
            << QByteArray("[{\"Id\":\"" + id + "\"},{\"Id\":7}]") << "container 2 (at /1): Id is number";
    }

    void malformed()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, why);
        const auto parsed = ContainerInspectParser::parse(json);
        QVERIFY(!parsed);
        QVERIFY2(parsed.errorMessage().contains(why), qPrintable(parsed.errorMessage()));
    }

    void emptyArray()
    {
        const auto parsed = ContainerInspectParser::parse("[]\n");
        QVERIFY(parsed);
        QCOMPARE(parsed->size(), 0);
    }
};

QTEST_GUILESS_MAIN(TestContainerInspectParser)
#include "tst_containerinspectparser.moc"
