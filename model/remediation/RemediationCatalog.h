// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/Finding.h"
#include "remediation/RemediationPlan.h"
#include "remediation/RemediationSetting.h"

#include <QString>
#include <QVector>

#include <optional>

namespace bulkhead {

// One check Bulkhead can fix on a host, and how (the commands are RemediationPlanner's).
struct RemediationEntry
{
    const char* checkId;
    RemediationKind kind;
    const char* what; // one line for the user
    // ContainerUpdate: the setting it takes and the default when the user gives none.
    std::optional<RemediationSetting::Name> setting;
    const char* defaultValue; // "536870912", "on-failure:5"
    // DaemonJson: the top-level key, its new value as JSON text ("" removes the key), and the engine's
    // default (what a reload must set to undo it when the file did not have the key).
    const char* daemonKey;
    const char* daemonValue;
    const char* daemonDefault;
};

// The checks Bulkhead can remediate. Only settings dockerd applies on a reload (SIGHUP) are in the
// daemon.json part: a restart of the engine stops every container, which Bulkhead never does. (log-level is
// not one: dockerd 20.10 rereads it and keeps its level, tried on the fleet.)
class RemediationCatalog
{
public:
    static const QVector<RemediationEntry>& all();
    static const RemediationEntry* find(const QString& checkId);
    // A check in the catalog whose finding failed or warned.
    static bool isRemediable(const Finding& finding);
    // The setting a ContainerUpdate check uses when the user names none.
    static std::optional<RemediationSetting> defaultSetting(const QString& checkId);
};

} // namespace bulkhead
