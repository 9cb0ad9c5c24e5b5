// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/HostSpec.h"
#include "inventory/Inventory.h"
#include "probes/AccessMode.h"

#include <QByteArray>
#include <QStringList>
#include <QTemporaryFile>
#include <QTextStream>

#include <memory>
#include <optional>

namespace bulkhead {

class SshConfig;

// The inventory side of bulkhead-cli: `inventory import|show`, and what `scan --inventory` needs.
// Argument handling and printing only; the work is done by model/inventory.
class InventoryCommand
{
public:
    // `bulkhead-cli inventory SUBCOMMAND ...`; returns a Cli::ExitCode.
    static int run(const QStringList& arguments, QTextStream& out, QTextStream& err);

    struct ScanPlan
    {
        Inventory inventory;        // the whole file
        Inventory selection;        // the zones and hosts to scan
        QVector<HostSpec> hosts;    // their specs, in file order
        QVector<AccessMode> access; // per host, parallel to hosts
        // Per-host identity and proxy_jump, as an ssh_config the scan resolves each host with (the
        // user's --ssh-config file included after them); null when no host needs one.
        std::shared_ptr<const SshConfig> sshConfig;
        // The file behind sshConfig: ssh reads it too (`ssh -F`) when it runs a jump. Removed when the
        // plan goes away, so it lives exactly as long as the scan.
        std::shared_ptr<QTemporaryFile> sshConfigFile;
        std::optional<AccessMode> shared; // the access every selected host has, if they agree
    };

    // Reads the inventory, keeps the named zones (or every in-scope zone when none is named), and
    // prints its warnings and the zones left out to err. userSshConfig: the --ssh-config value
    // (empty: ~/.ssh/config), read after the inventory's own settings. Prints why and returns
    // nothing when the file is unusable or nothing is left to scan.
    static std::optional<ScanPlan> planScan(const QString& file, const QStringList& zones,
                                            const std::optional<QString>& userSshConfig, QTextStream& err);

    // Stores every zone of the inventory (out-of-scope ones too: the binder lists them with their
    // rationale) and every host with its zone in the workspace (created if missing) before the scan
    // starts, in one transaction.
    static bool recordZones(const QString& workspacePath, const Inventory& inventory, QTextStream& err);
};

} // namespace bulkhead
