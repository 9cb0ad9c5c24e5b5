// SPDX-License-Identifier: GPL-3.0-or-later
// The audit binder of a big fleet (issue 6: "a binder for 200 hosts x 50 containers renders in under 30 s
// with bounded memory"). Builds the workspace once (BenchWorkspace.h: 200 hosts in 4 zones, the last out of
// scope), then writes the whole binder and a one-zone binder, and reads the process's memory after each.
//
//   QT_QPA_PLATFORM=offscreen bench_binder [--hosts N] [--containers C] [--runs R] [--workspace FILE]
// --workspace keeps the built workspace in FILE, and uses FILE as it is when it exists.
#include "BenchWorkspace.h"
#include "report/BinderWriter.h"

#include <QGuiApplication>
#include <QTemporaryDir>

using namespace bulkhead;
using bulkhead::bench::median;
using bulkhead::bench::memoryKb;

int main(int argc, char** argv)
{
    QGuiApplication app(argc, argv);
    QTextStream out(stdout);
    const QStringList args = QCoreApplication::arguments();
    QTemporaryDir dir;
    const bench::BenchRun bench = bench::benchRun(args, 2, dir.filePath(QStringLiteral("big.bulkhead")), out, 4);
    const int runs = bench.runs;
    const QString path = bench.workspace;
    auto workspace = Workspace::open(path, Workspace::OpenMode::ExistingOnly);
    if (!workspace)
        qFatal("%s", qPrintable(workspace.errorMessage()));
    out << QStringLiteral("memory before the first binder: %1 MB resident\n").arg(memoryKb("VmRSS:") / 1024);
    out.flush();

    const auto measure = [&](const QString& what, const BinderOptions& options) {
        QVector<qint64> times;
        BinderStats stats;
        const QString pdf = dir.filePath(QStringLiteral("binder.pdf"));
        for (int run = 0; run < runs; ++run) {
            QElapsedTimer clock;
            clock.start();
            auto written = BinderWriter::write(*workspace.value(), pdf, options);
            if (!written)
                qFatal("%s", qPrintable(written.errorMessage()));
            times << clock.elapsed();
            stats = written.value();
        }
        out << QStringLiteral("%1: median %2 ms of %3 runs (target: under 30000 ms; last run: read %10 ms, lay out "
                              "%11 ms, paint %12 ms); %4 pages, %5 findings, %6 artifacts, %7 MB of PDF; memory %8 MB "
                              "resident, %9 MB at the peak\n")
                   .arg(what)
                   .arg(median(times))
                   .arg(runs)
                   .arg(stats.pages)
                   .arg(stats.findings)
                   .arg(stats.artifacts)
                   .arg(static_cast<double>(QFileInfo(pdf).size()) / 1e6, 0, 'f', 1)
                   .arg(memoryKb("VmRSS:") / 1024)
                   .arg(memoryKb("VmHWM:") / 1024)
                   .arg(stats.readMs)
                   .arg(stats.layoutMs)
                   .arg(stats.paintMs);
        out.flush();
    };
    measure(QStringLiteral("the whole binder"), BinderOptions{});
    measure(QStringLiteral("the binder of one zone"), BinderOptions{{QStringLiteral("zone-0")}, {}});
    return 0;
}
