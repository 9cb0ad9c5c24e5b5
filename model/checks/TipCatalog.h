// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace bulkhead {

// The ten compliance tips every check serves (seed text), by number: their short headings for charts,
// the binder's control matrix and exports.
class TipCatalog
{
public:
    static constexpr int Count = 10;
    // "Secure the host", ...; "Tip N" for a number outside 1..10.
    static QString title(int tip);
};

} // namespace bulkhead
