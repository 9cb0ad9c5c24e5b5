// SPDX-License-Identifier: GPL-3.0-or-later
// Hostile hosts (issue 3, item 7) against the real test fleet. The fleet's host `echo` has a `docker` that
// misbehaves as its login user says (tests/fleet/README.md, "The hostile host echo"): malformed and cut
// JSON, 200 MB of output, output without end, a slow drip, a hang deaf to TERM, bytes that are not UTF-8,
// shell code as container ids, markup and terminal escapes, a crash, an sshd killed mid-command; the
// fleet can also change echo's host key. For every behaviour a real scan runs (FleetScanner, small limits)
// and must: end within its bounds, say per host what went wrong, never execute anything that came from a
// host (the canary file never appears), store markup and escapes as bytes, store no secret, and leave the
// good hosts of the same scan exactly as a scan of them alone finds them. Fails, never skips, when the
// fleet is not up.
#include "collect/HostCollector.h"
#include "core/JsonPointer.h"
#include "domain/Finding.h"
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
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <memory>

using namespace bulkhead;

namespace {

// The hostile host alone gets a short command timeout (the behaviours that never end cost it per probe);
// a scan with good hosts a long one: their slowest probe (host.updates) takes seconds on a busy machine,
// and a good host must never time out only because it shares a scan with a hostile one.
constexpr int ShortTimeoutMs = 3000;
constexpr int LongTimeoutMs = 30000;
constexpr qint64 OutputCapBytes = 1LL << 20;
constexpr qint64 ErrorCapBytes = 64LL << 10;
const char* const ContainersProbe = "docker.containers.inspect";

QByteArray readFile(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// Everything a workspace holds on disk: the database and its write-ahead log.
QByteArray workspaceBytes(const QString& path)
{
    return readFile(path) + readFile(path + QLatin1String("-wal"));
}

struct FleetHost
{
    QString name;
    QString address;
    int port = 0;
    QString fingerprint;
    QString dir;
    QString dataDir;
    qint64 initPid = 0; // the host's PID 1 (its PID namespace)
    QJsonArray containers;
};

FleetHost fleetHost(const QJsonObject& o)
{
    FleetHost host;
    host.name = o.value(QLatin1String("name")).toString();
    host.address = o.value(QLatin1String("address")).toString();
    host.port = o.value(QLatin1String("port")).toInt();
    host.fingerprint = o.value(QLatin1String("host_key_fingerprint")).toString();
    host.dir = o.value(QLatin1String("dir")).toString();
    host.dataDir = o.value(QLatin1String("data_dir")).toString();
    host.initPid = o.value(QLatin1String("init_pid")).toInteger();
    host.containers = o.value(QLatin1String("containers")).toArray();
    return host;
}

// What a scan stored about one host.
struct HostResult
{
    HostOutcome outcome;
    HostScanRecord record;
    QVector<Artifact> artifacts;
    QVector<Finding> findings;

    const Artifact* artifact(const QString& probe) const
    {
        for (const Artifact& artifact : artifacts) {
            if (artifact.probe == probe)
                return &artifact;
        }
        return nullptr;
    }
    QString describe() const
    {
        QStringList probes;
        for (const Artifact& a : artifacts) {
            probes << QStringLiteral("%1(exit %2%3%4%5, %6 B)")
                          .arg(a.probe)
                          .arg(a.exitStatus)
                          .arg(a.truncated ? QStringLiteral(" cut") : QString(),
                               a.timedOut ? QStringLiteral(" timeout") : QString(),
                               a.exitSignal.isEmpty() ? QString() : QStringLiteral(" sig ") + a.exitSignal)
                          .arg(a.output.size());
        }
        return QStringLiteral("%1: %2 \"%3\"; %4 artifacts: %5")
            .arg(outcome.host.toString(), hostScanStateToString(outcome.state), outcome.message)
            .arg(artifacts.size())
            .arg(probes.join(QLatin1String(", ")));
    }
};

struct ScanResult
{
    bool ok = false;
    QString error;
    qint64 ms = 0;
    QString workspace;
    qint64 scanId = 0;
    QHash<QString, HostResult> hosts; // by HostSpec::toString()

    QString describe() const
    {
        QStringList lines;
        for (const HostResult& host : hosts)
            lines << host.describe();
        lines.sort();
        return lines.join(QLatin1Char('\n'));
    }
};

// The comparable essence of a good host's scan: which probes ran and how they ended, the exact bytes of
// the deterministic inspect documents, and every finding's verdict.
QStringList essence(const HostResult& host)
{
    QStringList lines;
    lines << QStringLiteral("state %1 \"%2\"").arg(hostScanStateToString(host.outcome.state), host.outcome.message);
    for (const Artifact& a : host.artifacts) {
        QString line = QStringLiteral("artifact %1 exit %2 signal '%3' cut %4 timeout %5 redactions %6")
                           .arg(a.probe)
                           .arg(a.exitStatus)
                           .arg(a.exitSignal)
                           .arg(a.truncated)
                           .arg(a.timedOut)
                           .arg(a.redactions);
        if (a.probe == QLatin1String(ContainersProbe) || a.probe == QLatin1String("docker.images.inspect")) {
            // Markers carry the fingerprint of the workspace's salt: scans into two workspaces differ in
            // those bytes only, so they are compared without it.
            static const QRegularExpression fingerprint(QStringLiteral("(\\[REDACTED:[a-z0-9-]+):[0-9a-f]{16}\\]"));
            const QByteArray unsalted =
                QString::fromUtf8(a.output).replace(fingerprint, QStringLiteral("\\1]")).toUtf8();
            line += QStringLiteral(" sha256 ") +
                    QString::fromLatin1(QCryptographicHash::hash(unsalted, QCryptographicHash::Sha256).toHex());
        }
        lines << line;
    }
    for (const Finding& f : host.findings) {
        lines << QStringLiteral("finding %1 %2 %3 %4")
                     .arg(f.checkId, subjectKindToString(f.subject.kind), f.subject.name, statusToString(f.status));
    }
    lines.sort();
    return lines;
}

bool printableLine(const QString& text)
{
    return std::all_of(text.cbegin(), text.cend(), [](QChar c) { return c.isPrint() || c == QLatin1Char(' '); });
}

// How many processes in the PID namespace of `initPid` (a fleet host's PID 1) run as `uid` with an argv
// containing `word`. The fleet's hosts are PID namespaces of this machine, so their processes are all in
// /proc here; the namespace tells this fleet's echo from another fleet's on the same machine.
int processesOf(qint64 initPid, uint uid, const QByteArray& word)
{
    const QString hostNamespace = QFile::symLinkTarget(QStringLiteral("/proc/%1/ns/pid").arg(initPid));
    if (hostNamespace.isEmpty())
        return -1; // the host is gone: that is not "nothing left"
    int count = 0;
    const QDir proc(QStringLiteral("/proc"));
    for (const QString& entry : proc.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        bool numeric = false;
        entry.toLongLong(&numeric);
        if (!numeric || QFile::symLinkTarget(proc.filePath(entry + QStringLiteral("/ns/pid"))) != hostNamespace)
            continue;
        QFile status(proc.filePath(entry + QStringLiteral("/status")));
        QFile cmdline(proc.filePath(entry + QStringLiteral("/cmdline")));
        if (!status.open(QIODevice::ReadOnly) || !cmdline.open(QIODevice::ReadOnly))
            continue;
        const QByteArray text = status.readAll();
        const qsizetype at = text.indexOf("\nUid:\t");
        if (at < 0 || text.mid(at + 6).split('\t').value(0).toUInt() != uid)
            continue;
        count += cmdline.readAll().contains(word) ? 1 : 0;
    }
    return count;
}

// The uid of `user` in a fleet host's passwd (DIR/<host>/etc/passwd), or -1.
qint64 fleetUid(const QString& fleetDir, const QString& host, const QString& user)
{
    QFile passwd(fleetDir + QLatin1Char('/') + host + QStringLiteral("/etc/passwd"));
    if (!passwd.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray& line : passwd.readAll().split('\n')) {
        const QList<QByteArray> fields = line.split(':');
        if (fields.size() > 2 && fields.at(0) == user.toUtf8())
            return fields.at(2).toLongLong();
    }
    return -1;
}

} // namespace

class TestHostile : public QObject
{
    Q_OBJECT

private:
    QString m_fleetDir;
    QJsonObject m_fleet;
    QHash<QString, FleetHost> m_hosts; // the audited hosts, by name
    FleetHost m_echo;                  // the hostile host
    QString m_canary;
    QStringList m_hostileSecrets;
    QStringList m_fleetSecrets;
    QTemporaryDir m_tmp;
    int m_counter = 0;
    bool m_rekeyed = false;
    QHash<QString, QStringList> m_alone; // good host -> essence of a scan of it alone

    HostSpec good(const QString& name) const
    {
        const FleetHost& h = m_hosts.value(name);
        return HostSpec{QStringLiteral("root"), h.address, h.port};
    }
    HostSpec hostile(const QString& user) const { return HostSpec{user, m_echo.address, m_echo.port}; }

    ScanRequest request(const QVector<HostSpec>& hosts, int jobs, int timeoutMs)
    {
        ScanRequest request;
        request.workspacePath = m_tmp.filePath(QStringLiteral("hostile-%1.bulkhead").arg(++m_counter));
        request.hosts = hosts;
        request.identityFile = m_fleet.value(QLatin1String("identity")).toString();
        request.knownHostsFile = m_fleet.value(QLatin1String("known_hosts")).toString();
        request.connectTimeoutMs = 10000;
        request.limits.timeoutMs = timeoutMs;
        request.limits.maxOutputBytes = OutputCapBytes;
        request.limits.maxErrorBytes = ErrorCapBytes;
        request.jobs = jobs;
        return request;
    }

    // The longest a scan of these hosts may take: every probe of a host may run into the command timeout,
    // HostCollector::DefaultChannels at a time, and the pool takes `jobs` hosts at once; plus connecting
    // and 15 s for storing and evaluating on a busy machine.
    static qint64 boundMs(const ScanRequest& request)
    {
        const qint64 channels = HostCollector::DefaultChannels;
        const qint64 waves = (ProbeCatalog::all().size() + channels - 1) / channels;
        const qint64 rounds = (request.hosts.size() + request.jobs - 1) / request.jobs;
        return rounds * (request.connectTimeoutMs + waves * request.limits.timeoutMs) + 15000;
    }

    ScanResult scan(const ScanRequest& request)
    {
        ScanResult result;
        result.workspace = request.workspacePath;
        QElapsedTimer clock;
        clock.start();
        auto outcome = FleetScanner::run(request);
        result.ms = clock.elapsed();
        if (!outcome) {
            result.error = outcome.errorMessage();
            return result;
        }
        result.scanId = outcome->scanId;
        auto opened = Workspace::open(request.workspacePath, Workspace::OpenMode::ExistingOnly);
        if (!opened) {
            result.error = opened.errorMessage();
            return result;
        }
        const std::unique_ptr<Workspace> workspace = std::move(opened).value();
        auto hosts = workspace->hosts();
        auto records = workspace->hostScans(outcome->scanId);
        auto findings = workspace->findings(outcome->scanId);
        if (!hosts || !records || !findings) {
            result.error = QStringLiteral("cannot read the workspace back");
            return result;
        }
        for (const HostOutcome& host : outcome->hosts) {
            HostResult stored;
            stored.outcome = host;
            qint64 hostId = 0;
            for (const HostRecord& record : hosts.value()) {
                if (record.spec == host.host)
                    hostId = record.id;
            }
            for (const HostScanRecord& record : records.value()) {
                if (record.hostId == hostId)
                    stored.record = record;
            }
            if (hostId != 0) {
                auto artifacts = workspace->artifacts(outcome->scanId, hostId);
                if (artifacts)
                    stored.artifacts = artifacts.value();
            }
            for (const Finding& finding : findings.value()) {
                if (finding.hostId == hostId)
                    stored.findings << finding;
            }
            result.hosts.insert(host.host.toString(), stored);
        }
        result.ok = true;
        return result;
    }

    void verifyNoSecretStored(const QString& workspace)
    {
        const QByteArray bytes = workspaceBytes(workspace);
        QVERIFY(!bytes.isEmpty());
        for (const QString& secret : m_hostileSecrets + m_fleetSecrets)
            QVERIFY2(!bytes.contains(secret.toUtf8()),
                     qPrintable(QStringLiteral("a secret was stored: %1…").arg(secret.left(6))));
        // The note's token is cut by the `truncated` host half-way: not even its first half may be stored.
        const QString note = m_hostileSecrets.value(4);
        QVERIFY2(!bytes.contains(note.left(14).toUtf8()), "the first half of a cut token was stored");
    }

    void verifyCanaryAbsent()
    {
        QVERIFY2(!QFile::exists(m_canary), qPrintable(m_canary + QStringLiteral(" exists: something from a host ran")));
    }

    // Findings of the `labels` documents: the canned containers, with the verdicts fleet.json gives, under
    // their hostile names stored exactly (escapes, markup and shell code are data).
    void verifyCannedVerdicts(const HostResult& host)
    {
        QHash<QString, QString> actual;
        for (const Finding& f : host.findings) {
            if (f.subject.kind == SubjectKind::Container)
                actual.insert(f.subject.name + QLatin1Char('|') + f.checkId, statusToString(f.status));
        }
        int compared = 0;
        for (const QJsonValue value : m_echo.containers) {
            const QJsonObject container = value.toObject();
            const QString name = container.value(QLatin1String("name")).toString();
            const QJsonObject expect = container.value(QLatin1String("expect")).toObject();
            for (auto it = expect.begin(); it != expect.end(); ++it) {
                const QString key = name + QLatin1Char('|') + it.key();
                QVERIFY2(actual.contains(key),
                         qPrintable(QStringLiteral("no finding for %1").arg(key.toHtmlEscaped())));
                QVERIFY2(actual.value(key) == it.value().toString(),
                         qPrintable(QStringLiteral("%1: expected %2, got %3")
                                        .arg(key.toHtmlEscaped(), it.value().toString(), actual.value(key))));
                ++compared;
            }
        }
        QVERIFY(compared >= 15);
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
        QJsonParseError error;
        const QJsonDocument document = QJsonDocument::fromJson(readFile(fleetJson), &error);
        QVERIFY2(document.isObject(), qPrintable(fleetJson + QStringLiteral(": ") + error.errorString()));
        m_fleet = document.object();
        for (const QJsonValue value : m_fleet.value(QLatin1String("hosts")).toArray()) {
            const FleetHost host = fleetHost(value.toObject());
            m_hosts.insert(host.name, host);
        }
        const QJsonArray hostile = m_fleet.value(QLatin1String("hostile_hosts")).toArray();
        QVERIFY2(!hostile.isEmpty(), "fleet.json has no hostile_hosts: the fleet predates the hostile host");
        m_echo = fleetHost(hostile.first().toObject());
        QVERIFY(!m_echo.dataDir.isEmpty());
        m_canary = m_fleet.value(QLatin1String("canary")).toString();
        QVERIFY(!m_canary.isEmpty());
        for (const QJsonValue value : m_fleet.value(QLatin1String("hostile_secret_values")).toArray())
            m_hostileSecrets << value.toString();
        for (const QJsonValue value : m_fleet.value(QLatin1String("secret_values")).toArray())
            m_fleetSecrets << value.toString();
        QCOMPARE(m_hostileSecrets.size(), 5);
        QVERIFY(m_hosts.contains(QStringLiteral("alpha")) && m_hosts.contains(QStringLiteral("bravo")));
        verifyCanaryAbsent();

        // The good hosts scanned alone, with the same limits: what every scan with hostile hosts must match.
        const ScanRequest alone =
            request({good(QStringLiteral("alpha")), good(QStringLiteral("bravo"))}, 2, LongTimeoutMs);
        const ScanResult result = scan(alone);
        QVERIFY2(result.ok, qPrintable(result.error));
        for (const QString& name : {QStringLiteral("alpha"), QStringLiteral("bravo")}) {
            const HostResult host = result.hosts.value(good(name).toString());
            QVERIFY2(host.outcome.state == HostScanState::Done, qPrintable(host.describe()));
            QVERIFY(host.artifact(QLatin1String(ContainersProbe)));
            m_alone.insert(name, essence(host));
        }
        qInfo("alpha and bravo alone: %lld ms", result.ms);
    }

    // One scan per behaviour: the hostile user on echo, alone, with a short command timeout. (The good hosts
    // beside every behaviour at once: wholeFleetWithEveryBehaviour.)
    void behaviour_data()
    {
        QTest::addColumn<QString>("user");
        QTest::addColumn<QString>("probe");   // the probe the behaviour hits hardest
        QTest::addColumn<QString>("ending");  // how that probe must end: ok, malformed, cut, timeout, signal, failed
        QTest::addColumn<QString>("message"); // what the host's outcome must say (regular expression)

        QTest::newRow("labels") << "hostile-labels" << ContainersProbe << "ok"
                                << "";
        QTest::newRow("malformed") << "hostile-malformed" << ContainersProbe << "malformed"
                                   << "malformed|not valid JSON";
        QTest::newRow("truncated") << "hostile-truncated" << ContainersProbe << "malformed"
                                   << "malformed|not valid JSON";
        QTest::newRow("huge") << "hostile-huge" << ContainersProbe << "cut"
                              << "size cap|cut";
        QTest::newRow("endless") << "hostile-endless" << ContainersProbe << "cut"
                                 << "size cap|cut";
        QTest::newRow("noise") << "hostile-noise" << ContainersProbe << "timeout"
                               << "timed out";
        QTest::newRow("drip") << "hostile-drip" << ContainersProbe << "timeout"
                              << "timed out";
        QTest::newRow("hang") << "hostile-hang"
                              << "docker.version"
                              << "timeout"
                              << "timed out";
        QTest::newRow("binary") << "hostile-binary"
                                << "docker.version"
                                << "malformed"
                                << "malformed|not valid JSON";
        QTest::newRow("ids") << "hostile-ids" << ContainersProbe << "ok"
                             << "";
        QTest::newRow("errors") << "hostile-errors"
                                << "docker.info"
                                << "failed"
                                << "exit status 1";
        QTest::newRow("crash") << "hostile-crash" << ContainersProbe << "signal"
                               << "signal SEGV";
        QTest::newRow("kill") << "hostile-kill" << ContainersProbe << "lost"
                              << "lost the connection|connection";
    }

    void behaviour()
    {
        QFETCH(QString, user);
        QFETCH(QString, probe);
        QFETCH(QString, ending);
        QFETCH(QString, message);

        const ScanRequest req = request({hostile(user)}, 1, ShortTimeoutMs);
        const ScanResult result = scan(req);
        QVERIFY2(result.ok, qPrintable(result.error));
        qInfo("%s: %lld ms (bound %lld ms)", qPrintable(user), result.ms, boundMs(req));
        QVERIFY2(result.ms <= boundMs(req), qPrintable(result.describe()));
        const HostResult host = result.hosts.value(hostile(user).toString());
        const QString what = host.describe();

        // The hostile host: its outcome names the problem, in one printable line.
        QVERIFY2(printableLine(host.outcome.message), qPrintable(what));
        QCOMPARE(host.record.message, host.outcome.message);
        if (!message.isEmpty()) {
            QVERIFY2(
                host.outcome.message.contains(QRegularExpression(message, QRegularExpression::CaseInsensitiveOption)),
                qPrintable(what));
            QVERIFY2(host.outcome.state == HostScanState::Partial || host.outcome.state == HostScanState::Failed,
                     qPrintable(what));
        }
        const Artifact* hit = host.artifact(probe);
        if (ending == QLatin1String("lost")) {
            // The connection died under the containers probe: what came before is kept, that probe is not.
            QVERIFY2(host.outcome.state == HostScanState::Partial, qPrintable(what));
            QVERIFY2(!host.artifacts.isEmpty(), qPrintable(what));
        } else {
            QVERIFY2(hit, qPrintable(what));
            for (const Artifact& a : host.artifacts) {
                QVERIFY2(a.output.size() <= OutputCapBytes, qPrintable(what));
                QVERIFY2(a.errorOutput.size() <= ErrorCapBytes, qPrintable(what));
                QCOMPARE(a.sha256,
                         QString::fromLatin1(QCryptographicHash::hash(a.output, QCryptographicHash::Sha256).toHex()));
            }
        }
        if (ending == QLatin1String("ok")) {
            QVERIFY2(hit->exitStatus == 0 && !hit->truncated && !hit->timedOut, qPrintable(what));
        } else if (ending == QLatin1String("malformed")) {
            QVERIFY2(hit->exitStatus == 0 && !hit->truncated && !hit->timedOut, qPrintable(what));
        } else if (ending == QLatin1String("cut")) {
            QVERIFY2(hit->truncated && !hit->timedOut, qPrintable(what));
            // The partial evidence is kept up to the last complete line, redacted.
            QVERIFY2(!hit->output.isEmpty() && hit->output.endsWith('\n'), qPrintable(what));
            QVERIFY2(hit->redactions > 0, qPrintable(what));
        } else if (ending == QLatin1String("timeout")) {
            QVERIFY2(hit->timedOut, qPrintable(what));
        } else if (ending == QLatin1String("signal")) {
            QVERIFY2(hit->exitSignal == QLatin1String("SEGV"), qPrintable(what));
        } else if (ending == QLatin1String("failed")) {
            QVERIFY2(hit->exitStatus == 1, qPrintable(what));
        }
        // Evidence that is not whole never passes a check: no container finding passes here.
        if (ending != QLatin1String("ok")) {
            for (const Finding& f : host.findings) {
                QVERIFY2(f.subject.kind != SubjectKind::Container || f.status != Status::Pass,
                         qPrintable(f.checkId + QLatin1Char(' ') + f.subject.name.toHtmlEscaped()));
            }
        }

        // Behaviour-specific promises.
        if (user == QLatin1String("hostile-labels") || user == QLatin1String("hostile-ids")) {
            verifyCannedVerdicts(host);
            // Labels are stored as the host printed them: markup, escapes, NUL, 60 KB, byte for byte.
            const QByteArray canned = readFile(m_echo.dataDir + QLatin1String("/containers.json"));
            const QString labels = QStringLiteral("/0/Config/Labels");
            QVERIFY(!JsonPointer::excerpt(canned, labels).isEmpty());
            QCOMPARE(JsonPointer::excerpt(hit->output, labels), JsonPointer::excerpt(canned, labels));
            QVERIFY(hit->output.contains("\\u001b[31mRED"));
            QVERIFY(hit->redactions >= 5);
        }
        if (user == QLatin1String("hostile-ids")) {
            // The ids reached docker as plain words: no substitution, no glob, no variable, no option.
            const QByteArray log = readFile(m_echo.dataDir + QLatin1String("/log/hostile-ids.argv"));
            QVERIFY(!log.isEmpty());
            const QByteArray expected = QByteArray("container\0inspect\0--\0$(touch\0", 29) + m_canary.toUtf8() + ")";
            QVERIFY2(log.contains(expected), log.left(400).constData());
            QVERIFY(log.contains(QByteArray("\0*\0/etc/*\0", 10)));
            QVERIFY(log.contains(QByteArray("\0$HOME\0", 7)));
        }
        if (user == QLatin1String("hostile-binary")) {
            // Bytes that are not UTF-8 are kept as bytes; the secrets around them are still redacted.
            const Artifact* containers = host.artifact(QLatin1String(ContainersProbe));
            QVERIFY(containers);
            QVERIFY2(containers->output.contains("caf\xe9 \xff\xfe"), qPrintable(what));
            QVERIFY2(containers->redactions >= 5, qPrintable(what));
        }
        if (user == QLatin1String("hostile-hang")) {
            // Its docker ignores TERM: the probe's supervisor KILLs it two seconds after Bulkhead closed
            // the channel, so nothing of the scan lives on on the host.
            const qint64 uid = fleetUid(m_fleetDir, QStringLiteral("echo"), user);
            const qint64 init = m_echo.initPid;
            QVERIFY(uid > 0 && init > 0);
            const auto left = [&] {
                const int scripts = processesOf(init, static_cast<uint>(uid), "hostile/docker.sh");
                const int sleeps = processesOf(init, static_cast<uint>(uid),
                                               QByteArray("sleep\0"
                                                          "600",
                                                          9));
                return scripts < 0 || sleeps < 0 ? -1 : scripts + sleeps;
            };
            QTRY_COMPARE_WITH_TIMEOUT(left(), 0, 15000);
        }
        if (user == QLatin1String("hostile-errors")) {
            // stderr is evidence too: kept with its escapes as bytes, but without the secret it carried.
            QVERIFY(hit->errorOutput.contains("\x1b[31m"));
            QVERIFY(!hit->errorOutput.contains(m_hostileSecrets.value(0).toUtf8()));
            QVERIFY(hit->errorOutput.contains("[REDACTED:"));
        }

        verifyNoSecretStored(result.workspace);
        verifyCanaryAbsent();
    }

    // Every hostile behaviour at once, between the good hosts, with a pool: none holds up or spoils another.
    void wholeFleetWithEveryBehaviour()
    {
        QVector<HostSpec> hosts{good(QStringLiteral("alpha"))};
        const QJsonObject behaviours = m_fleet.value(QLatin1String("hostile_hosts"))
                                           .toArray()
                                           .first()
                                           .toObject()
                                           .value(QLatin1String("behaviours"))
                                           .toObject();
        QVERIFY(behaviours.size() >= 13);
        for (auto it = behaviours.begin(); it != behaviours.end(); ++it)
            hosts << hostile(it.key());
        hosts << good(QStringLiteral("bravo"));
        const ScanRequest req = request(hosts, 8, LongTimeoutMs);
        const ScanResult result = scan(req);
        QVERIFY2(result.ok, qPrintable(result.error));
        qInfo("%lld hosts (%lld hostile) with 8 jobs: %lld ms (bound %lld ms)", static_cast<long long>(hosts.size()),
              static_cast<long long>(behaviours.size()), result.ms, boundMs(req));
        QVERIFY2(result.ms <= boundMs(req), qPrintable(result.describe()));
        QCOMPARE(result.hosts.size(), hosts.size());
        for (const QString& name : {QStringLiteral("alpha"), QStringLiteral("bravo")}) {
            const HostResult host = result.hosts.value(good(name).toString());
            QCOMPARE(essence(host), m_alone.value(name));
        }
        for (auto it = behaviours.begin(); it != behaviours.end(); ++it) {
            const HostResult host = result.hosts.value(hostile(it.key()).toString());
            QVERIFY2(host.outcome.state != HostScanState::Pending && host.outcome.state != HostScanState::Running &&
                         host.outcome.state != HostScanState::Cancelled,
                     qPrintable(host.describe()));
            QVERIFY2(printableLine(host.outcome.message), qPrintable(host.describe()));
            if (it.key() != QLatin1String("hostile-labels") && it.key() != QLatin1String("hostile-ids"))
                QVERIFY2(!host.outcome.message.isEmpty(), qPrintable(host.describe()));
        }
        verifyNoSecretStored(result.workspace);
        verifyCanaryAbsent();
    }

    // A host key that changes while the host lives: the host is refused, naming both keys, the others are not.
    void changedHostKey()
    {
        QProcess rekey;
        rekey.start(QStringLiteral(BULKHEAD_SOURCE_DIR "/tests/fleet/fleet"),
                    {QStringLiteral("rekey"), QStringLiteral("--dir"), m_fleetDir, m_echo.name});
        QVERIFY(rekey.waitForFinished(60000));
        QVERIFY2(rekey.exitCode() == 0, rekey.readAllStandardError().constData());
        m_rekeyed = true;
        const QString newFingerprint = QString::fromUtf8(rekey.readAllStandardOutput().trimmed());
        QVERIFY(newFingerprint.startsWith(QLatin1String("SHA256:")));
        QVERIFY(newFingerprint != m_echo.fingerprint);

        const ScanRequest req =
            request({hostile(QStringLiteral("hostile-labels")), good(QStringLiteral("alpha"))}, 2, LongTimeoutMs);
        const ScanResult result = scan(req);
        QVERIFY2(result.ok, qPrintable(result.error));
        const HostResult echo = result.hosts.value(hostile(QStringLiteral("hostile-labels")).toString());
        QVERIFY2(echo.outcome.state == HostScanState::Failed, qPrintable(echo.describe()));
        QVERIFY2(echo.outcome.message.contains(QLatin1String("changed"), Qt::CaseInsensitive),
                 qPrintable(echo.describe()));
        QVERIFY2(echo.outcome.message.contains(m_echo.fingerprint) && echo.outcome.message.contains(newFingerprint),
                 qPrintable(echo.describe()));
        QVERIFY(echo.artifacts.isEmpty());
        QCOMPARE(essence(result.hosts.value(good(QStringLiteral("alpha")).toString())),
                 m_alone.value(QStringLiteral("alpha")));

        // Its own key back: the host is scanned again.
        QProcess restore;
        restore.start(
            QStringLiteral(BULKHEAD_SOURCE_DIR "/tests/fleet/fleet"),
            {QStringLiteral("rekey"), QStringLiteral("--dir"), m_fleetDir, m_echo.name, QStringLiteral("--restore")});
        QVERIFY(restore.waitForFinished(60000));
        QVERIFY2(restore.exitCode() == 0, restore.readAllStandardError().constData());
        QCOMPARE(QString::fromUtf8(restore.readAllStandardOutput().trimmed()), m_echo.fingerprint);
        m_rekeyed = false;
        const ScanResult again = scan(request({hostile(QStringLiteral("hostile-labels"))}, 1, ShortTimeoutMs));
        QVERIFY2(again.ok, qPrintable(again.error));
        const HostResult back = again.hosts.value(hostile(QStringLiteral("hostile-labels")).toString());
        QVERIFY2(back.outcome.state != HostScanState::Failed && back.artifact(QLatin1String(ContainersProbe)),
                 qPrintable(back.describe()));
    }

    // What the terminal shows of a hostile host: no escape sequence gets through to it.
    void cliOutputIsTerminalSafe()
    {
        const QString workspace = m_tmp.filePath(QStringLiteral("cli.bulkhead"));
        QStringList args{QStringLiteral("scan"),
                         QStringLiteral("--workspace"),
                         workspace,
                         QStringLiteral("--identity"),
                         m_fleet.value(QLatin1String("identity")).toString(),
                         QStringLiteral("--known-hosts"),
                         m_fleet.value(QLatin1String("known_hosts")).toString(),
                         QStringLiteral("--command-timeout"),
                         QStringLiteral("3")};
        for (const QString& user :
             {QStringLiteral("hostile-errors"), QStringLiteral("hostile-labels"), QStringLiteral("hostile-malformed")})
            args << QStringLiteral("--host") << hostile(user).toString();
        QProcess cli;
        cli.start(QStringLiteral(BULKHEAD_CLI), args);
        QVERIFY(cli.waitForFinished(120000));
        const QByteArray out = cli.readAllStandardOutput();
        const QByteArray err = cli.readAllStandardError();
        QCOMPARE(cli.exitCode(), 1); // the hosts were not fully scanned, and the CLI says so
        QVERIFY2(!out.contains('\x1b') && !err.contains('\x1b'), err.constData());
        QVERIFY2(!out.contains('\a') && !err.contains('\a'), err.constData());
        QVERIFY2(err.contains("hostile-errors@"), err.constData());

        QProcess findings;
        findings.start(QStringLiteral(BULKHEAD_CLI), {QStringLiteral("findings"), QStringLiteral("--workspace"),
                                                      workspace, QStringLiteral("--format"), QStringLiteral("json")});
        QVERIFY(findings.waitForFinished(60000));
        QCOMPARE(findings.exitCode(), 0);
        const QByteArray json = findings.readAllStandardOutput();
        QVERIFY2(!json.contains('\x1b') && !json.contains('\a'), "raw escape bytes in the JSON findings");
        QVERIFY(QJsonDocument::fromJson(json).isObject());
        QVERIFY(json.contains("<script>alert(1)</script>"));
        verifyNoSecretStored(workspace);
        verifyCanaryAbsent();
    }

    void cleanupTestCase()
    {
        if (m_rekeyed) {
            QProcess restore;
            restore.start(QStringLiteral(BULKHEAD_SOURCE_DIR "/tests/fleet/fleet"),
                          {QStringLiteral("rekey"), QStringLiteral("--dir"), m_fleetDir, m_echo.name,
                           QStringLiteral("--restore")});
            restore.waitForFinished(60000);
        }
        verifyCanaryAbsent();
    }
};

QTEST_GUILESS_MAIN(TestHostile)
#include "tst_hostile.moc"
