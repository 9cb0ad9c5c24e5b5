// SPDX-License-Identifier: GPL-3.0-or-later
// The whole probe catalog against the real test fleet (tests/fleet), through FleetScanner: every
// probe leaves an artifact; absent components are "not present", never errors; what the login user
// may not read is "permission denied" and never evaluates to a pass; --sudo with the printed
// allow-list reaches what root reaches. Fails, never skips, when the fleet is not up.
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
#include <QProcess>
#include <QSet>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace bulkhead;

namespace {

// Components a fleet host may lack; anything else reported absent is a bug in a probe.
const QSet<QString>& mayBeAbsent()
{
    static const QSet<QString> names{
        QStringLiteral("daemon.json"),
        QStringLiteral("systemd"),
        QStringLiteral("auditd"),
        QStringLiteral("rsyslog"),
        QStringLiteral("syslog-ng"),
        QStringLiteral("swarm"),
        QStringLiteral("kubernetes"),
        QStringLiteral("sudo"),
        QStringLiteral("swarm manager (this node is a worker)"),
        QStringLiteral("logrotate"),
        QStringLiteral("journald"),
    };
    return names;
}

} // namespace

class TestCollection : public QObject
{
    Q_OBJECT

private:
    QJsonObject m_fleet;
    QHash<QString, QJsonObject> m_hosts;
    QTemporaryDir m_dir;
    int m_workspaces = 0;

    HostSpec spec(const QString& name, const QString& user) const
    {
        const QJsonObject host = m_hosts.value(name);
        HostSpec spec;
        spec.user = user;
        spec.address = host.value(QStringLiteral("address")).toString();
        spec.port = host.value(QStringLiteral("port")).toInt();
        return spec;
    }

    struct Scanned
    {
        ScanOutcome outcome;
        QHash<QString, QVector<Artifact>> artifacts; // by host name
        QVector<Finding> findings;
    };

    // Scans the hosts and reads back what the workspace stored.
    Scanned scan(const QVector<std::pair<QString, HostSpec>>& hosts, AccessMode access)
    {
        ScanRequest request;
        request.workspacePath = m_dir.filePath(QStringLiteral("collection-%1.bulkhead").arg(++m_workspaces));
        for (const auto& host : hosts)
            request.hosts.append(host.second);
        request.identityFile = m_fleet.value(QStringLiteral("identity")).toString();
        request.knownHostsFile = m_fleet.value(QStringLiteral("known_hosts")).toString();
        request.access = access;
        request.limits.timeoutMs = 60000;
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
        if (!records)
            return scanned;
        for (const auto& host : hosts) {
            for (const HostRecord& record : records.value()) {
                if (record.spec == host.second) {
                    auto artifacts = workspace.value()->artifacts(outcome->scanId, record.id);
                    if (artifacts)
                        scanned.artifacts.insert(host.first, artifacts.value());
                }
            }
        }
        auto findings = workspace.value()->findings(outcome->scanId);
        if (findings)
            scanned.findings = findings.value();
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

    // Runs a command on a fleet host as root with the OpenSSH client (test setup only).
    bool asRoot(const QString& host, const QString& command, const QByteArray& input = {})
    {
        const HostSpec root = spec(host, QStringLiteral("root"));
        QProcess ssh;
        ssh.start(QStringLiteral("ssh"),
                  {QStringLiteral("-F"), QStringLiteral("/dev/null"), QStringLiteral("-i"),
                   m_fleet.value(QStringLiteral("identity")).toString(), QStringLiteral("-o"),
                   QStringLiteral("UserKnownHostsFile=") + m_fleet.value(QStringLiteral("known_hosts")).toString(),
                   QStringLiteral("-o"), QStringLiteral("StrictHostKeyChecking=yes"), QStringLiteral("-o"),
                   QStringLiteral("BatchMode=yes"), QStringLiteral("-p"), QString::number(root.port),
                   QStringLiteral("root@") + root.address, command});
        ssh.write(input);
        ssh.closeWriteChannel();
        return ssh.waitForFinished(60000) && ssh.exitCode() == 0;
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
        QVERIFY(m_hosts.contains(QStringLiteral("alpha")));
        QVERIFY(m_hosts.contains(QStringLiteral("delta")));
    }

    void everyProbeLeavesEvidence()
    {
        const Scanned scanned = scan({{QStringLiteral("alpha"), spec(QStringLiteral("alpha"), QStringLiteral("root"))},
                                      {QStringLiteral("delta"), spec(QStringLiteral("delta"), QStringLiteral("root"))}},
                                     AccessMode::Direct);
        QCOMPARE(scanned.outcome.hosts.size(), 2);
        for (const QString& host : {QStringLiteral("alpha"), QStringLiteral("delta")}) {
            const QVector<Artifact> artifacts = scanned.artifacts.value(host);
            QCOMPARE(artifacts.size(), ProbeCatalog::all().size());
            for (const Probe& probe : ProbeCatalog::all()) {
                const Artifact* artifact = artifactOf(artifacts, probe.name);
                QVERIFY2(artifact, qPrintable(host + QLatin1Char(' ') + probe.name));
                QCOMPARE(artifact->command, probe.command);
                const ProbeOutcome outcome = ProbeOutcome::of(*artifact);
                const QString label =
                    QStringLiteral("%1 %2: %3 %4").arg(host, probe.name, probeStateName(outcome.state), outcome.reason);
                if (outcome.notPresent()) {
                    // delta has no docker: every probe that needs it (engine, swarm) says so.
                    const bool dockerOnDelta =
                        host == QLatin1String("delta") &&
                        (outcome.what == QLatin1String("docker") || outcome.what == QLatin1String("dockerd"));
                    QVERIFY2(mayBeAbsent().contains(outcome.what) || dockerOnDelta, qPrintable(label));
                    QVERIFY2(artifact->output.isEmpty(), qPrintable(label));
                    continue;
                }
                // Root reads everything there is: no probe fails or is refused.
                QVERIFY2(outcome.ok(), qPrintable(label));
                const auto parsed = ProbeParsers::parse(probe.name, artifact->output);
                QVERIFY2(parsed, qPrintable(label + QStringLiteral(": ") + parsed.errorMessage()));
            }
        }
        // alpha has docker: its engine probes succeeded; delta has none: each says so.
        for (const char* probe : {"docker.version", "docker.containers.inspect", "docker.images.history",
                                  "docker.dockerd.cmdline", "docker.files.stat"}) {
            QVERIFY(
                ProbeOutcome::of(*artifactOf(scanned.artifacts.value(QStringLiteral("alpha")), QLatin1String(probe)))
                    .ok());
            const ProbeOutcome delta =
                ProbeOutcome::of(*artifactOf(scanned.artifacts.value(QStringLiteral("delta")), QLatin1String(probe)));
            QVERIFY2(delta.notPresent(), probe);
        }
        // Every check on delta (no docker) is not applicable, never an error; alpha is fully scanned.
        const QVector<Artifact> deltaArtifacts = scanned.artifacts.value(QStringLiteral("delta"));
        QVERIFY(!deltaArtifacts.isEmpty());
        const qint64 deltaId = deltaArtifacts.first().hostId;
        for (const Finding& finding : scanned.findings) {
            if (finding.hostId == deltaId && (finding.checkId.startsWith(QLatin1String("container.")) ||
                                              finding.checkId.startsWith(QLatin1String("daemon.")) ||
                                              finding.checkId.startsWith(QLatin1String("file."))))
                QVERIFY2(finding.status == Status::NotApplicable,
                         qPrintable(finding.checkId + QLatin1Char(' ') + finding.message));
        }
        QCOMPARE(scanned.outcome.hosts.at(0).state, HostScanState::Done);
    }

    void unprivilegedUserNeverPasses()
    {
        const Scanned scanned = scan(
            {{QStringLiteral("alpha"), spec(QStringLiteral("alpha"), QStringLiteral("outsider"))}}, AccessMode::Direct);
        const QVector<Artifact> artifacts = scanned.artifacts.value(QStringLiteral("alpha"));
        QCOMPARE(artifacts.size(), ProbeCatalog::all().size());
        const ProbeOutcome sudoers = ProbeOutcome::of(*artifactOf(artifacts, QStringLiteral("host.sudoers")));
        QVERIFY2(sudoers.permissionDenied(), qPrintable(sudoers.reason));
        const ProbeOutcome containers =
            ProbeOutcome::of(*artifactOf(artifacts, QStringLiteral("docker.containers.inspect")));
        QVERIFY2(containers.permissionDenied(), qPrintable(containers.reason));
        // What any user may read is still collected.
        QVERIFY(ProbeOutcome::of(*artifactOf(artifacts, QStringLiteral("host.passwd"))).ok());
        QVERIFY(!scanned.findings.isEmpty());
        // Without the docker socket no container is judged; what the user could read (dockerd's command
        // line, file modes) may give verdicts, but only from evidence that was read.
        for (const Finding& finding : scanned.findings) {
            if (finding.checkId.startsWith(QLatin1String("container.")))
                QVERIFY2(finding.status == Status::Error,
                         qPrintable(finding.checkId + QLatin1Char(' ') + finding.message));
        }
        const QString broken = test::verdictWithoutEvidence(scanned.findings, artifacts);
        QVERIFY2(broken.isEmpty(), qPrintable(broken));
        QCOMPARE(scanned.outcome.hosts.front().state, HostScanState::Partial);
        QVERIFY2(scanned.outcome.hosts.front().message.contains(QLatin1String("permission denied")),
                 qPrintable(scanned.outcome.hosts.front().message));
    }

    void sudoWithTheAllowListReachesWhatRootReaches()
    {
        if (QStandardPaths::findExecutable(QStringLiteral("sudo")).isEmpty())
            QFAIL("sudo is not installed on this machine (see /work/notes/packages-needed.txt)");
        const QString file = QStringLiteral("/etc/sudoers.d/bulkhead-collection-test");
        QVERIFY(asRoot(QStringLiteral("alpha"), QStringLiteral("cat > %1 && chmod 0440 %1 && visudo -c -q").arg(file),
                       ProbeCommands::sudoersAllowList(QStringLiteral("outsider")).toUtf8()));
        const Scanned allowed = scan(
            {{QStringLiteral("alpha"), spec(QStringLiteral("alpha"), QStringLiteral("outsider"))}}, AccessMode::Sudo);
        // auditor is not in the allow-list: sudo -n asks for a password, which is a refusal.
        const Scanned refused = scan(
            {{QStringLiteral("alpha"), spec(QStringLiteral("alpha"), QStringLiteral("auditor"))}}, AccessMode::Sudo);
        QVERIFY(asRoot(QStringLiteral("alpha"), QStringLiteral("rm -f %1").arg(file)));

        const QVector<Artifact> artifacts = allowed.artifacts.value(QStringLiteral("alpha"));
        QCOMPARE(artifacts.size(), ProbeCatalog::all().size());
        for (const Artifact& artifact : artifacts) {
            const Probe* probe = ProbeCatalog::find(artifact.probe);
            QVERIFY(probe);
            QCOMPARE(artifact.command, ProbeCommands::commandFor(*probe, AccessMode::Sudo));
            const ProbeOutcome outcome = ProbeOutcome::of(artifact);
            QVERIFY2(outcome.ok() || outcome.notPresent(),
                     qPrintable(artifact.probe + QStringLiteral(": ") + outcome.reason));
        }
        QVERIFY(ProbeOutcome::of(*artifactOf(artifacts, QStringLiteral("host.sudoers"))).ok());
        QVERIFY(ProbeOutcome::of(*artifactOf(artifacts, QStringLiteral("docker.containers.inspect"))).ok());

        const QVector<Artifact> denied = refused.artifacts.value(QStringLiteral("alpha"));
        QCOMPARE(denied.size(), ProbeCatalog::all().size());
        for (const Artifact& artifact : denied) {
            if (!ProbeCatalog::find(artifact.probe)->needsPrivilege())
                continue;
            const ProbeOutcome outcome = ProbeOutcome::of(artifact);
            QVERIFY2(outcome.permissionDenied(), qPrintable(artifact.probe + QStringLiteral(": ") + outcome.reason));
            QVERIFY(artifact.errorOutput.contains("a password is required"));
        }
        // sudo refused: no container is judged; what the login user can read may give verdicts, from that
        // evidence only.
        for (const Finding& finding : refused.findings) {
            if (finding.checkId.startsWith(QLatin1String("container.")) ||
                finding.checkId.startsWith(QLatin1String("image.")))
                QCOMPARE(finding.status, Status::Error);
        }
        const QString broken = test::verdictWithoutEvidence(refused.findings, denied);
        QVERIFY2(broken.isEmpty(), qPrintable(broken));
    }
};

QTEST_GUILESS_MAIN(TestCollection)
#include "tst_collection.moc"
