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
            std::printf("Usage: bulkhead [WORKSPACE]\n\n"
                        "Bulkhead: container compliance audit workstation.\n\n"
                        "Arguments:\n  WORKSPACE      Workspace file to open (*.bulkhead).\n\n"
                        "Options:\n  -h, --help     Show this help.\n  -v, --version  Show the version.\n"
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
    QApplication::setDesktopFileName(QStringLiteral("bulkhead"));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Bulkhead: container compliance audit workstation."));
    parser.addPositionalArgument(QStringLiteral("workspace"), QStringLiteral("Workspace file to open (*.bulkhead)."),
                                 QStringLiteral("[WORKSPACE]"));
    parser.process(app);

    bulkhead::MainWindow window;
    window.show();
    if (!parser.positionalArguments().isEmpty()) {
        const QString path = parser.positionalArguments().front();
        const bulkhead::Result<void> opened = window.openWorkspace(path);
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
