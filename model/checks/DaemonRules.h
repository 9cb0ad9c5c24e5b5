// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "checks/DaemonCheck.h"

#include <QVector>

namespace bulkhead {

// A check judged once per Docker daemon (CIS 2.x): its id (resources/checks/checks.json) and the
// function that judges the daemon's effective configuration.
struct DaemonRule
{
    const char* id;
    Finding (*judge)(const DaemonCheck& daemon);
};

class DaemonRules
{
public:
    static const QVector<DaemonRule>& all(); // in catalog order
};

} // namespace bulkhead
