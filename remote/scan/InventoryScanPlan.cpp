// SPDX-License-Identifier: GPL-3.0-or-later
#include "scan/InventoryScanPlan.h"

#include "inventory/InventoryParser.h"
#include "inventory/InventorySshConfig.h"
#include "inventory/InventoryText.h"
#include "scan/FleetScanner.h"
#include "ssh/SshConfig.h"
#include "store/Workspace.h"

#include <QDir>
#include <QFileInfo>

namespace bulkhead {

Result<InventoryScanPlan> InventoryScanPlan::make(const QString& file, const QStringList& zones,
                                                  const std::optional<QString>& userSshConfig)
{
    InventoryDiagnostics warnings;
    Result<Inventory> loaded = InventoryParser::load(file, &warnings);
    if (!loaded)
        return loaded.error();
    const Inventory& inventory = loaded.value();

    InventoryScanPlan plan;
    for (const InventoryDiagnostic& warning : warnings)
        plan.notes << warning.toString();
    plan.inventory = inventory;
    if (zones.isEmpty()) {
        plan.selection = inventory.inScope();
        for (const Zone& zone : inventory.zones) {
            if (zone.scope == ZoneScope::Out) {
                plan.notes << QStringLiteral("zone '%1' is out of scope, not scanned (%2)")
                                  .arg(zone.name,
                                       InventoryText::shown(zone.rationale.trimmed().section(u'\n', 0, 0), 100));
            }
        }
    } else {
        Result<Inventory> restricted = inventory.restrictedTo(zones);
        if (!restricted)
            return restricted.error();
        plan.selection = restricted.value();
    }
    if (plan.selection.hosts.isEmpty()) {
        return makeError(
            QStringLiteral("the inventory selects no hosts to scan%1")
                .arg(zones.isEmpty() ? QStringLiteral(" (no in-scope zone has hosts; name zones)") : QString()));
    }
    for (const InventoryHost& host : plan.selection.hosts) {
        plan.hosts << host.spec();
        plan.access << host.access;
    }

    const QString baseDir = QFileInfo(file).absolutePath();
    Result<QByteArray> perHost = InventorySshConfig::write(plan.selection.hosts, baseDir);
    if (!perHost)
        return perHost.error();
    if (perHost->isEmpty())
        return plan; // nothing per host: the caller's own ssh config (if any) applies as it is
    SshConfig::LoadOptions load;
    QString include;
    if (userSshConfig) {
        include = userSshConfig->isEmpty() ? SshConfig::defaultPath() : QFileInfo(*userSshConfig).absoluteFilePath();
        if (include == SshConfig::defaultPath())
            load.systemConfig = QStringLiteral("/etc/ssh/ssh_config"); // as ssh reads it without -F
    }
    Result<QByteArray> text = InventorySshConfig::write(plan.selection.hosts, baseDir, include);
    if (!text)
        return text.error();
    // A real file (private to this user: ssh refuses a config others may write), because ssh itself
    // reads it for a jump host.
    plan.sshConfigFile = std::make_shared<QTemporaryFile>(
        QDir(QDir::tempPath())
            .filePath(
                QStringLiteral("bulkhead-inventory-%1-XXXXXX.ssh_config").arg(QFileInfo(file).completeBaseName())));
    if (!plan.sshConfigFile->open() || plan.sshConfigFile->write(text.value()) != text->size() ||
        !plan.sshConfigFile->flush()) {
        return makeError(QStringLiteral("cannot write the per-host ssh settings to %1: %2")
                             .arg(plan.sshConfigFile->fileName(), plan.sshConfigFile->errorString()));
    }
    plan.sshConfigFile->close();
    Result<SshConfig> config = SshConfig::load(plan.sshConfigFile->fileName(), load);
    if (!config)
        return config.error();
    for (const QString& warning : config->warnings())
        plan.notes << QStringLiteral("warning: %1").arg(warning);
    plan.sshConfig = std::make_shared<const SshConfig>(std::move(config).value());
    return plan;
}

void InventoryScanPlan::applyTo(ScanRequest& request, bool allSudo) const
{
    request.hosts = hosts;
    if (allSudo) {
        request.access = AccessMode::Sudo;
        request.hostAccess.clear();
    } else {
        request.hostAccess = access; // each host as its inventory entry says
    }
    if (sshConfig) {
        request.sshConfig = sshConfig;
        request.sshConfigFile = sshConfigFile;
    }
}

Result<void> InventoryScanPlan::recordZones(const QString& workspacePath) const
{
    auto workspace = Workspace::open(workspacePath);
    if (!workspace)
        return workspace.error();
    if (auto applied = workspace.value()->applyInventory(inventory); !applied)
        return applied.error();
    return {};
}

} // namespace bulkhead
