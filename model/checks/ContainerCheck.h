// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/JsonIndex.h"
#include "core/JsonPointer.h"
#include "domain/Artifact.h"
#include "domain/Finding.h"
#include "facts/ContainerFacts.h"

#include <QString>

#include <optional>

namespace bulkhead {

struct ZonePolicy;

// One container being judged by a container check: its facts, the artifact they came from, and the
// helpers every container check shares to make a finding that holds up (subject, evidence cited as the
// exact text at a JSON pointer, an absent field as `error`).
class ContainerCheck
{
public:
    // `index`: the element's values (a JsonIndex of the element), when the caller built one.
    // `policy`: the zone policy of the host (null: judged without one).
    ContainerCheck(const Artifact& artifact, const ContainerFacts& container, std::optional<JsonPointer::Span> element,
                   const JsonIndex* index = nullptr, const ZonePolicy* policy = nullptr);

    const ContainerFacts& container() const { return m_container; }
    const Artifact& artifact() const { return m_artifact; }
    const ZonePolicy* policy() const { return m_policy; }

    // A finding of `checkId` about this container (status still to be set).
    Finding make(const QString& checkId) const;
    // Cites the stored text at `pointer` (an absolute pointer into the artifact) as evidence.
    void cite(Finding& finding, const QString& pointer) const;
    // `field` is absent from the inspect output: an error, citing the object that lacks it.
    Finding missing(Finding finding, const QString& field, const QString& pointer) const;
    // A check on one boolean that passes when it equals `wanted`; absent is an error, never a pass.
    Finding booleanField(const QString& checkId, const QString& field, const QString& shortName,
                         const std::optional<bool>& value, const QString& pointer, bool wanted,
                         const QString& passMessage, const QString& failMessage) const;

private:
    const Artifact& m_artifact;
    const ContainerFacts& m_container;
    std::optional<JsonPointer::Span> m_element; // where m_container lies in the artifact
    const JsonIndex* m_index = nullptr;
    const ZonePolicy* m_policy = nullptr;
};

} // namespace bulkhead
