// SPDX-License-Identifier: GPL-3.0-or-later
// Collection of one host with many containers (issue 3: 50 containers fully collected over SSH on
// loopback in under 2 s, with the ratio to the raw cost of the same commands through one OpenSSH
// connection). Seeds extra created containers on the fleet's alpha with the docker CLI over ssh,
// measures, and removes them again.
//
//   bench_collect --fleet DIR/fleet.json [--runs N] [--containers N]   (N: containers on alpha in all)
//
// Figures (medians over N runs):
//   scan          FleetScanner on alpha: connect, the whole probe catalog, store, evaluate
//   collect xK    connect + HostCollector with K parallel channels (K = 1: one probe at a time)
//   raw ssh       the same probe command lines, joined with ";", through one `ssh` run
#include "collect/HostCollector.h"
#include "probes/Probe.h"
#include "scan/FleetScanner.h"
#include "ssh/SshSession.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTextStream>

#include <algorithm>
#include <functional>

using namespace bulkhead;

namespace {

double median(QVector<double> samples)
{
    std::sort(samples.begin(), samples.end());
    return samples.isEmpty() ? 0 : samples.at(samples.size() / 2);
}

bool measure(int runs, const std::function<bool()>& body, double& result)
{
    QVector<double> samples;
    for (int i = 0; i < runs; ++i) {
        QElapsedTimer timer;
        timer.start();
        if (!body())
            return false;
        samples.push_back(static_cast<double>(timer.nsecsElapsed()) / 1e6);
    }
    result = median(samples);
    return true;
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QTextStream out(stdout);
    const QStringList args = QCoreApplication::arguments();
    const auto option = [&](const char* name, const QString& fallback) {
        const qsizetype at = args.indexOf(QLatin1String(name));
        return at >= 0 && at + 1 < args.size() ? args.at(at + 1) : fallback;
    };
    const QString fleetFile = option("--fleet", QString());
    const int runs = std::max(1, option("--runs", QStringLiteral("5")).toInt());
    const int wanted = std::clamp(option("--containers", QStringLiteral("50")).toInt(), 1, 1000);
    QFile file(fleetFile);
    if (fleetFile.isEmpty() || !file.open(QIODevice::ReadOnly)) {
        out << "usage: bench_collect --fleet DIR/fleet.json [--runs N] [--containers N] (is the fleet up?)\n";
        return 2;
    }
    const QJsonObject fleet = QJsonDocument::fromJson(file.readAll()).object();
    QJsonObject alpha;
    for (const auto& value : fleet.value(QStringLiteral("hosts")).toArray()) {
        if (value.toObject().value(QStringLiteral("name")).toString() == QLatin1String("alpha"))
            alpha = value.toObject();
    }
    if (alpha.isEmpty()) {
        out << "bench_collect: fleet.json lists no host alpha\n";
        return 1;
    }
    // --containers is the total on alpha: the seeded ones and as many created for the benchmark.
    const int seeded = static_cast<int>(alpha.value(QStringLiteral("containers")).toArray().size());
    const int extra = std::max(0, wanted - seeded);
    HostSpec host;
    host.user = QStringLiteral("root");
    host.address = alpha.value(QStringLiteral("address")).toString();
    host.port = alpha.value(QStringLiteral("port")).toInt();
    const QString identity = fleet.value(QStringLiteral("identity")).toString();
    const QString knownHosts = fleet.value(QStringLiteral("known_hosts")).toString();

    const auto ssh = [&](const QString& command, int timeoutMs, bool discardOutput) {
        QProcess process;
        if (discardOutput)
            process.setStandardOutputFile(QProcess::nullDevice());
        process.start(QStringLiteral("ssh"),
                      {QStringLiteral("-F"), QStringLiteral("/dev/null"), QStringLiteral("-i"), identity,
                       QStringLiteral("-o"), QStringLiteral("UserKnownHostsFile=") + knownHosts, QStringLiteral("-o"),
                       QStringLiteral("StrictHostKeyChecking=yes"), QStringLiteral("-o"),
                       QStringLiteral("BatchMode=yes"), QStringLiteral("-p"), QString::number(host.port),
                       QStringLiteral("root@") + host.address, command});
        return process.waitForFinished(timeoutMs) && process.exitStatus() == QProcess::NormalExit ? process.exitCode()
                                                                                                  : -1;
    };

    // Extra containers, created (not started): inspect, history and the evaluation see them all.
    const QString seed =
        QStringLiteral("for i in $(seq 1 %1); do docker create --name bench-$i --network none "
                       "--label bench=1 --env LOG_LEVEL=info bulkhead/base:1 true >/dev/null || exit 1; "
                       "done")
            .arg(extra);
    const QString unseed = QStringLiteral("docker ps -aq --filter label=bench=1 | xargs -r docker rm -f >/dev/null");
    ssh(unseed, 120000, true);
    QElapsedTimer seeding;
    seeding.start();
    if (extra > 0 && ssh(seed, 600000, true) != 0) {
        out << "bench_collect: seeding " << extra << " containers on alpha failed\n";
        ssh(unseed, 120000, true);
        return 1;
    }
    const int containers = seeded + extra;
    out << QStringLiteral("alpha: %1 containers (%2 seeded in %3 s), %4 probes\n")
               .arg(containers)
               .arg(extra)
               .arg(seeding.elapsed() / 1000.0, 0, 'f', 1)
               .arg(ProbeCatalog::all().size());
    out.flush();

    QTemporaryDir dir;
    int counter = 0;
    const auto scan = [&]() {
        ScanRequest request;
        request.workspacePath = dir.filePath(QStringLiteral("bench-%1.bulkhead").arg(++counter));
        request.hosts = {host};
        request.identityFile = identity;
        request.knownHostsFile = knownHosts;
        auto outcome = FleetScanner::run(request);
        if (!outcome || outcome->hosts.front().state != HostScanState::Done) {
            out << "bench_collect: scan failed: " << (outcome ? outcome->hosts.front().message : outcome.errorMessage())
                << "\n";
            return false;
        }
        return true;
    };
    const auto collect = [&](int channels, const QVector<Probe>& probes = ProbeCatalog::all()) {
        return [&, channels, probes]() {
            SshOptions options;
            options.host = host;
            options.identityFile = identity;
            options.knownHostsFile = knownHosts;
            options.useAgent = false;
            auto session = SshSession::connect(options);
            if (!session) {
                out << "bench_collect: " << session.errorMessage() << "\n";
                return false;
            }
            int artifacts = 0;
            auto summary = HostCollector::collect(
                *session.value(), probes, {},
                [&](Artifact&) -> Result<void> {
                    ++artifacts;
                    return {};
                },
                {}, nullptr, channels);
            return summary.ok() && summary->transportError.isEmpty() && artifacts == probes.size();
        };
    };
    QStringList commands;
    for (const Probe& probe : ProbeCatalog::all())
        commands << probe.command;
    const QString joined = commands.join(QStringLiteral("; "));
    const auto raw = [&]() { return ssh(joined, 120000, true) >= 0; };

    // The part that grows with containers: connect and the one probe that inspects them all.
    const QVector<Probe> inspectOnly{*ProbeCatalog::find(QStringLiteral("docker.containers.inspect"))};
    double scanMs = 0, serialMs = 0, parallelMs = 0, rawMs = 0, inspectMs = 0;
    const bool ok = measure(runs, scan, scanMs) && measure(runs, collect(1), serialMs) &&
                    measure(runs, collect(HostCollector::DefaultChannels), parallelMs) && measure(runs, raw, rawMs) &&
                    measure(runs, collect(1, inspectOnly), inspectMs);
    ssh(unseed, 120000, true);
    if (!ok) {
        out << "bench_collect: a run failed; no figures\n";
        return 1;
    }
    out << QStringLiteral("scan (connect, %1 probes, store, evaluate): median %2 ms over %3 runs\n")
               .arg(commands.size())
               .arg(scanMs, 0, 'f', 0)
               .arg(runs);
    out << QStringLiteral("collect x1 channel:  median %1 ms\n").arg(serialMs, 0, 'f', 0);
    out << QStringLiteral("collect x%1 channels: median %2 ms\n")
               .arg(HostCollector::DefaultChannels)
               .arg(parallelMs, 0, 'f', 0);
    out << QStringLiteral("raw: the same %1 commands through one OpenSSH connection: median %2 ms\n")
               .arg(commands.size())
               .arg(rawMs, 0, 'f', 0);
    out << QStringLiteral("connect + inspect of all %1 containers (redacted): median %2 ms\n")
               .arg(containers)
               .arg(inspectMs, 0, 'f', 0);
    out << QStringLiteral("ratio scan / raw: %1; collect x%2 / raw: %3\n")
               .arg(scanMs / rawMs, 0, 'f', 2)
               .arg(HostCollector::DefaultChannels)
               .arg(parallelMs / rawMs, 0, 'f', 2);
    return 0;
}
