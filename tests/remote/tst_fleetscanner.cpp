// SPDX-License-Identifier: GPL-3.0-or-later
// FleetScanner against the real test fleet (tests/fleet): sshd + dockerd per host, seeded containers
// whose expected verdicts fleet.json lists. Fails, never skips, when the fleet is not up.
#include "probes/Probe.h"
#include "scan/FleetScanner.h"
#include "store/Workspace.h"

#include <QCryptographicHash>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QProcessEnvironment>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace bulkhead;

namespace {

QByteArray readFile(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

QString sha256Hex(const QByteArray& bytes)
{
    return QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex());
}

struct FleetHost
{
    QString name;
    QString address;
    int port = 0;
    bool docker = false;
    QString fingerprint;
    QString dir;
    QString dockerSocket;
    QJsonArray containers;
};

} // namespace

class TestFleetScanner : public QObject
{
    Q_OBJECT

private:
    QString m_fleetDir;
    QJsonObject m_fleet;
    QHash<QString, FleetHost> m_hosts;
    QTemporaryDir m_tmp;
    int m_workspaceCounter = 0;

    HostSpec spec(const QString& host, const QString& user = QStringLiteral("root")) const
    {
        const FleetHost& h = m_hosts.value(host);
        return HostSpec{user, h.address, h.port};
    }

    ScanRequest request(const QVector<HostSpec>& hosts) const
    {
        ScanRequest request;
        request.workspacePath = m_tmp.filePath(QStringLiteral("ws%1.bulkhead").arg(m_workspaceCounter));
        request.hosts = hosts;
        request.identityFile = m_fleet.value(QLatin1String("identity")).toString();
        request.knownHostsFile = m_fleet.value(QLatin1String("known_hosts")).toString();
        request.connectTimeoutMs = 5000;
        return request;
    }

    ScanRequest newRequest(const QVector<HostSpec>& hosts)
    {
        ++m_workspaceCounter;
        return request(hosts);
    }

    static std::unique_ptr<Workspace> openWorkspace(const QString& path)
    {
        auto opened = Workspace::open(path, Workspace::OpenMode::ExistingOnly);
        if (!opened) {
            qWarning("%s", qPrintable(opened.errorMessage()));
            return nullptr;
        }
        return std::move(opened).value();
    }

    static QString describe(const ScanOutcome& outcome)
    {
        QStringList lines;
        for (const auto& host : outcome.hosts) {
            lines << QStringLiteral("%1: %2 (%3) artifacts=%4 findings=%5")
                         .arg(host.host.address, hostScanStateToString(host.state), host.message)
                         .arg(host.artifacts)
                         .arg(host.findings);
        }
        return lines.join(QLatin1Char('\n'));
    }

    // Runs a probe's exact command locally against a fleet host's dockerd, for byte comparisons.
    QByteArray runLocally(const QString& command, const FleetHost& host) const
    {
        QProcess process;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("DOCKER_HOST"), QStringLiteral("unix://") + host.dockerSocket);
        env.insert(QStringLiteral("DOCKER_CONFIG"), m_fleetDir + QLatin1String("/.docker-client"));
        process.setProcessEnvironment(env);
        process.start(QStringLiteral("/bin/sh"), {QStringLiteral("-c"), command});
        if (!process.waitForFinished(60000) || process.exitCode() != 0) {
            qWarning("local run failed: %s", process.readAllStandardError().constData());
            return {};
        }
        return process.readAllStandardOutput();
    }

    void verifyArtifactsHashed(Workspace& workspace, qint64 scanId)
    {
        auto hosts = workspace.hostScans(scanId);
        QVERIFY2(hosts.ok(), qPrintable(hosts.errorMessage()));
        for (const auto& host : hosts.value()) {
            auto artifacts = workspace.artifacts(scanId, host.hostId);
            QVERIFY2(artifacts.ok(), qPrintable(artifacts.errorMessage()));
            for (const auto& artifact : artifacts.value()) {
                QCOMPARE(artifact.sha256, sha256Hex(artifact.output));
            }
        }
    }

private slots:
    void initTestCase()
    {
        qunsetenv("SSH_AUTH_SOCK"); // only the fleet's identity is offered
        QVERIFY(m_tmp.isValid());
        m_fleetDir = qEnvironmentVariable("BULKHEAD_FLEET_DIR");
        QVERIFY2(!m_fleetDir.isEmpty(), "BULKHEAD_FLEET_DIR is not set: run through ctest (fixture `fleet`) or "
                                        "export it after `tests/fleet/fleet up --dir DIR`");
        const QString fleetJson = m_fleetDir + QLatin1String("/fleet.json");
        QVERIFY2(QFile::exists(fleetJson),
                 qPrintable(QStringLiteral("%1 is missing: the test fleet is not up").arg(fleetJson)));
        QJsonParseError error;
        const QJsonDocument document = QJsonDocument::fromJson(readFile(fleetJson), &error);
        QVERIFY2(document.isObject(), qPrintable(error.errorString()));
        m_fleet = document.object();
        for (const QJsonValue value : m_fleet.value(QLatin1String("hosts")).toArray()) {
            const QJsonObject o = value.toObject();
            FleetHost host;
            host.name = o.value(QLatin1String("name")).toString();
            host.address = o.value(QLatin1String("address")).toString();
            host.port = o.value(QLatin1String("port")).toInt();
            host.docker = o.value(QLatin1String("docker")).toBool();
            host.fingerprint = o.value(QLatin1String("host_key_fingerprint")).toString();
            host.dir = o.value(QLatin1String("dir")).toString();
            host.dockerSocket = o.value(QLatin1String("docker_socket")).toString();
            host.containers = o.value(QLatin1String("containers")).toArray();
            m_hosts.insert(host.name, host);
        }
        for (const char* name : {"alpha", "bravo", "charlie", "delta"}) {
            QVERIFY2(m_hosts.contains(QLatin1String(name)), name);
        }
        QVERIFY(!m_hosts.value(QStringLiteral("delta")).docker);
    }

    void alphaAsRootMatchesExpectations()
    {
        const ScanRequest req = newRequest({spec(QStringLiteral("alpha"))});
        // Keep a connection open so the scanner's WAL is still there to be searched afterwards.
        {
            auto created = Workspace::open(req.workspacePath);
            QVERIFY2(created.ok(), qPrintable(created.errorMessage()));
        }
        auto observer = openWorkspace(req.workspacePath);
        QVERIFY(observer);

        QStringList steps;
        double lastFraction = -1;
        bool monotonic = true;
        const auto progress = [&](int hostIndex, const HostSpec& host, const QString& step, double fraction) {
            QCOMPARE(hostIndex, 0);
            QCOMPARE(host.address, m_hosts.value(QStringLiteral("alpha")).address);
            steps << step;
            monotonic = monotonic && fraction >= lastFraction;
            lastFraction = fraction;
        };
        QElapsedTimer clock;
        clock.start();
        auto outcome = FleetScanner::run(req, progress);
        const qint64 elapsed = clock.elapsed();
        QVERIFY2(outcome.ok(), qPrintable(outcome.errorMessage()));
        qDebug("one host scan of alpha (connect, %d probes, store, evaluate): %lld ms",
               int(ProbeCatalog::dockerProbes().size()), elapsed);
        QVERIFY2(outcome->hosts.size() == 1 && outcome->hosts.first().state == HostScanState::Done,
                 qPrintable(describe(outcome.value())));
        QVERIFY(outcome->allScanned());
        QCOMPARE(outcome->hosts.first().artifacts, int(ProbeCatalog::dockerProbes().size()));

        QStringList expectedSteps{QStringLiteral("connecting")};
        for (const auto& probe : ProbeCatalog::dockerProbes()) {
            expectedSteps << probe.name;
        }
        expectedSteps << QStringLiteral("evaluating") << QStringLiteral("done");
        QCOMPARE(steps, expectedSteps);
        QVERIFY(monotonic);
        QCOMPARE(lastFraction, 1.0);

        Workspace& ws = *observer;
        auto scans = ws.scans();
        QVERIFY(scans.ok());
        QCOMPARE(scans->size(), 1);
        QCOMPARE(scans->first().state, ScanState::Complete);
        QCOMPARE(scans->first().tool, QStringLiteral("bulkhead %1").arg(QLatin1String(BULKHEAD_VERSION)));
        auto hostScans = ws.hostScans(outcome->scanId);
        QVERIFY(hostScans.ok());
        QCOMPARE(hostScans->size(), 1);
        QCOMPARE(hostScans->first().state, HostScanState::Done);
        QCOMPARE(hostScans->first().hostKeyFingerprint, m_hosts.value(QStringLiteral("alpha")).fingerprint);
        QVERIFY(hostScans->first().finishedUtc >= hostScans->first().startedUtc);

        // Every seeded container: exactly one finding per expected check, with the expected status.
        auto findings = ws.findings(outcome->scanId);
        QVERIFY2(findings.ok(), qPrintable(findings.errorMessage()));
        QHash<QString, QString> actual; // "container/check" -> status
        QSet<QString> containerNames;
        for (const auto& finding : findings.value()) {
            if (finding.subject.kind != SubjectKind::Container) {
                continue;
            }
            const QString key = finding.subject.name + QLatin1Char('/') + finding.checkId;
            QVERIFY2(!actual.contains(key), qPrintable(QStringLiteral("duplicate finding %1").arg(key)));
            actual.insert(key, statusToString(finding.status));
            containerNames.insert(finding.subject.name);
            QVERIFY2(!finding.evidence.isEmpty(), qPrintable(key));
            for (const auto& evidence : finding.evidence) {
                auto artifact = ws.artifact(evidence.artifactId);
                QVERIFY(artifact.ok());
                QCOMPARE(evidence.sha256, artifact->sha256);
            }
        }
        const QJsonArray containers = m_hosts.value(QStringLiteral("alpha")).containers;
        QStringList mismatches;
        QSet<QString> seeded;
        for (const QJsonValue value : containers) {
            const QJsonObject container = value.toObject();
            const QString name = container.value(QLatin1String("name")).toString();
            seeded.insert(name);
            const QJsonObject expect = container.value(QLatin1String("expect")).toObject();
            for (auto it = expect.begin(); it != expect.end(); ++it) {
                const QString key = name + QLatin1Char('/') + it.key();
                const QString got = actual.value(key, QStringLiteral("<missing>"));
                if (got != it.value().toString()) {
                    mismatches << QStringLiteral("%1: expected %2, got %3").arg(key, it.value().toString(), got);
                }
            }
        }
        QVERIFY2(mismatches.isEmpty(), qPrintable(mismatches.join(QLatin1Char('\n'))));
        QCOMPARE(containerNames, seeded); // no finding about a container the fleet did not seed

        // Stored hashes are hashes of the stored bytes.
        verifyArtifactsHashed(ws, outcome->scanId);

        // Secrets never rest: not in any artifact, not anywhere in the workspace files.
        const QJsonArray secrets = m_fleet.value(QLatin1String("secret_values")).toArray();
        QCOMPARE(secrets.size(), 3);
        auto hostId = hostScans->first().hostId;
        auto artifacts = ws.artifacts(outcome->scanId, hostId);
        QVERIFY(artifacts.ok());
        int redactions = 0;
        for (const auto& artifact : artifacts.value()) {
            redactions += artifact.redactions;
            for (const QJsonValue secret : secrets) {
                const QByteArray value = secret.toString().toUtf8();
                QVERIFY2(!artifact.output.contains(value), qPrintable(artifact.probe));
                QVERIFY2(!artifact.errorOutput.contains(value), qPrintable(artifact.probe));
            }
        }
        QVERIFY2(redactions >= 3, qPrintable(QString::number(redactions))); // the test can see a redaction
        const QByteArray fileBytes = readFile(req.workspacePath);
        const QByteArray walBytes = readFile(req.workspacePath + QLatin1String("-wal"));
        QVERIFY(!fileBytes.isEmpty());
        QVERIFY2(!walBytes.isEmpty() || fileBytes.contains("REDACTED"), "neither the WAL nor the file holds the scan");
        QVERIFY(fileBytes.contains("REDACTED") || walBytes.contains("REDACTED"));
        for (const QJsonValue secret : secrets) {
            const QByteArray value = secret.toString().toUtf8();
            QVERIFY2(!fileBytes.contains(value), "a secret value is in the workspace file");
            QVERIFY2(!walBytes.contains(value), "a secret value is in the workspace WAL");
            // Also no long piece of it (e.g. a JSON-escaped form with the rest intact).
            for (const QByteArray& piece : value.split('/')) {
                if (piece.size() >= 12) {
                    QVERIFY2(!fileBytes.contains(piece) && !walBytes.contains(piece), "part of a secret is stored");
                }
            }
        }
    }

    void deltaWithoutDockerIsNotApplicable()
    {
        auto outcome = FleetScanner::run(newRequest({spec(QStringLiteral("delta"))}));
        QVERIFY2(outcome.ok(), qPrintable(outcome.errorMessage()));
        const HostOutcome& host = outcome->hosts.first();
        QVERIFY2(host.state == HostScanState::Partial, qPrintable(describe(outcome.value())));
        QVERIFY2(host.message.contains(QLatin1String("docker is not installed")), qPrintable(host.message));
        QCOMPARE(host.artifacts, int(ProbeCatalog::dockerProbes().size()));
        QVERIFY(outcome->allScanned()); // scanned: the evidence says docker is absent

        auto ws = openWorkspace(request({}).workspacePath);
        QVERIFY(ws);
        auto findings = ws->findings(outcome->scanId);
        QVERIFY(findings.ok());
        QVERIFY(!findings->isEmpty());
        for (const auto& finding : findings.value()) {
            QVERIFY2(finding.status == Status::NotApplicable,
                     qPrintable(finding.checkId + QLatin1Char(' ') + statusToString(finding.status)));
        }
        auto scans = ws->scans();
        QVERIFY(scans.ok());
        QCOMPARE(scans->first().state, ScanState::Partial);
    }

    void outsiderGetsErrorsNeverPasses()
    {
        auto outcome = FleetScanner::run(newRequest({spec(QStringLiteral("alpha"), QStringLiteral("outsider"))}));
        QVERIFY2(outcome.ok(), qPrintable(outcome.errorMessage()));
        const HostOutcome& host = outcome->hosts.first();
        QVERIFY2(host.state == HostScanState::Partial, qPrintable(describe(outcome.value())));
        QVERIFY2(host.message.contains(QLatin1String("permission denied on /var/run/docker.sock")),
                 qPrintable(host.message));

        auto ws = openWorkspace(request({}).workspacePath);
        QVERIFY(ws);
        auto findings = ws->findings(outcome->scanId);
        QVERIFY(findings.ok());
        QVERIFY(!findings->isEmpty());
        int errors = 0;
        for (const auto& finding : findings.value()) {
            QVERIFY2(finding.status != Status::Pass && finding.status != Status::Fail,
                     qPrintable(finding.checkId + QLatin1Char(' ') + statusToString(finding.status)));
            if (finding.status == Status::Error) {
                ++errors;
                QVERIFY2(finding.message.contains(QLatin1String("permission denied"), Qt::CaseInsensitive),
                         qPrintable(finding.message));
            }
        }
        QVERIFY(errors > 0);
    }

    void changedHostKeyFailsOnlyThatHost()
    {
        ScanRequest req = newRequest({spec(QStringLiteral("alpha")), spec(QStringLiteral("bravo"))});
        req.knownHostsFile = m_fleet.value(QLatin1String("known_hosts_changed")).toString();
        req.acceptNew = true; // never overrides a changed key
        const QByteArray knownBefore = readFile(req.knownHostsFile);
        auto outcome = FleetScanner::run(req);
        QVERIFY2(outcome.ok(), qPrintable(outcome.errorMessage()));
        const HostOutcome& alpha = outcome->hosts.at(0);
        const HostOutcome& bravo = outcome->hosts.at(1);
        QVERIFY2(alpha.state == HostScanState::Failed, qPrintable(describe(outcome.value())));
        QVERIFY2(alpha.message.contains(QLatin1String("HOST KEY CHANGED")), qPrintable(alpha.message));
        const QString changedPub = m_fleetDir + QLatin1String("/keys/changed_alpha_host_key.pub");
        QProcess keygen;
        keygen.start(QStringLiteral("ssh-keygen"), {QStringLiteral("-lf"), changedPub});
        QVERIFY(keygen.waitForFinished(10000));
        const QString expectedFingerprint =
            QString::fromUtf8(keygen.readAllStandardOutput()).split(QLatin1Char(' ')).value(1);
        QVERIFY(expectedFingerprint.startsWith(QLatin1String("SHA256:")));
        QVERIFY2(alpha.message.contains(QStringLiteral("expected %1").arg(expectedFingerprint)),
                 qPrintable(alpha.message));
        QVERIFY2(
            alpha.message.contains(QStringLiteral("got %1").arg(m_hosts.value(QStringLiteral("alpha")).fingerprint)),
            qPrintable(alpha.message));
        QCOMPARE(alpha.artifacts, 0);
        QVERIFY2(bravo.state == HostScanState::Done, qPrintable(describe(outcome.value())));
        QVERIFY(!outcome->allScanned());
        QCOMPARE(readFile(req.knownHostsFile), knownBefore);

        auto ws = openWorkspace(req.workspacePath);
        QVERIFY(ws);
        auto hostScans = ws->hostScans(outcome->scanId);
        QVERIFY(hostScans.ok());
        QCOMPARE(hostScans->size(), 2);
        bool sawFailed = false;
        for (const auto& record : hostScans.value()) {
            if (record.state == HostScanState::Failed) {
                sawFailed = true;
                QCOMPARE(record.message, alpha.message);
            }
        }
        QVERIFY(sawFailed);
        QCOMPARE(ws->scans()->first().state, ScanState::Partial);
    }

    void unknownHostNeedsAcceptNew()
    {
        const QString knownHosts = m_tmp.filePath(QStringLiteral("empty_known_hosts"));
        {
            QFile file(knownHosts);
            QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        }
        ScanRequest req = newRequest({spec(QStringLiteral("charlie"))});
        req.knownHostsFile = knownHosts;
        auto refused = FleetScanner::run(req);
        QVERIFY2(refused.ok(), qPrintable(refused.errorMessage()));
        QCOMPARE(refused->hosts.first().state, HostScanState::Failed);
        QVERIFY2(refused->hosts.first().message.contains(QLatin1String("is not known")),
                 qPrintable(refused->hosts.first().message));
        QVERIFY2(refused->hosts.first().message.contains(m_hosts.value(QStringLiteral("charlie")).fingerprint),
                 qPrintable(refused->hosts.first().message));
        QCOMPARE(readFile(knownHosts), QByteArray());

        req.acceptNew = true;
        auto accepted = FleetScanner::run(req);
        QVERIFY2(accepted.ok(), qPrintable(accepted.errorMessage()));
        QVERIFY2(accepted->hosts.first().state == HostScanState::Done, qPrintable(describe(accepted.value())));
        QVERIFY(readFile(knownHosts)
                    .startsWith(QStringLiteral("[%1]:%2 ssh-ed25519 ")
                                    .arg(m_hosts.value(QStringLiteral("charlie")).address)
                                    .arg(2222)
                                    .toUtf8()));
        auto ws = openWorkspace(req.workspacePath);
        QVERIFY(ws);
        auto scans = ws->scans();
        QCOMPARE(scans->size(), 2);
        QCOMPARE(scans->at(0).state, ScanState::Failed);
        QCOMPARE(scans->at(1).state, ScanState::Complete);
        auto hostScans = ws->hostScans(accepted->scanId);
        QCOMPARE(hostScans->first().hostKeyFingerprint, m_hosts.value(QStringLiteral("charlie")).fingerprint);
    }

    void unreachableFailsQuickly()
    {
        HostSpec nowhere{QStringLiteral("root"), m_fleet.value(QLatin1String("net")).toString() + QLatin1String(".99"),
                         2222};
        QElapsedTimer clock;
        clock.start();
        auto outcome = FleetScanner::run(newRequest({nowhere, spec(QStringLiteral("charlie"))}));
        QVERIFY2(outcome.ok(), qPrintable(outcome.errorMessage()));
        const HostOutcome& host = outcome->hosts.first();
        QCOMPARE(host.state, HostScanState::Failed);
        QCOMPARE(host.message, QStringLiteral("cannot connect to %1:2222: Connection refused").arg(nowhere.address));
        QVERIFY2(outcome->hosts.at(1).state == HostScanState::Done, qPrintable(describe(outcome.value())));
        QVERIFY2(clock.elapsed() < 30000, qPrintable(QString::number(clock.elapsed())));
    }

    void wrongIdentityFails()
    {
        ScanRequest req = newRequest({spec(QStringLiteral("bravo"))});
        req.identityFile = m_fleet.value(QLatin1String("wrong_identity")).toString();
        auto outcome = FleetScanner::run(req);
        QVERIFY2(outcome.ok(), qPrintable(outcome.errorMessage()));
        const HostOutcome& host = outcome->hosts.first();
        QCOMPARE(host.state, HostScanState::Failed);
        QVERIFY2(host.message.startsWith(QStringLiteral("authentication failed for root@%1:2222")
                                             .arg(m_hosts.value(QStringLiteral("bravo")).address)),
                 qPrintable(host.message));
        QVERIFY2(host.message.contains(req.identityFile), qPrintable(host.message));
        QVERIFY(!outcome->allScanned());
        auto ws = openWorkspace(req.workspacePath);
        QVERIFY(ws);
        QCOMPARE(ws->scans()->first().state, ScanState::Failed);
    }

    void hostileLabelsStoredExactlyNeverRun()
    {
        const FleetHost bravo = m_hosts.value(QStringLiteral("bravo"));
        const ScanRequest req = newRequest({spec(QStringLiteral("bravo"))});
        auto outcome = FleetScanner::run(req);
        QVERIFY2(outcome.ok(), qPrintable(outcome.errorMessage()));
        QVERIFY2(outcome->hosts.first().state == HostScanState::Done, qPrintable(describe(outcome.value())));

        auto ws = openWorkspace(req.workspacePath);
        QVERIFY(ws);
        auto hostScans = ws->hostScans(outcome->scanId);
        QVERIFY(hostScans.ok());
        auto artifacts = ws->artifacts(outcome->scanId, hostScans->first().hostId);
        QVERIFY(artifacts.ok());
        const Artifact* inspect = nullptr;
        for (const auto& artifact : artifacts.value()) {
            if (artifact.probe == QLatin1String("docker.containers.inspect")) {
                inspect = &artifact;
            }
        }
        QVERIFY(inspect != nullptr);
        QCOMPARE(inspect->redactions, 0);
        // Byte for byte what docker printed: the same command run here against bravo's daemon.
        const QByteArray direct = runLocally(inspect->command, bravo);
        QVERIFY(!direct.isEmpty());
        QCOMPARE(inspect->output.size(), direct.size());
        QVERIFY(inspect->output == direct);
        QVERIFY(inspect->output.contains("$(touch /tmp/bulkhead-pwned); rm -rf / ; `id`"));
        QVERIFY(inspect->output.contains("\"html\": \"<script>alert(1)</script><b>bold</b>\""));
        QVERIFY(inspect->output.contains("\"ansi\": \"\\u001b[31mRED\\u001b[0m\\u001b]0;title\\u0007\""));
        QVERIFY(inspect->output.contains("\"newline\": \"first line\\nsecond line\\r\\nthird\""));
        // Docker itself turned the invalid UTF-8 into U+FFFD before sending; we keep what it sent.
        QVERIFY(inspect->output.contains("\"nonutf8\": \"caf\xef\xbf\xbd \xef\xbf\xbd\xef\xbf\xbd"
                                         " end\""));

        // Nothing was executed, on this machine or in bravo's own filesystem view.
        QVERIFY(!QFile::exists(QStringLiteral("/tmp/bulkhead-pwned")));
        QVERIFY(!QFile::exists(bravo.dir + QLatin1String("/tmp/bulkhead-pwned")));
    }

    void cancelKeepsWhatWasStored()
    {
        std::atomic<bool> cancel{false};
        const ScanRequest req = newRequest({spec(QStringLiteral("alpha")), spec(QStringLiteral("bravo"))});
        QStringList steps;
        const auto progress = [&](int hostIndex, const HostSpec&, const QString& step, double) {
            steps << QStringLiteral("%1:%2").arg(hostIndex).arg(step);
            if (hostIndex == 0 && step == QLatin1String("docker.info")) {
                cancel = true; // while docker.info runs: it is cut short, docker.version stays stored
            }
        };
        auto outcome = FleetScanner::run(req, progress, &cancel);
        QVERIFY2(outcome.ok(), qPrintable(outcome.errorMessage()));
        QVERIFY(outcome->cancelled);
        QVERIFY(!outcome->allScanned());
        QCOMPARE(outcome->hosts.at(0).state, HostScanState::Cancelled);
        QCOMPARE(outcome->hosts.at(0).artifacts, 1);
        QCOMPARE(outcome->hosts.at(1).state, HostScanState::Cancelled);
        QCOMPARE(outcome->hosts.at(1).artifacts, 0);
        QVERIFY2(!steps.contains(QStringLiteral("1:connecting")), qPrintable(steps.join(QLatin1Char(' '))));

        auto ws = openWorkspace(req.workspacePath);
        QVERIFY(ws);
        auto scans = ws->scans();
        QCOMPARE(scans->first().state, ScanState::Partial);
        auto hostScans = ws->hostScans(outcome->scanId);
        QVERIFY(hostScans.ok());
        QCOMPARE(hostScans->size(), 1);
        QCOMPARE(hostScans->first().state, HostScanState::Cancelled);
        auto artifacts = ws->artifacts(outcome->scanId, hostScans->first().hostId);
        QVERIFY(artifacts.ok());
        QCOMPARE(artifacts->size(), 1);
        QCOMPARE(artifacts->first().probe, QStringLiteral("docker.version"));
        auto findings = ws->findings(outcome->scanId);
        QVERIFY(findings.ok());
        QVERIFY(findings->isEmpty()); // an interrupted host is not evaluated
    }

    void wholeFleetInOneRun()
    {
        const ScanRequest req = newRequest({spec(QStringLiteral("alpha")), spec(QStringLiteral("bravo")),
                                            spec(QStringLiteral("charlie")), spec(QStringLiteral("delta"))});
        QElapsedTimer clock;
        clock.start();
        auto outcome = FleetScanner::run(req);
        QVERIFY2(outcome.ok(), qPrintable(outcome.errorMessage()));
        qDebug("whole fleet (4 hosts) in one run: %lld ms", clock.elapsed());
        QVERIFY2(outcome->allScanned(), qPrintable(describe(outcome.value())));
        auto ws = openWorkspace(req.workspacePath);
        QVERIFY(ws);
        verifyArtifactsHashed(*ws, outcome->scanId);
        auto integrity = ws->integrityCheck();
        QVERIFY(integrity.ok());
        QCOMPARE(integrity.value(), QStringLiteral("ok"));
    }

    void duplicateHostScannedOnce()
    {
        const ScanRequest req = newRequest({spec(QStringLiteral("charlie")), spec(QStringLiteral("charlie"))});
        auto outcome = FleetScanner::run(req);
        QVERIFY2(outcome.ok(), qPrintable(outcome.errorMessage()));
        QCOMPARE(outcome->hosts.size(), 2);
        QVERIFY2(outcome->allScanned(), qPrintable(describe(outcome.value())));
        QCOMPARE(outcome->hosts.at(1).message, QStringLiteral("same host as #1; scanned once"));
        auto ws = openWorkspace(req.workspacePath);
        QVERIFY(ws);
        auto index = ws->artifactIndex(outcome->scanId);
        QVERIFY(index.ok());
        QCOMPARE(index->size(), int(ProbeCatalog::dockerProbes().size()));
    }

    void timeOneHostScan()
    {
        // Measured, not asserted: the closing note reports it.
        const ScanRequest req = newRequest({spec(QStringLiteral("alpha"))});
        QVector<qint64> times;
        for (int i = 0; i < 7; ++i) {
            QElapsedTimer clock;
            clock.start();
            auto outcome = FleetScanner::run(req);
            times.append(clock.elapsed());
            QVERIFY2(outcome.ok() && outcome->allScanned(), qPrintable(outcome.errorMessage()));
        }
        std::sort(times.begin(), times.end());
        qDebug("scan of alpha (10 containers, 4 probes), 7 runs: min %lld ms, median %lld ms, max %lld ms",
               times.first(), times.at(times.size() / 2), times.last());

        // Where the time goes: the gap between one progress step and the next.
        QElapsedTimer clock;
        QStringList phases;
        QString previous;
        clock.start();
        auto outcome = FleetScanner::run(req, [&](int, const HostSpec&, const QString& step, double) {
            if (!previous.isEmpty()) {
                phases << QStringLiteral("%1 %2 ms").arg(previous).arg(clock.restart());
            } else {
                clock.restart(); // opening the workspace and beginning the scan come before the first step
            }
            previous = step;
        });
        QVERIFY(outcome.ok());
        qDebug("phases: %s", qPrintable(phases.join(QLatin1String(", "))));
    }

    void emptyRequestIsAnError()
    {
        auto outcome = FleetScanner::run(newRequest({}));
        QVERIFY(!outcome.ok());
        QVERIFY(!outcome.errorMessage().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestFleetScanner)
#include "tst_fleetscanner.moc"
