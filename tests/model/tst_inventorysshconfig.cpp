// SPDX-License-Identifier: GPL-3.0-or-later
#include "inventory/InventorySshConfig.h"
#include "inventory/SshConfigImporter.h"

#include <QTest>

using namespace bulkhead;

namespace {

InventoryHost host(const QString& name, const QString& address, const QString& identity, const QString& jump)
{
    InventoryHost h;
    h.name = name;
    h.address = address;
    h.identity = identity;
    h.proxyJump = jump;
    h.zone = QStringLiteral("z");
    return h;
}

} // namespace

class TestInventorySshConfig : public QObject
{
    Q_OBJECT

private slots:
    // What is written reads back, through an ssh_config reader, as the same per-host settings.
    void readsBack()
    {
        const QVector<InventoryHost> hosts{
            host(QStringLiteral("web-1"), QStringLiteral("10.0.0.5"), QStringLiteral("keys/web 1%d"), QString()),
            host(QStringLiteral("db"), QStringLiteral("db.example.com"), QString(), QStringLiteral("j@bastion:2222")),
            host(QStringLiteral("plain"), QStringLiteral("10.0.0.7"), QString(), QString()),
            host(QStringLiteral("v6"), QStringLiteral("2001:db8::7"), QStringLiteral("/abs/key"),
                 QStringLiteral("a,b")),
        };
        const Result<QByteArray> text = InventorySshConfig::write(hosts, QStringLiteral("/srv/inventory"));
        QVERIFY2(text, qPrintable(text.errorMessage()));
        QVERIFY(!text->contains("10.0.0.7")); // nothing to say about it: no block

        const Result<HostImport> read = SshConfigImporter::parse(text.value(), QStringLiteral("generated"));
        QVERIFY2(read, qPrintable(read.errorMessage()));
        QVERIFY(read->diagnostics.isEmpty());
        // Three hosts with settings, and the jump hosts a and b with the key of the host behind them.
        QCOMPARE(read->hosts.size(), 5);
        QCOMPARE(read->hosts.at(0).name, QStringLiteral("10.0.0.5"));
        QCOMPARE(read->hosts.at(0).identity, QStringLiteral("/srv/inventory/keys/web 1%d")); // '%' kept literal
        QCOMPARE(read->hosts.at(1).name, QStringLiteral("db.example.com"));
        QCOMPARE(read->hosts.at(1).proxyJump, QStringLiteral("j@bastion:2222"));
        QCOMPARE(read->hosts.at(2).name, QStringLiteral("2001:db8::7"));
        QCOMPARE(read->hosts.at(2).identity, QStringLiteral("/abs/key"));
        QCOMPARE(read->hosts.at(2).proxyJump, QStringLiteral("a,b"));
        QCOMPARE(read->hosts.at(3).name, QStringLiteral("a"));
        QCOMPARE(read->hosts.at(3).identity, QStringLiteral("/abs/key"));
        QCOMPARE(read->hosts.at(4).name, QStringLiteral("b"));
    }

    void nothingToWrite()
    {
        const Result<QByteArray> text = InventorySshConfig::write(
            {host(QStringLiteral("a"), QStringLiteral("10.0.0.1"), QString(), QString())}, QStringLiteral("/srv"));
        QVERIFY(text);
        QVERIFY(text->isEmpty());
    }

    void includeComesLast()
    {
        const Result<QByteArray> text = InventorySshConfig::write(
            {host(QStringLiteral("a"), QStringLiteral("10.0.0.1"), QStringLiteral("/k"), QString())},
            QStringLiteral("/srv"), QStringLiteral("/home/u/.ssh/config"));
        QVERIFY(text);
        QVERIFY(text->endsWith("Host *\n    Include \"/home/u/.ssh/config\"\n"));
        QVERIFY(text->indexOf("IdentityFile") < text->indexOf("Include"));
    }

    void refused_data()
    {
        QTest::addColumn<QVector<InventoryHost>>("hosts");
        QTest::addColumn<QString>("error");
        QTest::newRow("quote in identity")
            << QVector<InventoryHost>{host(QStringLiteral("a"), QStringLiteral("10.0.0.1"), QStringLiteral("/k\"ey"),
                                           QString())}
            << QStringLiteral("host 'a': identity \"/k\"ey\" cannot be written");
        QTest::newRow("one address, two keys")
            << QVector<InventoryHost>{host(QStringLiteral("a"), QStringLiteral("10.0.0.1"), QStringLiteral("/k1"),
                                           QString()),
                                      host(QStringLiteral("b"), QStringLiteral("10.0.0.1"), QStringLiteral("/k2"),
                                           QString())}
            << QStringLiteral("hosts on 10.0.0.1 have different identity or proxy_jump settings");
        QTest::newRow("wildcard address")
            << QVector<InventoryHost>{host(QStringLiteral("a"), QStringLiteral("10.0.0.*"), QStringLiteral("/k"),
                                           QString())}
            << QStringLiteral("address \"10.0.0.*\" cannot be written");
    }

    void refused()
    {
        QFETCH(QVector<InventoryHost>, hosts);
        QFETCH(QString, error);
        const Result<QByteArray> text = InventorySshConfig::write(hosts, QStringLiteral("/srv"));
        QVERIFY(!text);
        QVERIFY2(text.errorMessage().contains(error), qPrintable(text.errorMessage()));
    }
};

QTEST_GUILESS_MAIN(TestInventorySshConfig)
#include "tst_inventorysshconfig.moc"
