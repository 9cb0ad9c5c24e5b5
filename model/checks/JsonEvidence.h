// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/JsonPointer.h"
#include "domain/Artifact.h"
#include "domain/Finding.h"

#include <QString>

#include <optional>

namespace bulkhead {

// A value of a JSON artifact as evidence: locator the RFC 6901 pointer, excerpt the exact stored bytes
// of the value there (never a re-serialised tree).
class JsonEvidence
{
public:
    // The value at `pointer`; empty when the pointer does not resolve in the stored text.
    static std::optional<EvidenceRef> at(const Artifact& artifact, const QString& pointer);
    // The value at `pointer`, already found at `span` (JsonPointer::locate, a JsonIndex).
    static EvidenceRef at(const Artifact& artifact, const QString& pointer, JsonPointer::Span span);
};

} // namespace bulkhead
