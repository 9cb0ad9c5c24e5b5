// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The invariant behind "permission denied never passes", for tests that scan with limited access: every
// verdict (pass, fail, warn) rests on evidence that was actually read. It cites at least one artifact,
// and every artifact it cites succeeded (ProbeOutcome ok), or is a stat probe that marks each file it
// was denied in its own output (those files get errors of their own).

#include "domain/Artifact.h"
#include "domain/Finding.h"
#include "probes/ProbeOutcome.h"

#include <QHash>
#include <QString>
#include <QVector>

namespace bulkhead::test {

// Empty when the invariant holds, else the first finding that breaks it and why.
inline QString verdictWithoutEvidence(const QVector<Finding>& findings, const QVector<Artifact>& artifacts)
{
    QHash<qint64, const Artifact*> byId;
    for (const Artifact& artifact : artifacts)
        byId.insert(artifact.id, &artifact);
    for (const Finding& finding : findings) {
        if (finding.status != Status::Pass && finding.status != Status::Fail && finding.status != Status::Warn)
            continue;
        const QString what = finding.checkId + QLatin1Char(' ') + statusToString(finding.status) + QLatin1String(": ");
        if (finding.evidence.isEmpty())
            return what + QStringLiteral("no evidence cited");
        for (const EvidenceRef& ref : finding.evidence) {
            const Artifact* artifact = byId.value(ref.artifactId, nullptr);
            if (!artifact)
                return what + QStringLiteral("cites artifact %1, which is not stored").arg(ref.artifactId);
            const ProbeOutcome outcome = ProbeOutcome::of(*artifact);
            const bool statPartial =
                artifact->probe.endsWith(QLatin1String(".files.stat")) && outcome.permissionDenied();
            if (!outcome.ok() && !outcome.notPresent() && !statPartial)
                return what + QStringLiteral("cites %1, which was not read (%2)").arg(artifact->probe, outcome.reason);
        }
    }
    return {};
}

} // namespace bulkhead::test
