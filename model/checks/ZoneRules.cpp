// SPDX-License-Identifier: GPL-3.0-or-later
#include "checks/ZoneRules.h"

#include "checks/CheckText.h"
#include "checks/ZonePolicy.h"
#include "core/JsonPointer.h"

namespace bulkhead {

namespace {

const char* const WorkloadZone = "zone.workload-in-host-zone";

QString scopeWord(const Zone& zone)
{
    return zone.scope == ZoneScope::In ? QStringLiteral("in scope") : QStringLiteral("out of scope");
}

} // namespace

const QVector<ContainerRule>& ZoneRules::containerRules()
{
    static const QVector<ContainerRule> rules{{WorkloadZone, &workloadZone}};
    return rules;
}

Finding ZoneRules::workloadZone(const ContainerCheck& check)
{
    Finding finding = check.make(QLatin1String(WorkloadZone));
    const ContainerFacts& container = check.container();
    const ZonePolicy* policy = check.policy();
    const QString label = QLatin1String(ZoneLabel);
    const auto it = container.labels.constFind(label);
    const QString labels = check.container().configPointer() + QStringLiteral("/Labels");
    // The labels are cited in every case, so whoever reads the finding sees what the container claims.
    if (it != container.labels.cend())
        check.cite(finding, JsonPointer::append(labels, label));
    else
        check.cite(finding, labels);
    if (finding.evidence.isEmpty())
        check.cite(finding, check.container().configPointer());
    if (!policy || !policy->zone) {
        finding.status = Status::NotApplicable;
        finding.actual = it == container.labels.cend()
                             ? QStringLiteral("no %1 label").arg(label)
                             : QStringLiteral("%1=%2").arg(label, CheckText::printable(*it, 120));
        finding.message = QStringLiteral("The host is in no zone (an ad hoc scan): there is no zone to compare with");
        return finding;
    }
    const Zone& home = *policy->zone;
    finding.expected = QStringLiteral("no %1 label, or the host's zone %2").arg(label, CheckText::quoted(home.name));
    if (it == container.labels.cend()) {
        finding.status = Status::Pass;
        finding.actual = QStringLiteral("no %1 label").arg(label);
        finding.message = QStringLiteral("The container claims no zone: it belongs to its host's zone %1")
                              .arg(CheckText::quoted(home.name));
        return finding;
    }
    finding.actual = QStringLiteral("%1=%2").arg(label, CheckText::printable(*it, 120));
    if (it->compare(home.name, Qt::CaseInsensitive) == 0) {
        finding.status = Status::Pass;
        finding.message = QStringLiteral("The container is labelled for its host's zone");
        return finding;
    }
    finding.status = Status::Fail;
    const Zone* other = policy->findZone(*it);
    if (!other) {
        finding.message = QStringLiteral("The container is labelled for zone %1, which this workspace does not know; "
                                         "its host is in zone %2")
                              .arg(CheckText::quoted(*it), CheckText::quoted(home.name));
    } else if (other->scope != home.scope) {
        finding.message =
            QStringLiteral("An %1 workload (zone %2) runs on an %3 host (zone %4): the audit "
                           "boundary runs through this host")
                .arg(scopeWord(*other), CheckText::quoted(other->name), scopeWord(home), CheckText::quoted(home.name));
    } else {
        finding.message = QStringLiteral("The container belongs to zone %1 but runs on a host of zone %2")
                              .arg(CheckText::quoted(other->name), CheckText::quoted(home.name));
    }
    return finding;
}

} // namespace bulkhead
