// SPDX-License-Identifier: GPL-3.0-or-later
#include "remediation/RemediationCatalog.h"

#include "checks/AuditWatchRules.h"

namespace bulkhead {

namespace {

using K = RemediationKind;
using S = RemediationSetting::Name;

QVector<RemediationEntry> makeEntries()
{
    QVector<RemediationEntry> entries{
        {"container.memory-limit", K::ContainerUpdate, "Set a memory limit (docker update --memory)", S::Memory,
         "536870912", nullptr, nullptr, nullptr},
        {"container.cpu-limit", K::ContainerUpdate, "Set a CPU weight (docker update --cpu-shares)", S::CpuShares,
         "512", nullptr, nullptr, nullptr},
        {"container.pids-limit", K::ContainerUpdate, "Limit the processes (docker update --pids-limit)", S::Pids, "200",
         nullptr, nullptr, nullptr},
        {"container.restart-policy", K::ContainerUpdate, "Set the restart policy (docker update --restart)", S::Restart,
         "on-failure:5", nullptr, nullptr, nullptr},
        {"container.not-privileged", K::StopContainer,
         "Stop the privileged container and keep it down (restart policy no)", std::nullopt, nullptr, nullptr, nullptr,
         nullptr},
        {"daemon.live-restore", K::DaemonJson, "Set \"live-restore\": true in daemon.json and reload dockerd",
         std::nullopt, nullptr, "live-restore", "true", "false"},
        // An empty list, not a removed key: a reload leaves a setting the file no longer names as it was.
        {"daemon.no-insecure-registries", K::DaemonJson,
         "Set \"insecure-registries\": [] in daemon.json and reload dockerd", std::nullopt, nullptr,
         "insecure-registries", "[]", "[]"},
    };
    for (const AuditWatchRule& rule : AuditWatchRules::all())
        entries.append({rule.id, K::AuditRules,
                        "Write Docker's audit watch rules to /etc/audit/rules.d/docker.rules and load them",
                        std::nullopt, nullptr, nullptr, nullptr, nullptr});
    return entries;
}

} // namespace

const QVector<RemediationEntry>& RemediationCatalog::all()
{
    static const QVector<RemediationEntry> entries = makeEntries();
    return entries;
}

const RemediationEntry* RemediationCatalog::find(const QString& checkId)
{
    for (const RemediationEntry& entry : all()) {
        if (checkId == QLatin1String(entry.checkId))
            return &entry;
    }
    return nullptr;
}

bool RemediationCatalog::isRemediable(const Finding& finding)
{
    return find(finding.checkId) && (finding.status == Status::Fail || finding.status == Status::Warn);
}

std::optional<RemediationSetting> RemediationCatalog::defaultSetting(const QString& checkId)
{
    const RemediationEntry* entry = find(checkId);
    if (!entry || !entry->setting)
        return std::nullopt;
    auto parsed = RemediationSetting::parse(RemediationSetting::nameText(*entry->setting) + QLatin1Char('=') +
                                            QLatin1String(entry->defaultValue));
    return parsed ? std::optional<RemediationSetting>(parsed.value()) : std::nullopt;
}

} // namespace bulkhead
