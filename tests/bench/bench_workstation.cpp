// SPDX-License-Identifier: GPL-3.0-or-later
// How the workstation holds up on a big fleet (issue 5: "a workspace of 200 hosts x 50 containers opens in
// under 2 s; filtering the checklist takes under 100 ms; memory stays under 500 MB"). Builds the workspace
// once (the golden alpha host's real outputs, its containers replaced by 50 generated ones, judged by the
// Evaluator, stored 200 times), then opens it in the real MainWindow (offscreen), filters the findings,
// narrows the checklist, selects a check and a host, draws the dashboard, and reads the process's memory.
//
//   QT_QPA_PLATFORM=offscreen bench_workstation [--hosts N] [--containers C] [--runs R] [--workspace FILE]
// --workspace keeps the built workspace in FILE, and uses FILE as it is when it exists.
#include "BenchWorkspace.h"
#include "MainWindow.h"

#include <QAbstractItemView>
#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLineEdit>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTextStream>

#include <algorithm>

using namespace bulkhead;
using bulkhead::bench::buildWorkspace;
using bulkhead::bench::median;
using bulkhead::bench::memoryKb;

int main(int argc, char** argv)
{
    // The window as it first opens, whatever the user's settings hold.
    QTemporaryDir config;
    qputenv("XDG_CONFIG_HOME", QFile::encodeName(config.path()));
    QApplication app(argc, argv);
    QTextStream out(stdout);
    const QStringList args = QCoreApplication::arguments();
    QTemporaryDir dir;
    const bench::BenchRun bench = bench::benchRun(args, 3, dir.filePath(QStringLiteral("big.bulkhead")), out);
    const int runs = bench.runs;
    const QString path = bench.workspace;

    // The part of opening that is reading: the latest findings as reviewed, straight from the workspace.
    {
        auto workspace = Workspace::open(path, Workspace::OpenMode::ExistingOnly);
        QElapsedTimer clock;
        clock.start();
        auto findings = workspace.value()->reviewedFindings(std::nullopt, QDateTime::currentDateTimeUtc(), false);
        out << QStringLiteral("read the reviewed findings (%1, without evidence) from the workspace: %2 ms\n")
                   .arg(findings ? findings->size() : -1)
                   .arg(clock.elapsed());
    }
    QVector<qint64> opens, filters, clears, narrows, dashboards;
    for (int run = 0; run < runs; ++run) {
        MainWindow window;
        window.resize(1440, 880);
        window.show();
        QElapsedTimer clock;
        clock.start();
        if (auto opened = window.openWorkspace(path); !opened)
            qFatal("%s", qPrintable(opened.errorMessage()));
        QApplication::processEvents();
        opens << clock.elapsed();

        auto* filter = window.findChild<QLineEdit*>(QStringLiteral("filterEdit"));
        clock.restart();
        filter->setText(QStringLiteral("app-17")); // free text over every finding of the fleet
        QApplication::processEvents();
        filters << clock.elapsed();
        clock.restart();
        filter->clear();
        QApplication::processEvents();
        clears << clock.elapsed();

        // Selecting a check narrows the findings to it (the checklist filter of the window).
        auto* checks = window.findChild<QAbstractItemView*>(QStringLiteral("checksView"));
        clock.restart();
        checks->setCurrentIndex(checks->model()->index(3, 0));
        QApplication::processEvents();
        narrows << clock.elapsed();

        auto* tabs = window.findChild<QTabWidget*>(QStringLiteral("mainTabs"));
        clock.restart();
        tabs->setCurrentIndex(1);
        QApplication::processEvents();
        dashboards << clock.elapsed();
    }
    out << QStringLiteral("open the workspace in the window: median %1 ms (target: under 2000 ms)\n")
               .arg(median(opens));
    out << QStringLiteral("filter the findings by free text: median %1 ms, clear it: %2 ms (target: under 100 ms)\n")
               .arg(median(filters))
               .arg(median(clears));
    out << QStringLiteral("select a check (findings narrowed to it): median %1 ms\n").arg(median(narrows));
    out << QStringLiteral("draw the dashboard (scores, severity, trend): median %1 ms\n").arg(median(dashboards));
    out << QStringLiteral("memory: %1 MB resident now, %2 MB at the peak (target: under 500 MB)\n")
               .arg(memoryKb("VmRSS:") / 1024)
               .arg(memoryKb("VmHWM:") / 1024);
    return 0;
}
