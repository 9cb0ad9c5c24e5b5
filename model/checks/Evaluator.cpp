// SPDX-License-Identifier: GPL-3.0-or-later
#include "checks/Evaluator.h"

#include "checks/AuditWatchRules.h"
#include "checks/BaselineRules.h"
#include "checks/ContainerRules.h"
#include "checks/ContainerRuntimeRules.h"
#include "checks/DaemonRules.h"
#include "checks/FileRules.h"
#include "checks/HostEvidence.h"
#include "checks/HostRules.h"
#include "checks/ImageRules.h"
#include "checks/KubernetesRules.h"
#include "checks/LoggingRules.h"
#include "checks/RegistryRules.h"
#include "checks/SwarmRules.h"
#include "checks/ZoneRules.h"
#include "core/JsonIndex.h"

namespace bulkhead {

QStringList Evaluator::implementedChecks()
{
    QStringList ids;
    for (const ContainerRule& rule : ContainerRules::all() + ContainerRuntimeRules::all() + ZoneRules::containerRules())
        ids << QLatin1String(rule.id);
    ids += ImageRules::ids();
    ids += RegistryRules::ids();
    ids += HostRules::ids();
    ids += BaselineRules::ids();
    ids += LoggingRules::ids();
    for (const DaemonRule& rule : DaemonRules::all())
        ids << QLatin1String(rule.id);
    for (const FileRule& rule : FileRules::all())
        ids << QLatin1String(rule.id);
    ids << QLatin1String(AuditWatchRules::AuditdRunningId);
    for (const AuditWatchRule& rule : AuditWatchRules::all())
        ids << QLatin1String(rule.id);
    ids += SwarmRules::ids();
    ids += KubernetesRules::ids();
    return ids;
}

QVector<Finding> Evaluator::evaluateHost(const QVector<Artifact>& artifacts, const ZonePolicy& policy)
{
    const HostEvidence evidence(artifacts);
    QVector<Finding> findings;
    const QVector<ContainerRule> rules =
        ContainerRules::all() + ContainerRuntimeRules::all() + ZoneRules::containerRules();
    const auto& containers = evidence.containers();
    if (const auto* gap = std::get_if<EvidenceGap>(&containers)) {
        // No container can be judged: one finding about the host per check, saying why.
        for (const ContainerRule& rule : rules)
            findings.append(gap->finding(QLatin1String(rule.id)));
    } else {
        const ContainerSet& set = std::get<ContainerSet>(containers);
        // Container by container, so each one's values are indexed once for all rules; reported rule by
        // rule, in catalog order.
        QVector<QVector<Finding>> byRule(rules.size());
        for (QVector<Finding>& list : byRule)
            list.reserve(set.containers.size());
        for (const ContainerFacts& container : set.containers) {
            const std::optional<JsonPointer::Span> element = set.elementOf(container);
            const JsonIndex index = element ? JsonIndex::build(set.artifact->output, *element, 4) : JsonIndex();
            const ContainerCheck check(*set.artifact, container, element, element ? &index : nullptr, &policy);
            for (qsizetype r = 0; r < rules.size(); ++r)
                byRule[r].append(rules.at(r).judge(check));
        }
        // Room for the host's other findings too: a vector of 300,000 findings that grows is copied each time.
        findings.reserve(set.containers.size() * rules.size() + 4096);
        for (QVector<Finding>& list : byRule) {
            for (Finding& finding : list)
                findings.append(std::move(finding));
            list = {};
        }
    }

    const auto take = [&findings](QVector<Finding>&& more) {
        for (Finding& finding : more)
            findings.append(std::move(finding));
    };
    take(ImageRules::evaluate(evidence));
    take(RegistryRules::evaluate(evidence, policy));
    take(HostRules::evaluate(evidence, policy));
    take(BaselineRules::evaluate(evidence, policy));
    take(LoggingRules::evaluate(evidence, policy));

    const auto daemon = DaemonCheck::from(evidence);
    for (const DaemonRule& rule : DaemonRules::all()) {
        if (const auto* gap = std::get_if<EvidenceGap>(&daemon)) {
            Finding finding = gap->finding(QLatin1String(rule.id));
            finding.subject = Subject{SubjectKind::Daemon, QString(), QStringLiteral("dockerd")};
            findings.append(finding);
        } else {
            findings.append(rule.judge(std::get<DaemonCheck>(daemon)));
        }
    }
    for (const FileRule& rule : FileRules::all())
        findings += FileRules::judge(rule, evidence);
    findings << AuditWatchRules::auditdRunning(evidence);
    for (const AuditWatchRule& rule : AuditWatchRules::all())
        findings << AuditWatchRules::judge(rule, evidence);
    findings += SwarmRules::evaluate(evidence);
    findings += KubernetesRules::evaluate(evidence);
    return findings;
}

} // namespace bulkhead
