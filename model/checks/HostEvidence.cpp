// SPDX-License-Identifier: GPL-3.0-or-later
#include "checks/HostEvidence.h"

#include "checks/CheckText.h"
#include "facts/ContainerInspectParser.h"
#include "facts/ImageInspectParser.h"
#include "probes/ProbeOutcome.h"

#include <QRegularExpression>
#include <QStringList>

namespace bulkhead {

namespace {

const QString ContainersProbe = QStringLiteral("docker.containers.inspect");
const QString ImagesProbe = QStringLiteral("docker.images.inspect");

// How messages name a probe's work.
struct ProbeWords
{
    QString missing; // "The containers were not inspected on this host"
    QString action;  // "Inspecting the containers" (did not finish, was killed)
    QString failed;  // "Could not inspect the containers"
    QString output;  // "The container inspection output" (was cut)
};

ProbeWords wordsFor(const QString& probe)
{
    if (probe == ContainersProbe) {
        return {QStringLiteral("The containers were not inspected on this host"),
                QStringLiteral("Inspecting the containers"), QStringLiteral("Could not inspect the containers"),
                QStringLiteral("The container inspection output")};
    }
    return {QStringLiteral("The %1 probe did not run on this host").arg(probe),
            QStringLiteral("The %1 probe").arg(probe), QStringLiteral("The %1 probe failed").arg(probe),
            QStringLiteral("The output of the %1 probe").arg(probe)};
}

bool dockerMissing(const Artifact& artifact)
{
    // Today's probes say "bulkhead: not present: docker" (exit 3); older stored scans have the
    // shell's 127.
    if (const ProbeOutcome outcome = ProbeOutcome::of(artifact); outcome.notPresent())
        return outcome.what == QLatin1String("docker");
    if (!artifact.probe.startsWith(QLatin1String("docker.")))
        return false;
    const QString err = QString::fromUtf8(artifact.errorOutput);
    return artifact.exitStatus == 127 || err.contains(QLatin1String("command not found")) ||
           err.contains(QLatin1String("docker: not found"));
}

// A container removed between `docker ps` and `docker inspect` makes inspect exit 1 while still
// printing the others: that output is complete for every container that still exists.
bool onlyVanishedContainers(const QByteArray& errorOutput)
{
    static const QRegularExpression vanished(QStringLiteral("^Error: No such (container|object): [0-9a-f]{64}$"));
    const QStringList lines = QString::fromUtf8(errorOutput).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    if (lines.isEmpty())
        return false;
    for (const QString& line : lines) {
        if (!vanished.match(line.trimmed()).hasMatch())
            return false;
    }
    return true;
}

// The stat probes mark a file they could not examine in their own output ("ROLE|denied|PATH") and exit 1
// with one "bulkhead: permission denied: PATH" line per such file: the other files are still evidence.
bool onlyDeniedEntries(const QString& probe, const Artifact& artifact)
{
    if (probe != QLatin1String("docker.files.stat") && probe != QLatin1String("kubernetes.files.stat"))
        return false;
    if (artifact.exitStatus != 1)
        return false;
    const QList<QByteArray> lines = artifact.errorOutput.split('\n');
    bool any = false;
    for (const QByteArray& line : lines) {
        if (line.isEmpty())
            continue;
        if (!line.startsWith("bulkhead: permission denied: "))
            return false;
        any = true;
    }
    return any;
}

} // namespace

std::optional<JsonPointer::Span> ContainerSet::elementOf(const ContainerFacts& container) const
{
    bool ok = false;
    const qsizetype index = container.pointer.mid(1).toLongLong(&ok);
    if (!elements || !ok || index < 0 || index >= elements->size() ||
        container.pointer != JsonPointer::append(QString(), index))
        return std::nullopt;
    return elements->at(index);
}

QString ImageSet::useText(int containers)
{
    return containers == 0 ? QStringLiteral(" (not used by any container)")
                           : QStringLiteral(" (used by %1 container%2)")
                                 .arg(containers)
                                 .arg(containers == 1 ? QString() : QStringLiteral("s"));
}

HostEvidence::HostEvidence(const QVector<Artifact>& artifacts)
{
    for (const Artifact& artifact : artifacts)
        m_byProbe.insert(artifact.probe, &artifact); // the last one collected wins
}

const Artifact* HostEvidence::artifact(const QString& probe) const
{
    return m_byProbe.value(probe, nullptr);
}

std::optional<EvidenceGap> HostEvidence::gap(const QString& probe) const
{
    const ProbeWords words = wordsFor(probe);
    const Artifact* found = artifact(probe);
    if (!found)
        return EvidenceGap{Status::Error, QStringLiteral("%1 (no %2 evidence)").arg(words.missing, probe), {}, {}};
    const Artifact& a = *found;
    const EvidenceRef stderrRef{a.id, QStringLiteral("stderr"), CheckText::reasonFrom(a.errorOutput), QString()};
    const EvidenceRef wholeRef{a.id, QString(), QString(), QString()};
    const QString exitText = QStringLiteral("exit status %1").arg(a.exitStatus);

    if (dockerMissing(a))
        return EvidenceGap{
            Status::NotApplicable, QStringLiteral("docker is not installed on this host"), exitText, {stderrRef}};
    if (a.timedOut)
        return EvidenceGap{
            Status::Error, QStringLiteral("%1 did not finish before the timeout").arg(words.action), {}, {wholeRef}};
    if (!a.exitSignal.isEmpty())
        return EvidenceGap{
            Status::Error,
            QStringLiteral("%1 was killed by signal %2").arg(words.action, CheckText::printable(a.exitSignal, 20)),
            {},
            {wholeRef}};
    if (a.truncated)
        return EvidenceGap{Status::Error,
                           QStringLiteral("%1 was cut at the size limit, so it is incomplete").arg(words.output),
                           {},
                           {wholeRef}};
    const ProbeOutcome outcome = ProbeOutcome::of(a);
    if (outcome.notPresent())
        return EvidenceGap{Status::NotApplicable,
                           QStringLiteral("%1 is not present on this host").arg(CheckText::printable(outcome.what, 80)),
                           exitText,
                           {stderrRef}};
    const bool usable = a.exitStatus == 0 || (probe == ContainersProbe && onlyVanishedContainers(a.errorOutput)) ||
                        onlyDeniedEntries(probe, a);
    if (usable)
        return std::nullopt;
    const QString reason = CheckText::reasonFrom(a.errorOutput);
    return EvidenceGap{Status::Error,
                       reason.isEmpty() ? QStringLiteral("%1 (exit status %2)").arg(words.failed).arg(a.exitStatus)
                                        : QStringLiteral("%1: %2").arg(words.failed, reason),
                       exitText,
                       {stderrRef}};
}

const std::variant<ContainerSet, EvidenceGap>& HostEvidence::containers() const
{
    if (m_containers)
        return *m_containers;
    if (auto missing = gap(ContainersProbe)) {
        m_containers = *missing;
        return *m_containers;
    }
    const Artifact& a = *artifact(ContainersProbe);
    auto parsed = ContainerInspectParser::parse(a.output);
    if (!parsed) {
        m_containers = EvidenceGap::unreadable(a, parsed.errorMessage());
    } else if (parsed->isEmpty()) {
        m_containers =
            EvidenceGap{Status::NotApplicable,
                        QStringLiteral("There are no containers on this host"),
                        QStringLiteral("0 containers"),
                        {EvidenceRef{a.id, QString(), QString::fromUtf8(a.output.trimmed()).left(20), QString()}}};
    } else {
        ContainerSet set;
        set.artifact = &a;
        set.containers = std::move(parsed).value();
        set.elements = JsonPointer::elements(a.output);
        m_containers = std::move(set);
    }
    return *m_containers;
}

const std::variant<ImageSet, EvidenceGap>& HostEvidence::images() const
{
    if (m_images)
        return *m_images;
    if (auto missing = gap(ImagesProbe)) {
        m_images = *missing;
        return *m_images;
    }
    const Artifact& a = *artifact(ImagesProbe);
    auto parsed = ImageInspectParser::parse(a.output);
    if (!parsed) {
        m_images = EvidenceGap::unreadable(a, parsed.errorMessage());
    } else if (parsed->isEmpty()) {
        m_images = EvidenceGap{Status::NotApplicable,
                               QStringLiteral("There are no images on this host"),
                               QStringLiteral("0 images"),
                               {EvidenceRef{a.id, {}, {}, {}}}};
    } else {
        ImageSet set;
        set.artifact = &a;
        set.images = std::move(parsed).value();
        if (const auto* containerSet = std::get_if<ContainerSet>(&containers())) {
            for (const ContainerFacts& container : containerSet->containers)
                ++set.usedBy[container.imageId];
        }
        m_images = std::move(set);
    }
    return *m_images;
}

} // namespace bulkhead
