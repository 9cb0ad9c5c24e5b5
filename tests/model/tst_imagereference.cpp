// SPDX-License-Identifier: GPL-3.0-or-later
// Image references resolved the way Docker resolves them, and matched against approved registries (tip 4).
#include "facts/ImageReference.h"

#include <QTest>

using namespace bulkhead;

class TestImageReference : public QObject
{
    Q_OBJECT

private slots:
    void parse_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("registry");
        QTest::addColumn<QString>("repository");
        QTest::addColumn<QString>("tag");
        QTest::addColumn<bool>("digest");
        const QString d = QStringLiteral("@sha256:") + QString(64, QLatin1Char('c'));
        QTest::newRow("bare") << "nginx"
                              << "docker.io"
                              << "library/nginx"
                              << "" << false;
        QTest::newRow("bare tag") << "nginx:1.25"
                                  << "docker.io"
                                  << "library/nginx"
                                  << "1.25" << false;
        QTest::newRow("hub user") << "acme/app:2"
                                  << "docker.io"
                                  << "acme/app"
                                  << "2" << false;
        QTest::newRow("hub alias") << QStringLiteral("index.docker.io/acme/app") << "docker.io"
                                   << "acme/app"
                                   << "" << false;
        QTest::newRow("host") << "registry.example.com/shop/web:1.4"
                              << "registry.example.com"
                              << "shop/web"
                              << "1.4" << false;
        QTest::newRow("host port") << "reg:5000/web"
                                   << "reg:5000"
                                   << "web"
                                   << "" << false;
        QTest::newRow("host port tag") << "reg:5000/team/web:v1"
                                       << "reg:5000"
                                       << "team/web"
                                       << "v1" << false;
        QTest::newRow("localhost") << "localhost/web"
                                   << "localhost"
                                   << "web"
                                   << "" << false;
        QTest::newRow("upper-case host") << "Registry.Example.com/web"
                                         << "registry.example.com"
                                         << "web"
                                         << "" << false;
        QTest::newRow("digest") << QStringLiteral("ghcr.io/acme/app") + d << "ghcr.io"
                                << "acme/app"
                                << "" << true;
        QTest::newRow("bare digest") << QStringLiteral("nginx") + d << "docker.io"
                                     << "library/nginx"
                                     << "" << true;
    }

    void parse()
    {
        QFETCH(QString, text);
        QFETCH(QString, registry);
        QFETCH(QString, repository);
        QFETCH(QString, tag);
        QFETCH(bool, digest);
        const auto reference = ImageReference::parse(text);
        QVERIFY(reference);
        QCOMPARE(reference->registry, registry);
        QCOMPARE(reference->repository, repository);
        QCOMPARE(reference->tag, tag);
        QCOMPARE(!reference->digest.isEmpty(), digest);
    }

    void invalid()
    {
        for (const QString& text :
             {QString(), QStringLiteral(" "), QStringLiteral("Upper/Case"), QStringLiteral("a b"),
              QStringLiteral("web@sha256:xyz"), QStringLiteral("evil\n/x"), QString(600, QLatin1Char('a'))})
            QVERIFY2(!ImageReference::parse(text), qPrintable(text));
    }

    void approvedBy()
    {
        const auto app = ImageReference::parse(QStringLiteral("ghcr.io/acme/app:1"));
        QVERIFY(app->approvedBy(QStringLiteral("ghcr.io")));
        QVERIFY(app->approvedBy(QStringLiteral("GHCR.io/")));
        QVERIFY(app->approvedBy(QStringLiteral("ghcr.io/acme")));
        QVERIFY(app->approvedBy(QStringLiteral("ghcr.io/acme/app")));
        QVERIFY(!app->approvedBy(QStringLiteral("ghcr.io/acm")));
        QVERIFY(!app->approvedBy(QStringLiteral("ghcr.io/acme/app/sub")));
        QVERIFY(!app->approvedBy(QStringLiteral("docker.io")));
        QVERIFY(!app->approvedBy(QString()));
        const auto hub = ImageReference::parse(QStringLiteral("nginx"));
        QVERIFY(hub->approvedBy(QStringLiteral("registry-1.docker.io")));
        QVERIFY(hub->approvedBy(QStringLiteral("docker.io/library")));
        QVERIFY(!hub->approvedBy(QStringLiteral("docker.io/acme")));
    }
};

QTEST_GUILESS_MAIN(TestImageReference)
#include "tst_imagereference.moc"
