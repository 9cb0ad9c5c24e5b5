// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The invariant behind "permission denied never passes", for tests that scan with limited access: every
// verdict (pass, fail, warn) rests on evidence that was actually read. It cites at least one artifact,
// and every artifact it cites succeeded (ProbeOutcome ok), or is a stat probe that marks each file it
// was denied in its own output (those files get errors of their own).

#include "checks/CheckText.h"
#include "core/JsonIndex.h"
#include "core/JsonPointer.h"
#include "domain/Artifact.h"
#include "domain/Finding.h"
#include "probes/ProbeOutcome.h"

#include <QHash>
#include <QRegularExpression>
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

// Empty when every excerpt is exactly what its locator points at in the stored artifact (a JSON pointer:
// the value's bytes; "lines A-B": those lines, process arguments joined by blanks; "stderr": the line of the
// error output that says why; no locator: the whole artifact, quoted from its beginning or not at all), else
// the first that is not.
inline QString excerptNotAtLocator(const QVector<Finding>& findings, const QVector<Artifact>& artifacts)
{
    QHash<qint64, const Artifact*> byId;
    for (const Artifact& artifact : artifacts)
        byId.insert(artifact.id, &artifact);
    QHash<qint64, JsonIndex> indexes;
    static const QRegularExpression lines(QStringLiteral("^lines (\\d+)-(\\d+)$"));
    for (const Finding& finding : findings) {
        for (const EvidenceRef& ref : finding.evidence) {
            const Artifact* artifact = byId.value(ref.artifactId, nullptr);
            if (!artifact)
                continue;
            QByteArray at;
            if (ref.locator.isEmpty()) {
                // The whole artifact, cited without a quote or with its beginning.
                if (!QString::fromUtf8(artifact->output.trimmed()).startsWith(ref.excerpt))
                    return finding.checkId + QStringLiteral(": the excerpt %1 does not begin %2")
                                                 .arg(ref.excerpt.left(80), artifact->probe);
                continue;
            }
            if (ref.locator.startsWith(QLatin1Char('/'))) {
                // One index per artifact: locating each pointer from the start would be quadratic in a big host.
                auto index = indexes.find(artifact->id);
                if (index == indexes.end())
                    index = indexes.insert(artifact->id,
                                           JsonIndex::build(artifact->output, {0, artifact->output.size()}, 16));
                const auto span = index->find(ref.locator);
                at = span ? artifact->output.mid(span->offset, span->length)
                          : JsonPointer::excerpt(artifact->output, ref.locator);
            } else if (ref.locator == QLatin1String("stderr")) {
                at = CheckText::reasonFrom(artifact->errorOutput).toUtf8(); // the line that says why
            } else if (const auto match = lines.match(ref.locator); match.hasMatch()) {
                const QList<QByteArray> all = artifact->output.split('\n');
                const qsizetype first = match.captured(1).toLongLong() - 1;
                const qsizetype last = match.captured(2).toLongLong() - 1;
                if (first < 0 || last >= all.size() || first > last)
                    return finding.checkId + QStringLiteral(": %1 lies outside %2").arg(ref.locator, artifact->probe);
                at = all.mid(first, last - first + 1).join('\n');
                if (at.contains('\0')) // process arguments: quoted as the command line they make
                    at = at.replace('\0', ' ').trimmed();
            } else {
                return finding.checkId + QStringLiteral(": unknown locator %1").arg(ref.locator);
            }
            if (QString::fromUtf8(at) != ref.excerpt)
                return finding.checkId + QStringLiteral(" %1 at %2 in %3: excerpt %4, the artifact has %5")
                                             .arg(finding.subject.name, ref.locator, artifact->probe,
                                                  ref.excerpt.left(80), QString::fromUtf8(at.left(80)));
        }
    }
    return {};
}

} // namespace bulkhead::test
