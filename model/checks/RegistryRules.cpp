// SPDX-License-Identifier: GPL-3.0-or-later
#include "checks/RegistryRules.h"

#include "checks/CheckText.h"
#include "checks/JsonEvidence.h"
#include "core/JsonPointer.h"
#include "facts/ImageReference.h"

namespace bulkhead {

namespace {

const QString RegistryApproved = QStringLiteral("image.registry-approved");

Finding judge(const Artifact& artifact, const ImageFacts& image, int usedBy, const ZonePolicy& policy)
{
    Finding finding;
    finding.checkId = RegistryApproved;
    const QString name = image.repoTags.isEmpty() ? image.id.left(19) : image.repoTags.front();
    finding.subject = Subject{SubjectKind::Image, image.id, name};
    const auto cite = [&](const QString& pointer) {
        if (auto ref = JsonEvidence::at(artifact, pointer))
            finding.evidence << *ref;
    };
    const QStringList approved = policy.zone ? policy.zone->approvedRegistries : QStringList();
    finding.expected = approved.isEmpty()
                           ? QStringLiteral("a registry digest from an approved registry")
                           : QStringLiteral("a registry digest from %1").arg(approved.join(QStringLiteral(", ")));

    if (image.repoDigests.isEmpty()) {
        if (image.repoTags.isEmpty() && usedBy == 0) {
            finding.status = Status::NotApplicable;
            finding.actual = QStringLiteral("untagged, unused");
            finding.message =
                QStringLiteral("An intermediate or dangling image no container uses: nothing runs from it");
            return finding;
        }
        cite(image.repoDigestsPointer());
        if (finding.evidence.isEmpty())
            cite(image.pointer);
        finding.status = Status::Fail;
        finding.actual = QStringLiteral("no RepoDigests");
        finding.message = QStringLiteral("The image has no registry digest: it was built or loaded on this host, so "
                                         "where it came from cannot be shown") +
                          ImageSet::useText(usedBy);
        return finding;
    }

    cite(image.repoDigestsPointer());
    QStringList sources;
    QStringList unapproved;
    for (const QString& digest : image.repoDigests) {
        const auto reference = ImageReference::parse(digest);
        const QString shown = reference ? reference->name() : CheckText::quoted(digest);
        if (!sources.contains(shown))
            sources << shown;
        const bool ok = reference && !reference->digest.isEmpty() &&
                        std::any_of(approved.cbegin(), approved.cend(),
                                    [&](const QString& entry) { return reference->approvedBy(entry); });
        if (!ok && !unapproved.contains(shown))
            unapproved << shown;
    }
    finding.actual = CheckText::printable(sources.join(QStringLiteral(", ")), 300);
    if (!policy.zone) {
        finding.status = Status::Manual;
        finding.message = QStringLiteral("The host is in no zone, so no registry is approved for it: confirm the "
                                         "source %1")
                              .arg(finding.actual) +
                          ImageSet::useText(usedBy);
        return finding;
    }
    if (approved.isEmpty()) {
        finding.status = Status::Manual;
        finding.message = QStringLiteral("Zone %1 lists no approved registries: confirm the source %2")
                              .arg(CheckText::quoted(policy.zone->name), finding.actual) +
                          ImageSet::useText(usedBy);
        return finding;
    }
    if (unapproved.isEmpty()) {
        finding.status = Status::Pass;
        finding.message = QStringLiteral("The image comes from an approved registry") + ImageSet::useText(usedBy);
        return finding;
    }
    finding.status = Status::Fail;
    finding.message = QStringLiteral("The image comes from a registry zone %1 does not approve: %2")
                          .arg(CheckText::quoted(policy.zone->name),
                               CheckText::printable(unapproved.join(QStringLiteral(", ")), 300)) +
                      ImageSet::useText(usedBy);
    return finding;
}

} // namespace

QStringList RegistryRules::ids()
{
    return {RegistryApproved};
}

QVector<Finding> RegistryRules::evaluate(const HostEvidence& evidence, const ZonePolicy& policy)
{
    const auto& imageSet = evidence.images();
    if (const auto* gap = std::get_if<EvidenceGap>(&imageSet))
        return {gap->finding(RegistryApproved)};
    const ImageSet& set = std::get<ImageSet>(imageSet);
    QVector<Finding> findings;
    findings.reserve(set.images.size());
    for (const ImageFacts& image : set.images)
        findings << judge(*set.artifact, image, set.usedBy.value(image.id), policy);
    return findings;
}

} // namespace bulkhead
