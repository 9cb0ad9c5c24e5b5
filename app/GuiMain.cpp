// SPDX-License-Identifier: GPL-3.0-or-later
#include "MainWindow.h"
#include "store/ActivityLog.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QMessageBox>

#include <cstdio>
#include <cstring>

int main(int argc, char** argv)
{
    // --version and --help answer without a display (a package test, a server), so they are handled
    // before QApplication connects to one.
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--version") == 0 || std::strcmp(argv[i], "-v") == 0) {
            std::printf("bulkhead %s\n", BULKHEAD_VERSION);
            return 0;
        }
        if (std::strcmp(argv[i], "--help") == 0 || std::strcmp(argv[i], "-h") == 0) {
            std::printf("Usage: bulkhead [WORKSPACE]\n       bulkhead --open-and-quit WORKSPACE\n\n"
                        "Bulkhead: container compliance audit workstation.\n\n"
                        "Arguments:\n  WORKSPACE      Workspace file to open (*.bulkhead).\n\n"
                        "Options:\n  --open-and-quit  Open WORKSPACE as the window would, then quit: exit 0 when\n"
                        "                 it opened, 3 with the reason on stderr when not (package tests).\n"
                        "  -h, --help     Show this help.\n  -v, --version  Show the version.\n"
                        "  Qt's own options (-platform, -style, ...) are accepted too.\n\n"
                        "Headless work (scan, findings, PDF report): bulkhead-cli --help\n");
            return 0;
        }
    }
    QApplication app(argc, argv);
    // One look on every desktop, and the one the light and dark palettes are made for (AppPalette), unless
    // the user asked for another (-style, QT_STYLE_OVERRIDE).
    const QStringList given = QCoreApplication::arguments();
    if (!given.contains(QLatin1String("-style")) && qEnvironmentVariableIsEmpty("QT_STYLE_OVERRIDE"))
        QApplication::setStyle(QStringLiteral("Fusion"));
    QApplication::setApplicationName(QStringLiteral("Bulkhead"));
    bulkhead::ActivityLog::setProgram(QStringLiteral("bulkhead")); // named in every activity log entry
    QApplication::setOrganizationName(QStringLiteral("Bulkhead"));
    QApplication::setApplicationVersion(QStringLiteral(BULKHEAD_VERSION));
    // The desktop entry (installers/linux): Wayland and the task bar match the window to it.
    QApplication::setDesktopFileName(QStringLiteral("io.github.bulkhead.Bulkhead"));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Bulkhead: container compliance audit workstation."));
    parser.addPositionalArgument(QStringLiteral("workspace"), QStringLiteral("Workspace file to open (*.bulkhead)."),
                                 QStringLiteral("[WORKSPACE]"));
    const QCommandLineOption openAndQuit(QStringLiteral("open-and-quit"),
                                         QStringLiteral("Open WORKSPACE, then quit: 0 when it opened, 3 when not."));
    parser.addOption(openAndQuit);
    parser.process(app);
    if (parser.isSet(openAndQuit) && parser.positionalArguments().isEmpty()) {
        std::fprintf(stderr, "bulkhead: --open-and-quit needs a WORKSPACE\n");
        return 1; // as QCommandLineParser does for a bad command line
    }

    bulkhead::MainWindow window;
    window.show();
    if (!parser.positionalArguments().isEmpty()) {
        const QString path = parser.positionalArguments().front();
        const bulkhead::Result<void> opened = window.openWorkspace(path);
        if (parser.isSet(openAndQuit)) {
            // What a double-click does, checked by the package test without a display or a message box.
            if (!opened) {
                std::fprintf(stderr, "bulkhead: cannot open %s: %s\n", qPrintable(path),
                             qPrintable(opened.error().message));
                return 3;
            }
            QCoreApplication::processEvents();
            std::printf("bulkhead: opened %s (%s)\n", qPrintable(path), qPrintable(window.windowTitle()));
            return 0;
        }
        if (!opened) {
            // Plain text: a path or an error may contain markup.
            QMessageBox box(QMessageBox::Critical, QStringLiteral("Bulkhead"),
                            QStringLiteral("Cannot open %1:\n%2").arg(path, opened.error().message), QMessageBox::Ok,
                            &window);
            box.setTextFormat(Qt::PlainText);
            box.exec();
        }
    }
    return QApplication::exec();
}
