// SPDX-License-Identifier: GPL-3.0-or-later
#include "MainWindow.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QMessageBox>

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("Bulkhead"));
    QApplication::setOrganizationName(QStringLiteral("Bulkhead"));
    QApplication::setApplicationVersion(QStringLiteral(BULKHEAD_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("bulkhead"));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Bulkhead: container compliance audit workstation."));
    parser.addHelpOption();
    parser.addVersionOption();
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
