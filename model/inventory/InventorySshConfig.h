// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "inventory/InventoryHost.h"

#include <QByteArray>
#include <QString>
#include <QVector>

namespace bulkhead {

// The per-host connection settings of inventory hosts (identity, proxy_jump) as ssh_config text:
// one `Host ADDRESS` block per host that has any, so a scan resolves each host with its own key and
// jump host through the same ssh_config machinery as a user's ~/.ssh/config. Identity paths are
// resolved against `baseDir` (the inventory's folder) and written quoted, '%' doubled so ssh's
// tokens never expand inside them. A jump host without a block of its own gets the keys of the
// hosts behind it (ssh runs the jump with this file). With `include`, that file is read after the
// blocks (the inventory's settings win, as the first value wins in ssh_config).
class InventorySshConfig
{
public:
    // Empty text when no host needs a block (and no include). Fails for a path that ssh_config cannot
    // quote (a '"'), or for two hosts on one address with different settings (Host matches names,
    // not ports).
    static Result<QByteArray> write(const QVector<InventoryHost>& hosts, const QString& baseDir,
                                    const QString& include = QString());
};

} // namespace bulkhead
