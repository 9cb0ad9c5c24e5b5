// SPDX-License-Identifier: GPL-3.0-or-later
#include "checks/JsonEvidence.h"

namespace bulkhead {

std::optional<EvidenceRef> JsonEvidence::at(const Artifact& artifact, const QString& pointer)
{
    if (const auto span = JsonPointer::locate(artifact.output, pointer))
        return at(artifact, pointer, *span);
    return std::nullopt;
}

EvidenceRef JsonEvidence::at(const Artifact& artifact, const QString& pointer, JsonPointer::Span span)
{
    return EvidenceRef{artifact.id, pointer, QString::fromUtf8(artifact.output.mid(span.offset, span.length)),
                       QString()};
}

} // namespace bulkhead
