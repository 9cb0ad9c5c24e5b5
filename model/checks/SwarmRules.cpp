// SPDX-License-Identifier: GPL-3.0-or-later
#include "checks/SwarmRules.h"

#include "checks/CheckText.h"
#include "core/JsonPointer.h"
#include "facts/DockerInfoParser.h"
#include "facts/EngineFactsParser.h"
#include "facts/HostFactsParser.h"

#include <QRegularExpression>

#include <functional>

namespace bulkhead {

namespace {

const QString InfoProbe = QStringLiteral("docker.info");
const QString NodesProbe = QStringLiteral("swarm.nodes");
const QString ServicesProbe = QStringLiteral("swarm.services");
const QString NetworksProbe = QStringLiteral("docker.networks.inspect");
const QString SocketsProbe = QStringLiteral("host.sockets");

const QString ModeNeeded = QStringLiteral("swarm.mode-needed");
const QString ManagerCount = QStringLiteral("swarm.manager-count");
const QString BoundInterface = QStringLiteral("swarm.bound-interface");
const QString OverlayEncrypted = QStringLiteral("swarm.overlay-encrypted");
const QString SecretsManaged = QStringLiteral("swarm.secrets-managed");
const QString Autolock = QStringLiteral("swarm.autolock");
const QString AutolockRotation = QStringLiteral("swarm.autolock-key-rotation");
const QString NodeCertExpiry = QStringLiteral("swarm.node-cert-expiry");
const QString CaRotation = QStringLiteral("swarm.ca-rotation");
const QString PlaneSeparation = QStringLiteral("swarm.management-plane-separated");

// Docker's own default for node certificates (docker swarm init --cert-expiry): 90 days.
constexpr qint64 NanosecondsPerHour = 3600LL * 1000 * 1000 * 1000;
constexpr qint64 MaxNodeCertHours = 90 * 24;
// Raft stays responsive up to about seven managers; beyond, consensus slows and gains little.
constexpr int MaxUsefulManagers = 7;

Subject swarmSubject()
{
    return Subject{SubjectKind::Daemon, QString(), QStringLiteral("swarm")};
}

Finding make(const QString& id)
{
    Finding finding;
    finding.checkId = id;
    finding.subject = swarmSubject();
    return finding;
}

Finding fromGap(const EvidenceGap& gap, const QString& id)
{
    Finding finding = gap.finding(id);
    finding.subject = swarmSubject();
    return finding;
}

EvidenceRef wholeOf(const Artifact& artifact)
{
    return EvidenceRef{artifact.id, QString(), QString(), QString()};
}

EvidenceRef pointerRef(const Artifact& artifact, const QString& pointer)
{
    return EvidenceRef{artifact.id, pointer, QString::fromUtf8(JsonPointer::excerpt(artifact.output, pointer)),
                       QString()};
}

// The 1-based lines of `artifact` that match `pattern`, each as "lines N-N" evidence.
QVector<EvidenceRef> matchingLines(const Artifact& artifact, const QRegularExpression& pattern)
{
    QVector<EvidenceRef> refs;
    const QList<QByteArray> lines = artifact.output.split('\n');
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const QString line = QString::fromUtf8(lines.at(i));
        if (pattern.match(line).hasMatch())
            refs << EvidenceRef{artifact.id, QStringLiteral("lines %1-%1").arg(i + 1), line, QString()};
    }
    return refs;
}

// The node's docker info: its swarm state decides which checks apply.
struct Engine
{
    const Artifact* artifact = nullptr;
    DockerInfo info;

    EvidenceRef ref(const QString& pointer) const { return pointerRef(*artifact, pointer); }
    bool inactive() const { return info.swarmState.isEmpty() || info.swarmState == QLatin1String("inactive"); }
    bool active() const { return info.swarmState == QLatin1String("active"); }
    bool locked() const { return info.swarmState == QLatin1String("locked"); }
    bool manager() const { return active() && info.swarmControlAvailable; }
    QString state() const
    {
        return QStringLiteral("Swarm.LocalNodeState=%1")
            .arg(CheckText::quoted(info.swarmState.isEmpty() ? QStringLiteral("inactive") : info.swarmState));
    }
};

Finding notInSwarm(const Engine& engine, const QString& id)
{
    Finding finding = make(id);
    finding.status = Status::NotApplicable;
    finding.actual = engine.state();
    finding.message = QStringLiteral("This engine is not part of a swarm");
    finding.evidence << engine.ref(QStringLiteral("/Swarm/LocalNodeState"));
    return finding;
}

// A swarm that is locked, pending or in error: its settings cannot be read until it is active.
Finding notReadable(const Engine& engine, const QString& id)
{
    Finding finding = make(id);
    finding.status = Status::Error;
    finding.actual = engine.state();
    finding.message =
        engine.locked()
            ? QStringLiteral("The swarm is locked on this node: its settings can be read once it is unlocked")
            : QStringLiteral("The node's swarm state is %1, so its settings cannot be read")
                  .arg(CheckText::quoted(engine.info.swarmState));
    finding.evidence << engine.ref(QStringLiteral("/Swarm/LocalNodeState"));
    return finding;
}

Finding onWorker(const Engine& engine, const QString& id)
{
    Finding finding = make(id);
    finding.status = Status::NotApplicable;
    finding.actual = QStringLiteral("%1, Swarm.ControlAvailable=false").arg(engine.state());
    finding.message = QStringLiteral("This node is a swarm worker: the swarm's settings are only visible on a manager, "
                                     "where this check is judged");
    finding.evidence << engine.ref(QStringLiteral("/Swarm/ControlAvailable"));
    return finding;
}

// The applicability every check but 5.1 shares: nothing when it can be judged here.
std::optional<Finding> applicability(const Engine& engine, const QString& id, bool needsManager)
{
    if (engine.inactive())
        return notInSwarm(engine, id);
    if (!engine.active())
        return notReadable(engine, id);
    if (needsManager && !engine.manager())
        return onWorker(engine, id);
    return std::nullopt;
}

Finding modeNeeded(const Engine& engine, const HostEvidence& evidence)
{
    Finding finding = make(ModeNeeded);
    finding.expected = QStringLiteral("Swarm mode off, unless the host serves swarm services");
    finding.actual = engine.state();
    finding.evidence << engine.ref(QStringLiteral("/Swarm/LocalNodeState"));
    if (engine.inactive()) {
        finding.status = Status::Pass;
        finding.message = QStringLiteral("Swarm mode is off");
        return finding;
    }
    if (!engine.manager()) {
        // A worker cannot list the services; a locked or pending node cannot say anything yet.
        finding.status = Status::Manual;
        finding.message = QStringLiteral("Swarm mode is on (%1) and the services cannot be listed from this node: "
                                         "confirm that it needs to be in the swarm")
                              .arg(engine.state());
        return finding;
    }
    if (auto gap = evidence.gap(ServicesProbe))
        return fromGap(*gap, ModeNeeded);
    const Artifact& artifact = *evidence.artifact(ServicesProbe);
    auto services = EngineFactsParser::swarmServices(artifact.output);
    if (!services)
        return fromGap(EvidenceGap::unreadable(artifact, services.errorMessage()), ModeNeeded);
    finding.evidence << wholeOf(artifact);
    QStringList names;
    for (const SwarmService& service : services.value())
        names << CheckText::printable(service.name, 80);
    finding.actual += QStringLiteral(", %1 service(s)").arg(names.size());
    if (names.isEmpty()) {
        finding.status = Status::Warn;
        finding.message =
            QStringLiteral("Swarm mode is on but the swarm runs no service: leave the swarm (docker swarm "
                           "leave) if it is not needed, so its ports and keys are not exposed");
    } else {
        finding.status = Status::Pass;
        finding.message =
            QStringLiteral("Swarm mode is in use: the swarm runs %1").arg(names.join(QStringLiteral(", ")));
    }
    return finding;
}

Finding managerCount(const Engine& engine, const HostEvidence& evidence)
{
    if (auto skip = applicability(engine, ManagerCount, true))
        return *skip;
    if (auto gap = evidence.gap(NodesProbe))
        return fromGap(*gap, ManagerCount);
    const Artifact& artifact = *evidence.artifact(NodesProbe);
    auto nodes = EngineFactsParser::swarmNodes(artifact.output);
    if (!nodes)
        return fromGap(EvidenceGap::unreadable(artifact, nodes.errorMessage()), ManagerCount);
    Finding finding = make(ManagerCount);
    finding.expected = QStringLiteral("An odd number of managers (3, 5 or 7); one only in a single-node swarm");
    QStringList managers;
    for (const SwarmNode& node : nodes.value()) {
        if (!node.manager())
            continue;
        managers << QStringLiteral("%1 (%2)").arg(CheckText::printable(node.hostname, 80),
                                                  CheckText::printable(node.managerStatus, 20));
        // The node's own line of docker node ls; ids are matched as JSON text, never as a pattern.
        const QByteArray needle = "\"ID\":\"" + node.id.toUtf8() + '"';
        const QList<QByteArray> lines = artifact.output.split('\n');
        for (qsizetype i = 0; i < lines.size(); ++i) {
            if (lines.at(i).contains(needle)) {
                finding.evidence << EvidenceRef{artifact.id, QStringLiteral("lines %1-%1").arg(i + 1),
                                                QString::fromUtf8(lines.at(i)), QString()};
                break;
            }
        }
    }
    if (finding.evidence.isEmpty())
        finding.evidence << wholeOf(artifact);
    const qsizetype count = managers.size();
    const qsizetype total = nodes->size();
    finding.actual = QStringLiteral("%1 manager(s) among %2 node(s): %3")
                         .arg(count)
                         .arg(total)
                         .arg(managers.join(QStringLiteral(", ")));
    if (count == 1 && total == 1) {
        finding.status = Status::Pass;
        finding.message = QStringLiteral("A single-node swarm with its one manager");
    } else if (count == 1) {
        finding.status = Status::Fail;
        finding.message = QStringLiteral("One manager for %1 nodes: if it fails, the swarm can no longer be managed "
                                         "or heal itself")
                              .arg(total);
    } else if (count % 2 == 0) {
        finding.status = Status::Fail;
        finding.message = QStringLiteral("%1 managers: an even number tolerates no more failures than %2 would, and "
                                         "a network split can leave no side with a majority")
                              .arg(count)
                              .arg(count - 1);
    } else if (count > MaxUsefulManagers) {
        finding.status = Status::Warn;
        finding.message = QStringLiteral("%1 managers: more than %2 slows every decision and adds little fault "
                                         "tolerance")
                              .arg(count)
                              .arg(MaxUsefulManagers);
    } else {
        finding.status = Status::Pass;
        finding.message = QStringLiteral("%1 managers: the swarm survives the loss of %2").arg(count).arg(count / 2);
    }
    return finding;
}

Finding boundInterface(const Engine& engine, const HostEvidence& evidence)
{
    if (auto skip = applicability(engine, BoundInterface, false))
        return *skip;
    if (auto gap = evidence.gap(SocketsProbe))
        return fromGap(*gap, BoundInterface);
    const Artifact& artifact = *evidence.artifact(SocketsProbe);
    auto sockets = HostFactsParser::sockets(artifact.output);
    if (!sockets)
        return fromGap(EvidenceGap::unreadable(artifact, sockets.errorMessage()), BoundInterface);
    Finding finding = make(BoundInterface);
    finding.expected = QStringLiteral("The swarm ports (2377 manager, 7946 gossip) listen on one address, not on all");
    QStringList wide;
    QStringList bound;
    for (const ListeningSocket& socket : sockets.value()) {
        if (socket.port != 2377 && socket.port != 7946)
            continue;
        const QString text =
            QStringLiteral("%1 %2:%3")
                .arg(CheckText::printable(socket.protocol, 10), CheckText::printable(socket.address, 60))
                .arg(socket.port);
        (socket.allInterfaces() ? wide : bound) << text;
    }
    static const QRegularExpression swarmPorts(QStringLiteral(R"re(:(2377|7946)\s)re"));
    finding.evidence = matchingLines(artifact, swarmPorts);
    if (wide.isEmpty() && bound.isEmpty()) {
        // dockerd may run in a network namespace of its own, whose sockets the host's list does not show.
        finding.status = Status::Manual;
        finding.actual = QStringLiteral("no listener on 2377 or 7946 in the host's socket list; advertised address %1")
                             .arg(CheckText::quoted(engine.info.swarmNodeAddr));
        finding.message = QStringLiteral("The swarm's listeners are not in this host's socket list (dockerd may run in "
                                         "another network namespace): confirm that the swarm was initialised or "
                                         "joined with --listen-addr on one address (this node advertises %1)")
                              .arg(CheckText::quoted(engine.info.swarmNodeAddr));
        finding.evidence << wholeOf(artifact) << engine.ref(QStringLiteral("/Swarm/NodeAddr"));
        return finding;
    }
    finding.actual = (wide + bound).join(QStringLiteral(", "));
    if (!wide.isEmpty()) {
        finding.status = Status::Fail;
        finding.message = QStringLiteral("The swarm listens on every interface (%1): its management and gossip ports "
                                         "are reachable from any network the host is on")
                              .arg(wide.join(QStringLiteral(", ")));
    } else {
        finding.status = Status::Pass;
        finding.message = QStringLiteral("The swarm listens on one address only (%1)").arg(finding.actual);
    }
    return finding;
}

QVector<Finding> overlayEncrypted(const Engine& engine, const HostEvidence& evidence)
{
    if (auto skip = applicability(engine, OverlayEncrypted, false))
        return {*skip};
    if (auto gap = evidence.gap(NetworksProbe))
        return {fromGap(*gap, OverlayEncrypted)};
    const Artifact& artifact = *evidence.artifact(NetworksProbe);
    auto networks = EngineFactsParser::networks(artifact.output);
    if (!networks)
        return {fromGap(EvidenceGap::unreadable(artifact, networks.errorMessage()), OverlayEncrypted)};
    QVector<Finding> findings;
    for (qsizetype i = 0; i < networks->size(); ++i) {
        const NetworkFacts& network = networks->at(i);
        if (network.driver != QLatin1String("overlay"))
            continue;
        Finding finding = make(OverlayEncrypted);
        finding.subject = Subject{SubjectKind::Daemon, network.id, network.name};
        finding.expected = QStringLiteral("Options contains \"encrypted\"");
        const QString element = JsonPointer::append(QString(), i);
        const QString options = element + QStringLiteral("/Options");
        const QString encrypted = JsonPointer::append(options, QStringLiteral("encrypted"));
        const bool on = network.encrypted();
        const QString cited = on ? encrypted : (JsonPointer::locate(artifact.output, options) ? options : element);
        finding.evidence << pointerRef(artifact, element + QStringLiteral("/Driver")) << pointerRef(artifact, cited);
        const QString name = CheckText::quoted(network.name);
        const QString ingress = network.ingress
                                    ? QStringLiteral(" (the ingress network: it carries the published ports' traffic)")
                                    : QString();
        finding.actual = on ? QStringLiteral("encrypted") : QStringLiteral("not encrypted");
        finding.status = on ? Status::Pass : Status::Fail;
        finding.message =
            on ? QStringLiteral("Traffic between nodes on the overlay network %1 is encrypted%2").arg(name, ingress)
               : QStringLiteral("Traffic between nodes on the overlay network %1 crosses the network in "
                                "clear: it was made without --opt encrypted%2")
                     .arg(name, ingress);
        findings << finding;
    }
    if (findings.isEmpty()) {
        Finding finding = make(OverlayEncrypted);
        finding.status = Status::NotApplicable;
        finding.actual = QStringLiteral("no overlay network");
        finding.message = QStringLiteral("This node knows no overlay network");
        finding.evidence << wholeOf(artifact);
        findings << finding;
    }
    return findings;
}

Finding secretsManaged(const Engine& engine, const HostEvidence& evidence)
{
    if (auto skip = applicability(engine, SecretsManaged, true))
        return *skip;
    if (auto gap = evidence.gap(ServicesProbe))
        return fromGap(*gap, SecretsManaged);
    const Artifact& artifact = *evidence.artifact(ServicesProbe);
    auto services = EngineFactsParser::swarmServices(artifact.output);
    if (!services)
        return fromGap(EvidenceGap::unreadable(artifact, services.errorMessage()), SecretsManaged);
    Finding finding = make(SecretsManaged);
    finding.expected = QStringLiteral("Sensitive data reaches services only as swarm secrets (auditor's attestation)");
    finding.evidence << wholeOf(artifact);
    if (services->isEmpty()) {
        finding.status = Status::NotApplicable;
        finding.actual = QStringLiteral("no service");
        finding.message = QStringLiteral("The swarm runs no service");
        return finding;
    }
    QStringList with;
    QStringList without;
    for (const SwarmService& service : services.value())
        (service.secrets > 0 ? with : without)
            << QStringLiteral("%1 (%2 secret(s))").arg(CheckText::printable(service.name, 80)).arg(service.secrets);
    finding.status = Status::Manual;
    finding.actual = (with + without).join(QStringLiteral(", "));
    finding.message = QStringLiteral("%1 of %2 service(s) receive swarm secrets; confirm that the others need none and "
                                     "that no secret reaches a service through its image, environment or command")
                          .arg(with.size())
                          .arg(services->size());
    return finding;
}

Finding autolock(const Engine& engine)
{
    Finding finding = make(Autolock);
    finding.expected = QStringLiteral("AutoLockManagers=true");
    if (engine.locked()) {
        // Only autolock can lock a swarm: the state itself is the proof.
        finding.status = Status::Pass;
        finding.actual = engine.state();
        finding.message = QStringLiteral("The swarm is locked on this node: autolock is on");
        finding.evidence << engine.ref(QStringLiteral("/Swarm/LocalNodeState"));
        return finding;
    }
    if (auto skip = applicability(engine, Autolock, true))
        return *skip;
    const QString pointer = QStringLiteral("/Swarm/Cluster/Spec/EncryptionConfig/AutoLockManagers");
    if (!engine.info.swarmAutolock) {
        finding.status = Status::Error;
        finding.message = QStringLiteral("docker info does not show whether autolock is on");
        finding.evidence << wholeOf(*engine.artifact);
        return finding;
    }
    const bool on = *engine.info.swarmAutolock;
    finding.actual = QStringLiteral("AutoLockManagers=%1").arg(on ? QStringLiteral("true") : QStringLiteral("false"));
    finding.evidence << engine.ref(pointer);
    finding.status = on ? Status::Pass : Status::Fail;
    finding.message =
        on ? QStringLiteral("The managers' Raft keys are encrypted at rest: a restarted manager needs the "
                            "unlock key")
           : QStringLiteral("Autolock is off: the keys that decrypt the swarm's Raft log and secrets lie "
                            "unencrypted on every manager's disk");
    return finding;
}

Finding autolockRotation(const Engine& engine)
{
    Finding finding = make(AutolockRotation);
    finding.expected = QStringLiteral("The unlock key is rotated on a schedule (auditor's attestation)");
    if (!engine.locked()) {
        if (auto skip = applicability(engine, AutolockRotation, true))
            return *skip;
        if (!engine.info.swarmAutolock) {
            finding.status = Status::Error;
            finding.message = QStringLiteral("docker info does not show whether autolock is on");
            finding.evidence << wholeOf(*engine.artifact);
            return finding;
        }
        finding.evidence << engine.ref(QStringLiteral("/Swarm/Cluster/Spec/EncryptionConfig/AutoLockManagers"));
        if (!*engine.info.swarmAutolock) {
            finding.status = Status::NotApplicable;
            finding.actual = QStringLiteral("AutoLockManagers=false");
            finding.message = QStringLiteral("Autolock is off, so there is no unlock key to rotate (swarm.autolock "
                                             "reports it)");
            return finding;
        }
        finding.actual = QStringLiteral("AutoLockManagers=true");
    } else {
        finding.actual = engine.state();
        finding.evidence << engine.ref(QStringLiteral("/Swarm/LocalNodeState"));
    }
    finding.status = Status::Manual;
    finding.message = QStringLiteral("Docker keeps no record of when the unlock key was last rotated: attest the "
                                     "rotation schedule (docker swarm unlock-key --rotate)");
    return finding;
}

Finding nodeCertExpiry(const Engine& engine)
{
    if (auto skip = applicability(engine, NodeCertExpiry, true))
        return *skip;
    Finding finding = make(NodeCertExpiry);
    finding.expected = QStringLiteral("NodeCertExpiry of 90 days (2160h) or less");
    const std::optional<qint64> expiry = engine.info.swarmNodeCertExpiry;
    if (!expiry || *expiry <= 0) {
        finding.status = Status::Error;
        finding.message = expiry ? QStringLiteral("docker info shows a node certificate lifetime that is not a "
                                                  "duration (%1)")
                                       .arg(*expiry)
                                 : QStringLiteral("docker info does not show the node certificate lifetime");
        finding.evidence << wholeOf(*engine.artifact);
        return finding;
    }
    const qint64 hours = *expiry / NanosecondsPerHour;
    const QString days = QString::number(static_cast<double>(*expiry) / NanosecondsPerHour / 24, 'g', 4);
    finding.actual = QStringLiteral("NodeCertExpiry=%1h (%2 days)").arg(hours).arg(days);
    finding.evidence << engine.ref(QStringLiteral("/Swarm/Cluster/Spec/CAConfig/NodeCertExpiry"));
    const bool ok = *expiry <= MaxNodeCertHours * NanosecondsPerHour;
    finding.status = ok ? Status::Pass : Status::Fail;
    finding.message =
        ok ? QStringLiteral("Node certificates live %1 days and are renewed automatically before they "
                            "expire")
                 .arg(days)
           : QStringLiteral("Node certificates live %1 days: a stolen node certificate stays valid longer "
                            "than the 90 days Docker uses by default")
                 .arg(days);
    return finding;
}

Finding caRotation(const Engine& engine)
{
    if (auto skip = applicability(engine, CaRotation, true))
        return *skip;
    Finding finding = make(CaRotation);
    finding.expected = QStringLiteral("The swarm's root CA is rotated on a schedule (auditor's attestation)");
    finding.actual = engine.state();
    finding.evidence << engine.ref(QStringLiteral("/Swarm/LocalNodeState"));
    finding.status = Status::Manual;
    finding.message = QStringLiteral("Docker keeps no record of when the swarm's root CA was last rotated: attest the "
                                     "rotation schedule (docker swarm ca --rotate)");
    return finding;
}

Finding planeSeparation(const Engine& engine)
{
    if (auto skip = applicability(engine, PlaneSeparation, false))
        return *skip;
    Finding finding = make(PlaneSeparation);
    finding.expected = QStringLiteral("Management and data traffic on separate interfaces (auditor's attestation)");
    finding.actual = QStringLiteral("advertise address %1").arg(CheckText::quoted(engine.info.swarmNodeAddr));
    finding.evidence << engine.ref(QStringLiteral("/Swarm/NodeAddr"));
    finding.status = Status::Manual;
    finding.message = QStringLiteral("docker info shows the management address %1 but not the data path address: "
                                     "confirm that --data-path-addr puts container traffic on another interface")
                          .arg(CheckText::quoted(engine.info.swarmNodeAddr));
    return finding;
}

} // namespace

QStringList SwarmRules::ids()
{
    return {ModeNeeded, ManagerCount,     BoundInterface, OverlayEncrypted, SecretsManaged,
            Autolock,   AutolockRotation, NodeCertExpiry, CaRotation,       PlaneSeparation};
}

QVector<Finding> SwarmRules::evaluate(const HostEvidence& evidence)
{
    const auto everyCheck = [](const std::function<Finding(const QString&)>& judge) {
        QVector<Finding> findings;
        for (const QString& id : ids())
            findings << judge(id);
        return findings;
    };
    if (auto gap = evidence.gap(InfoProbe))
        return everyCheck([&](const QString& id) { return fromGap(*gap, id); });
    Engine engine;
    engine.artifact = evidence.artifact(InfoProbe);
    auto info = DockerInfoParser::parse(engine.artifact->output);
    if (!info) {
        const EvidenceGap gap = EvidenceGap::unreadable(*engine.artifact, info.errorMessage());
        return everyCheck([&](const QString& id) { return fromGap(gap, id); });
    }
    engine.info = std::move(info).value();

    QVector<Finding> findings;
    findings << modeNeeded(engine, evidence) << managerCount(engine, evidence) << boundInterface(engine, evidence);
    findings += overlayEncrypted(engine, evidence);
    findings << secretsManaged(engine, evidence) << autolock(engine) << autolockRotation(engine)
             << nodeCertExpiry(engine) << caRotation(engine) << planeSeparation(engine);
    return findings;
}

} // namespace bulkhead
