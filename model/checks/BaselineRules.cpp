// SPDX-License-Identifier: GPL-3.0-or-later
#include "checks/BaselineRules.h"

#include "checks/CheckText.h"
#include "checks/LineEvidence.h"
#include "facts/HostFactsParser.h"
#include "probes/ProbeCommands.h"

#include <QHash>
#include <QSet>

#include <algorithm>

namespace bulkhead {

namespace {

const QString ProcessBaseline = QStringLiteral("host.process-baseline");
const QString SocketBaseline = QStringLiteral("host.socket-baseline");
const QString ProcessesProbe = QStringLiteral("host.processes");
const QString SocketsProbe = QStringLiteral("host.sockets");

// One observed item: its identity and the line of the artifact that shows it.
struct Item
{
    QString identity;
    QByteArray needle; // text of the artifact's line that shows it
};

bool kernelThread(const ProcessEntry& process)
{
    return process.args.startsWith(QLatin1Char('[')) && process.args.endsWith(QLatin1Char(']'));
}

// Bulkhead's own probes are running while `ps` runs (ps itself, and whatever the other channels run at
// that moment): every process under a probe's shell is left out, or each scan would find "new" ones.
QSet<qint64> ownProbes(const QVector<ProcessEntry>& processes)
{
    QHash<qint64, qint64> parent;
    QSet<qint64> roots;
    for (const ProcessEntry& process : processes) {
        parent.insert(process.pid, process.ppid);
        if (ProbeCommands::isOwnProcess(process.args))
            roots.insert(process.pid);
    }
    QSet<qint64> own;
    for (const ProcessEntry& process : processes) {
        qint64 pid = process.pid;
        for (int depth = 0; depth < 64 && pid > 1; ++depth) { // bounded: a hostile ps may print a cycle
            if (roots.contains(pid)) {
                own.insert(process.pid);
                break;
            }
            pid = parent.value(pid, 0);
        }
    }
    return own;
}

QString socketIdentity(const ListeningSocket& socket)
{
    const QString address = socket.address.contains(QLatin1Char(':')) && !socket.address.startsWith(QLatin1Char('['))
                                ? QLatin1Char('[') + socket.address + QLatin1Char(']')
                                : socket.address;
    return QStringLiteral("%1 %2:%3").arg(socket.protocol, address).arg(socket.port);
}

// The items of one kind, or why they cannot be read.
std::variant<QVector<Item>, EvidenceGap> itemsOf(const HostEvidence& evidence, const QString& probe)
{
    if (auto gap = evidence.gap(probe))
        return *gap;
    const Artifact& artifact = *evidence.artifact(probe);
    QVector<Item> items;
    if (probe == ProcessesProbe) {
        auto processes = HostFactsParser::processes(artifact.output);
        if (!processes)
            return EvidenceGap::unreadable(artifact, processes.errorMessage());
        const QSet<qint64> own = ownProbes(processes.value());
        for (const ProcessEntry& process : processes.value()) {
            if (!kernelThread(process) && !own.contains(process.pid) && !process.command().isEmpty())
                items << Item{process.command(), process.args.left(80).toUtf8()};
        }
    } else {
        auto sockets = HostFactsParser::sockets(artifact.output);
        if (!sockets)
            return EvidenceGap::unreadable(artifact, sockets.errorMessage());
        for (const ListeningSocket& socket : sockets.value())
            items << Item{socketIdentity(socket), QByteArray(":") + QByteArray::number(socket.port)};
    }
    return items;
}

QStringList identities(const QVector<Item>& items)
{
    QStringList list;
    for (const Item& item : items)
        list << item.identity;
    list.sort();
    list.removeDuplicates();
    return list;
}

QString shortList(const QStringList& items, qsizetype shown = 12)
{
    QStringList printable;
    for (qsizetype i = 0; i < std::min(shown, items.size()); ++i)
        printable << CheckText::printable(items.at(i), 120);
    QString text = printable.join(QStringLiteral(", "));
    if (items.size() > shown)
        text += QStringLiteral(" and %1 more").arg(items.size() - shown);
    return text;
}

Finding judge(const QString& checkId, const QString& probe, const HostEvidence& evidence, const ZonePolicy& policy)
{
    const bool processes = probe == ProcessesProbe;
    const QString noun = processes ? QStringLiteral("process") : QStringLiteral("listening socket");
    Finding finding;
    finding.checkId = checkId;
    finding.subject = Subject{SubjectKind::Host, QString(), QString()};
    const auto read = itemsOf(evidence, probe);
    if (const auto* gap = std::get_if<EvidenceGap>(&read))
        return gap->finding(checkId);
    const QVector<Item>& items = std::get<QVector<Item>>(read);
    const Artifact& artifact = *evidence.artifact(probe);
    const QStringList seen = identities(items);
    finding.expected = QStringLiteral("no %1 outside the zone's baseline").arg(noun);

    if (!policy.zone || !policy.baseline) {
        finding.status = Status::Manual;
        finding.actual = QStringLiteral("%1 %2(s): %3").arg(seen.size()).arg(noun, shortList(seen));
        finding.evidence << LineEvidence::whole(artifact);
        finding.message =
            (policy.zone ? QStringLiteral("Zone %1 has no accepted baseline yet (bulkhead-cli baseline accept): ")
                               .arg(CheckText::quoted(policy.zone->name))
                         : QStringLiteral("The host is in no zone, so there is no baseline: ")) +
            QStringLiteral("review the %1 %2(s) by hand").arg(seen.size()).arg(noun);
        return finding;
    }
    const QStringList& accepted = processes ? policy.baseline->processes : policy.baseline->sockets;
    const QSet<QString> acceptedSet(accepted.cbegin(), accepted.cend());
    QStringList added;
    for (const QString& identity : seen) {
        if (!acceptedSet.contains(identity))
            added << identity;
    }
    QStringList gone;
    const QSet<QString> seenSet(seen.cbegin(), seen.cend());
    for (const QString& identity : accepted) {
        if (!seenSet.contains(identity))
            gone << identity;
    }
    const QString since = QStringLiteral("the baseline of zone %1 (scan %2)")
                              .arg(CheckText::quoted(policy.zone->name))
                              .arg(policy.baseline->scanId);
    if (added.isEmpty()) {
        finding.status = Status::Pass;
        finding.actual = QStringLiteral("%1 %2(s), none new").arg(seen.size()).arg(noun);
        finding.evidence << LineEvidence::whole(artifact);
        finding.message = QStringLiteral("Every %1 is in %2").arg(noun, since) +
                          (gone.isEmpty() ? QString() : QStringLiteral("; gone since: %1").arg(shortList(gone)));
        return finding;
    }
    for (const QString& identity : std::as_const(added)) {
        for (const Item& item : items) {
            if (item.identity != identity)
                continue;
            if (auto ref = LineEvidence::containing(artifact, item.needle))
                finding.evidence << *ref;
            break;
        }
        if (finding.evidence.size() >= 20)
            break;
    }
    if (finding.evidence.isEmpty())
        finding.evidence << LineEvidence::whole(artifact);
    finding.status = Status::Fail;
    finding.actual = QStringLiteral("new: %1").arg(shortList(added));
    finding.message = QStringLiteral("%1 %2(s) not in %3: %4").arg(added.size()).arg(noun, since, shortList(added));
    return finding;
}

} // namespace

QStringList BaselineRules::ids()
{
    return {ProcessBaseline, SocketBaseline};
}

QVector<Finding> BaselineRules::evaluate(const HostEvidence& evidence, const ZonePolicy& policy)
{
    return {judge(ProcessBaseline, ProcessesProbe, evidence, policy),
            judge(SocketBaseline, SocketsProbe, evidence, policy)};
}

Result<ZoneBaseline> BaselineRules::observed(const HostEvidence& evidence)
{
    ZoneBaseline baseline;
    for (const QString& probe : {ProcessesProbe, SocketsProbe}) {
        const auto read = itemsOf(evidence, probe);
        if (const auto* gap = std::get_if<EvidenceGap>(&read))
            return makeError(QStringLiteral("%1: %2").arg(probe, gap->message));
        (probe == ProcessesProbe ? baseline.processes : baseline.sockets) = identities(std::get<QVector<Item>>(read));
    }
    return baseline;
}

} // namespace bulkhead
