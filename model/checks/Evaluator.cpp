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

#include <algorithm>
#include <thread>
#include <vector>

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

QVector<Finding> Evaluator::evaluateHost(const QVector<Artifact>& artifacts, const ZonePolicy& policy, int workers)
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
        // rule, in catalog order. A host with many containers is judged on every core, each worker a
        // contiguous share of the containers, and the shares are joined in order: the same findings in
        // the same order as one thread gives. The rules read only the container, its artifact and the
        // policy; the regular expressions they share compile under Qt's lock and match on per-call data.
        const qsizetype count = set.containers.size();
        if (workers <= 0)
            workers = static_cast<int>(std::clamp<unsigned>(std::thread::hardware_concurrency(), 1, 8));
        if (count < 64)
            workers = 1;
        using ByRule = QVector<QVector<Finding>>;
        std::vector<ByRule> shares(static_cast<std::size_t>(workers), ByRule(rules.size()));
        const auto judge = [&](int worker) {
            const qsizetype begin = count * worker / workers;
            const qsizetype end = count * (worker + 1) / workers;
            ByRule& byRule = shares[static_cast<std::size_t>(worker)];
            for (QVector<Finding>& list : byRule)
                list.reserve(end - begin);
            for (qsizetype i = begin; i < end; ++i) {
                const ContainerFacts& container = set.containers.at(i);
                const std::optional<JsonPointer::Span> element = set.elementOf(container);
                const JsonIndex index = element ? JsonIndex::build(set.artifact->output, *element, 4) : JsonIndex();
                const ContainerCheck check(*set.artifact, container, element, element ? &index : nullptr, &policy);
                for (qsizetype r = 0; r < rules.size(); ++r)
                    byRule[r].append(rules.at(r).judge(check));
            }
        };
        std::vector<std::thread> threads;
        for (int worker = 1; worker < workers; ++worker)
            threads.emplace_back(judge, worker);
        judge(0);
        for (std::thread& thread : threads)
            thread.join();
        // Room for the host's other findings too: a vector of 300,000 findings that grows is copied each time.
        findings.reserve(count * rules.size() + 4096);
        for (qsizetype r = 0; r < rules.size(); ++r) {
            for (ByRule& byRule : shares) {
                for (Finding& finding : byRule[r])
                    findings.append(std::move(finding));
                byRule[r] = {};
            }
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
