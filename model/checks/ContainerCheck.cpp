// SPDX-License-Identifier: GPL-3.0-or-later
#include "checks/ContainerCheck.h"

#include "checks/JsonEvidence.h"

namespace bulkhead {

ContainerCheck::ContainerCheck(const Artifact& artifact, const ContainerFacts& container,
                               std::optional<JsonPointer::Span> element, const JsonIndex* index,
                               const ZonePolicy* policy)
    : m_artifact(artifact)
    , m_container(container)
    , m_element(element)
    , m_index(index)
    , m_policy(policy)
{}

Finding ContainerCheck::make(const QString& checkId) const
{
    Finding finding;
    finding.checkId = checkId;
    finding.subject = Subject{SubjectKind::Container, m_container.id, m_container.name};
    return finding;
}

void ContainerCheck::cite(Finding& finding, const QString& pointer) const
{
    // Inside this container's element when its span is known: linear in the container, not in the
    // whole document (which made a host of N containers cost N^2).
    const QString& own = m_container.pointer;
    const bool relative = m_element && pointer.startsWith(own) &&
                          (pointer.size() == own.size() || pointer.at(own.size()) == QLatin1Char('/'));
    std::optional<JsonPointer::Span> span;
    if (relative && m_index)
        span = m_index->find(QStringView(pointer).mid(own.size()));
    if (!span)
        span = relative ? JsonPointer::locate(m_artifact.output, pointer.mid(own.size()), *m_element)
                        : JsonPointer::locate(m_artifact.output, pointer);
    if (span)
        finding.evidence.append(JsonEvidence::at(m_artifact, pointer, *span));
}

Finding ContainerCheck::missing(Finding finding, const QString& field, const QString& pointer) const
{
    finding.status = Status::Error;
    finding.actual = QStringLiteral("%1 absent").arg(field);
    finding.message = QStringLiteral("%1 is missing from the inspect output, so this cannot be evaluated").arg(field);
    cite(finding, pointer.left(pointer.lastIndexOf(QLatin1Char('/')))); // the object that lacks it
    return finding;
}

Finding ContainerCheck::booleanField(const QString& checkId, const QString& field, const QString& shortName,
                                     const std::optional<bool>& value, const QString& pointer, bool wanted,
                                     const QString& passMessage, const QString& failMessage) const
{
    Finding finding = make(checkId);
    finding.expected = QStringLiteral("%1 is %2").arg(field, wanted ? QLatin1String("true") : QLatin1String("false"));
    if (!value)
        return missing(finding, field, pointer);
    finding.actual = QStringLiteral("%1=%2").arg(shortName, *value ? QLatin1String("true") : QLatin1String("false"));
    cite(finding, pointer);
    finding.status = *value == wanted ? Status::Pass : Status::Fail;
    finding.message = *value == wanted ? passMessage : failMessage;
    return finding;
}

} // namespace bulkhead
