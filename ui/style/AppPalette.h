// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QPalette>

namespace bulkhead {

// The workstation's light and dark palettes (issue 5, item 7), made for the Fusion style the application
// starts with, so widgets, item views and the dashboard's charts follow them the same way on every desktop.
class AppPalette
{
public:
    enum class Scheme
    {
        Light,
        Dark,
    };

    static void apply(Scheme scheme);
    static QPalette palette(Scheme scheme);
    // Dark when the window background is darker than mid-grey (what charts and message strips follow).
    static bool isDark(const QPalette& palette);
};

} // namespace bulkhead
