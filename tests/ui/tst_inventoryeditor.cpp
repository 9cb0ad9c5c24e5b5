// SPDX-License-Identifier: GPL-3.0-or-later
// The inventory editor (issue 5, item 7): starts from a real workspace's zones and hosts, adds a zone
// and a host through the widgets, refuses an out-of-scope zone without a rationale (and keeps every
// edit), shows hostile names escaped, imports an ssh_config, round-trips YAML, and what it returns is
// what applyInventory stores.
#include "dialogs/InventoryEditorDialog.h"
#include "store/Workspace.h"
#include "store/WorkspaceInventory.h"

#include <QApplication>
#include <QComboBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace bulkhead;

namespace {

template <typename T> T* childOf(QWidget* parent, const char* name)
{
    return parent->findChild<T*>(QLatin1String(name));
}

void click(QWidget* dialog, const char* buttonName)
{
    QTest::mouseClick(childOf<QPushButton>(dialog, buttonName), Qt::LeftButton);
}

void chooseData(QWidget* dialog, const char* comboName, const QString& data)
{
    auto* combo = childOf<QComboBox>(dialog, comboName);
    combo->setCurrentIndex(combo->findData(data));
}

bool selectRow(QWidget* dialog, const char* tableName, const QString& firstColumn)
{
    auto* table = childOf<QTableWidget>(dialog, tableName);
    for (int row = 0; row < table->rowCount(); ++row) {
        if (table->item(row, 0)->text() == firstColumn) {
            table->setCurrentCell(row, 0);
            return true;
        }
    }
    return false;
}

Zone zone(const QString& name, ZoneScope scope, const QString& rationale)
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

bool writeFile(const QString& path, const QByteArray& bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

} // namespace

class tst_InventoryEditor : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void loadsTheWorkspace();
    void addsAZoneAndAHostAndSaves();
    void renamingAZoneTakesItsHosts();
    void hostileNamesAreShownEscaped();
    void importsAnSshConfig();
    void importsAnAnsibleInventory();
    void removingAZoneKeepsItsHostsZone();
    void yamlRoundTrip();
    void unreadableFileChangesNothing();

private:
    std::unique_ptr<Workspace> workspaceWithFleet(const QString& path);

    std::unique_ptr<QTemporaryDir> m_dir;
};

void tst_InventoryEditor::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    qputenv("XDG_CONFIG_HOME", m_dir->filePath(QStringLiteral("config")).toLocal8Bit());
}

// prod (in scope) with web-1, and 10.0.0.9 scanned once without an inventory (no zone).
std::unique_ptr<Workspace> tst_InventoryEditor::workspaceWithFleet(const QString& path)
{
    auto opened = Workspace::open(path);
    if (!opened)
        return nullptr;
    std::unique_ptr<Workspace> workspace = std::move(opened).value();
    Inventory inventory;
    inventory.zones << zone(QStringLiteral("prod"), ZoneScope::In, QStringLiteral("Customer traffic."));
    inventory.hosts << host(QStringLiteral("web-1"), QStringLiteral("10.0.0.5"), QStringLiteral("prod"));
    if (!workspace->applyInventory(inventory))
        return nullptr;
    if (!workspace->upsertHost(HostSpec{QString(), QStringLiteral("10.0.0.9"), 22}))
        return nullptr;
    return workspace;
}

void tst_InventoryEditor::loadsTheWorkspace()
{
    auto workspace = workspaceWithFleet(m_dir->filePath(QStringLiteral("load.bulkhead")));
    QVERIFY(workspace);
    auto read = WorkspaceInventory::read(*workspace);
    QVERIFY2(read, qPrintable(read.errorMessage()));
    QCOMPARE(read->zones.size(), 1);
    QCOMPARE(read->hosts.size(), 2);
    const InventoryHost* web = read->findHost(QStringLiteral("web-1"));
    QVERIFY(web);
    QCOMPARE(web->zone, QStringLiteral("prod"));
    QCOMPARE(web->address, QStringLiteral("10.0.0.5"));
    const InventoryHost* loose = read->findHost(QStringLiteral("10.0.0.9"));
    QVERIFY(loose);
    QVERIFY(loose->zone.isEmpty());
    QVERIFY(loose->address.isEmpty()); // the name is the address

    InventoryEditorDialog dialog(read.value());
    QCOMPARE(childOf<QTableWidget>(&dialog, "zonesTable")->rowCount(), 1);
    QCOMPARE(childOf<QTableWidget>(&dialog, "hostsTable")->rowCount(), 2);
    QCOMPARE(childOf<QLineEdit>(&dialog, "zoneNameEdit")->text(), QStringLiteral("prod"));
    QCOMPARE(childOf<QPlainTextEdit>(&dialog, "zoneRationaleEdit")->toPlainText(), QStringLiteral("Customer traffic."));
    QCOMPARE(childOf<QLineEdit>(&dialog, "hostNameEdit")->text(), QStringLiteral("web-1"));
    QCOMPARE(childOf<QLineEdit>(&dialog, "hostAddressEdit")->text(), QStringLiteral("10.0.0.5"));
    QCOMPARE(childOf<QComboBox>(&dialog, "hostZoneCombo")->currentData().toString(), QStringLiteral("prod"));
    QCOMPARE(dialog.inventory(), read.value()); // nothing changes by looking
}

void tst_InventoryEditor::addsAZoneAndAHostAndSaves()
{
    const QString path = m_dir->filePath(QStringLiteral("edit.bulkhead"));
    auto workspace = workspaceWithFleet(path);
    QVERIFY(workspace);
    auto read = WorkspaceInventory::read(*workspace);
    QVERIFY(read);
    InventoryEditorDialog dialog(read.value());
    dialog.show();

    click(&dialog, "addZoneButton");
    QCOMPARE(childOf<QTableWidget>(&dialog, "zonesTable")->rowCount(), 2);
    auto* zoneName = childOf<QLineEdit>(&dialog, "zoneNameEdit");
    zoneName->clear();
    QTest::keyClicks(zoneName, QStringLiteral("dmz"));
    chooseData(&dialog, "zoneScopeCombo", QStringLiteral("out"));
    childOf<QPlainTextEdit>(&dialog, "zoneRegistriesEdit")
        ->setPlainText(QStringLiteral("registry.example.com:5000\n\n  ghcr.io/team  \n"));
    childOf<QPlainTextEdit>(&dialog, "zoneUsersEdit")->setPlainText(QStringLiteral("root\nauditor"));
    childOf<QPlainTextEdit>(&dialog, "zoneLogTargetsEdit")->setPlainText(QStringLiteral("udp://logs.example.com:514"));

    // The new host goes into the selected zone (dmz); the combo lists the zones being edited.
    click(&dialog, "addHostButton");
    QCOMPARE(childOf<QTableWidget>(&dialog, "hostsTable")->rowCount(), 3);
    auto* zoneCombo = childOf<QComboBox>(&dialog, "hostZoneCombo");
    QCOMPARE(zoneCombo->currentData().toString(), QStringLiteral("dmz"));
    QVERIFY(zoneCombo->findData(QStringLiteral("prod")) >= 0);
    QTest::keyClicks(childOf<QLineEdit>(&dialog, "hostAddressEdit"), QStringLiteral("auditor@10.0.0.7:2222"));
    QTest::keyClicks(childOf<QLineEdit>(&dialog, "hostNameEdit"), QStringLiteral("db-1"));
    chooseData(&dialog, "hostAccessCombo", QStringLiteral("sudo"));
    QTest::keyClicks(childOf<QLineEdit>(&dialog, "hostIdentityEdit"), QStringLiteral("~/.ssh/audit"));
    QTest::keyClicks(childOf<QLineEdit>(&dialog, "hostJumpEdit"), QStringLiteral("jump@bastion:22"));

    // The host scanned without an inventory gets a zone from the combo.
    QVERIFY(selectRow(&dialog, "hostsTable", QStringLiteral("10.0.0.9")));
    QCOMPARE(zoneCombo->currentData().toString(), QString());
    chooseData(&dialog, "hostZoneCombo", QStringLiteral("prod"));

    // dmz is out of scope without a rationale: Save refuses, says why, and keeps every edit.
    click(&dialog, "inventorySaveButton");
    QVERIFY(dialog.isVisible());
    QCOMPARE(dialog.result(), int(QDialog::Rejected));
    auto* error = childOf<QLabel>(&dialog, "inventoryEditorError");
    QVERIFY(error->isVisible());
    QVERIFY(error->text().contains(QStringLiteral("Nothing was stored")));
    const QString diagnostics = childOf<QPlainTextEdit>(&dialog, "inventoryDiagnostics")->toPlainText();
    QVERIFY2(diagnostics.contains(QStringLiteral("zone 'dmz' has no rationale: say why it is out of scope")),
             qPrintable(diagnostics));
    QCOMPARE(dialog.inventory().zones.size(), 2);
    QVERIFY(dialog.inventory().findHost(QStringLiteral("db-1")));

    QVERIFY(selectRow(&dialog, "zonesTable", QStringLiteral("dmz")));
    QTest::keyClicks(childOf<QPlainTextEdit>(&dialog, "zoneRationaleEdit"), QStringLiteral("Vendor managed."));
    click(&dialog, "inventorySaveButton");
    QCOMPARE(dialog.result(), int(QDialog::Accepted));

    Inventory expected;
    expected.zones << zone(QStringLiteral("prod"), ZoneScope::In, QStringLiteral("Customer traffic."));
    Zone dmz = zone(QStringLiteral("dmz"), ZoneScope::Out, QStringLiteral("Vendor managed."));
    dmz.approvedRegistries = QStringList{QStringLiteral("registry.example.com:5000"), QStringLiteral("ghcr.io/team")};
    dmz.approvedUsers = QStringList{QStringLiteral("root"), QStringLiteral("auditor")};
    dmz.requiredLogTargets = QStringList{QStringLiteral("udp://logs.example.com:514")};
    expected.zones << dmz;
    expected.hosts << host(QStringLiteral("web-1"), QStringLiteral("10.0.0.5"), QStringLiteral("prod"));
    expected.hosts << host(QStringLiteral("10.0.0.9"), QString(), QStringLiteral("prod"));
    InventoryHost db = host(QStringLiteral("db-1"), QStringLiteral("10.0.0.7"), QStringLiteral("dmz"));
    db.user = QStringLiteral("auditor");
    db.port = 2222;
    db.access = AccessMode::Sudo;
    db.identity = QStringLiteral("~/.ssh/audit");
    db.proxyJump = QStringLiteral("jump@bastion:22");
    expected.hosts << db;
    QCOMPARE(dialog.inventory(), expected);

    // What the caller does with it: the workspace on disk now has both zones and every host's zone.
    auto applied = workspace->applyInventory(dialog.inventory());
    QVERIFY2(applied, qPrintable(applied.errorMessage()));
    workspace.reset();
    auto reopened = Workspace::open(path, Workspace::OpenMode::ExistingOnly);
    QVERIFY(reopened);
    auto zones = reopened.value()->zones();
    QVERIFY(zones);
    QCOMPARE(zones->size(), 2);
    QCOMPARE(zones->at(0).name, QStringLiteral("dmz")); // by name
    QCOMPARE(zones->at(0).scope, std::optional<ZoneScope>(ZoneScope::Out));
    QCOMPARE(zones->at(0).rationale, QStringLiteral("Vendor managed."));
    QCOMPARE(zones->at(0).approvedRegistries, dmz.approvedRegistries);
    auto hosts = reopened.value()->hosts();
    QVERIFY(hosts);
    QHash<QString, HostRecord> byName;
    for (const HostRecord& record : hosts.value())
        byName.insert(record.name, record);
    QCOMPARE(byName.value(QStringLiteral("db-1")).zone, QStringLiteral("dmz"));
    QCOMPARE(byName.value(QStringLiteral("db-1")).spec.toString(), QStringLiteral("auditor@10.0.0.7:2222"));
    QCOMPARE(byName.value(QStringLiteral("10.0.0.9")).zone, QStringLiteral("prod"));
    QCOMPARE(byName.value(QStringLiteral("web-1")).zone, QStringLiteral("prod"));
}

void tst_InventoryEditor::renamingAZoneTakesItsHosts()
{
    Inventory inventory;
    inventory.zones << zone(QStringLiteral("web"), ZoneScope::In, QStringLiteral("a"));
    inventory.zones << zone(QStringLiteral("db"), ZoneScope::In, QStringLiteral("b"));
    inventory.hosts << host(QStringLiteral("w1"), QStringLiteral("10.0.0.1"), QStringLiteral("web"));
    inventory.hosts << host(QStringLiteral("d1"), QStringLiteral("10.0.0.2"), QStringLiteral("db"));
    InventoryEditorDialog dialog(inventory);

    // Typing "db" → "web" → "web2" passes through the other zone's name: its hosts stay where they are.
    QVERIFY(selectRow(&dialog, "zonesTable", QStringLiteral("db")));
    auto* name = childOf<QLineEdit>(&dialog, "zoneNameEdit");
    name->setText(QStringLiteral("web"));
    name->setText(QStringLiteral("web2"));
    QCOMPARE(dialog.inventory().findHost(QStringLiteral("d1"))->zone, QStringLiteral("web2"));
    QCOMPARE(dialog.inventory().findHost(QStringLiteral("w1"))->zone, QStringLiteral("web"));
    QCOMPARE(childOf<QTableWidget>(&dialog, "zonesTable")->item(1, 0)->text(), QStringLiteral("web2"));
    QVERIFY(dialog.check());
}

void tst_InventoryEditor::hostileNamesAreShownEscaped()
{
    const QString hostileZone = QStringLiteral("<b>pci</b>\x1b[31m");
    const QString hostileHost = QStringLiteral("evil\u202egnp.exe");
    Inventory inventory;
    inventory.zones << zone(hostileZone, ZoneScope::In, QStringLiteral("r"));
    inventory.hosts << host(hostileHost, QStringLiteral("10.0.0.3"), hostileZone);
    InventoryEditorDialog dialog(inventory);

    auto* zones = childOf<QTableWidget>(&dialog, "zonesTable");
    QCOMPARE(zones->item(0, 0)->text(), QStringLiteral("<b>pci</b>\\x1b[31m"));
    auto* hosts = childOf<QTableWidget>(&dialog, "hostsTable");
    QCOMPARE(hosts->item(0, 0)->text(), QStringLiteral("evil\\u202egnp.exe"));
    QVERIFY(!hosts->item(0, 2)->text().contains(QChar(0x1b)));
    auto* combo = childOf<QComboBox>(&dialog, "hostZoneCombo");
    QCOMPARE(combo->currentData().toString(), hostileZone); // the value is kept as it is
    QVERIFY(!combo->currentText().contains(QChar(0x1b)));

    QVERIFY(!dialog.check());
    const QString diagnostics = childOf<QPlainTextEdit>(&dialog, "inventoryDiagnostics")->toPlainText();
    QVERIFY(!diagnostics.isEmpty());
    QVERIFY(!diagnostics.contains(QChar(0x1b)));
    QVERIFY(!diagnostics.contains(QChar(0x202e)));
    QVERIFY2(diagnostics.contains(QStringLiteral("zone name")), qPrintable(diagnostics));
    QCOMPARE(dialog.inventory(), inventory); // shown escaped, kept as typed
}

void tst_InventoryEditor::importsAnSshConfig()
{
    const QString config = m_dir->filePath(QStringLiteral("ssh_config"));
    QVERIFY(writeFile(config, QByteArrayLiteral("Host web-2\n"
                                                "    HostName 10.0.0.8\n"
                                                "    User deploy\n"
                                                "    Port 2200\n"
                                                "    ProxyJump bastion\n"
                                                "Host bastion\n"
                                                "    HostName 10.0.0.1\n"
                                                "Host *.example.com\n"
                                                "    User nobody\n")));
    Inventory inventory;
    inventory.zones << zone(QStringLiteral("prod"), ZoneScope::In, QStringLiteral("r"));
    inventory.hosts << host(QStringLiteral("bastion"), QStringLiteral("10.0.0.1"), QStringLiteral("prod"));
    InventoryEditorDialog dialog(inventory);

    auto added = dialog.importSshConfig(config);
    QVERIFY2(added, qPrintable(added.errorMessage()));
    QCOMPARE(added.value(), 1); // bastion is already listed
    const QString status = childOf<QLabel>(&dialog, "inventoryStatus")->text();
    QVERIFY2(status.contains(QStringLiteral("Imported 1 host")) && status.contains(QStringLiteral("1 already listed")),
             qPrintable(status));
    QCOMPARE(childOf<QTableWidget>(&dialog, "hostsTable")->rowCount(), 2);
    const InventoryHost* web = dialog.inventory().findHost(QStringLiteral("web-2"));
    QVERIFY(web);
    QCOMPARE(web->address, QStringLiteral("10.0.0.8"));
    QCOMPARE(web->user, QStringLiteral("deploy"));
    QCOMPARE(web->port, 2200);
    QCOMPARE(web->proxyJump, QStringLiteral("bastion"));
    QVERIFY(web->zone.isEmpty());
    // The imported host is selected, ready for its zone.
    QCOMPARE(childOf<QLineEdit>(&dialog, "hostNameEdit")->text(), QStringLiteral("web-2"));
    QCOMPARE(childOf<QLineEdit>(&dialog, "hostAddressEdit")->text(), QStringLiteral("deploy@10.0.0.8:2200"));
    QVERIFY(!dialog.check());
    chooseData(&dialog, "hostZoneCombo", QStringLiteral("prod"));
    QVERIFY(dialog.check());

    auto again = dialog.importSshConfig(config);
    QVERIFY(again);
    QCOMPARE(again.value(), 0);
    QVERIFY(!dialog.importSshConfig(m_dir->filePath(QStringLiteral("missing"))));
    QCOMPARE(dialog.inventory().hosts.size(), 2);
}

void tst_InventoryEditor::importsAnAnsibleInventory()
{
    const QString hostsFile = m_dir->filePath(QStringLiteral("hosts.ini"));
    QVERIFY(writeFile(hostsFile, QByteArrayLiteral("[web]\n"
                                                   "web[01:03] ansible_user=deploy\n"
                                                   "[db]\n"
                                                   "db-1 ansible_host=10.0.1.5 ansible_become=true\n")));
    InventoryEditorDialog dialog{Inventory{}};
    auto added = dialog.importAnsible(hostsFile);
    QVERIFY2(added, qPrintable(added.errorMessage()));
    QCOMPARE(added.value(), 4);
    QVERIFY(childOf<QLabel>(&dialog, "inventoryStatus")->text().contains(QStringLiteral("Imported 4 hosts")));
    QCOMPARE(childOf<QTableWidget>(&dialog, "hostsTable")->rowCount(), 4);
    const InventoryHost* db = dialog.inventory().findHost(QStringLiteral("db-1"));
    QVERIFY(db);
    QCOMPARE(db->address, QStringLiteral("10.0.1.5"));
    QCOMPARE(db->access, AccessMode::Sudo);
    QCOMPARE(dialog.inventory().findHost(QStringLiteral("web02"))->user, QStringLiteral("deploy"));

    // Zones through the widgets: db-1 picks one from its combo, then the rest go into another at once.
    click(&dialog, "addZoneButton");
    childOf<QPlainTextEdit>(&dialog, "zoneRationaleEdit")->setPlainText(QStringLiteral("Databases."));
    const QString dbZone = childOf<QLineEdit>(&dialog, "zoneNameEdit")->text();
    QVERIFY(selectRow(&dialog, "hostsTable", QStringLiteral("db-1")));
    chooseData(&dialog, "hostZoneCombo", dbZone);
    click(&dialog, "addZoneButton");
    childOf<QPlainTextEdit>(&dialog, "zoneRationaleEdit")->setPlainText(QStringLiteral("Web tier."));
    const QString webZone = childOf<QLineEdit>(&dialog, "zoneNameEdit")->text();
    QVERIFY(!dbZone.isEmpty() && webZone != dbZone);
    click(&dialog, "adoptHostsButton");
    QVERIFY(childOf<QLabel>(&dialog, "inventoryStatus")->text().contains(QStringLiteral("3 hosts put into zone")));
    QVERIFY(dialog.check());
    QCOMPARE(dialog.inventory().hostsInZone(webZone).size(), 3);
    QCOMPARE(dialog.inventory().findHost(QStringLiteral("db-1"))->zone, dbZone);
    QCOMPARE(childOf<QTableWidget>(&dialog, "zonesTable")->item(1, 2)->text(), QStringLiteral("3"));
}

void tst_InventoryEditor::removingAZoneKeepsItsHostsZone()
{
    Inventory inventory;
    inventory.zones << zone(QStringLiteral("prod"), ZoneScope::In, QStringLiteral("r"));
    inventory.zones << zone(QStringLiteral("old"), ZoneScope::In, QStringLiteral("r"));
    inventory.hosts << host(QStringLiteral("w1"), QStringLiteral("10.0.0.1"), QStringLiteral("old"));
    InventoryEditorDialog dialog(inventory);
    QVERIFY(selectRow(&dialog, "zonesTable", QStringLiteral("old")));
    click(&dialog, "removeZoneButton");
    QCOMPARE(dialog.inventory().zones.size(), 1);
    // The host still names its zone, shown as not defined, and Save refuses until another is chosen.
    QCOMPARE(dialog.inventory().hosts.at(0).zone, QStringLiteral("old"));
    auto* combo = childOf<QComboBox>(&dialog, "hostZoneCombo");
    QCOMPARE(combo->currentData().toString(), QStringLiteral("old"));
    QVERIFY(combo->currentText().contains(QStringLiteral("not defined")));
    click(&dialog, "inventorySaveButton");
    QCOMPARE(dialog.result(), int(QDialog::Rejected));
    QVERIFY(childOf<QPlainTextEdit>(&dialog, "inventoryDiagnostics")
                ->toPlainText()
                .contains(QStringLiteral("zone 'old' is not defined")));
    chooseData(&dialog, "hostZoneCombo", QStringLiteral("prod"));
    click(&dialog, "inventorySaveButton");
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
}

void tst_InventoryEditor::yamlRoundTrip()
{
    Inventory inventory;
    Zone pci = zone(QStringLiteral("pci"), ZoneScope::In, QStringLiteral("Card data."));
    pci.approvedUsers = QStringList{QStringLiteral("root")};
    inventory.zones << pci << zone(QStringLiteral("lab"), ZoneScope::Out, QStringLiteral("Test only."));
    inventory.hosts << host(QStringLiteral("web-1"), QStringLiteral("10.0.0.5"), QStringLiteral("pci"));
    inventory.hosts << host(QStringLiteral("lab-1"), QStringLiteral("fd00::1"), QStringLiteral("lab"));
    InventoryEditorDialog dialog(inventory);
    QVERIFY(selectRow(&dialog, "hostsTable", QStringLiteral("lab-1")));
    QCOMPARE(childOf<QLineEdit>(&dialog, "hostAddressEdit")->text(), QStringLiteral("[fd00::1]"));

    const QString file = m_dir->filePath(QStringLiteral("inventory.yaml"));
    auto saved = dialog.saveYaml(file);
    QVERIFY2(saved, qPrintable(saved.errorMessage()));

    InventoryEditorDialog other{Inventory{}};
    auto opened = other.openFile(file);
    QVERIFY2(opened, qPrintable(opened.errorMessage()));
    QCOMPARE(other.inventory(), inventory);
    QCOMPARE(childOf<QTableWidget>(&other, "zonesTable")->rowCount(), 2);
    QVERIFY(other.check());
}

void tst_InventoryEditor::unreadableFileChangesNothing()
{
    const QString file = m_dir->filePath(QStringLiteral("broken.yaml"));
    QVERIFY(writeFile(file, QByteArrayLiteral("zones: [\n  - {name: x\n")));
    Inventory inventory;
    inventory.zones << zone(QStringLiteral("prod"), ZoneScope::In, QStringLiteral("r"));
    InventoryEditorDialog dialog(inventory);
    QVERIFY(!dialog.openFile(file));
    QCOMPARE(dialog.inventory(), inventory);
    QVERIFY(childOf<QLabel>(&dialog, "inventoryEditorError")->text().contains(QStringLiteral("nothing was changed")));
    QVERIFY(!childOf<QPlainTextEdit>(&dialog, "inventoryDiagnostics")->toPlainText().isEmpty());
}

QTEST_MAIN(tst_InventoryEditor)
#include "tst_inventoryeditor.moc"
