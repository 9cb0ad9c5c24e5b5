// SPDX-License-Identifier: GPL-3.0-or-later
#include "checks/EvidenceGap.h"

#include "checks/CheckText.h"

namespace bulkhead {

EvidenceGap EvidenceGap::unreadable(const Artifact& artifact, const QString& why)
{
    return EvidenceGap{Status::Error, CheckText::printable(why), {}, {EvidenceRef{artifact.id, {}, {}, {}}}};
}

Finding EvidenceGap::finding(const QString& checkId) const
{
    Finding finding;
    finding.checkId = checkId;
    finding.subject = Subject{SubjectKind::Host, QString(), QString()};
    finding.status = status;
    finding.message = message;
    finding.actual = actual;
    finding.evidence = evidence;
    return finding;
}

} // namespace bulkhead
