// SPDX-License-Identifier: GPL-3.0-or-later
// The window's dry run (the commands dialog), the inventory scan dialog's preview and validation, and
// the scan dialog's access setting. Offscreen; nothing connects anywhere.
#include "dialogs/CommandsDialog.h"
#include "dialogs/InventoryScanDialog.h"
#include "dialogs/ScanDialog.h"
#include "probes/ProbeCommands.h"
#include "scan/FleetScanner.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

using namespace bulkhead;

namespace {

QString data(const QString& name)
{
    return QStringLiteral(BULKHEAD_SOURCE_DIR "/tests/model/data/inventory/") + name;
}

} // namespace

class TestScanDialogs : public QObject
{
    Q_OBJECT

private slots:
    void commandsMatchThePlanForEachAccess()
    {
        CommandsDialog dialog(AccessMode::Direct);
        auto* tree = dialog.findChild<QTreeWidget*>(QStringLiteral("commandsTree"));
        QVERIFY(tree);
        const QVector<Probe> direct = ProbeCommands::plan(AccessMode::Direct);
        QCOMPARE(tree->topLevelItemCount(), direct.size());
        QVERIFY(direct.size() >= 30);
        for (int i = 0; i < tree->topLevelItemCount(); ++i) {
            QCOMPARE(tree->topLevelItem(i)->text(0), direct.at(i).name);
            QCOMPARE(tree->topLevelItem(i)->data(0, Qt::UserRole).toString(), direct.at(i).command);
            QVERIFY(!direct.at(i).command.startsWith(QLatin1String("sudo")));
        }
        QCOMPARE(dialog.commandsText(), ProbeCommands::commandLines(AccessMode::Direct).join(u'\n') + u'\n');

        // Switching the access changes exactly the privileged probes' commands.
        dialog.setAccess(AccessMode::Sudo);
        const QVector<Probe> sudo = ProbeCommands::plan(AccessMode::Sudo);
        QCOMPARE(tree->topLevelItemCount(), sudo.size());
        int elevated = 0;
        for (int i = 0; i < tree->topLevelItemCount(); ++i) {
            const QString command = tree->topLevelItem(i)->data(0, Qt::UserRole).toString();
            QCOMPARE(command, sudo.at(i).command);
            QCOMPARE(command.contains(QLatin1String(" sudo -n -- ")), sudo.at(i).needsPrivilege());
            QCOMPARE(tree->topLevelItem(i)->text(2) == QLatin1String("root (sudo -n)"), sudo.at(i).needsPrivilege());
            elevated += sudo.at(i).needsPrivilege() ? 1 : 0;
        }
        QVERIFY(elevated > 0 && elevated < sudo.size());
        QCOMPARE(dialog.commandsText(), ProbeCommands::commandLines(AccessMode::Sudo).join(u'\n') + u'\n');

        // The selected probe's whole command and description are shown below, as plain text.
        tree->setCurrentItem(tree->topLevelItem(1));
        auto* detail = dialog.findChild<QPlainTextEdit*>(QStringLiteral("commandDetail"));
        QVERIFY(detail->toPlainText().contains(sudo.at(1).command));
        QVERIFY(detail->toPlainText().contains(sudo.at(1).description));

        // The copy button copies what commandsText() says.
        dialog.findChild<QPushButton*>(QStringLiteral("copyCommandsButton"))->click();
        QCOMPARE(QApplication::clipboard()->text(), dialog.commandsText());
    }

    void sudoersAllowListNamesOnlyValidUsers()
    {
        CommandsDialog dialog(AccessMode::Sudo);
        auto* user = dialog.findChild<QLineEdit*>(QStringLiteral("sudoersUserEdit"));
        user->setText(QStringLiteral("operator"));
        QCOMPARE(dialog.sudoersText(), ProbeCommands::sudoersAllowList(QStringLiteral("operator")));
        QVERIFY(dialog.sudoersText().contains(QStringLiteral("operator ALL=(root) NOPASSWD: BULKHEAD_PROBES")));
        user->setText(QStringLiteral("%auditors"));
        QVERIFY(dialog.sudoersText().contains(QStringLiteral("%auditors ALL=(root) NOPASSWD: BULKHEAD_PROBES")));
        // Anything else never reaches the rule.
        user->setText(QStringLiteral("x ALL=(ALL) ALL\nroot"));
        QCOMPARE(dialog.sudoersText(), ProbeCommands::sudoersAllowList());
        QVERIFY(!dialog.sudoersText().contains(QStringLiteral("x ALL=(ALL) ALL")));
    }

    void inventoryPreviewShowsSelectionAndExclusions()
    {
        InventoryScanDialog dialog;
        dialog.setInventoryFile(data(QStringLiteral("fleet.yaml")));
        QVERIFY(dialog.plan().has_value());
        const QString preview = dialog.findChild<QPlainTextEdit*>(QStringLiteral("inventoryPreview"))->toPlainText();
        QVERIFY2(preview.contains(QStringLiteral("zone pci (3 hosts)")), qPrintable(preview));
        QVERIFY(preview.contains(QStringLiteral("web-1  auditor@10.0.0.5:22  access: direct")));
        QVERIFY(preview.contains(QStringLiteral("access: sudo")));
        QVERIFY(preview.contains(QStringLiteral("zone 'lab' is out of scope, not scanned (Throw-away machines")));
        QVERIFY(!preview.contains(QStringLiteral("2001:db8::7")));

        ScanRequest request;
        dialog.plan()->applyTo(request, false);
        QCOMPARE(request.hosts.size(), 3);
        QCOMPARE(request.hostAccess.size(), 3);
        QCOMPARE(request.accessFor(1), AccessMode::Sudo);
        QCOMPARE(request.accessFor(0), AccessMode::Direct);
        dialog.plan()->applyTo(request, true);
        QVERIFY(request.hostAccess.isEmpty());
        QCOMPARE(request.accessFor(0), AccessMode::Sudo);

        // Named zones: only those.
        auto* zones = dialog.findChild<QLineEdit*>(QStringLiteral("zonesEdit"));
        zones->setText(QStringLiteral("lab"));
        dialog.setInventoryFile(data(QStringLiteral("fleet.yaml")));
        QVERIFY(dialog.plan().has_value());
        QCOMPARE(dialog.plan()->hosts.size(), 1);
    }

    void inventoryErrorsKeepTheDialogOpen()
    {
        InventoryScanDialog dialog;
        auto* error = dialog.findChild<QLabel*>(QStringLiteral("inventoryScanError"));
        dialog.setInventoryFile(data(QStringLiteral("invalid/zone-list.yaml")));
        QVERIFY(!dialog.plan().has_value());
        QVERIFY(!error->isHidden());
        QVERIFY2(error->text().contains(QStringLiteral("a host is in exactly one zone")), qPrintable(error->text()));
        QCOMPARE(error->textFormat(), Qt::PlainText);
        dialog.accept();
        QCOMPARE(dialog.result(), int(QDialog::Rejected));

        dialog.setInventoryFile(QStringLiteral("/nonexistent/inventory.yaml"));
        QVERIFY(!dialog.plan().has_value());
        QVERIFY(!error->isHidden());

        dialog.setInventoryFile(data(QStringLiteral("fleet.yaml")));
        dialog.setKnownHostsFile(QString());
        dialog.accept();
        QCOMPARE(dialog.result(), int(QDialog::Rejected));
        QVERIFY(error->text().contains(QStringLiteral("known hosts")));
    }

    void scanDialogAccess()
    {
        ScanDialog dialog;
        auto* sudo = dialog.findChild<QCheckBox*>(QStringLiteral("sudoCheck"));
        QVERIFY(sudo);
        QVERIFY(!sudo->isChecked());
        QCOMPARE(dialog.access(), AccessMode::Direct);
        dialog.setAccess(AccessMode::Sudo);
        QVERIFY(sudo->isChecked());
        QCOMPARE(dialog.access(), AccessMode::Sudo);
        QVERIFY(dialog.findChild<QPushButton*>(QStringLiteral("showCommandsButton")));
    }
};

QTEST_MAIN(TestScanDialogs)
#include "tst_scandialogs.moc"
