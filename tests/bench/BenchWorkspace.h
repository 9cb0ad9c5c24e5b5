// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The big fleet the workstation and binder benchmarks measure: the golden alpha host's real outputs, its
// containers replaced by generated ones, judged by the Evaluator and stored once per host.
#include "GeneratedContainers.h"
#include "GoldenCase.h"
#include "checks/Evaluator.h"
#include "probes/Probe.h"
#include "probes/ProbeRedactor.h"
#include "store/Workspace.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QTextStream>

#include <algorithm>

namespace bulkhead::bench {

// The golden alpha host's artifacts, its container inspect replaced by `containers` generated containers.
inline QVector<Artifact> hostArtifacts(int containers)
{
    const QDir dir(QStringLiteral(BULKHEAD_SOURCE_DIR "/tests/data/fleet-alpha"));
    const QByteArray inspect =
        generatedContainers(QStringLiteral(BULKHEAD_SOURCE_DIR "/tests/model/data/container-app-20.10.json"),
                            containers, QJsonDocument::Indented);
    QVector<Artifact> artifacts = test::GoldenCase::read(dir).artifacts;
    for (Artifact& artifact : artifacts) {
        if (artifact.probe == QLatin1String("docker.containers.inspect"))
            artifact.output = ProbeRedactor::redact(*ProbeCatalog::find(artifact.probe), inspect).output;
    }
    return artifacts;
}

// `zones` > 0 spreads the hosts over that many zones (zone-0 .. zone-N, the last one out of scope).
inline QString buildWorkspace(const QString& path, int hosts, int containers, QTextStream& out, int zones = 0)
{
    QElapsedTimer clock;
    clock.start();
    auto opened = Workspace::open(path);
    if (!opened)
        qFatal("%s", qPrintable(opened.errorMessage()));
    Workspace& ws = *opened.value();
    const QVector<Artifact> artifacts = hostArtifacts(containers); // with the case's ids, mapped when stored
    const QVector<Finding> findings = Evaluator::evaluateHost(artifacts);
    for (int z = 0; z < zones; ++z) {
        Zone zone;
        zone.name = QStringLiteral("zone-%1").arg(z);
        zone.scope = z + 1 < zones || zones == 1 ? ZoneScope::In : ZoneScope::Out;
        zone.rationale = QStringLiteral("Generated zone %1 of the benchmark fleet").arg(z);
        if (auto upserted = ws.upsertZone(zone); !upserted)
            qFatal("%s", qPrintable(upserted.errorMessage()));
    }
    const qint64 scan = ws.beginScan(QStringLiteral("bench")).value();
    for (int h = 0; h < hosts; ++h) {
        HostSpec spec;
        spec.user = QStringLiteral("root");
        spec.address = QStringLiteral("10.%1.%2.%3").arg(h / 65536).arg((h / 256) % 256).arg(h % 256);
        spec.port = 22;
        const qint64 host = ws.upsertHost(spec).value();
        const QString zone = zones > 0 ? QStringLiteral("zone-%1").arg(h % zones) : QString();
        if (auto zoned = ws.setHostZone(host, zone); !zoned)
            qFatal("%s", qPrintable(zoned.errorMessage()));
        QHash<qint64, qint64> stored;
        for (const Artifact& artifact : std::as_const(artifacts)) {
            Artifact copy = artifact;
            copy.scanId = scan;
            copy.hostId = host;
            copy.startedUtc = QDateTime::currentDateTimeUtc();
            copy.finishedUtc = copy.startedUtc;
            stored.insert(artifact.id, ws.addArtifact(copy).value());
        }
        QVector<Finding> mine = findings;
        for (Finding& finding : mine) {
            for (EvidenceRef& ref : finding.evidence)
                ref.artifactId = stored.value(ref.artifactId);
        }
        if (auto replaced = ws.replaceFindings(scan, host, mine); !replaced)
            qFatal("%s", qPrintable(replaced.errorMessage()));
        (void)ws.setHostScan(HostScanRecord{scan, host, {}, HostScanState::Done, {}, {}, {}, {}});
    }
    (void)ws.finishScan(scan, ScanState::Complete);
    out << QStringLiteral("workspace of %1 hosts x %2 containers: %3 findings, %4 MB, built in %5 s\n")
               .arg(hosts)
               .arg(containers)
               .arg(findings.size() * hosts)
               .arg(static_cast<double>(QFileInfo(path).size()) / 1e6, 0, 'f', 0)
               .arg(static_cast<double>(clock.elapsed()) / 1000.0, 0, 'f', 1);
    return path;
}

inline qint64 memoryKb(const char* field)
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray& line : status.readAll().split('\n')) {
        if (line.startsWith(field))
            return line.mid(qstrlen(field)).trimmed().split(' ').value(0).toLongLong();
    }
    return -1;
}

inline qint64 median(QVector<qint64> values)
{
    std::sort(values.begin(), values.end());
    return values.value(values.size() / 2);
}

// The benchmarks' command line: --hosts N --containers C --runs R --workspace FILE. The workspace is FILE as
// it is when it exists; otherwise it is built (into FILE, or into `scratch`) with `zones` zones.
struct BenchRun
{
    int hosts = 200;
    int containers = 50;
    int runs = 1;
    QString workspace;
};

inline BenchRun benchRun(const QStringList& args, int runs, const QString& scratch, QTextStream& out, int zones = 0)
{
    const auto option = [&args](const char* name, int fallback) {
        const qsizetype at = args.indexOf(QLatin1String(name));
        return at >= 0 && at + 1 < args.size() ? std::max(1, args.at(at + 1).toInt()) : fallback;
    };
    BenchRun run;
    run.hosts = option("--hosts", run.hosts);
    run.containers = option("--containers", run.containers);
    run.runs = option("--runs", runs);
    const qsizetype kept = args.indexOf(QLatin1String("--workspace"));
    const QString path = kept >= 0 && kept + 1 < args.size() ? args.at(kept + 1) : scratch;
    run.workspace = QFileInfo::exists(path) ? path : buildWorkspace(path, run.hosts, run.containers, out, zones);
    return run;
}

} // namespace bulkhead::bench
