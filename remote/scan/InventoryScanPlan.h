// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "domain/HostSpec.h"
#include "inventory/Inventory.h"
#include "probes/AccessMode.h"

#include <QStringList>
#include <QTemporaryFile>
#include <QVector>

#include <memory>
#include <optional>

namespace bulkhead {

class SshConfig;
struct ScanRequest;

// What a scan of an inventory file covers: the zones and hosts selected, each host's access, and its
// connection settings as an ssh_config. Shared by `bulkhead-cli scan --inventory` and the window's
// "Scan inventory" so both scan exactly the same way.
struct InventoryScanPlan
{
    Inventory inventory;        // the whole file
    Inventory selection;        // the zones and hosts to scan
    QVector<HostSpec> hosts;    // their specs, in file order
    QVector<AccessMode> access; // per host, parallel to hosts
    // Per-host identity and proxy_jump, as an ssh_config the scan resolves each host with (the
    // user's own ssh config included after them); null when no host needs one.
    std::shared_ptr<const SshConfig> sshConfig;
    // The file behind sshConfig: ssh reads it too (`ssh -F`) when it runs a jump. Removed when the
    // plan goes away, so it lives exactly as long as the scan.
    std::shared_ptr<QTemporaryFile> sshConfigFile;
    // What the user should read before the scan: the file's warnings, the zones left out with their
    // rationale, the ssh config's warnings. One line each, safe to show.
    QStringList notes;

    // Reads the inventory and keeps the named zones (or every in-scope zone when none is named).
    // userSshConfig: the user's ssh config to read after the inventory's own settings (empty:
    // ~/.ssh/config; nothing: none). An error when the file is unusable or selects no host.
    static Result<InventoryScanPlan> make(const QString& file, const QStringList& zones,
                                          const std::optional<QString>& userSshConfig);

    // Puts the selection into a request: hosts, per-host access (unless `allSudo`), the ssh config.
    void applyTo(ScanRequest& request, bool allSudo) const;

    // Stores every zone of the inventory (out-of-scope ones too: the binder lists them with their
    // rationale) and every host with its zone in the workspace (created if missing), in one
    // transaction, before the scan starts.
    Result<void> recordZones(const QString& workspacePath) const;
};

} // namespace bulkhead
