// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/Artifact.h"
#include "domain/Finding.h"

#include <QByteArray>

#include <optional>

namespace bulkhead {

// A line of a text artifact as evidence: locator "lines N-N" (1-based), the line's bytes as excerpt.
class LineEvidence
{
public:
    // The first line that contains `needle` / starts with `prefix`; empty when there is none.
    static std::optional<EvidenceRef> containing(const Artifact& artifact, const QByteArray& needle);
    static std::optional<EvidenceRef> startingWith(const Artifact& artifact, const QByteArray& prefix);
    // The first line that contains every one of `needles`.
    static std::optional<EvidenceRef> containingAll(const Artifact& artifact, const QList<QByteArray>& needles);
    // Line `number` (1-based), with the text the parser read there.
    static EvidenceRef line(const Artifact& artifact, int number, const QString& text);
    // The whole artifact, when no single line carries the point.
    static EvidenceRef whole(const Artifact& artifact);
};

} // namespace bulkhead
