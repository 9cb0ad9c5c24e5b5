// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/Status.h"

#include <QColor>

namespace bulkhead {

// One set of status colours for the window and the binder, chosen to read on white and to stay
// apart for the common colour-vision deficiencies (the label is always printed too).
class StatusPalette
{
public:
    static QColor background(Status status); // chip fill
    static QColor foreground(Status status); // text on the chip
    static QColor text(Status status);       // status as coloured text on white (binder)
};

} // namespace bulkhead
