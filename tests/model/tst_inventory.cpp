// SPDX-License-Identifier: GPL-3.0-or-later
#include "inventory/Inventory.h"

#include <QDir>
#include <QTest>

using namespace bulkhead;

Q_DECLARE_METATYPE(bulkhead::Inventory)

namespace {

Zone zone(const QString& name, std::optional<ZoneScope> scope, const QString& rationale)
{
    Zone z;
    z.name = name;
    z.scope = scope;
    z.rationale = rationale;
    return z;
}

InventoryHost host(const QString& name, const QString& address, const QString& zoneName)
{
    InventoryHost h;
    h.name = name;
    h.address = address;
    h.zone = zoneName;
    return h;
}

Inventory sample()
{
    Inventory inventory;
    inventory.zones << zone(QStringLiteral("pci"), ZoneScope::In, QStringLiteral("Card data."))
                    << zone(QStringLiteral("lab"), ZoneScope::Out, QStringLiteral("Experiments only."))
                    << zone(QStringLiteral("corp"), ZoneScope::In, QStringLiteral("Office."));
    inventory.hosts << host(QStringLiteral("web-1"), QStringLiteral("10.0.0.5"), QStringLiteral("pci"))
                    << host(QStringLiteral("lab-1"), QStringLiteral("10.0.1.5"), QStringLiteral("lab"))
                    << host(QStringLiteral("web-2"), QStringLiteral("10.0.0.6"), QStringLiteral("pci"))
                    << host(QStringLiteral("mail"), QStringLiteral("10.0.2.5"), QStringLiteral("corp"));
    return inventory;
}

QStringList messages(const InventoryDiagnostics& diagnostics, InventoryDiagnostic::Level level)
{
    QStringList out;
    for (const InventoryDiagnostic& diagnostic : diagnostics) {
        if (diagnostic.level == level)
            out << diagnostic.message;
    }
    return out;
}

} // namespace

class TestInventory : public QObject
{
    Q_OBJECT

private slots:
    void validSample()
    {
        const InventoryDiagnostics diagnostics = sample().validate();
        QVERIFY2(diagnostics.isEmpty(), qPrintable(diagnostics.value(0).toString()));
    }

    // The rules as an editor sees them: an in-memory inventory, no file, no positions.
    void rules_data()
    {
        QTest::addColumn<Inventory>("inventory");
        QTest::addColumn<QString>("error");

        Inventory noScope = sample();
        noScope.zones[0].scope.reset();
        QTest::newRow("zone without scope") << noScope << QStringLiteral("zone 'pci' has no scope");

        Inventory noRationale = sample();
        noRationale.zones[1].rationale = QStringLiteral(" \n\t");
        QTest::newRow("zone without rationale")
            << noRationale << QStringLiteral("zone 'lab' has no rationale: say why it is out of scope");

        Inventory noZone = sample();
        noZone.hosts[3].zone.clear();
        QTest::newRow("host without zone")
            << noZone
            << QStringLiteral("host 'mail' has no zone: every host is in exactly one zone (zones: pci, lab, corp)");

        Inventory unknownZone = sample();
        unknownZone.hosts[3].zone = QStringLiteral("crop");
        QTest::newRow("zone typo") << unknownZone
                                   << QStringLiteral("host 'mail': zone 'crop' is not defined (did you mean 'corp'?)");

        Inventory twoZones = sample();
        twoZones.hosts << host(QStringLiteral("web-1-alias"), QStringLiteral("10.0.0.5"), QStringLiteral("lab"));
        QTest::newRow("one machine in two zones")
            << twoZones
            << QStringLiteral("host 'web-1-alias' and host 'web-1' are the same machine (10.0.0.5) in zones "
                              "'lab' and 'pci': every host is in exactly one zone");

        Inventory caseTwin = sample();
        caseTwin.hosts << host(QStringLiteral("WEB-1"), QStringLiteral("10.0.9.9"), QStringLiteral("pci"));
        QTest::newRow("names differ only in case") << caseTwin << QStringLiteral("host 'WEB-1' is listed twice");

        Inventory badJump = sample();
        badJump.hosts[0].proxyJump = QStringLiteral("bastion,-oProxyCommand=x");
        QTest::newRow("second jump hop") << badJump << QStringLiteral("jump host \"-oProxyCommand=x\" is not");

        Inventory port = sample();
        port.hosts[0].port = 0;
        QTest::newRow("port 0") << port << QStringLiteral("host 'web-1': port 0 is out of range (1-65535)");

        Inventory escape = sample();
        escape.zones[0].rationale = QStringLiteral("ok\x1b[2Jcleared");
        QTest::newRow("escape in rationale")
            << escape << QStringLiteral("zone 'pci': rationale contains a control character (U+001B)");

        Inventory longLabel = sample();
        longLabel.hosts[0].labels.insert(QStringLiteral("blob"), QString(60 * 1024, QLatin1Char('x')));
        QTest::newRow("60 KB label") << longLabel
                                     << QStringLiteral("host 'web-1': label 'blob' is longer than 4096 characters");

        Inventory badUser = sample();
        badUser.zones[0].approvedUsers << QStringLiteral("root;id");
        QTest::newRow("approved user") << badUser
                                       << QStringLiteral("approved_users entry \"root;id\" is not a user name");
    }

    void rules()
    {
        QFETCH(Inventory, inventory);
        QFETCH(QString, error);
        const QStringList errors = messages(inventory.validate(), InventoryDiagnostic::Level::Error);
        QCOMPARE(errors.size(), 1);
        QVERIFY2(errors.front().contains(error), qPrintable(errors.front()));
    }

    void multiLineRationaleIsFine()
    {
        Inventory inventory = sample();
        inventory.zones[0].rationale = QStringLiteral("Line one.\n\tLine two.\n");
        QVERIFY(messages(inventory.validate(), InventoryDiagnostic::Level::Error).isEmpty());
    }

    void restrictedTo()
    {
        const Inventory inventory = sample();
        const Result<Inventory> pci = inventory.restrictedTo({QStringLiteral("pci")});
        QVERIFY(pci);
        QCOMPARE(pci->zones.size(), 1);
        QCOMPARE(pci->hosts.size(), 2);
        QCOMPARE(pci->hosts.at(0).name, QStringLiteral("web-1"));
        QCOMPARE(pci->hosts.at(1).name, QStringLiteral("web-2"));

        // An out-of-scope zone may be named explicitly; repeats are harmless; order of hosts is the file's.
        const Result<Inventory> two =
            inventory.restrictedTo({QStringLiteral("lab"), QStringLiteral("pci"), QStringLiteral("lab")});
        QVERIFY(two);
        QCOMPARE(two->zones.size(), 2);
        QCOMPARE(two->hosts.size(), 3);
        QCOMPARE(two->hosts.at(1).name, QStringLiteral("lab-1"));

        const Result<Inventory> typo = inventory.restrictedTo({QStringLiteral("pcj")});
        QVERIFY(!typo);
        QCOMPARE(
            typo.errorMessage(),
            QStringLiteral("there is no zone 'pcj' in the inventory (did you mean 'pci'?) (zones: pci, lab, corp)"));
    }

    void inScope()
    {
        const Inventory scoped = sample().inScope();
        QCOMPARE(scoped.zones.size(), 2);
        QCOMPARE(scoped.hosts.size(), 3);
        for (const InventoryHost& h : scoped.hosts)
            QVERIFY(h.zone != QLatin1String("lab"));
    }

    void equalityIgnoresPositions()
    {
        Inventory a = sample();
        Inventory b = sample();
        b.hosts[0].where.object = SourcePosition{12, 5};
        b.zones[0].where.fields.insert(QStringLiteral("scope"), SourcePosition{3, 5});
        QCOMPARE(a, b);
        b.hosts[0].labels.insert(QStringLiteral("role"), QStringLiteral("web"));
        QVERIFY(!(a == b));
    }

    void resolvePath()
    {
        QCOMPARE(Inventory::resolvePath(QStringLiteral("~/.ssh/id"), QStringLiteral("/srv")),
                 QDir::homePath() + QStringLiteral("/.ssh/id"));
        QCOMPARE(Inventory::resolvePath(QStringLiteral("/abs/key"), QStringLiteral("/srv")),
                 QStringLiteral("/abs/key"));
        QCOMPARE(Inventory::resolvePath(QStringLiteral("keys/k"), QStringLiteral("/srv/inv")),
                 QStringLiteral("/srv/inv/keys/k"));
        QCOMPARE(Inventory::resolvePath(QString(), QStringLiteral("/srv")), QString());
    }
};

QTEST_GUILESS_MAIN(TestInventory)
#include "tst_inventory.moc"
