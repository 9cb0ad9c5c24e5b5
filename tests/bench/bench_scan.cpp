// SPDX-License-Identifier: GPL-3.0-or-later
// How long a scan takes against the test fleet: one host (connect, every probe, store, evaluate) and the
// whole fleet, compared with the raw cost of the same probe commands through one OpenSSH connection.
//
//   bench_scan --fleet DIR/fleet.json [--runs N] [--pool-logins] [--endpoints N [--endpoint-cpu PERCENT]]
//
// --endpoints N (issue 3: "20 hosts scanned with --jobs 8 in under 3x the time of one host"): N distinct
// SSH endpoints, the docker hosts and their aliases (`fleet up --aliases`), each a full scan as root,
// with --jobs 8, against the same scan of one host. Every endpoint's server side shares this machine's
// cores with the client.
//
// --endpoint-cpu PERCENT (default 15 when given without a value): hosts with a CPU of their own, as in a
// real fleet. Only alias endpoints, each an sshd in a cpu cgroup of its own (fleet.json:
// aliases[].cpu_cgroup), whose cpu.cfs_quota_us is set to PERCENT% of a core for the measurement (and
// back to -1, unlimited, afterwards). Their sessions and what they run (shells, docker CLI, apt) get that
// budget; the host's dockerd, shared by its aliases, does not (its API work is outside the cgroup).
// 8 endpoints in flight at 15% plus the client leave a 2-core machine unsaturated, so the figure shows
// the pool: ideally ceil(N/8) waves of one endpoint's time.
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

#include <cmath>
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

// The cpu budgets of alias endpoints' cgroups: set for the measurement, back to unlimited (-1) when this
// goes out of scope, whichever way the benchmark ends (a failed run included).
class CpuBudgets
{
public:
    CpuBudgets() = default;
    CpuBudgets(const CpuBudgets&) = delete;
    CpuBudgets& operator=(const CpuBudgets&) = delete;
    ~CpuBudgets()
    {
        for (const QString& cgroup : std::as_const(m_set))
            writeValue(cgroup + QStringLiteral("/cpu.cfs_quota_us"), QByteArrayLiteral("-1"));
    }

    // quota = percent% of the cgroup's period. False (with why in `error`) when the cgroup refuses.
    bool limit(const QString& cgroup, int percent, QString& error)
    {
        QFile periodFile(cgroup + QStringLiteral("/cpu.cfs_period_us"));
        if (!periodFile.open(QIODevice::ReadOnly)) {
            error =
                QStringLiteral("cannot read %1 (is the fleet up, and this run as root?)").arg(periodFile.fileName());
            return false;
        }
        const qlonglong period = periodFile.readAll().trimmed().toLongLong();
        const qlonglong quota = std::max<qlonglong>(1000, period * percent / 100); // the kernel's minimum: 1 ms
        m_set.push_back(cgroup);
        if (!writeValue(cgroup + QStringLiteral("/cpu.cfs_quota_us"), QByteArray::number(quota))) {
            error = QStringLiteral("cannot write %1/cpu.cfs_quota_us").arg(cgroup);
            return false;
        }
        m_quotaUs = quota;
        m_periodUs = period;
        return true;
    }

    // How often the kernel throttled these cgroups (cpu.stat nr_throttled, summed): > 0 means the
    // budget, not the client or the network, bounded the endpoints.
    qlonglong throttled() const
    {
        qlonglong total = 0;
        for (const QString& cgroup : m_set) {
            QFile stat(cgroup + QStringLiteral("/cpu.stat"));
            if (!stat.open(QIODevice::ReadOnly))
                continue;
            for (const QByteArray& line : stat.readAll().split('\n')) {
                if (line.startsWith("nr_throttled "))
                    total += line.mid(13).trimmed().toLongLong();
            }
        }
        return total;
    }

    qlonglong quotaUs() const { return m_quotaUs; }
    qlonglong periodUs() const { return m_periodUs; }

private:
    static bool writeValue(const QString& path, const QByteArray& value)
    {
        QFile file(path);
        return file.open(QIODevice::WriteOnly) && file.write(value) == value.size() && file.flush();
    }

    QStringList m_set;
    qlonglong m_quotaUs = 0;
    qlonglong m_periodUs = 0;
};

// N alias endpoints, each held to `percent`% of a core (its cpu cgroup), with --jobs 8 against one of
// them alone. With the server side no longer competing for the client's cores, the ratio shows the
// pool: a pool of 8 needs ceil(N/8) waves, so "pool efficiency" = ideal waves / measured ratio. (Over
// 100% when endpoints in the pool finish sooner than one alone: part of a scan's time is outside the
// endpoint's budget, in the shared dockerd and the client, and varies with the machine's load.)
bool benchEndpointsOwnCpu(const QJsonObject& fleet, int endpoints, int runs, int percent, QTextStream& out)
{
    QVector<HostSpec> list;
    QStringList cgroups;
    QStringList hostOf; // the fleet host behind each alias (alpha has more containers than bravo)
    for (const auto& value : fleet.value(QStringLiteral("aliases")).toArray()) {
        const QString cgroup = value.toObject().value(QStringLiteral("cpu_cgroup")).toString();
        if (cgroup.isEmpty())
            continue;
        list.push_back(specOf(value.toObject()));
        cgroups.push_back(cgroup);
        hostOf.push_back(value.toObject().value(QStringLiteral("host")).toString());
    }
    if (list.size() < endpoints) {
        out << "bench_scan: fleet.json has " << list.size() << " alias endpoints with a cpu_cgroup, " << endpoints
            << " wanted (fleet up --aliases " << (endpoints + 2) / 3 << ", on a machine with cgroup v1 cpu)\n";
        return false;
    }
    list.resize(endpoints);
    cgroups = cgroups.mid(0, endpoints);
    CpuBudgets budgets;
    for (const QString& cgroup : std::as_const(cgroups)) {
        QString error;
        if (!budgets.limit(cgroup, percent, error)) {
            out << "bench_scan: " << error << "\n";
            return false;
        }
    }
    out << QStringLiteral("each of %1 alias endpoints limited to %2% of a core (cpu.cfs_quota_us %3 of period %4); "
                          "the hosts' dockerds are shared by their aliases and not limited\n")
               .arg(endpoints)
               .arg(percent)
               .arg(budgets.quotaUs())
               .arg(budgets.periodUs());
    out.flush();
    QTemporaryDir dir;
    auto scan = [&](const QVector<HostSpec>& hosts, int jobs) { return scanOnce(fleet, dir, hosts, jobs, false, out); };
    // One endpoint alone, for each fleet host among the N: the fleet is mixed (alpha has ten containers,
    // the others fewer), so the reference is the average endpoint of the N, not the heaviest or the
    // lightest host alone.
    Figures one;
    Figures many;
    const CpuSample start = cpuNow();
    double weighted = 0;
    QStringList singles;
    hostOf = hostOf.mid(0, endpoints);
    QStringList hosts = hostOf;
    hosts.removeDuplicates();
    for (const QString& host : std::as_const(hosts)) {
        Figures alone;
        const HostSpec endpoint = list.at(hostOf.indexOf(host));
        if (!measure(
                runs, [&] { return scan({endpoint}, 1); }, alone))
            return false;
        weighted += alone.medianMs * static_cast<double>(hostOf.count(host)) / endpoints;
        singles << QStringLiteral("%1 %2 ms (x%3)").arg(host).arg(alone.medianMs, 0, 'f', 0).arg(hostOf.count(host));
    }
    one.medianMs = weighted; // the reference below
    out << QStringLiteral("own CPU: one endpoint alone, per host: %1; the average endpoint of the %2: %3 ms\n")
               .arg(singles.join(QStringLiteral(", ")))
               .arg(endpoints)
               .arg(weighted, 0, 'f', 0);
    const CpuSample middle = cpuNow();
    const qlonglong throttledBefore = budgets.throttled();
    if (!measure(
            runs, [&] { return scan(list, 8); }, many))
        return false;
    const CpuSample end = cpuNow();
    const long cores = sysconf(_SC_NPROCESSORS_ONLN);
    const double ratio = many.medianMs / one.medianMs;
    const int waves = (endpoints + 7) / 8;
    out << QStringLiteral("one endpoint: %1 of %2 cores busy on average; %3 endpoints: %4 of %2 cores busy, "
                          "endpoints throttled %5 times\n")
               .arg((middle.machineBusyMs - start.machineBusyMs) / (one.medianMs * runs), 0, 'f', 2)
               .arg(cores)
               .arg(endpoints)
               .arg((end.machineBusyMs - middle.machineBusyMs) / (many.medianMs * runs), 0, 'f', 2)
               .arg(budgets.throttled() - throttledBefore);
    out << QStringLiteral("own CPU: the average endpoint alone: %1 ms; %2 endpoints with --jobs 8: "
                          "median %3 ms (min %4, max %5), %6x the time of one endpoint; ideal for a pool of 8: "
                          "%7 waves (%7x), pool efficiency %8%\n")
               .arg(one.medianMs, 0, 'f', 0)
               .arg(endpoints)
               .arg(many.medianMs, 0, 'f', 0)
               .arg(many.minMs, 0, 'f', 0)
               .arg(many.maxMs, 0, 'f', 0)
               .arg(ratio, 0, 'f', 2)
               .arg(waves)
               .arg(100.0 * waves / ratio, 0, 'f', 0);
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
        out << "usage: bench_scan --fleet DIR/fleet.json [--runs N] [--pool-logins] [--endpoints N "
               "[--endpoint-cpu PERCENT]]\n";
        return 2;
    }
    const int runs = runsAt >= 0 && runsAt + 1 < args.size() ? std::max(1, args.at(runsAt + 1).toInt()) : 7;
    const qsizetype endpointsAt = args.indexOf(QStringLiteral("--endpoints"));
    const int endpoints =
        endpointsAt >= 0 && endpointsAt + 1 < args.size() ? std::clamp(args.at(endpointsAt + 1).toInt(), 1, 200) : 0;
    // --endpoint-cpu [PERCENT]: 1-100, 15 when no number follows.
    const qsizetype cpuAt = args.indexOf(QStringLiteral("--endpoint-cpu"));
    int endpointCpu = 0;
    if (cpuAt >= 0) {
        bool isNumber = false;
        const int given = cpuAt + 1 < args.size() ? args.at(cpuAt + 1).toInt(&isNumber) : 0;
        endpointCpu = isNumber ? std::clamp(given, 1, 100) : 15;
        if (endpoints == 0) {
            out << "bench_scan: --endpoint-cpu needs --endpoints N\n";
            return 2;
        }
    }
    QFile file(args.at(fleetAt + 1));
    if (!file.open(QIODevice::ReadOnly)) {
        out << "bench_scan: cannot read " << file.fileName() << " (is the test fleet up?)\n";
        return 1;
    }
    const QJsonObject fleet = QJsonDocument::fromJson(file.readAll()).object();
    if (endpoints > 0) {
        const bool ok = endpointCpu > 0 ? benchEndpointsOwnCpu(fleet, endpoints, runs, endpointCpu, out)
                                        : benchEndpoints(fleet, endpoints, runs, out);
        if (!ok) {
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
