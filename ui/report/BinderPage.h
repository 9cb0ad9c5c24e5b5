// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QFont>
#include <QString>

namespace bulkhead {

// The binder's page units and type: it is laid out and painted at 300 dpi in device pixels, in the bundled
// DejaVu faces, never with typographic ligatures (text copied or extracted from the binder must match the
// evidence).
class BinderPage
{
public:
    static constexpr int Dpi = 300;

    static double mm(double millimetres) { return millimetres * Dpi / 25.4; }
    static QString sansFamily() { return QStringLiteral("DejaVu Sans"); }
    static QString monoFamily() { return QStringLiteral("DejaVu Sans Mono"); }
    // Bundled too, for the scripts DejaVu lacks (CJK).
    static QString fallbackFamily() { return QStringLiteral("Droid Sans Fallback"); }
    static QFont font(const QString& family, double points, bool bold = false)
    {
        QFont result;
        result.setFamilies({family, fallbackFamily()});
        result.setPointSizeF(points);
        result.setBold(bold);
        result.setStyleStrategy(QFont::PreferNoShaping);
        return result;
    }
};

} // namespace bulkhead
