// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// An artifact as a scan stores it, for the rule tests: a probe's output, exit status and stderr.

#include "domain/Artifact.h"

#include <QByteArray>
#include <QLatin1String>

namespace bulkhead::test {

inline Artifact artifact(qint64 id, const char* probe, const QByteArray& output, int exitStatus = 0,
                         const QByteArray& err = {})
{
    Artifact a;
    a.id = id;
    a.probe = QLatin1String(probe);
    a.output = output;
    a.exitStatus = exitStatus;
    a.errorOutput = err;
    return a;
}

} // namespace bulkhead::test
