// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "checks/EvidenceGap.h"
#include "core/JsonPointer.h"
#include "domain/Artifact.h"
#include "facts/ContainerFacts.h"
#include "facts/ImageFacts.h"

#include <QHash>
#include <QString>
#include <QVector>

#include <optional>
#include <variant>

namespace bulkhead {

// The parsed `docker container inspect` of one host, with where each container lies in the artifact.
struct ContainerSet
{
    const Artifact* artifact = nullptr;
    QVector<ContainerFacts> containers;
    std::optional<QVector<JsonPointer::Span>> elements; // the array's elements, when they could be located

    // Where `container` lies in the artifact (citing inside it is then linear in the container).
    std::optional<JsonPointer::Span> elementOf(const ContainerFacts& container) const;
};

// The parsed `docker image inspect` of one host, and how many of its containers use each image.
struct ImageSet
{
    const Artifact* artifact = nullptr;
    QVector<ImageFacts> images;
    QHash<QString, int> usedBy; // image id -> containers (all of them, `docker ps -a`) that use it

    // " (used by 2 containers)", " (not used by any container)": how messages about an image end.
    static QString useText(int containers);
};

// Everything one host's scan stored, as the checks read it: the artifact of each probe, whether its
// output can be judged (gap), and its typed facts, parsed once and shared by every check. Pure: no
// network, no store. The artifacts must outlive it.
class HostEvidence
{
public:
    explicit HostEvidence(const QVector<Artifact>& artifacts);
    explicit HostEvidence(QVector<Artifact>&&) = delete; // it keeps pointers into the artifacts

    const Artifact* artifact(const QString& probe) const; // the last one collected, or null

    // Nothing when the probe's output is evidence a check may judge; otherwise what every finding that
    // needs it says. Only output of a probe that succeeded is ever judged (ProbeOutcome::Ok; for the
    // containers, also an inspect that failed only for containers removed in the meantime; for the stat
    // probes, also one that was denied some files, which its output marks one by one).
    std::optional<EvidenceGap> gap(const QString& probe) const;

    // docker.containers.inspect, parsed: the containers, or the gap every container check reports
    // (not collected, failed, unparseable; not_applicable without docker or without containers).
    const std::variant<ContainerSet, EvidenceGap>& containers() const;
    // docker.images.inspect, parsed, or the gap every image check reports (not_applicable without images).
    const std::variant<ImageSet, EvidenceGap>& images() const;

private:
    QHash<QString, const Artifact*> m_byProbe;
    mutable std::optional<std::variant<ContainerSet, EvidenceGap>> m_containers;
    mutable std::optional<std::variant<ImageSet, EvidenceGap>> m_images;
};

} // namespace bulkhead
