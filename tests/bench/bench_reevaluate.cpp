// SPDX-License-Identifier: GPL-3.0-or-later
// How long re-evaluating a stored scan takes (issue 4: "re-evaluating a stored 200-host scan under 5 s"),
// as `bulkhead-cli evaluate` does it: for every host, read its artifacts from the workspace, judge them
// with its zone policy, and replace its findings (each host in one transaction, logged). The hosts are the
// golden cases of tests/data (real outputs of the four fleet hosts), repeated. No network.
//
//   bench_reevaluate [--hosts N] [--runs R]
#include "GoldenCase.h"
#include "checks/Evaluator.h"
#include "store/Workspace.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTextStream>

#include <algorithm>

using namespace bulkhead;

namespace {

QVector<QVector<Artifact>> goldenHosts()
{
    const QDir cases(QStringLiteral(BULKHEAD_SOURCE_DIR "/tests/data"));
    QVector<QVector<Artifact>> hosts;
    for (const QString& name : cases.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name))
        hosts << test::GoldenCase::read(QDir(cases.filePath(name))).artifacts;
    if (hosts.isEmpty())
        qFatal("no golden cases in tests/data");
    return hosts;
}

int option(const QStringList& args, const char* name, int fallback)
{
    const qsizetype at = args.indexOf(QLatin1String(name));
    return at >= 0 && at + 1 < args.size() ? std::max(1, args.at(at + 1).toInt()) : fallback;
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QTextStream out(stdout);
    const int hostCount = option(QCoreApplication::arguments(), "--hosts", 200);
    const int runs = option(QCoreApplication::arguments(), "--runs", 3);

    // The workspace on tmpfs when there is one: the bench measures reading, judging and writing, not
    // the disk's fsync (every commit is synchronous=FULL).
    QTemporaryDir dir(QDir(QStringLiteral("/dev/shm")).exists() ? QStringLiteral("/dev/shm/bulkhead-bench-XXXXXX")
                                                                : QString());
    const QString path = dir.filePath(QStringLiteral("fleet.bulkhead"));
    auto opened = Workspace::open(path);
    if (!opened)
        qFatal("%s", qPrintable(opened.errorMessage()));
    Workspace& workspace = *opened.value();
    const QVector<QVector<Artifact>> golden = goldenHosts();
    QElapsedTimer setup;
    setup.start();
    const qint64 scanId = workspace.beginScan(QStringLiteral("bench")).value();
    QVector<qint64> hostIds;
    qint64 bytes = 0;
    for (int i = 0; i < hostCount; ++i) {
        const qint64 hostId = workspace
                                  .upsertHost(HostSpec{QStringLiteral("root"),
                                                       QStringLiteral("10.1.%1.%2").arg(i / 250).arg(i % 250 + 1), 22})
                                  .value();
        for (Artifact artifact : golden.at(i % golden.size())) {
            artifact.scanId = scanId;
            artifact.hostId = hostId;
            bytes += artifact.output.size();
            if (auto stored = workspace.addArtifact(artifact); !stored)
                qFatal("%s", qPrintable(stored.errorMessage()));
        }
        hostIds << hostId;
    }
    if (auto finished = workspace.finishScan(scanId, ScanState::Complete); !finished)
        qFatal("%s", qPrintable(finished.errorMessage()));
    out << QStringLiteral("stored scan of %1 hosts: %2 artifacts, %3 MB, in %4 ms\n")
               .arg(hostCount)
               .arg(hostCount * golden.front().size())
               .arg(static_cast<double>(bytes) / 1e6, 0, 'f', 1)
               .arg(setup.elapsed());

    QVector<qint64> totals;
    qint64 readMs = 0;
    qint64 judgeMs = 0;
    qint64 writeMs = 0;
    qsizetype findings = 0;
    for (int run = 0; run < runs; ++run) {
        QElapsedTimer clock;
        clock.start();
        readMs = judgeMs = writeMs = 0;
        findings = 0;
        for (const qint64 hostId : std::as_const(hostIds)) {
            QElapsedTimer step;
            step.start();
            auto artifacts = workspace.artifacts(scanId, hostId);
            auto policy = workspace.policyForHost(hostId);
            readMs += step.restart();
            QVector<Finding> judged = Evaluator::evaluateHost(artifacts.value(), policy.value());
            for (Finding& finding : judged) {
                finding.scanId = scanId;
                finding.hostId = hostId;
            }
            judgeMs += step.restart();
            if (auto stored = workspace.replaceFindings(scanId, hostId, judged); !stored)
                qFatal("%s", qPrintable(stored.errorMessage()));
            writeMs += step.elapsed();
            findings += judged.size();
        }
        totals << clock.elapsed();
    }
    std::sort(totals.begin(), totals.end());
    out << QStringLiteral("re-evaluate %1 hosts (%2 checks, %3 findings): median %4 ms (min %5, max %6) over %7 runs; "
                          "last run: read %8 ms, judge %9 ms, write %10 ms (target: under 5000 ms for 200 hosts)\n")
               .arg(hostCount)
               .arg(Evaluator::implementedChecks().size())
               .arg(findings)
               .arg(totals.at(totals.size() / 2))
               .arg(totals.front())
               .arg(totals.back())
               .arg(runs)
               .arg(readMs)
               .arg(judgeMs)
               .arg(writeMs);
    auto report = workspace.verify();
    out << QStringLiteral("verify afterwards: %1\n")
               .arg(report && report->ok() ? QStringLiteral("ok") : QStringLiteral("FAILED"));
    return report && report->ok() ? 0 : 1;
}
