// SPDX-License-Identifier: GPL-3.0-or-later
#include "Cli.h"
#include "store/ActivityLog.h"

#include <QCoreApplication>
#include <QGuiApplication>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <memory>

namespace {

std::atomic<bool> g_cancel{false};

extern "C" void onInterrupt(int)
{
    g_cancel.store(true);
}

} // namespace

int main(int argc, char** argv)
{
    // The binder needs fonts and a paint engine, so `report` gets a GUI application on the offscreen
    // platform; everything else stays a console application that needs no display.
    bool needsGui = false;
    for (int i = 1; i < argc; ++i) {
        if (qstrcmp(argv[i], "report") == 0) {
            needsGui = true;
            break;
        }
        if (argv[i][0] != '-')
            break;
    }
    std::unique_ptr<QCoreApplication> app;
    if (needsGui) {
        if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
            qputenv("QT_QPA_PLATFORM", "offscreen");
        app = std::make_unique<QGuiApplication>(argc, argv);
    } else {
        app = std::make_unique<QCoreApplication>(argc, argv);
    }
    QCoreApplication::setApplicationName(QStringLiteral("bulkhead-cli"));
    bulkhead::ActivityLog::setProgram(QStringLiteral("bulkhead-cli")); // named in every activity log entry
    QCoreApplication::setOrganizationName(QStringLiteral("Bulkhead"));
    QCoreApplication::setApplicationVersion(QStringLiteral(BULKHEAD_VERSION));

    std::signal(SIGINT, onInterrupt);
    std::signal(SIGTERM, onInterrupt);

    QTextStream out(stdout);
    QTextStream err(stderr);
    bulkhead::Cli cli(out, err, &g_cancel);
    const int code = cli.run(QCoreApplication::arguments().mid(1));
    out.flush();
    err.flush();
    return code;
}
