// SPDX-License-Identifier: GPL-3.0-or-later
// FleetScanner against the real test fleet (tests/fleet): sshd + dockerd per host, seeded containers
// whose expected verdicts fleet.json lists. Fails, never skips, when the fleet is not up.
#include "probes/Probe.h"
#include "scan/FleetScanner.h"
#include "store/Workspace.h"

#include "VerdictEvidence.h"

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

#include <algorithm>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

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

// A loopback port that completes TCP handshakes (the kernel's backlog) but never says a word: an SSH
// client waits there for a banner until its connect timeout, like a host that hangs.
struct SilentListener
{
    int fd = -1;
    int port = 0;

    SilentListener()
    {
        fd = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t length = sizeof address;
        if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 || ::listen(fd, 8) != 0 ||
            ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
            return;
        }
        port = ntohs(address.sin_port);
    }
    ~SilentListener()
    {
        if (fd >= 0) {
            ::close(fd);
        }
    }
    SilentListener(const SilentListener&) = delete;
    SilentListener& operator=(const SilentListener&) = delete;
};

// A TCP forwarder on 127.0.0.1 to one fleet sshd that can drop its connections on demand: the
// host's sshd seen as "the connection broke half-way through the scan". cut() returns once every
// forwarded connection is closed, and later connections are closed as soon as they arrive.
class CuttingProxy
{
public:
    CuttingProxy(const QString& targetAddress, int targetPort)
    {
        m_target.sin_family = AF_INET;
        m_target.sin_port = htons(static_cast<uint16_t>(targetPort));
        ::inet_pton(AF_INET, targetAddress.toLatin1().constData(), &m_target.sin_addr);
        m_listen = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t length = sizeof address;
        if (::bind(m_listen, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
            ::listen(m_listen, 8) != 0 ||
            ::getsockname(m_listen, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
            return;
        }
        m_port = ntohs(address.sin_port);
        m_thread = std::thread([this] { loop(); });
    }
    ~CuttingProxy()
    {
        m_stop = true;
        if (m_thread.joinable()) {
            m_thread.join();
        }
        closeAll();
        ::close(m_listen);
    }
    CuttingProxy(const CuttingProxy&) = delete;
    CuttingProxy& operator=(const CuttingProxy&) = delete;

    int port() const { return m_port; }
    int connections() const { return m_accepted.load(); }
    void cut()
    {
        m_cut = true;
        while (!m_cutDone.load()) {
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }
    }

private:
    static bool forward(int from, int to, short revents, std::vector<char>& buffer)
    {
        if ((revents & (POLLIN | POLLHUP | POLLERR)) == 0) {
            return true;
        }
        const ssize_t got = ::read(from, buffer.data(), buffer.size());
        return got > 0 && ::send(to, buffer.data(), static_cast<std::size_t>(got), MSG_NOSIGNAL) == got;
    }
    void closeAll()
    {
        for (const auto& [client, server] : m_pairs) {
            ::close(client);
            ::close(server);
        }
        m_pairs.clear();
    }
    void loop()
    {
        std::vector<char> buffer(64 * 1024);
        while (!m_stop.load()) {
            if (m_cut.load()) {
                closeAll();
                m_cutDone = true;
            }
            std::vector<pollfd> fds{{m_listen, POLLIN, 0}};
            for (const auto& [client, server] : m_pairs) {
                fds.push_back({client, POLLIN, 0});
                fds.push_back({server, POLLIN, 0});
            }
            if (::poll(fds.data(), fds.size(), 5) <= 0) {
                continue;
            }
            if (fds[0].revents & POLLIN) {
                const int client = ::accept(m_listen, nullptr, nullptr);
                if (client >= 0) {
                    ++m_accepted;
                    const int server = ::socket(AF_INET, SOCK_STREAM, 0);
                    if (m_cut.load() ||
                        ::connect(server, reinterpret_cast<const sockaddr*>(&m_target), sizeof m_target) != 0) {
                        ::close(client);
                        ::close(server);
                    } else {
                        m_pairs.emplace_back(client, server);
                    }
                }
            }
            std::vector<std::pair<int, int>> alive;
            for (std::size_t i = 0; i < m_pairs.size(); ++i) {
                const auto [client, server] = m_pairs[i];
                // A pair accepted in this round was not polled yet: its turn comes next round.
                const bool polled = 2 + 2 * i < fds.size();
                const short fromClient = polled ? fds[1 + 2 * i].revents : 0;
                const short fromServer = polled ? fds[2 + 2 * i].revents : 0;
                const bool open =
                    forward(client, server, fromClient, buffer) && forward(server, client, fromServer, buffer);
                if (open) {
                    alive.emplace_back(client, server);
                } else {
                    ::close(client);
                    ::close(server);
                }
            }
            m_pairs = alive;
        }
    }

    sockaddr_in m_target{};
    int m_listen = -1;
    int m_port = 0;
    std::vector<std::pair<int, int>> m_pairs; // client, server; only the proxy thread touches them
    std::atomic<bool> m_stop{false};
    std::atomic<bool> m_cut{false};
    std::atomic<bool> m_cutDone{false};
    std::atomic<int> m_accepted{0};
    std::thread m_thread;
};

// What a pool scan reported, host by host; the scanner promises one callback at a time.
struct ProgressLog
{
    struct Event
    {
        int host = 0;
        QString step;
        double fraction = 0;
    };
    std::mutex mutex; // only to read the log safely from the test thread afterwards
    QVector<Event> events;
    std::atomic<bool> inside{false};
    std::atomic<int> overlaps{0};
    int active = 0;
    int maxActive = 0;

    static bool isEnd(const QString& step)
    {
        return step == QLatin1String("done") || step == QLatin1String("partial") || step == QLatin1String("failed") ||
               step == QLatin1String("cancelled");
    }
    void record(int host, const QString& step, double fraction)
    {
        if (inside.exchange(true)) {
            ++overlaps;
        }
        std::this_thread::sleep_for(std::chrono::microseconds(200)); // widen the window a race would need
        {
            const std::lock_guard lock(mutex);
            if (step == QLatin1String("connecting")) {
                maxActive = std::max(maxActive, ++active);
            } else if (isEnd(step)) {
                --active;
            }
            events.append({host, step, fraction});
        }
        inside = false;
    }
    QVector<Event> of(int host)
    {
        const std::lock_guard lock(mutex);
        QVector<Event> mine;
        for (const Event& event : events) {
            if (event.host == host) {
                mine.append(event);
            }
        }
        return mine;
    }
    // Index in the whole log of a host's last event.
    int endPosition(int host)
    {
        const std::lock_guard lock(mutex);
        for (int i = static_cast<int>(events.size()) - 1; i >= 0; --i) {
            if (events.at(i).host == host) {
                return i;
            }
        }
        return -1;
    }
};

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
        qDebug("one host scan of alpha (connect, %d probes, store, evaluate): %lld ms", int(ProbeCatalog::all().size()),
               elapsed);
        QVERIFY2(outcome->hosts.size() == 1 && outcome->hosts.first().state == HostScanState::Done,
                 qPrintable(describe(outcome.value())));
        QVERIFY(outcome->allScanned());
        QCOMPARE(outcome->hosts.first().artifacts, int(ProbeCatalog::all().size()));

        // Probes run on parallel channels: they report in the order they finish.
        QStringList probeSteps;
        for (const auto& probe : ProbeCatalog::all()) {
            probeSteps << probe.name;
        }
        QCOMPARE(steps.size(), probeSteps.size() + 3);
        QCOMPARE(steps.front(), QStringLiteral("connecting"));
        QCOMPARE(steps.mid(steps.size() - 2), (QStringList{QStringLiteral("evaluating"), QStringLiteral("done")}));
        QStringList reported = steps.mid(1, probeSteps.size());
        reported.sort();
        probeSteps.sort();
        QCOMPARE(reported, probeSteps);
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
        // Each env secret's marker carries the fingerprint the workspace's salt gives its value, so the
        // same secret is recognisable in the next scan of this workspace.
        QVERIFY(!ws.secretSalt().isNull());
        for (const QJsonValue secret : secrets) {
            const QByteArray marker = ':' + ws.secretSalt().fingerprint(secret.toString()).toLatin1() + ']';
            const bool found = std::any_of(artifacts->cbegin(), artifacts->cend(), [&marker](const Artifact& artifact) {
                return artifact.output.contains(marker);
            });
            QVERIFY2(found, "a secret's marker lacks its workspace fingerprint");
        }
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
        QCOMPARE(host.artifacts, int(ProbeCatalog::all().size()));
        QVERIFY(outcome->allScanned()); // scanned: the evidence says docker is absent

        auto ws = openWorkspace(request({}).workspacePath);
        QVERIFY(ws);
        auto findings = ws->findings(outcome->scanId);
        QVERIFY(findings.ok());
        QVERIFY(!findings->isEmpty());
        for (const auto& finding : findings.value()) {
            // Everything about Docker is not applicable; the host's own checks (users, updates, logging,
            // auditd) apply, docker or not.
            static const QStringList dockerChecks{QStringLiteral("container."), QStringLiteral("image."),
                                                  QStringLiteral("daemon."), QStringLiteral("file."),
                                                  QStringLiteral("audit.watch-")};
            if (std::none_of(dockerChecks.cbegin(), dockerChecks.cend(),
                             [&](const QString& prefix) { return finding.checkId.startsWith(prefix); }))
                continue;
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
            if (!finding.checkId.startsWith(QLatin1String("container.")))
                continue; // the daemon and file checks may judge what any user can read: checked below
            QVERIFY2(finding.status == Status::Error,
                     qPrintable(finding.checkId + QLatin1Char(' ') + statusToString(finding.status)));
            ++errors;
            QVERIFY2(finding.message.contains(QLatin1String("permission denied"), Qt::CaseInsensitive),
                     qPrintable(finding.message));
        }
        QVERIFY(errors > 0);
        auto hostScans = ws->hostScans(outcome->scanId);
        QVERIFY(hostScans.ok() && !hostScans->isEmpty());
        auto artifacts = ws->artifacts(outcome->scanId, hostScans->first().hostId);
        QVERIFY(artifacts.ok());
        const QString broken = test::verdictWithoutEvidence(findings.value(), artifacts.value());
        QVERIFY2(broken.isEmpty(), qPrintable(broken));
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
        ScanRequest req = newRequest({spec(QStringLiteral("alpha")), spec(QStringLiteral("bravo"))});
        req.jobs = 1; // one host after the other: bravo must never start
        QStringList steps;
        const auto progress = [&](int hostIndex, const HostSpec&, const QString& step, double) {
            steps << QStringLiteral("%1:%2").arg(hostIndex).arg(step);
            if (hostIndex == 0 && step != QLatin1String("connecting")) {
                cancel = true; // when the first probe ends: it stays stored, the probes still running are cut
            }
        };
        auto outcome = FleetScanner::run(req, progress, &cancel);
        QVERIFY2(outcome.ok(), qPrintable(outcome.errorMessage()));
        QVERIFY(outcome->cancelled);
        QVERIFY(!outcome->allScanned());
        QCOMPARE(outcome->hosts.at(0).state, HostScanState::Cancelled);
        const int stored = outcome->hosts.at(0).artifacts;
        QVERIFY2(stored >= 1 && stored < int(ProbeCatalog::all().size()), qPrintable(QString::number(stored)));
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
        QCOMPARE(artifacts->size(), stored);
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
        QCOMPARE(index->size(), int(ProbeCatalog::all().size()));
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

    void poolScansHostsConcurrentlyInRequestOrder()
    {
        ScanRequest req =
            newRequest({spec(QStringLiteral("alpha")), spec(QStringLiteral("bravo")), spec(QStringLiteral("charlie")),
                        spec(QStringLiteral("delta")), spec(QStringLiteral("alpha"), QStringLiteral("auditor")),
                        spec(QStringLiteral("bravo"), QStringLiteral("outsider"))});
        req.jobs = 3;
        ProgressLog log;
        auto outcome =
            FleetScanner::run(req, [&](int hostIndex, const HostSpec& host, const QString& step, double fraction) {
                QCOMPARE(host, req.hosts.at(hostIndex));
                log.record(hostIndex, step, fraction);
            });
        QVERIFY2(outcome.ok(), qPrintable(outcome.errorMessage()));
        QCOMPARE(log.overlaps.load(), 0); // the callback was never entered twice at once
        qDebug("hosts in flight at once: at most %d (jobs %d)", log.maxActive, req.jobs);
        QVERIFY2(log.maxActive <= req.jobs, qPrintable(QString::number(log.maxActive)));
        QVERIFY2(log.maxActive >= 2, qPrintable(QString::number(log.maxActive)));

        // root: everything collected; delta has no docker; the outsider may not use it. The auditor
        // (docker group, no root) gets everything of docker and may miss root-only files.
        const QVector<QList<HostScanState>> expected{{HostScanState::Done},
                                                     {HostScanState::Done},
                                                     {HostScanState::Done},
                                                     {HostScanState::Partial},
                                                     {HostScanState::Done, HostScanState::Partial},
                                                     {HostScanState::Partial}};
        QCOMPARE(outcome->hosts.size(), req.hosts.size());
        for (int i = 0; i < req.hosts.size(); ++i) {
            const HostOutcome& host = outcome->hosts.at(i);
            QCOMPARE(host.host, req.hosts.at(i)); // request order, whatever order they finished in
            QVERIFY2(expected.at(i).contains(host.state), qPrintable(describe(outcome.value())));
            QVERIFY(host.artifacts > 0);
            QCOMPARE(host.artifacts, outcome->hosts.first().artifacts); // one per probe, whatever the answer
            QVERIFY(host.findings > 0);
            // Per host: connecting first, fractions never going back, the end state last at 1.
            const QVector<ProgressLog::Event> events = log.of(i);
            QVERIFY(events.size() >= 3);
            QCOMPARE(events.first().step, QStringLiteral("connecting"));
            QCOMPARE(events.first().fraction, 0.0);
            for (int e = 1; e < events.size(); ++e) {
                QVERIFY(events.at(e).fraction >= events.at(e - 1).fraction);
            }
            QCOMPARE(events.last().step, hostScanStateToString(host.state));
            QCOMPARE(events.last().fraction, 1.0);
        }

        auto ws = openWorkspace(req.workspacePath);
        QVERIFY(ws);
        // Hosts are recorded in request order, not in the order the workers reached them.
        auto hosts = ws->hosts();
        QVERIFY(hosts.ok());
        QCOMPARE(hosts->size(), req.hosts.size());
        for (int i = 0; i < req.hosts.size(); ++i) {
            QCOMPARE(hosts->at(i).spec, req.hosts.at(i));
        }
        auto hostScans = ws->hostScans(outcome->scanId);
        QVERIFY(hostScans.ok());
        QCOMPARE(hostScans->size(), req.hosts.size());
        for (const HostScanRecord& record : hostScans.value()) {
            const int index = static_cast<int>(record.hostId - hosts->first().id);
            QCOMPARE(record.state, outcome->hosts.at(index).state);
            auto artifacts = ws->artifacts(outcome->scanId, record.hostId);
            QVERIFY(artifacts.ok());
            QCOMPARE(artifacts->size(), outcome->hosts.at(index).artifacts);
        }
        verifyArtifactsHashed(*ws, outcome->scanId);
        QCOMPARE(ws->integrityCheck().value(), QStringLiteral("ok"));
        QCOMPARE(ws->scans()->first().state, ScanState::Partial); // delta and the outsider are partial
    }

    void jobsAreClamped_data()
    {
        QTest::addColumn<int>("jobs");
        QTest::newRow("zero") << 0;
        QTest::newRow("negative") << -3;
        QTest::newRow("more than hosts") << 40;
        QTest::newRow("more than the maximum") << 100000;
    }
    void jobsAreClamped()
    {
        QFETCH(int, jobs);
        ScanRequest req = newRequest({spec(QStringLiteral("charlie")), spec(QStringLiteral("delta"))});
        req.jobs = jobs;
        auto outcome = FleetScanner::run(req);
        QVERIFY2(outcome.ok(), qPrintable(outcome.errorMessage()));
        QVERIFY2(outcome->allScanned(), qPrintable(describe(outcome.value())));
        QCOMPARE(outcome->hosts.at(0).state, HostScanState::Done);
    }

    void hangingHostHoldsUpOnlyItsWorker()
    {
        SilentListener silent;
        QVERIFY(silent.port > 0);
        std::atomic<bool> cancel{false};
        ScanRequest req =
            newRequest({HostSpec{QStringLiteral("root"), QStringLiteral("127.0.0.1"), silent.port},
                        spec(QStringLiteral("bravo")), spec(QStringLiteral("charlie")), spec(QStringLiteral("delta"))});
        req.jobs = 2;
        req.connectTimeoutMs = 120000; // the silent host would hold its worker for two minutes
        ProgressLog log;
        int othersEnded = 0;
        QElapsedTimer clock;
        clock.start();
        auto outcome = FleetScanner::run(
            req,
            [&](int hostIndex, const HostSpec&, const QString& step, double fraction) {
                log.record(hostIndex, step, fraction);
                if (hostIndex > 0 && ProgressLog::isEnd(step) && ++othersEnded == 3) {
                    cancel = true; // every other host is through while the silent one still waits
                }
            },
            &cancel);
        const qint64 elapsed = clock.elapsed();
        QVERIFY2(outcome.ok(), qPrintable(outcome.errorMessage()));
        qDebug("three hosts scanned on one worker while the other waited on a silent host; cancelled after %lld ms",
               elapsed);
        QCOMPARE(othersEnded, 3);
        QCOMPARE(outcome->hosts.at(0).state, HostScanState::Cancelled);
        QCOMPARE(outcome->hosts.at(0).message, QStringLiteral("cancelled while connecting"));
        QCOMPARE(outcome->hosts.at(0).artifacts, 0);
        // Cancelled, not failed: the connect timeout (two minutes) never ran out.
        for (int i = 1; i <= 3; ++i) {
            const HostScanState expected = i == 3 ? HostScanState::Partial : HostScanState::Done;
            QVERIFY2(outcome->hosts.at(i).state == expected, qPrintable(describe(outcome.value())));
            QVERIFY(log.endPosition(i) < log.endPosition(0));
        }
    }

    void brokenConnectionKeepsEvidenceAndSparesOthers()
    {
        const FleetHost alpha = m_hosts.value(QStringLiteral("alpha"));
        CuttingProxy proxy(alpha.address, alpha.port);
        QVERIFY(proxy.port() > 0);
        // The proxy is alpha seen at another address: the same host key under that name.
        const QString knownHosts = m_tmp.filePath(QStringLiteral("known_hosts.proxy"));
        {
            const QByteArray fleetKnown = readFile(m_fleet.value(QLatin1String("known_hosts")).toString());
            const QByteArray alphaName = QStringLiteral("[%1]:%2 ").arg(alpha.address).arg(alpha.port).toUtf8();
            QByteArray lines = fleetKnown;
            for (const QByteArray& line : fleetKnown.split('\n')) {
                if (line.startsWith(alphaName)) {
                    lines += QStringLiteral("[127.0.0.1]:%1 ").arg(proxy.port()).toUtf8() + line.mid(alphaName.size()) +
                             '\n';
                }
            }
            QFile file(knownHosts);
            QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
            file.write(lines);
        }
        ScanRequest req = newRequest({HostSpec{QStringLiteral("root"), QStringLiteral("127.0.0.1"), proxy.port()},
                                      spec(QStringLiteral("bravo")), spec(QStringLiteral("charlie"))});
        req.knownHostsFile = knownHosts;
        req.jobs = 3;
        bool cut = false;
        int probeSteps = 0;
        auto outcome = FleetScanner::run(req, [&](int hostIndex, const HostSpec&, const QString& step, double) {
            const bool probeStep =
                step != QLatin1String("connecting") && step != QLatin1String("evaluating") && !ProgressLog::isEnd(step);
            if (hostIndex == 0 && probeStep && ++probeSteps == 3) {
                proxy.cut(); // before the third probe goes out: the first two are stored, the rest is lost
                cut = true;
            }
        });
        QVERIFY2(outcome.ok(), qPrintable(outcome.errorMessage()));
        QVERIFY(cut);
        QCOMPARE(proxy.connections(), 1);
        const HostOutcome& broken = outcome->hosts.at(0);
        QVERIFY2(broken.state == HostScanState::Partial, qPrintable(describe(outcome.value())));
        QVERIFY2(broken.artifacts > 0 && broken.artifacts < outcome->hosts.at(1).artifacts,
                 qPrintable(describe(outcome.value())));
        QVERIFY2(!broken.message.isEmpty(), "a partial host says why");
        qDebug("broken host: %s", qPrintable(broken.message));
        QVERIFY(broken.findings > 0); // evaluated from what it gave: what is missing is an error, never a pass
        QCOMPARE(outcome->hosts.at(1).state, HostScanState::Done);
        QCOMPARE(outcome->hosts.at(2).state, HostScanState::Done);
        QVERIFY(outcome->allScanned()); // partial with evidence counts as scanned

        auto ws = openWorkspace(req.workspacePath);
        QVERIFY(ws);
        auto hostScans = ws->hostScans(outcome->scanId);
        QVERIFY(hostScans.ok());
        QCOMPARE(hostScans->size(), 3);
        for (const HostScanRecord& record : hostScans.value()) {
            auto artifacts = ws->artifacts(outcome->scanId, record.hostId);
            QVERIFY(artifacts.ok());
            if (record.state == HostScanState::Partial) {
                QCOMPARE(record.message, broken.message);
                QCOMPARE(artifacts->size(), broken.artifacts); // all it gave before the cut, stored
                QCOMPARE(record.hostKeyFingerprint, alpha.fingerprint);
            } else {
                QCOMPARE(record.state, HostScanState::Done);
                QCOMPARE(artifacts->size(), outcome->hosts.at(1).artifacts);
            }
        }
        // Its findings rest on what it stored; what it could not collect is an error, never a pass.
        auto findings = ws->findings(outcome->scanId);
        QVERIFY(findings.ok());
        const qint64 brokenId = hostScans->first().hostId;
        QSet<qint64> storedIds;
        QSet<QString> storedProbes;
        const auto brokenArtifacts = ws->artifacts(outcome->scanId, brokenId);
        QVERIFY(brokenArtifacts.ok());
        for (const Artifact& artifact : brokenArtifacts.value()) {
            storedIds.insert(artifact.id);
            storedProbes.insert(artifact.probe);
        }
        int errors = 0;
        for (const Finding& finding : findings.value()) {
            if (finding.hostId != brokenId) {
                continue;
            }
            errors +=
                finding.status == Status::Error && finding.checkId.startsWith(QLatin1String("container.")) ? 1 : 0;
            if (finding.status == Status::Pass || finding.status == Status::Fail) {
                QVERIFY2(!finding.evidence.isEmpty(), qPrintable(finding.checkId));
            }
            for (const EvidenceRef& evidence : finding.evidence) {
                QVERIFY2(storedIds.contains(evidence.artifactId), qPrintable(finding.checkId));
            }
        }
        // Six probes are in flight when the connection is cut, so which of them got through varies
        // from run to run. The container checks rest on docker.containers.inspect: when it was lost
        // they are errors; when it got through they are judged from it (the evidence checks above).
        const bool inspected = storedProbes.contains(QStringLiteral("docker.containers.inspect"));
        QVERIFY2(inspected ? errors == 0 : errors > 0, qPrintable(QStringList(storedProbes.values()).join(u' ')));
        verifyArtifactsHashed(*ws, outcome->scanId);
    }

    void hostileHostsSpoilNoOther()
    {
        // The fleet's hostile host: as hostile-hang every docker command hangs (deaf to signals), as
        // hostile-kill the connection drops in the middle of a command. Scanned in one pool with three
        // sound hosts, those come out complete, and the two bad ones partial with what they gave.
        QJsonObject echo;
        for (const QJsonValue value : m_fleet.value(QLatin1String("hostile_hosts")).toArray()) {
            if (value.toObject().value(QLatin1String("name")).toString() == QLatin1String("echo")) {
                echo = value.toObject();
            }
        }
        QVERIFY2(!echo.isEmpty(), "fleet.json lists no hostile host echo");
        const auto hostile = [&](const char* user) {
            return HostSpec{QLatin1String(user), echo.value(QLatin1String("address")).toString(),
                            echo.value(QLatin1String("port")).toInt()};
        };
        ScanRequest req = newRequest({hostile("hostile-hang"), spec(QStringLiteral("alpha")), hostile("hostile-kill"),
                                      spec(QStringLiteral("bravo")), spec(QStringLiteral("charlie"))});
        req.jobs = 3;
        // What bounds a hanging command; well above what the slowest sound probe (apt list) takes on a
        // busy 2-core machine, so the sound hosts never time out.
        req.limits.timeoutMs = 8000;
        QElapsedTimer clock;
        clock.start();
        auto outcome = FleetScanner::run(req);
        QVERIFY2(outcome.ok(), qPrintable(outcome.errorMessage()));
        qDebug("hang + kill + three sound hosts, --jobs 3: %lld ms\n%s", clock.elapsed(),
               qPrintable(describe(outcome.value())));
        const HostOutcome& hang = outcome->hosts.at(0);
        const HostOutcome& killed = outcome->hosts.at(2);
        QCOMPARE(hang.state, HostScanState::Partial);
        QVERIFY2(hang.message.contains(QLatin1String("timed out")), qPrintable(hang.message));
        QVERIFY(hang.artifacts > 0); // a timed-out probe is recorded as such
        QCOMPARE(killed.state, HostScanState::Partial);
        QVERIFY(!killed.message.isEmpty());
        for (int i : {1, 3, 4}) {
            QVERIFY2(outcome->hosts.at(i).state == HostScanState::Done, qPrintable(describe(outcome.value())));
            QCOMPARE(outcome->hosts.at(i).artifacts, outcome->hosts.at(1).artifacts);
            QVERIFY(outcome->hosts.at(i).findings > 0);
        }
        QVERIFY(killed.artifacts < outcome->hosts.at(1).artifacts);

        auto ws = openWorkspace(req.workspacePath);
        QVERIFY(ws);
        auto hostScans = ws->hostScans(outcome->scanId);
        QVERIFY(hostScans.ok());
        QCOMPARE(hostScans->size(), 5);
        for (const HostScanRecord& record : hostScans.value()) {
            auto artifacts = ws->artifacts(outcome->scanId, record.hostId);
            QVERIFY(artifacts.ok());
            QVERIFY(record.state == HostScanState::Done || record.state == HostScanState::Partial);
        }
        verifyArtifactsHashed(*ws, outcome->scanId);
    }

    void cancelReachesEveryWorker()
    {
        SilentListener silent1;
        SilentListener silent2;
        QVERIFY(silent1.port > 0 && silent2.port > 0);
        std::atomic<bool> cancel{false};
        ScanRequest req = newRequest({spec(QStringLiteral("alpha")),
                                      HostSpec{QStringLiteral("root"), QStringLiteral("127.0.0.1"), silent1.port},
                                      HostSpec{QStringLiteral("root"), QStringLiteral("127.0.0.1"), silent2.port},
                                      spec(QStringLiteral("bravo"))});
        req.jobs = 4;
        req.connectTimeoutMs = 120000;
        QElapsedTimer sinceCancel;
        auto outcome = FleetScanner::run(
            req,
            [&](int hostIndex, const HostSpec&, const QString& step, double) {
                if (hostIndex == 0 && step != QLatin1String("connecting") && !cancel.load()) {
                    cancel = true;
                    sinceCancel.start();
                }
            },
            &cancel);
        const qint64 cancelMs = sinceCancel.elapsed();
        QVERIFY2(outcome.ok(), qPrintable(outcome.errorMessage()));
        qDebug("four workers stopped %lld ms after cancel", cancelMs);
        QVERIFY(outcome->cancelled);
        QVERIFY(!outcome->allScanned());
        // alpha was cancelled on its first step, with what it had stored by then kept.
        QCOMPARE(outcome->hosts.at(0).state, HostScanState::Cancelled);
        QVERIFY2(outcome->hosts.at(0).message.startsWith(QLatin1String("cancelled after ")),
                 qPrintable(outcome->hosts.at(0).message));
        for (int i : {1, 2}) {
            QCOMPARE(outcome->hosts.at(i).state, HostScanState::Cancelled);
            QCOMPARE(outcome->hosts.at(i).message, QStringLiteral("cancelled while connecting"));
        }
        QVERIFY2(cancelMs < 60000, qPrintable(QString::number(cancelMs))); // not the connect timeout

        auto ws = openWorkspace(req.workspacePath);
        QVERIFY(ws);
        auto hostScans = ws->hostScans(outcome->scanId);
        QVERIFY(hostScans.ok());
        QCOMPARE(hostScans->size(), 4);
        for (const HostScanRecord& record : hostScans.value()) {
            QVERIFY2(record.state != HostScanState::Running && record.state != HostScanState::Pending,
                     qPrintable(hostScanStateToString(record.state)));
        }
        QCOMPARE(ws->scans()->first().state, ScanState::Partial);
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
