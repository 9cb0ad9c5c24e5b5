// SPDX-License-Identifier: GPL-3.0-or-later
#include "style/StatusPalette.h"

namespace bulkhead {

QColor StatusPalette::background(Status status)
{
    switch (status) {
    case Status::Pass:
        return QColor(0x2e, 0x7d, 0x32); // green
    case Status::Fail:
        return QColor(0xc6, 0x28, 0x28); // red
    case Status::Warn:
        return QColor(0xf9, 0xa8, 0x25); // amber
    case Status::Error:
        return QColor(0x6a, 0x1b, 0x9a); // purple
    case Status::NotApplicable:
        return QColor(0x9e, 0x9e, 0x9e); // grey
    case Status::Manual:
        return QColor(0x15, 0x65, 0xc0); // blue
    case Status::Waived:
        return QColor(0x00, 0x79, 0x6b); // teal
    }
    return QColor(0x75, 0x75, 0x75);
}

QColor StatusPalette::foreground(Status status)
{
    // Amber and light grey need dark text to stay readable.
    if (status == Status::Warn || status == Status::NotApplicable)
        return QColor(0x21, 0x21, 0x21);
    return QColor(Qt::white);
}

QColor StatusPalette::text(Status status)
{
    switch (status) {
    case Status::Warn:
        return QColor(0xb2, 0x6a, 0x00); // darker amber: plain amber is unreadable on paper
    case Status::NotApplicable:
        return QColor(0x61, 0x61, 0x61);
    default:
        return background(status);
    }
}

} // namespace bulkhead
