// SPDX-License-Identifier: GPL-3.0-or-later
// Light and dark palettes and sharp icons (issue 5, item 7): the dark palette reads well (contrast), the window
// switches and remembers it, and every SVG icon draws at twice the pixels on a high-DPI screen.
#include "MainWindow.h"
#include "style/AppPalette.h"

#include <QAction>
#include <QApplication>
#include <QDirIterator>
#include <QIcon>
#include <QImage>
#include <QSettings>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>

using namespace bulkhead;

namespace {

// WCAG relative luminance and contrast ratio.
double luminance(const QColor& color)
{
    const auto channel = [](double c) { return c <= 0.03928 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4); };
    return 0.2126 * channel(color.redF()) + 0.7152 * channel(color.greenF()) + 0.0722 * channel(color.blueF());
}

double contrast(const QColor& a, const QColor& b)
{
    const double la = luminance(a), lb = luminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

} // namespace

class tst_AppPalette : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void darkReadsWell();
    void windowSwitchesAndRemembers();
    void iconsStaySharp();

private:
    QTemporaryDir m_dir;
};

void tst_AppPalette::initTestCase()
{
    qputenv("XDG_CONFIG_HOME", QFile::encodeName(m_dir.filePath(QStringLiteral("config"))));
}

void tst_AppPalette::darkReadsWell()
{
    const QPalette dark = AppPalette::palette(AppPalette::Scheme::Dark);
    const QPalette light = AppPalette::palette(AppPalette::Scheme::Light);
    QVERIFY(AppPalette::isDark(dark));
    QVERIFY(!AppPalette::isDark(light));
    // Body text at least 7:1 (WCAG AAA), selected text and disabled text at least 4.5:1 and 3:1.
    QVERIFY(contrast(dark.color(QPalette::Text), dark.color(QPalette::Base)) >= 7.0);
    QVERIFY(contrast(dark.color(QPalette::WindowText), dark.color(QPalette::Window)) >= 7.0);
    QVERIFY(contrast(dark.color(QPalette::HighlightedText), dark.color(QPalette::Highlight)) >= 4.5);
    QVERIFY(contrast(dark.color(QPalette::Disabled, QPalette::Text), dark.color(QPalette::Base)) >= 3.0);
    QVERIFY(contrast(dark.color(QPalette::PlaceholderText), dark.color(QPalette::Base)) >= 4.5);
}

void tst_AppPalette::windowSwitchesAndRemembers()
{
    {
        MainWindow window;
        auto* dark = window.findChild<QAction*>(QStringLiteral("darkAction"));
        QVERIFY(dark && dark->isCheckable() && !dark->isChecked());
        QVERIFY(!AppPalette::isDark(QApplication::palette()));
        dark->setChecked(true);
        QVERIFY(AppPalette::isDark(QApplication::palette()));
        QTRY_VERIFY(AppPalette::isDark(window.palette())); // widgets take it as the change event arrives
    }
    {
        // A new session starts dark; switching back is remembered too.
        AppPalette::apply(AppPalette::Scheme::Light);
        MainWindow window;
        QVERIFY(window.findChild<QAction*>(QStringLiteral("darkAction"))->isChecked());
        QVERIFY(AppPalette::isDark(QApplication::palette()));
        window.findChild<QAction*>(QStringLiteral("darkAction"))->setChecked(false);
        QVERIFY(!AppPalette::isDark(QApplication::palette()));
    }
    MainWindow window;
    QVERIFY(!window.findChild<QAction*>(QStringLiteral("darkAction"))->isChecked());
}

void tst_AppPalette::iconsStaySharp()
{
    // Each icon is an SVG drawn at the screen's pixels: at device pixel ratio 2 a 20-point icon is 40 pixels,
    // not 20 pixels scaled up.
    MainWindow window; // the icons are bulkhead_ui's resources
    int icons = 0;
    QDirIterator it(QStringLiteral(":/bulkhead/icons"), {QStringLiteral("*.svg")});
    while (it.hasNext()) {
        const QString path = it.next();
        const QPixmap pixmap = QIcon(path).pixmap(QSize(20, 20), 2.0);
        QVERIFY2(!pixmap.isNull(), qPrintable(path));
        QCOMPARE(pixmap.size(), QSize(40, 40));
        QCOMPARE(pixmap.devicePixelRatio(), 2.0);
        const QImage image = pixmap.toImage();
        int drawn = 0;
        for (int y = 0; y < image.height(); ++y) {
            for (int x = 0; x < image.width(); ++x)
                drawn += qAlpha(image.pixel(x, y)) > 0 ? 1 : 0;
        }
        QVERIFY2(drawn > 40, qPrintable(path)); // something is drawn, not an empty square
        ++icons;
    }
    QVERIFY(icons >= 10);
}

QTEST_MAIN(tst_AppPalette)
#include "tst_apppalette.moc"
