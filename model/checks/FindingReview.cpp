// SPDX-License-Identifier: GPL-3.0-or-later
#include "checks/FindingReview.h"

namespace bulkhead {

namespace {

double percent(int part, int whole)
{
    return whole == 0 ? -1.0 : 100.0 * part / whole;
}

bool sameName(const QString& a, const QString& b)
{
    return a.compare(b, Qt::CaseInsensitive) == 0;
}

} // namespace

ComplianceScore ComplianceScore::of(const QVector<Finding>& findings)
{
    ComplianceScore score;
    for (const Finding& finding : findings)
        score.add(finding);
    return score;
}

void ComplianceScore::add(const Finding& finding)
{
    switch (finding.status) {
    case Status::Pass:
        ++pass;
        break;
    case Status::Fail:
        ++fail;
        break;
    case Status::Warn:
        ++warn;
        break;
    case Status::Waived:
        ++waived;
        break;
    case Status::Manual:
        ++manual;
        break;
    case Status::Error:
        ++error;
        break;
    case Status::NotApplicable:
        ++notApplicable;
        break;
    }
    if (finding.expiredWaiverId != 0)
        ++expiredWaivers;
}

double ComplianceScore::withoutWaivers() const
{
    return percent(pass, judged());
}

double ComplianceScore::withWaivers() const
{
    return percent(pass + waived, judged());
}

bool FindingReview::covers(const Waiver& waiver, const Finding& finding, const ReviewContext& context)
{
    if (waiver.checkId != finding.checkId)
        return false;
    switch (waiver.scope) {
    case WaiverScope::Zone:
        return sameName(waiver.target, context.hostZones.value(finding.hostId));
    case WaiverScope::Host:
        return sameName(waiver.target, context.hostNames.value(finding.hostId, finding.hostName));
    case WaiverScope::Container:
        return finding.subject.kind == SubjectKind::Container && waiver.target == finding.subject.name;
    case WaiverScope::Label: {
        if (finding.subject.kind != SubjectKind::Container)
            return false;
        const qsizetype equals = waiver.target.indexOf(QLatin1Char('='));
        const QMap<QString, QString> labels = context.containerLabels.value(finding.subject.id);
        const auto it = labels.constFind(waiver.target.left(equals));
        return it != labels.cend() && *it == waiver.target.mid(equals + 1);
    }
    }
    return false;
}

bool FindingReview::covers(const Attestation& attestation, const Finding& finding, const ReviewContext& context)
{
    if (attestation.checkId != finding.checkId)
        return false;
    return attestation.zoneWide
               ? sameName(attestation.target, context.hostZones.value(finding.hostId))
               : sameName(attestation.target, context.hostNames.value(finding.hostId, finding.hostName));
}

QVector<Finding> FindingReview::apply(QVector<Finding> findings, const QVector<Waiver>& waivers,
                                      const QVector<Attestation>& attestations, const ReviewContext& context,
                                      const QDateTime& now)
{
    for (Finding& finding : findings) {
        if (finding.status == Status::Fail || finding.status == Status::Warn) {
            for (const Waiver& waiver : waivers) {
                if (waiver.revoked() || !covers(waiver, finding, context))
                    continue;
                if (waiver.activeAt(now)) {
                    finding.evaluated = finding.status;
                    finding.status = Status::Waived;
                    finding.waiverId = waiver.id;
                    finding.expiredWaiverId = 0;
                    break;
                }
                finding.expiredWaiverId = waiver.id; // reported; a later active waiver may still apply
            }
        } else if (finding.status == Status::Manual) {
            // The most recent active attestation decides.
            const Attestation* chosen = nullptr;
            for (const Attestation& attestation : attestations) {
                if (attestation.activeAt(now) && covers(attestation, finding, context) &&
                    (!chosen || attestation.attestedUtc >= chosen->attestedUtc))
                    chosen = &attestation;
            }
            if (chosen) {
                finding.evaluated = finding.status;
                finding.status = chosen->status;
                finding.attestationId = chosen->id;
            }
        }
    }
    return findings;
}

} // namespace bulkhead
