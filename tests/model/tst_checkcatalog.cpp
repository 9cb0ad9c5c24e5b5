// SPDX-License-Identifier: GPL-3.0-or-later
#include "checks/CheckCatalog.h"
#include "checks/Evaluator.h"
#include "checks/KubernetesRules.h"
#include "checks/SwarmRules.h"

#include <QFile>
#include <QTest>

using namespace bulkhead;

class TestCheckCatalog : public QObject
{
    Q_OBJECT

private slots:
    void embeddedCatalog_data()
    {
        QTest::addColumn<QString>("id");
        QTest::addColumn<int>("tip");
        QTest::addColumn<QStringList>("cis");
        QTest::addColumn<Severity>("severity");
        QTest::newRow("user") << "container.user-not-root" << 7 << QStringList{QStringLiteral("4.1")} << Severity::High;
        QTest::newRow("read-only") << "container.read-only-rootfs" << 9 << QStringList{QStringLiteral("5.13")}
                                   << Severity::Medium;
        QTest::newRow("privileged") << "container.not-privileged" << 7 << QStringList{QStringLiteral("5.5")}
                                    << Severity::Critical;
        QTest::newRow("socket") << "container.no-docker-socket" << 7 << QStringList{QStringLiteral("5.32")}
                                << Severity::Critical;
        QTest::newRow("secrets") << "container.no-secrets-in-env" << 8 << QStringList{QStringLiteral("4.10")}
                                 << Severity::High;
    }

    void embeddedCatalog()
    {
        QFETCH(QString, id);
        QFETCH(int, tip);
        QFETCH(QStringList, cis);
        QFETCH(Severity, severity);
        const CheckCatalog& catalog = CheckCatalog::instance();
        QVERIFY2(catalog.loadError().isEmpty(), qPrintable(catalog.loadError()));
        const CheckDefinition* check = catalog.find(id);
        QVERIFY(check);
        QCOMPARE(check->tip, tip);
        QCOMPARE(check->cis, cis);
        QCOMPARE(check->severity, severity);
        QCOMPARE(check->level, SubjectKind::Container);
        QVERIFY(check->title.size() > 10);
        QVERIFY(check->rationale.size() > 100);
        QVERIFY(check->remediation.size() > 50);
        // References name the CIS item and the tip.
        QVERIFY(check->references.join(QLatin1Char('\n'))
                    .contains(QStringLiteral("CIS Docker Benchmark v1.6.0, ") + cis.first()));
        QVERIFY(check->references.join(QLatin1Char('\n')).contains(QStringLiteral("tip %1").arg(tip)));
    }

    void everyImplementedCheckIsInTheCatalog()
    {
        const CheckCatalog& catalog = CheckCatalog::instance();
        QCOMPARE(catalog.checks().size(), Evaluator::implementedChecks().size());
        for (const QString& id : Evaluator::implementedChecks())
            QVERIFY2(catalog.find(id), qPrintable(id));
        QVERIFY(!catalog.find(QStringLiteral("container.nope")));
    }

    // Tip 3 is the Swarm and Kubernetes groups: the Swarm checks carry their CIS Docker ids and name them in the
    // references; the Kubernetes checks carry none (they are not CIS Docker items) and cite their benchmark.
    void orchestratorChecks()
    {
        const CheckCatalog& catalog = CheckCatalog::instance();
        QStringList tip3;
        for (const CheckDefinition& check : catalog.checks()) {
            if (check.tip == 3)
                tip3 << check.id;
        }
        QCOMPARE(tip3, SwarmRules::ids() + KubernetesRules::ids());
        QCOMPARE(tip3.size(), 30);
        for (const QString& id : SwarmRules::ids()) {
            const CheckDefinition* check = catalog.find(id);
            QCOMPARE(check->cis.size(), 1);
            QVERIFY2(check->references.join(QLatin1Char('\n'))
                         .contains(QStringLiteral("CIS Docker Benchmark v1.6.0, ") + check->cis.first()),
                     qPrintable(id));
        }
        int kubernetesCited = 0;
        for (const QString& id : KubernetesRules::ids()) {
            const CheckDefinition* check = catalog.find(id);
            QVERIFY2(check->cis.isEmpty(), qPrintable(id));
            QVERIFY2(!check->references.join(QLatin1Char('\n')).contains(QLatin1String("CIS Docker")), qPrintable(id));
            kubernetesCited +=
                check->references.join(QLatin1Char('\n')).contains(QLatin1String("CIS Kubernetes")) ? 1 : 0;
        }
        QCOMPARE(kubernetesCited, KubernetesRules::ids().size() - 1); // components-not-root is no CIS item
    }

    void sourceFileMatchesResource()
    {
        QFile source(QStringLiteral(BULKHEAD_SOURCE_DIR "/resources/checks/checks.json"));
        QFile resource(QStringLiteral(":/bulkhead/checks/checks.json"));
        QVERIFY(source.open(QIODevice::ReadOnly));
        QVERIFY(resource.open(QIODevice::ReadOnly));
        QCOMPARE(resource.readAll(), source.readAll());
    }

    void invalidCatalogs_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("why");
        const QByteArray good = "{\"id\":\"a\",\"title\":\"t\",\"tip\":7,\"cis\":[],\"level\":\"container\","
                                "\"severity\":\"high\",\"rationale\":\"r\",\"remediation\":\"m\",\"references\":[]}";
        QTest::newRow("not json") << QByteArray("{") << "not valid JSON";
        QTest::newRow("no checks") << QByteArray("{}") << "no \"checks\" array";
        QTest::newRow("duplicate id") << QByteArray("{\"checks\":[" + good + "," + good + "]}") << "appears twice";
        QTest::newRow("tip out of range")
            << QByteArray("{\"checks\":[" + QByteArray(good).replace("\"tip\":7", "\"tip\":11") + "]}")
            << "\"tip\" must be 1 to 10";
        QTest::newRow("bad level") << QByteArray("{\"checks\":[" + QByteArray(good).replace("container", "pod") + "]}")
                                   << "\"level\" is not one of";
        QTest::newRow("bad severity") << QByteArray("{\"checks\":[" + QByteArray(good).replace("high", "HIGH") + "]}")
                                      << "\"severity\" is not one of";
        QTest::newRow("empty title") << QByteArray("{\"checks\":[" + QByteArray(good).replace("\"t\"", "\" \"") + "]}")
                                     << "\"title\" is missing or empty";
    }

    void invalidCatalogs()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, why);
        const auto parsed = CheckCatalog::parse(json);
        QVERIFY(!parsed);
        QVERIFY2(parsed.errorMessage().contains(why), qPrintable(parsed.errorMessage()));
    }
};

QTEST_GUILESS_MAIN(TestCheckCatalog)
#include "tst_checkcatalog.moc"
