// SPDX-License-Identifier: GPL-3.0-or-later
// The fleet issue 3 asks for, scanned through the real collection code (FleetScanner), checked from
// the stored artifacts and their parsed facts against what `fleet up` seeded (fleet.json:
// hosts[].facts): operator with --sudo and the exact allow-list reaches everything root reaches and is
// never refused; without --sudo it is refused and nothing passes; journald, rsyslog, syslog-ng and
// logrotate differ per host as seeded; audit rules are loaded on bravo only; charlie is a Swarm manager
// with its services; delta has a Kubernetes control plane (manifests, kubelet config, file modes,
// component command lines). Elsewhere each of these is "not present", never an error.
// Fails, never skips, when the fleet is not up.
#include "facts/EngineFactsParser.h"
#include "facts/FileStatParser.h"
#include "facts/HostFactsParser.h"
#include "facts/KubernetesFactsParser.h"
#include "facts/LoggingFactsParser.h"
#include "facts/ProbeParsers.h"
#include "probes/Probe.h"
#include "probes/ProbeCommands.h"
#include "probes/ProbeOutcome.h"
#include "scan/FleetScanner.h"
#include "store/Workspace.h"

#include "VerdictEvidence.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>

using namespace bulkhead;

namespace {

const QStringList AuditedHosts{QStringLiteral("alpha"), QStringLiteral("bravo"), QStringLiteral("charlie"),
                               QStringLiteral("delta")};

QStringList strings(const QJsonValue& value)
{
    QStringList out;
    for (const QJsonValue& item : value.toArray())
        out << item.toString();
    return out;
}

QStringList sorted(QStringList list)
{
    list.sort();
    return list;
}

} // namespace

class TestCollectionFleet : public QObject
{
    Q_OBJECT

private:
    using Artifacts = QHash<QString, QVector<Artifact>>; // by host name

    struct Scanned
    {
        ScanOutcome outcome;
        Artifacts artifacts;
        QVector<Finding> findings;
        QHash<QString, QVector<Finding>> hostFindings; // by host name
    };

    QJsonObject m_fleet;
    QHash<QString, QJsonObject> m_hosts;
    QTemporaryDir m_dir;
    int m_workspaces = 0;
    Scanned m_root; // every audited host as root: the reference

    HostSpec spec(const QString& name, const QString& user) const
    {
        HostSpec spec;
        spec.user = user;
        spec.address = m_hosts.value(name).value(QStringLiteral("address")).toString();
        spec.port = m_hosts.value(name).value(QStringLiteral("port")).toInt();
        return spec;
    }

    QJsonValue facts(const QString& host, const QString& key) const
    {
        return m_hosts.value(host).value(QStringLiteral("facts")).toObject().value(key);
    }

    Scanned scan(const QStringList& hosts, const QString& user, AccessMode access)
    {
        ScanRequest request;
        request.workspacePath = m_dir.filePath(QStringLiteral("fleet-%1.bulkhead").arg(++m_workspaces));
        for (const QString& host : hosts)
            request.hosts.append(spec(host, user));
        request.identityFile = m_fleet.value(QStringLiteral("identity")).toString();
        request.knownHostsFile = m_fleet.value(QStringLiteral("known_hosts")).toString();
        request.access = access;
        request.limits.timeoutMs = 120000;
        Scanned scanned;
        auto outcome = FleetScanner::run(request);
        if (!outcome) {
            qWarning("scan failed: %s", qPrintable(outcome.errorMessage()));
            return scanned;
        }
        scanned.outcome = outcome.value();
        auto workspace = Workspace::open(request.workspacePath, Workspace::OpenMode::ExistingOnly);
        if (!workspace)
            return scanned;
        auto records = workspace.value()->hosts();
        auto findings = workspace.value()->findings(outcome->scanId);
        if (findings)
            scanned.findings = findings.value();
        if (!records)
            return scanned;
        for (int i = 0; i < hosts.size(); ++i) {
            for (const HostRecord& record : records.value()) {
                if (!(record.spec == request.hosts.at(i)))
                    continue;
                auto artifacts = workspace.value()->artifacts(outcome->scanId, record.id);
                if (artifacts)
                    scanned.artifacts.insert(hosts.at(i), artifacts.value());
                for (const Finding& finding : scanned.findings) {
                    if (finding.hostId == record.id)
                        scanned.hostFindings[hosts.at(i)].append(finding);
                }
            }
        }
        return scanned;
    }

    static const Artifact* artifactOf(const QVector<Artifact>& artifacts, const QString& probe)
    {
        for (const Artifact& artifact : artifacts) {
            if (artifact.probe == probe)
                return &artifact;
        }
        return nullptr;
    }

    // The artifact of a probe on a host in the reference (root) scan; fails the test when missing.
    const Artifact& rootArtifact(const QString& host, const QString& probe) const
    {
        static const Artifact none;
        const Artifact* artifact = artifactOf(m_root.artifacts.value(host), probe);
        if (!artifact)
            qWarning("no artifact %s on %s", qPrintable(probe), qPrintable(host));
        return artifact ? *artifact : none;
    }

    ProbeOutcome rootOutcome(const QString& host, const QString& probe) const
    {
        return ProbeOutcome::of(rootArtifact(host, probe));
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        qunsetenv("SSH_AUTH_SOCK");
        const QString dir = qEnvironmentVariable("BULKHEAD_FLEET_DIR");
        QVERIFY2(!dir.isEmpty(), "BULKHEAD_FLEET_DIR is not set: run through ctest (fleet fixture)");
        QFile file(dir + QStringLiteral("/fleet.json"));
        QVERIFY2(file.open(QIODevice::ReadOnly), "the test fleet is not up (no fleet.json)");
        m_fleet = QJsonDocument::fromJson(file.readAll()).object();
        for (const auto& value : m_fleet.value(QStringLiteral("hosts")).toArray())
            m_hosts.insert(value.toObject().value(QStringLiteral("name")).toString(), value.toObject());
        for (const QString& host : AuditedHosts) {
            QVERIFY2(m_hosts.contains(host), qPrintable(host));
            QVERIFY2(m_hosts.value(host).contains(QStringLiteral("facts")), "fleet.json has no facts: an old fleet?");
        }
        const QJsonObject sudo = m_fleet.value(QStringLiteral("sudo")).toObject();
        QCOMPARE(sudo.value(QStringLiteral("user")).toString(), QStringLiteral("operator"));
        QVERIFY2(sudo.value(QStringLiteral("rule")).toString() == QLatin1String("allow-list"),
                 "the fleet's operator may run everything: bring the fleet up with --cli bulkhead-cli "
                 "(BULKHEAD_FLEET_CLI) so its sudo rule is exactly the allow-list");
        m_root = scan(AuditedHosts, QStringLiteral("root"), AccessMode::Direct);
        QCOMPARE(m_root.outcome.hosts.size(), AuditedHosts.size());
        for (const QString& host : AuditedHosts)
            QCOMPARE(m_root.artifacts.value(host).size(), ProbeCatalog::all().size());
    }

    // The allow-list `bulkhead-cli sudoers --user operator` printed is complete: with it, operator
    // (not in group docker) gets every probe root gets, each privileged one through sudo -n.
    void operatorWithSudoReachesWhatRootReaches()
    {
        const Scanned scanned = scan(AuditedHosts, QStringLiteral("operator"), AccessMode::Sudo);
        QCOMPARE(scanned.outcome.hosts.size(), AuditedHosts.size());
        for (const QString& host : AuditedHosts) {
            const QVector<Artifact> artifacts = scanned.artifacts.value(host);
            QCOMPARE(artifacts.size(), ProbeCatalog::all().size());
            for (const Probe& probe : ProbeCatalog::all()) {
                const Artifact* artifact = artifactOf(artifacts, probe.name);
                QVERIFY2(artifact, qPrintable(host + QLatin1Char(' ') + probe.name));
                QCOMPARE(artifact->command, ProbeCommands::commandFor(probe, AccessMode::Sudo));
                QCOMPARE(artifact->command.contains(QLatin1String(" sudo -n -- ")), probe.needsPrivilege());
                const ProbeOutcome outcome = ProbeOutcome::of(*artifact);
                const ProbeOutcome root = rootOutcome(host, probe.name);
                const QString label = QStringLiteral("%1 %2: %3 %4 (root: %5)")
                                          .arg(host, probe.name, probeStateName(outcome.state), outcome.reason,
                                               probeStateName(root.state));
                QVERIFY2(!outcome.permissionDenied(), qPrintable(label));
                QVERIFY2(!artifact->errorOutput.contains("password is required"), qPrintable(label));
                QCOMPARE(outcome.state, root.state);
                if (outcome.notPresent())
                    QCOMPARE(outcome.what, root.what);
                if (outcome.ok()) {
                    const auto parsed = ProbeParsers::parse(probe.name, artifact->output);
                    QVERIFY2(parsed, qPrintable(label + QStringLiteral(": ") + parsed.errorMessage()));
                }
            }
            // As root: done, or (delta, no docker) partial for the same reason.
            const HostOutcome& mine = scanned.outcome.hosts.at(AuditedHosts.indexOf(host));
            const HostOutcome& root = m_root.outcome.hosts.at(AuditedHosts.indexOf(host));
            QVERIFY2(
                mine.state == root.state && mine.message == root.message,
                qPrintable(host + QStringLiteral(": ") + mine.message + QStringLiteral(" / root: ") + root.message));
            QVERIFY2(mine.state == HostScanState::Done || host == QLatin1String("delta"), qPrintable(mine.message));
        }
        // What root reads in sudoers: operator's one rule, without a password, not ALL.
        for (const QString& host : AuditedHosts) {
            const auto sudoers = HostFactsParser::sudoers(rootArtifact(host, QStringLiteral("host.sudoers")).output);
            QVERIFY2(sudoers, qPrintable(sudoers.errorMessage()));
            QVERIFY(sudoers->files.contains(QStringLiteral("/etc/sudoers.d/bulkhead")));
            int rules = 0;
            for (const SudoRule& rule : sudoers->rules) {
                if (rule.principal != QLatin1String("operator"))
                    continue;
                ++rules;
                QVERIFY(rule.noPassword);
                QVERIFY2(!rule.allCommands, qPrintable(rule.spec));
            }
            QCOMPARE(rules, 1);
        }
        // The same verdicts as root's, host by host and check by check.
        for (const QString& host : AuditedHosts) {
            QHash<QString, Status> rootStatus;
            for (const Finding& finding : m_root.hostFindings.value(host))
                rootStatus.insert(finding.checkId + QLatin1Char('|') + finding.subject.name, finding.status);
            const QVector<Finding> findings = scanned.hostFindings.value(host);
            QCOMPARE(findings.size(), m_root.hostFindings.value(host).size());
            for (const Finding& finding : findings) {
                const QString key = finding.checkId + QLatin1Char('|') + finding.subject.name;
                QVERIFY2(rootStatus.value(key, Status::Error) == finding.status,
                         qPrintable(host + QLatin1Char(' ') + key + QStringLiteral(": ") + finding.message));
            }
        }
    }

    // Without --sudo, operator is refused the docker socket and root's files: those probes are
    // "permission denied", their findings errors, and nothing ever passes.
    void operatorWithoutSudoNeverPasses()
    {
        const QStringList hosts{QStringLiteral("alpha"), QStringLiteral("delta")};
        const Scanned scanned = scan(hosts, QStringLiteral("operator"), AccessMode::Direct);
        const QVector<Artifact> alpha = scanned.artifacts.value(QStringLiteral("alpha"));
        const QVector<Artifact> delta = scanned.artifacts.value(QStringLiteral("delta"));
        QCOMPARE(alpha.size(), ProbeCatalog::all().size());
        QCOMPARE(delta.size(), ProbeCatalog::all().size());
        for (const char* probe :
             {"docker.version", "docker.containers.inspect", "docker.images.inspect", "host.sudoers", "swarm.nodes"}) {
            const ProbeOutcome outcome = ProbeOutcome::of(*artifactOf(alpha, QLatin1String(probe)));
            QVERIFY2(outcome.permissionDenied(),
                     qPrintable(QLatin1String(probe) + QStringLiteral(": ") + outcome.reason));
        }
        // delta: the manifests, kubeconfigs and keys are root's (0600).
        for (const char* probe : {"kubernetes.manifests", "kubernetes.kubelet.config", "host.sudoers"}) {
            const ProbeOutcome outcome = ProbeOutcome::of(*artifactOf(delta, QLatin1String(probe)));
            QVERIFY2(outcome.permissionDenied(),
                     qPrintable(QLatin1String(probe) + QStringLiteral(": ") + outcome.reason));
        }
        for (const Artifact& artifact : alpha + delta) {
            const ProbeOutcome outcome = ProbeOutcome::of(artifact);
            QVERIFY2(outcome.ok() || outcome.notPresent() || outcome.permissionDenied(),
                     qPrintable(artifact.probe + QStringLiteral(": ") + outcome.reason));
        }
        QVERIFY(!scanned.findings.isEmpty());
        int errors = 0;
        for (const Finding& finding : scanned.findings) {
            if (finding.checkId.startsWith(QLatin1String("container.")))
                QVERIFY2(finding.status != Status::Pass,
                         qPrintable(finding.checkId + QLatin1Char(' ') + finding.message));
            errors += finding.status == Status::Error ? 1 : 0;
        }
        QVERIFY(errors > 0);
        // Verdicts rest only on what operator could read (dockerd's command line, file modes).
        const QString broken = test::verdictWithoutEvidence(scanned.findings, alpha + delta);
        QVERIFY2(broken.isEmpty(), qPrintable(broken));
        QCOMPARE(scanned.outcome.hosts.at(0).state, HostScanState::Partial);
        QVERIFY2(scanned.outcome.hosts.at(0).message.contains(QLatin1String("permission denied")),
                 qPrintable(scanned.outcome.hosts.at(0).message));
    }

    void journaldDiffersAsSeeded()
    {
        QSet<QString> storages;
        for (const QString& host : AuditedHosts) {
            const Artifact& artifact = rootArtifact(host, QStringLiteral("logging.journald"));
            QVERIFY2(ProbeOutcome::of(artifact).ok(), qPrintable(host));
            const auto config = LoggingFactsParser::journald(artifact.output);
            QVERIFY2(config, qPrintable(config.errorMessage()));
            const QJsonObject want = facts(host, QStringLiteral("journald")).toObject();
            QCOMPARE(config->storage(), want.value(QStringLiteral("storage")).toString());
            QCOMPARE(config->forwardsToSyslog(), want.value(QStringLiteral("forward_to_syslog")).toBool());
            QCOMPARE(config->persistentDirectory, want.value(QStringLiteral("persistent_directory")).toBool());
            storages.insert(config->storage() + (config->persistent() ? QStringLiteral("+p") : QString()));
        }
        QVERIFY2(storages.size() >= 3,
                 qPrintable(QStringList(storages.begin(), storages.end()).join(QLatin1Char(' '))));
    }

    void syslogDiffersAsSeeded()
    {
        for (const QString& host : AuditedHosts) {
            for (const auto& [probe, key] :
                 {std::pair{QStringLiteral("logging.rsyslog"), QStringLiteral("rsyslog")},
                  std::pair{QStringLiteral("logging.syslog-ng"), QStringLiteral("syslog_ng")}}) {
                const Artifact& artifact = rootArtifact(host, probe);
                const ProbeOutcome outcome = ProbeOutcome::of(artifact);
                const QString label = host + QLatin1Char(' ') + probe + QStringLiteral(": ") + outcome.reason;
                const QJsonValue want = facts(host, key);
                if (want.isNull()) {
                    QVERIFY2(outcome.notPresent(), qPrintable(label));
                    QCOMPARE(outcome.what, probe.section(QLatin1Char('.'), 1));
                    continue;
                }
                QVERIFY2(outcome.ok(), qPrintable(label));
                const auto config = probe == QLatin1String("logging.rsyslog")
                                        ? LoggingFactsParser::rsyslog(artifact.output)
                                        : LoggingFactsParser::syslogNg(artifact.output);
                QVERIFY2(config, qPrintable(config.errorMessage()));
                QStringList forwards;
                for (const LogForward& forward : config->forwards)
                    forwards << forward.protocol + QLatin1Char(' ') + forward.target;
                QCOMPARE(sorted(forwards), sorted(strings(want.toObject().value(QStringLiteral("forwards")))));
            }
        }
    }

    void logrotateDiffersAsSeeded()
    {
        for (const QString& host : AuditedHosts) {
            const Artifact& artifact = rootArtifact(host, QStringLiteral("logging.logrotate"));
            QVERIFY2(ProbeOutcome::of(artifact).ok(), qPrintable(host));
            const auto config = LoggingFactsParser::logrotate(artifact.output);
            QVERIFY2(config, qPrintable(config.errorMessage()));
            const QJsonObject want = facts(host, QStringLiteral("logrotate")).toObject();
            QCOMPARE(!config->dockerStanzas().isEmpty(), want.value(QStringLiteral("docker")).toBool());
            QCOMPARE(config->files.contains(QStringLiteral("/etc/logrotate.conf")),
                     want.value(QStringLiteral("main_config")).toBool());
            if (want.value(QStringLiteral("docker")).toBool()) {
                const LogrotateStanza stanza = config->dockerStanzas().front();
                QVERIFY(stanza.paths.contains(QStringLiteral("/var/lib/docker/containers/*/*.log")));
                QVERIFY(stanza.directives.contains(QStringLiteral("maxsize 100M")));
            }
        }
    }

    void auditRulesOnBravoOnly()
    {
        for (const QString& host : AuditedHosts) {
            const QJsonValue want = facts(host, QStringLiteral("audit"));
            for (const char* probe : {"audit.rules.loaded", "audit.rules.files", "audit.auditd.state"}) {
                const ProbeOutcome outcome = rootOutcome(host, QLatin1String(probe));
                const QString label =
                    host + QLatin1Char(' ') + QLatin1String(probe) + QStringLiteral(": ") + outcome.reason;
                if (want.isNull()) {
                    QVERIFY2(outcome.notPresent(), qPrintable(label));
                    QCOMPARE(outcome.what, QStringLiteral("auditd"));
                } else {
                    QVERIFY2(outcome.ok(), qPrintable(label));
                }
            }
            if (want.isNull())
                continue;
            const QJsonObject audit = want.toObject();
            const auto loaded =
                LoggingFactsParser::loadedAuditRules(rootArtifact(host, QStringLiteral("audit.rules.loaded")).output);
            QVERIFY2(loaded, qPrintable(loaded.errorMessage()));
            QSet<QString> loadedPaths;
            for (const AuditRule& rule : loaded->rules) {
                QCOMPARE(rule.kind, QStringLiteral("watch"));
                QCOMPARE(rule.key, QStringLiteral("docker"));
                loadedPaths.insert(rule.path);
            }
            QCOMPARE(loadedPaths.size(), audit.value(QStringLiteral("loaded_watches")).toInt());
            const auto files =
                LoggingFactsParser::auditRuleFiles(rootArtifact(host, QStringLiteral("audit.rules.files")).output);
            QVERIFY2(files, qPrintable(files.errorMessage()));
            QSet<QString> filePaths;
            for (const AuditRule& rule : files->rules) {
                if (rule.kind == QLatin1String("watch"))
                    filePaths.insert(rule.path);
            }
            QCOMPARE(filePaths.size(), audit.value(QStringLiteral("files_watches")).toInt());
            QVERIFY(files->files.contains(QStringLiteral("/etc/audit/rules.d/docker.rules")));
            // Configured but not loaded: what a check comparing the two must see.
            for (const QString& path : strings(audit.value(QStringLiteral("not_loaded")))) {
                QVERIFY2(filePaths.contains(path) && !loadedPaths.contains(path), qPrintable(path));
                QVERIFY(!files->forPath(path).isEmpty());
                QVERIFY(loaded->forPath(path).isEmpty());
            }
            QVERIFY(!loaded->forPath(QStringLiteral("/etc/docker/daemon.json")).isEmpty());
            const auto state =
                LoggingFactsParser::auditdState(rootArtifact(host, QStringLiteral("audit.auditd.state")).output);
            QVERIFY2(state, qPrintable(state.errorMessage()));
            QVERIFY(state->installed);
            QCOMPARE(state->running(), audit.value(QStringLiteral("auditd_running")).toBool());
        }
    }

    void swarmManagerOnCharlieOnly()
    {
        for (const QString& host : AuditedHosts) {
            const QJsonValue want = facts(host, QStringLiteral("swarm"));
            const bool docker = m_hosts.value(host).value(QStringLiteral("docker")).toBool();
            for (const char* probe : {"swarm.nodes", "swarm.services"}) {
                const ProbeOutcome outcome = rootOutcome(host, QLatin1String(probe));
                const QString label =
                    host + QLatin1Char(' ') + QLatin1String(probe) + QStringLiteral(": ") + outcome.reason;
                if (want.isNull()) {
                    QVERIFY2(outcome.notPresent(), qPrintable(label));
                    QCOMPARE(outcome.what, docker ? QStringLiteral("swarm") : QStringLiteral("docker"));
                } else {
                    QVERIFY2(outcome.ok(), qPrintable(label));
                }
            }
            if (want.isNull())
                continue;
            const QJsonObject swarm = want.toObject();
            const auto nodes = EngineFactsParser::swarmNodes(rootArtifact(host, QStringLiteral("swarm.nodes")).output);
            QVERIFY2(nodes, qPrintable(nodes.errorMessage()));
            QCOMPARE(nodes->size(), swarm.value(QStringLiteral("nodes")).toInt());
            QCOMPARE(nodes->front().hostname, host);
            QVERIFY(nodes->front().self);
            QVERIFY(nodes->front().manager());
            QCOMPARE(nodes->front().managerStatus, QStringLiteral("Leader"));
            const auto services =
                EngineFactsParser::swarmServices(rootArtifact(host, QStringLiteral("swarm.services")).output);
            QVERIFY2(services, qPrintable(services.errorMessage()));
            QStringList names;
            for (const SwarmService& service : services.value()) {
                names << service.name;
                QCOMPARE(service.mode, QStringLiteral("replicated"));
                QCOMPARE(service.networks.size(), 1);
                QCOMPARE(service.ports.size(), 1);
                if (service.name == QLatin1String("bh-web")) {
                    QCOMPARE(service.ports.front().publishMode, QStringLiteral("ingress"));
                    QCOMPARE(service.ports.front().publishedPort, 8080);
                    QCOMPARE(service.secrets, 0);
                } else {
                    QCOMPARE(service.ports.front().publishMode, QStringLiteral("host"));
                    QCOMPARE(service.secrets, 1);
                }
            }
            QCOMPARE(sorted(names), strings(swarm.value(QStringLiteral("services"))));
            // The overlay networks, one of them encrypted.
            const auto networks =
                EngineFactsParser::networks(rootArtifact(host, QStringLiteral("docker.networks.inspect")).output);
            QVERIFY2(networks, qPrintable(networks.errorMessage()));
            QStringList overlays;
            for (const NetworkFacts& network : networks.value()) {
                if (network.driver == QLatin1String("overlay") && !network.ingress) {
                    overlays << network.name;
                    QCOMPARE(network.scope, QStringLiteral("swarm"));
                    QCOMPARE(network.encrypted(), network.name == QLatin1String("bh-secure"));
                }
            }
            QCOMPARE(sorted(overlays), strings(swarm.value(QStringLiteral("networks"))));
            // docker info says the same.
            QVERIFY(rootArtifact(host, QStringLiteral("docker.info")).output.contains("\"LocalNodeState\":\"active\""));
        }
    }

    // The tip 3 verdicts where the fleet seeded them (fleet.json: facts.swarm.expect on charlie,
    // facts.kubernetes.expect on delta), each finding keyed "check|subject"; elsewhere not_applicable
    // (a docker host outside a swarm passes CIS 5.1). Every verdict cites evidence that was read.
    void orchestratorVerdictsAsSeeded()
    {
        int compared = 0;
        for (const QString& host : AuditedHosts) {
            const QVector<Finding> findings = m_root.hostFindings.value(host);
            const bool docker = m_hosts.value(host).value(QStringLiteral("docker")).toBool();
            for (const char* part : {"swarm", "kubernetes"}) {
                const QString prefix = QLatin1String(part) + QLatin1Char('.');
                const QJsonValue want = facts(host, QLatin1String(part));
                const QJsonObject expect = want.toObject().value(QStringLiteral("expect")).toObject();
                QVERIFY2(want.isNull() || !expect.isEmpty(), qPrintable(host + QStringLiteral(": no expect")));
                QSet<QString> seen;
                for (const Finding& finding : findings) {
                    if (!finding.checkId.startsWith(prefix))
                        continue;
                    const QString key = finding.checkId + QLatin1Char('|') + finding.subject.name;
                    const QString got = statusToString(finding.status);
                    const QString label = host + QLatin1Char(' ') + key + QStringLiteral(": ") + got +
                                          QStringLiteral(" (") + finding.message + QLatin1Char(')');
                    if (want.isNull()) {
                        const bool modePass = docker && finding.checkId == QLatin1String("swarm.mode-needed");
                        QVERIFY2(finding.status == (modePass ? Status::Pass : Status::NotApplicable),
                                 qPrintable(label));
                        continue;
                    }
                    QVERIFY2(finding.status != Status::Error, qPrintable(label));
                    if (!expect.contains(key))
                        continue;
                    QVERIFY2(!seen.contains(key), qPrintable(label + QStringLiteral(": twice")));
                    seen.insert(key);
                    QVERIFY2(got == expect.value(key).toString(),
                             qPrintable(label + QStringLiteral(", expected ") + expect.value(key).toString()));
                    ++compared;
                }
                for (auto it = expect.begin(); it != expect.end(); ++it)
                    QVERIFY2(seen.contains(it.key()), qPrintable(host + QStringLiteral(": no finding ") + it.key()));
            }
            const QString broken = test::verdictWithoutEvidence(findings, m_root.artifacts.value(host));
            QVERIFY2(broken.isEmpty(), qPrintable(host + QStringLiteral(": ") + broken));
        }
        QVERIFY(compared >= 38);
        qInfo("compared %d seeded orchestrator verdicts", compared);
    }

    void kubernetesOnDeltaOnly()
    {
        const QStringList probes{QStringLiteral("kubernetes.manifests"), QStringLiteral("kubernetes.kubelet.config"),
                                 QStringLiteral("kubernetes.processes"), QStringLiteral("kubernetes.files.stat")};
        for (const QString& host : AuditedHosts) {
            const QJsonValue want = facts(host, QStringLiteral("kubernetes"));
            for (const QString& probe : probes) {
                const ProbeOutcome outcome = rootOutcome(host, probe);
                const QString label = host + QLatin1Char(' ') + probe + QStringLiteral(": ") + outcome.reason;
                if (want.isNull()) {
                    QVERIFY2(outcome.notPresent(), qPrintable(label));
                    QCOMPARE(outcome.what, QStringLiteral("kubernetes"));
                } else {
                    QVERIFY2(outcome.ok(), qPrintable(label));
                }
            }
            if (want.isNull())
                continue;
            const QJsonObject k8s = want.toObject();
            const QString address = m_hosts.value(host).value(QStringLiteral("address")).toString();

            const auto pods =
                KubernetesFactsParser::manifests(rootArtifact(host, QStringLiteral("kubernetes.manifests")).output);
            QVERIFY2(pods, qPrintable(pods.errorMessage()));
            QStringList names;
            QHash<QString, KubeContainer> containers;
            for (const StaticPod& pod : pods.value()) {
                names << pod.name;
                QVERIFY(pod.hostNetwork);
                QCOMPARE(pod.containers.size(), 1);
                containers.insert(pod.name, pod.containers.front());
            }
            QCOMPARE(sorted(names), strings(k8s.value(QStringLiteral("manifests"))));
            const KubeContainer apiserver = containers.value(QStringLiteral("kube-apiserver"));
            QCOMPARE(apiserver.args.value(0), QStringLiteral("kube-apiserver"));
            QCOMPARE(apiserver.flag(QStringLiteral("anonymous-auth")), std::optional<QString>(QStringLiteral("false")));
            QCOMPARE(apiserver.flag(QStringLiteral("profiling")), std::optional<QString>(QStringLiteral("true")));
            QCOMPARE(apiserver.flag(QStringLiteral("authorization-mode")),
                     std::optional<QString>(QStringLiteral("Node,RBAC")));
            QVERIFY(!apiserver.flag(QStringLiteral("audit-log-path")));
            QCOMPARE(containers.value(QStringLiteral("kube-controller-manager")).flag(QStringLiteral("profiling")),
                     std::optional<QString>(QStringLiteral("false")));
            QVERIFY(!containers.value(QStringLiteral("kube-scheduler")).flag(QStringLiteral("profiling")));
            QCOMPARE(containers.value(QStringLiteral("etcd")).flag(QStringLiteral("client-cert-auth")),
                     std::optional<QString>(QStringLiteral("true")));

            const auto kubelet =
                KubernetesFactsParser::kubelet(rootArtifact(host, QStringLiteral("kubernetes.kubelet.config")).output);
            QVERIFY2(kubelet, qPrintable(kubelet.errorMessage()));
            QCOMPARE(kubelet->configFile, QStringLiteral("/var/lib/kubelet/config.yaml"));
            QCOMPARE(kubelet->settings.value(QStringLiteral("authentication.anonymous.enabled")),
                     QStringLiteral("false"));
            QCOMPARE(kubelet->settings.value(QStringLiteral("authorization.mode")), QStringLiteral("Webhook"));
            QCOMPARE(kubelet->settings.value(QStringLiteral("readOnlyPort")), QStringLiteral("10255"));
            QCOMPARE(kubelet->kubeconfigFile, QStringLiteral("/etc/kubernetes/kubelet.conf"));
            QCOMPARE(kubelet->kubeconfigServer, QStringLiteral("https://%1:6443").arg(address));
            QCOMPARE(kubelet->environment.value(QStringLiteral("KUBELET_EXTRA_ARGS")),
                     QStringLiteral("--node-ip=%1").arg(address));
            QVERIFY(kubelet->environment.contains(QStringLiteral("KUBELET_CONFIG_ARGS")));
            QVERIFY(kubelet->unreadable.isEmpty());

            const auto processes =
                KubernetesFactsParser::processes(rootArtifact(host, QStringLiteral("kubernetes.processes")).output);
            QVERIFY2(processes, qPrintable(processes.errorMessage()));
            QStringList components;
            for (const KubeProcess& process : processes.value()) {
                components << process.component;
                QCOMPARE(process.process.uid, 0);
                if (process.component == QLatin1String("kube-apiserver")) {
                    QCOMPARE(process.process.value(QStringLiteral("anonymous-auth")),
                             std::optional<QString>(QStringLiteral("false")));
                    QCOMPARE(process.process.value(QStringLiteral("advertise-address")),
                             std::optional<QString>(address));
                    QVERIFY(!process.process.value(QStringLiteral("audit-log-path")));
                    // The running command line is the manifest's.
                    QCOMPARE(process.process.args, apiserver.args);
                }
                if (process.component == QLatin1String("kubelet"))
                    QCOMPARE(process.process.value(QStringLiteral("config")),
                             std::optional<QString>(QStringLiteral("/var/lib/kubelet/config.yaml")));
            }
            QCOMPARE(sorted(components), strings(k8s.value(QStringLiteral("components"))));

            const auto stats =
                FileStatParser::parse(rootArtifact(host, QStringLiteral("kubernetes.files.stat")).output);
            QVERIFY2(stats, qPrintable(stats.errorMessage()));
            QHash<QString, FileStat> byPath;
            for (const FileStat& stat : stats.value())
                byPath.insert(stat.path, stat);
            const QJsonObject modes = k8s.value(QStringLiteral("modes")).toObject();
            for (auto it = modes.begin(); it != modes.end(); ++it) {
                QVERIFY2(byPath.contains(it.key()), qPrintable(it.key()));
                QVERIFY2(byPath.value(it.key()).exists(), qPrintable(it.key()));
                QCOMPARE(byPath.value(it.key()).octal(), it.value().toString());
            }
            const QJsonObject owners = k8s.value(QStringLiteral("owners")).toObject();
            for (auto it = owners.begin(); it != owners.end(); ++it) {
                QVERIFY2(byPath.contains(it.key()), qPrintable(it.key()));
                QCOMPARE(byPath.value(it.key()).user, it.value().toString());
            }
            QVERIFY(FileStatParser::withRole(stats.value(), QStringLiteral("manifest")).size() == 4);
            QVERIFY(FileStatParser::withRole(stats.value(), QStringLiteral("pki-key")).size() >= 10);
        }
        // The kubeconfigs' client keys never reach the evidence.
        for (const QString& secret :
             strings(m_fleet.value(QStringLiteral("kubernetes")).toObject().value(QStringLiteral("secret_values")))) {
            QVERIFY(secret.size() >= 32);
            for (const QString& host : AuditedHosts) {
                for (const Artifact& artifact : m_root.artifacts.value(host)) {
                    QVERIFY2(!artifact.output.contains(secret.toUtf8()),
                             qPrintable(host + QLatin1Char(' ') + artifact.probe));
                    QVERIFY2(!artifact.errorOutput.contains(secret.toUtf8()),
                             qPrintable(host + QLatin1Char(' ') + artifact.probe));
                }
            }
        }
    }

    // `fleet up --aliases N` (the 20-host benchmark): an alias is its host at another address, with
    // the same host key in known_hosts; a scan through it sees that host's containers.
    void aliasesAreTheirHosts()
    {
        const QJsonArray aliases = m_fleet.value(QStringLiteral("aliases")).toArray();
        if (aliases.isEmpty())
            QSKIP("the fleet was brought up without --aliases");
        QVector<HostSpec> specs;
        QStringList names;
        for (const QJsonValue& value : aliases) {
            const QString host = value.toObject().value(QStringLiteral("host")).toString();
            if (names.contains(host))
                continue; // one alias of each host
            names << host;
            specs.append(HostSpec{QStringLiteral("root"), value.toObject().value(QStringLiteral("address")).toString(),
                                  value.toObject().value(QStringLiteral("port")).toInt()});
        }
        ScanRequest request;
        request.workspacePath = m_dir.filePath(QStringLiteral("aliases.bulkhead"));
        request.hosts = specs;
        request.identityFile = m_fleet.value(QStringLiteral("identity")).toString();
        request.knownHostsFile = m_fleet.value(QStringLiteral("known_hosts")).toString();
        request.limits.timeoutMs = 120000;
        auto outcome = FleetScanner::run(request);
        QVERIFY2(outcome, qPrintable(outcome.errorMessage()));
        QCOMPARE(outcome->hosts.size(), names.size());
        auto workspace = Workspace::open(request.workspacePath, Workspace::OpenMode::ExistingOnly);
        QVERIFY(workspace);
        auto records = workspace.value()->hosts();
        QVERIFY(records);
        for (int i = 0; i < names.size(); ++i) {
            QVERIFY2(outcome->hosts.at(i).state == HostScanState::Done, qPrintable(outcome->hosts.at(i).message));
            QStringList want;
            for (const QJsonValue& container : m_hosts.value(names.at(i)).value(QStringLiteral("containers")).toArray())
                want << container.toObject().value(QStringLiteral("name")).toString();
            for (const HostRecord& record : records.value()) {
                if (!(record.spec == specs.at(i)))
                    continue;
                auto artifacts = workspace.value()->artifacts(outcome->scanId, record.id);
                QVERIFY(artifacts);
                const Artifact* inspect = artifactOf(artifacts.value(), QStringLiteral("docker.containers.inspect"));
                QVERIFY(inspect);
                const QJsonArray containers = QJsonDocument::fromJson(inspect->output).array();
                QStringList got;
                for (const QJsonValue& container : containers)
                    got << container.toObject().value(QStringLiteral("Name")).toString().mid(1);
                QCOMPARE(sorted(got), sorted(want));
            }
        }
    }
};

QTEST_GUILESS_MAIN(TestCollectionFleet)
#include "tst_collection_fleet.moc"
