// SPDX-License-Identifier: GPL-3.0-or-later
// How long evaluating the checklist takes (issue 4: "evaluating 10,000 containers' facts takes under 1 s"):
// one host's stored evidence with N containers (a real Docker 20.10 inspect, varied per container), its
// images, daemon configuration, file modes and audit rules, through Evaluator::evaluateHost, as a scan and
// an offline re-evaluation do. Pure CPU: no fleet needed.
//
//   bench_evaluate [--containers N] [--runs R] [--workers W]   (W: judging threads, 0 = one per core)
#include "GeneratedContainers.h"
#include "checks/Evaluator.h"
#include "checks/HostEvidence.h"
#include "probes/Probe.h"
#include "probes/ProbeRedactor.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>

#include <algorithm>
#include <thread>

using namespace bulkhead;

namespace {

QByteArray readData(const char* name)
{
    QFile file(QStringLiteral(BULKHEAD_TEST_DATA "/") + QLatin1String(name));
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", name);
    return file.readAll();
}

Artifact stored(qint64 id, const QString& probe, const QByteArray& output, int exitStatus = 0)
{
    Artifact artifact;
    artifact.id = id;
    artifact.probe = probe;
    artifact.exitStatus = exitStatus;
    const Probe* known = ProbeCatalog::find(probe);
    artifact.output = known ? ProbeRedactor::redact(*known, output).output : output;
    return artifact;
}

QVector<Artifact> hostWith(int containers)
{
    QVector<Artifact> artifacts;
    artifacts << stored(
        1, QStringLiteral("docker.containers.inspect"),
        bench::generatedContainers(QStringLiteral(BULKHEAD_TEST_DATA "/container-app-20.10.json"), containers));
    artifacts << stored(2, QStringLiteral("docker.images.inspect"), readData("images-docker-20.10.json"));
    artifacts << stored(3, QStringLiteral("docker.info"), readData("docker-info-20.10.json"));
    const QByteArray args = QByteArray("dockerd") + '\0' + "--iptables=false" + '\0' + "--userland-proxy=false" + '\0';
    artifacts << stored(4, QStringLiteral("docker.dockerd.cmdline"),
                        "==> pid=17 uid=0 comm=dockerd bytes=" + QByteArray::number(args.size()) + " <==\n" + args +
                            "\n");
    Artifact noFile = stored(5, QStringLiteral("docker.daemon.json"), QByteArray(), 3);
    noFile.errorOutput = "bulkhead: not present: daemon.json\n";
    artifacts << noFile;
    artifacts << stored(6, QStringLiteral("docker.files.stat"),
                        "docker.sock|ok|/var/run/docker.sock|c1b0|0|994|root|docker|no\n"
                        "daemon.json|ok|/etc/docker/daemon.json|81a4|0|0|root|root|no\n"
                        "bin-dockerd|ok|/usr/sbin/dockerd|81ed|0|0|root|root|no\n");
    artifacts << stored(7, QStringLiteral("audit.rules.loaded"), "-w /usr/sbin/dockerd -p wa -k docker\n");
    return artifacts;
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QTextStream out(stdout);
    const QStringList args = QCoreApplication::arguments();
    const qsizetype at = args.indexOf(QStringLiteral("--containers"));
    const int containers = at >= 0 && at + 1 < args.size() ? std::max(1, args.at(at + 1).toInt()) : 10000;
    const qsizetype runsAt = args.indexOf(QStringLiteral("--runs"));
    const int runs = runsAt >= 0 && runsAt + 1 < args.size() ? std::max(1, args.at(runsAt + 1).toInt()) : 5;
    const qsizetype workersAt = args.indexOf(QStringLiteral("--workers"));
    const int workers = workersAt >= 0 && workersAt + 1 < args.size() ? std::max(0, args.at(workersAt + 1).toInt()) : 0;

    QElapsedTimer setup;
    setup.start();
    const QVector<Artifact> artifacts = hostWith(containers);
    out << QStringLiteral("evidence of one host with %1 containers: %2 MB of inspect JSON, built in %3 ms\n")
               .arg(containers)
               .arg(static_cast<double>(artifacts.front().output.size()) / 1e6, 0, 'f', 1)
               .arg(setup.elapsed());
    // Parsing the inspect output into typed facts (done once per host, shared by every check).
    QVector<qint64> parses;
    for (int run = 0; run < runs; ++run) {
        QElapsedTimer clock;
        clock.start();
        const HostEvidence evidence(artifacts);
        const bool parsed = std::holds_alternative<ContainerSet>(evidence.containers());
        parses << clock.elapsed();
        if (!parsed)
            qFatal("the generated inspect output does not parse");
    }
    std::sort(parses.begin(), parses.end());
    out << QStringLiteral("parse the inspect output into facts: median %1 ms\n").arg(parses.at(parses.size() / 2));
    QVector<qint64> times;
    qsizetype findings = 0;
    for (int run = 0; run < runs; ++run) {
        QElapsedTimer clock;
        clock.start();
        const QVector<Finding> result = Evaluator::evaluateHost(artifacts, {}, workers);
        times << clock.elapsed(); // the findings are the result: freeing them is the caller's, after storing them
        findings = result.size();
    }
    std::sort(times.begin(), times.end());
    out << QStringLiteral("evaluate %1 checks (parse included): %2 findings, median %3 ms (min %4, max %5) over %6 "
                          "runs\n")
               .arg(Evaluator::implementedChecks().size())
               .arg(findings)
               .arg(times.at(times.size() / 2))
               .arg(times.front())
               .arg(times.back())
               .arg(runs);
    out << QStringLiteral("judging the facts: %1 ms for %2 containers on %3 (target: under 1000 ms for 10,000)\n")
               .arg(times.at(times.size() / 2) - parses.at(parses.size() / 2))
               .arg(containers)
               .arg(workers == 0 ? QStringLiteral("every core (%1)").arg(std::thread::hardware_concurrency())
                                 : QStringLiteral("%1 thread(s)").arg(workers));
    return 0;
}
