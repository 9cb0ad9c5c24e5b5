// SPDX-License-Identifier: GPL-3.0-or-later
// How long a scan takes against the test fleet: one host (connect, every probe, store, evaluate) and the
// whole fleet, compared with the raw cost of the same probe commands through one OpenSSH connection.
//
//   bench_scan --fleet DIR/fleet.json [--runs N] [--pool-logins] [--endpoints N]
//
// --endpoints N (issue 3: "20 hosts scanned with --jobs 8 in under 3x the time of one host"): N distinct
// SSH endpoints, the docker hosts and their aliases (`fleet up --aliases`), each a full scan as root,
// with --jobs 8, against the same scan of one host.
#include "probes/Probe.h"
#include "scan/FleetScanner.h"

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

#include <cstdio>
#include <functional>
#include <sys/resource.h>
#include <unistd.h>

using namespace bulkhead;

namespace {

struct Figures
{
    double medianMs = 0;
    double minMs = 0;
    double maxMs = 0;
};

// Runs `body` n times; a failed run aborts the benchmark (a figure of a failing scan means nothing).
bool measure(int runs, const std::function<bool()>& body, Figures& figures)
{
    QVector<double> samples;
    for (int i = 0; i < runs; ++i) {
        QElapsedTimer timer;
        timer.start();
        if (!body())
            return false;
        samples.push_back(static_cast<double>(timer.nsecsElapsed()) / 1e6);
    }
    std::sort(samples.begin(), samples.end());
    figures = {samples.at(samples.size() / 2), samples.front(), samples.back()};
    return true;
}

HostSpec specOf(const QJsonObject& host)
{
    HostSpec spec;
    spec.user = QStringLiteral("root");
    spec.address = host.value(QStringLiteral("address")).toString();
    spec.port = host.value(QStringLiteral("port")).toInt();
    return spec;
}

// One scan into a new workspace in `dir`. A run counts when every host ended Done (or Partial, where
// `partialOk`: delta without docker and the outsider without docker access are partial by design).
bool scanOnce(const QJsonObject& fleet, const QTemporaryDir& dir, const QVector<HostSpec>& hosts, int jobs,
              bool partialOk, QTextStream& out)
{
    static int counter = 0;
    ScanRequest request;
    request.workspacePath = dir.filePath(QStringLiteral("bench-%1.bulkhead").arg(++counter));
    request.hosts = hosts;
    request.jobs = jobs;
    request.identityFile = fleet.value(QStringLiteral("identity")).toString();
    request.knownHostsFile = fleet.value(QStringLiteral("known_hosts")).toString();
    Result<ScanOutcome> outcome = FleetScanner::run(request);
    if (!outcome) {
        out << "bench_scan: " << outcome.error().message << "\n";
        return false;
    }
    for (const HostOutcome& host : outcome->hosts) {
        if (host.state != HostScanState::Done && !(partialOk && host.state == HostScanState::Partial)) {
            out << "bench_scan: " << host.host.toString() << ": " << host.message << "\n";
            return false;
        }
    }
    return true;
}

// The pool: the whole fleet scanned with --jobs 1 and 4; with withLogins also every host with each of
// its users (12 logins) at --jobs 1, 4 and 8 (long: minutes on a busy machine). A run counts when no
// host failed: delta (no docker) and the outsider (no docker access) end partial by design.
bool benchFleetJobs(const QJsonObject& fleet, int runs, bool withLogins, QTextStream& out)
{
    QVector<HostSpec> hosts;
    QVector<HostSpec> logins;
    for (const QString& user : {QStringLiteral("root"), QStringLiteral("auditor"), QStringLiteral("outsider")}) {
        for (const auto& value : fleet.value(QStringLiteral("hosts")).toArray()) {
            HostSpec spec = specOf(value.toObject());
            spec.user = user;
            if (user == QLatin1String("root"))
                hosts.push_back(spec);
            logins.push_back(spec);
        }
    }
    QTemporaryDir dir;
    auto scan = [&](const QVector<HostSpec>& list, int jobs) { return scanOnce(fleet, dir, list, jobs, true, out); };
    QVector<std::pair<QVector<HostSpec>, QString>> sets{{hosts, QStringLiteral("the fleet (%1 hosts)")}};
    if (withLogins)
        sets.append({logins, QStringLiteral("every host x user (%1 logins)")});
    for (const auto& [list, what] : sets) {
        Figures serial;
        if (!measure(
                runs, [&] { return scan(list, 1); }, serial))
            return false;
        out << QStringLiteral("scan of %1, --jobs 1: median %2 ms (min %3, max %4)\n")
                   .arg(what.arg(list.size()))
                   .arg(serial.medianMs, 0, 'f', 0)
                   .arg(serial.minMs, 0, 'f', 0)
                   .arg(serial.maxMs, 0, 'f', 0);
        for (int jobs : {4, 8}) {
            if (jobs > list.size())
                continue;
            Figures pooled;
            if (!measure(
                    runs, [&] { return scan(list, jobs); }, pooled))
                return false;
            out << QStringLiteral("scan of %1, --jobs %2: median %3 ms (min %4, max %5), %6x faster than --jobs 1\n")
                       .arg(what.arg(list.size()))
                       .arg(jobs)
                       .arg(pooled.medianMs, 0, 'f', 0)
                       .arg(pooled.minMs, 0, 'f', 0)
                       .arg(pooled.maxMs, 0, 'f', 0)
                       .arg(serial.medianMs / pooled.medianMs, 0, 'f', 2);
        }
    }
    return true;
}

// CPU time of the whole machine (busy jiffies of /proc/stat, in ms) and of this process (ms).
struct CpuSample
{
    double machineBusyMs = 0;
    double machineTotalMs = 0;
    double selfMs = 0;
};

CpuSample cpuNow()
{
    CpuSample sample;
    QFile stat(QStringLiteral("/proc/stat"));
    if (stat.open(QIODevice::ReadOnly)) {
        const QList<QByteArray> fields = stat.readLine().simplified().split(' ');
        const double tick = 1000.0 / static_cast<double>(sysconf(_SC_CLK_TCK));
        for (qsizetype i = 1; i < fields.size(); ++i) {
            const double ms = fields.at(i).toDouble() * tick;
            sample.machineTotalMs += ms;
            if (i != 4 && i != 5) // idle, iowait
                sample.machineBusyMs += ms;
        }
    }
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    sample.selfMs = static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1000.0 +
                    static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1000.0;
    return sample;
}

// N endpoints (the docker hosts, then their aliases from fleet.json) with --jobs 8 against one host.
// Every endpoint's server side (sshd, docker CLI, apt, ...) runs on this machine too: the CPU figures
// say how much of it Bulkhead itself used and how busy the machine's cores were.
bool benchEndpoints(const QJsonObject& fleet, int endpoints, int runs, QTextStream& out)
{
    QVector<HostSpec> list;
    for (const auto& value : fleet.value(QStringLiteral("hosts")).toArray()) {
        if (value.toObject().value(QStringLiteral("docker")).toBool())
            list.push_back(specOf(value.toObject()));
    }
    for (const auto& value : fleet.value(QStringLiteral("aliases")).toArray())
        list.push_back(specOf(value.toObject()));
    if (list.size() < endpoints) {
        out << "bench_scan: fleet.json has " << list.size() << " endpoints, " << endpoints
            << " wanted (fleet up --aliases " << (endpoints + 2) / 3 << ")\n";
        return false;
    }
    list.resize(endpoints);
    QTemporaryDir dir;
    auto scan = [&](const QVector<HostSpec>& hosts, int jobs) { return scanOnce(fleet, dir, hosts, jobs, false, out); };
    Figures one;
    Figures many;
    const CpuSample start = cpuNow();
    if (!measure(
            runs, [&] { return scan({list.front()}, 1); }, one))
        return false;
    const CpuSample middle = cpuNow();
    if (!measure(
            runs, [&] { return scan(list, 8); }, many))
        return false;
    const CpuSample end = cpuNow();
    const long cores = sysconf(_SC_NPROCESSORS_ONLN);
    const auto busyCores = [](const CpuSample& a, const CpuSample& b, double wallMs) {
        return wallMs > 0 ? (b.machineBusyMs - a.machineBusyMs) / wallMs : 0;
    };
    const double oneWall = one.medianMs * runs; // approximately: the samples' sum
    const double manyWall = many.medianMs * runs;
    out << QStringLiteral("one host: Bulkhead's own CPU %1 ms per host scan, %2 of %3 cores busy on average\n")
               .arg((middle.selfMs - start.selfMs) / runs, 0, 'f', 0)
               .arg(busyCores(start, middle, oneWall), 0, 'f', 2)
               .arg(cores);
    out << QStringLiteral(
               "%1 hosts: Bulkhead's own CPU %2 ms per host scan, %3 of %4 cores busy on average; machine CPU "
               "per host scan (servers and client) %5 ms\n")
               .arg(endpoints)
               .arg((end.selfMs - middle.selfMs) / (runs * endpoints), 0, 'f', 0)
               .arg(busyCores(middle, end, manyWall), 0, 'f', 2)
               .arg(cores)
               .arg((end.machineBusyMs - middle.machineBusyMs) / (runs * endpoints), 0, 'f', 0);
    out << QStringLiteral("scan of 1 host: median %1 ms; of %2 hosts with --jobs 8: median %3 ms (min %4, max %5), "
                          "%6x the time of one host (target: under 3x)\n")
               .arg(one.medianMs, 0, 'f', 0)
               .arg(endpoints)
               .arg(many.medianMs, 0, 'f', 0)
               .arg(many.minMs, 0, 'f', 0)
               .arg(many.maxMs, 0, 'f', 0)
               .arg(many.medianMs / one.medianMs, 0, 'f', 2);
    return true;
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QTextStream out(stdout);
    const QStringList args = QCoreApplication::arguments();
    const qsizetype fleetAt = args.indexOf(QStringLiteral("--fleet"));
    const qsizetype runsAt = args.indexOf(QStringLiteral("--runs"));
    if (fleetAt < 0 || fleetAt + 1 >= args.size()) {
        out << "usage: bench_scan --fleet DIR/fleet.json [--runs N] [--pool-logins] [--endpoints N]\n";
        return 2;
    }
    const int runs = runsAt >= 0 && runsAt + 1 < args.size() ? std::max(1, args.at(runsAt + 1).toInt()) : 7;
    const qsizetype endpointsAt = args.indexOf(QStringLiteral("--endpoints"));
    const int endpoints =
        endpointsAt >= 0 && endpointsAt + 1 < args.size() ? std::clamp(args.at(endpointsAt + 1).toInt(), 1, 200) : 0;
    QFile file(args.at(fleetAt + 1));
    if (!file.open(QIODevice::ReadOnly)) {
        out << "bench_scan: cannot read " << file.fileName() << " (is the test fleet up?)\n";
        return 1;
    }
    const QJsonObject fleet = QJsonDocument::fromJson(file.readAll()).object();
    if (endpoints > 0) {
        if (!benchEndpoints(fleet, endpoints, runs, out)) {
            out << "bench_scan: a run failed; no figures\n";
            return 1;
        }
        return 0;
    }
    QVector<HostSpec> dockerHosts;
    QJsonObject alpha;
    for (const auto& value : fleet.value(QStringLiteral("hosts")).toArray()) {
        const QJsonObject host = value.toObject();
        if (host.value(QStringLiteral("docker")).toBool())
            dockerHosts.push_back(specOf(host));
        if (host.value(QStringLiteral("name")).toString() == QLatin1String("alpha"))
            alpha = host;
    }
    if (alpha.isEmpty() || dockerHosts.isEmpty()) {
        out << "bench_scan: fleet.json lists no host alpha\n";
        return 1;
    }

    QTemporaryDir dir;
    auto scan = [&](const QVector<HostSpec>& hosts) {
        return scanOnce(fleet, dir, hosts, ScanRequest::DefaultJobs, false, out);
    };

    // The raw cost: the same probe commands, one OpenSSH connection, output thrown away.
    QStringList commands;
    for (const Probe& probe : ProbeCatalog::dockerProbes())
        commands << probe.command;
    const HostSpec alphaSpec = specOf(alpha);
    auto raw = [&]() {
        QProcess ssh;
        ssh.setStandardOutputFile(QProcess::nullDevice());
        ssh.start(QStringLiteral("ssh"),
                  {QStringLiteral("-F"), QStringLiteral("/dev/null"), QStringLiteral("-i"),
                   fleet.value(QStringLiteral("identity")).toString(), QStringLiteral("-o"),
                   QStringLiteral("UserKnownHostsFile=") + fleet.value(QStringLiteral("known_hosts")).toString(),
                   QStringLiteral("-o"), QStringLiteral("StrictHostKeyChecking=yes"), QStringLiteral("-o"),
                   QStringLiteral("BatchMode=yes"), QStringLiteral("-p"), QString::number(alphaSpec.port),
                   QStringLiteral("root@") + alphaSpec.address, commands.join(QStringLiteral("; "))});
        return ssh.waitForFinished(120000) && ssh.exitStatus() == QProcess::NormalExit && ssh.exitCode() == 0;
    };

    Figures one;
    Figures whole;
    Figures rawSsh;
    if (!measure(
            runs, [&] { return scan({alphaSpec}); }, one) ||
        !measure(runs, raw, rawSsh) ||
        !measure(
            runs, [&] { return scan(dockerHosts); }, whole)) {
        out << "bench_scan: a run failed; no figures\n";
        return 1;
    }
    const int containers = static_cast<int>(alpha.value(QStringLiteral("containers")).toArray().size());
    out << QStringLiteral("scan of one host (alpha, %1 containers): median %2 ms (min %3, max %4) over %5 runs\n")
               .arg(containers)
               .arg(one.medianMs, 0, 'f', 0)
               .arg(one.minMs, 0, 'f', 0)
               .arg(one.maxMs, 0, 'f', 0)
               .arg(runs);
    out << QStringLiteral("same %1 probe commands through one OpenSSH connection: median %2 ms (ratio %3)\n")
               .arg(commands.size())
               .arg(rawSsh.medianMs, 0, 'f', 0)
               .arg(one.medianMs / rawSsh.medianMs, 0, 'f', 2);
    out << QStringLiteral("scan of the fleet (%1 docker hosts, default --jobs 4): median %2 ms (min %3, max %4)\n")
               .arg(dockerHosts.size())
               .arg(whole.medianMs, 0, 'f', 0)
               .arg(whole.minMs, 0, 'f', 0)
               .arg(whole.maxMs, 0, 'f', 0);
    out.flush();
    if (!benchFleetJobs(fleet, std::min(runs, 3), args.contains(QStringLiteral("--pool-logins")), out)) {
        out << "bench_scan: a pool run failed; no figures\n";
        return 1;
    }
    return 0;
}
