// SPDX-License-Identifier: GPL-3.0-or-later
#include "checks/LineEvidence.h"

namespace bulkhead {

namespace {

template <typename Matches> std::optional<EvidenceRef> firstLine(const Artifact& artifact, Matches matches)
{
    const QByteArray& output = artifact.output;
    qsizetype start = 0;
    for (int number = 1; start <= output.size(); ++number) {
        qsizetype end = output.indexOf('\n', start);
        if (end < 0)
            end = output.size();
        const QByteArrayView line(output.constData() + start, end - start);
        if (matches(line))
            return LineEvidence::line(artifact, number, QString::fromUtf8(line));
        if (end == output.size())
            break;
        start = end + 1;
    }
    return std::nullopt;
}

} // namespace

std::optional<EvidenceRef> LineEvidence::containing(const Artifact& artifact, const QByteArray& needle)
{
    return firstLine(artifact, [&](QByteArrayView line) { return line.contains(needle); });
}

std::optional<EvidenceRef> LineEvidence::startingWith(const Artifact& artifact, const QByteArray& prefix)
{
    return firstLine(artifact, [&](QByteArrayView line) { return line.startsWith(prefix); });
}

std::optional<EvidenceRef> LineEvidence::containingAll(const Artifact& artifact, const QList<QByteArray>& needles)
{
    return firstLine(artifact, [&](QByteArrayView line) {
        for (const QByteArray& needle : needles) {
            if (!line.contains(needle))
                return false;
        }
        return true;
    });
}

EvidenceRef LineEvidence::line(const Artifact& artifact, int number, const QString& text)
{
    return EvidenceRef{artifact.id, QStringLiteral("lines %1-%1").arg(number), text, QString()};
}

EvidenceRef LineEvidence::whole(const Artifact& artifact)
{
    return EvidenceRef{artifact.id, QString(), QString(), QString()};
}

} // namespace bulkhead
