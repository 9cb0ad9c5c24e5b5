// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "checks/ContainerRules.h"

#include <QVector>

namespace bulkhead {

// The container runtime checks of CIS 5.x beyond the first five (tip 7, 9, 6): confinement (AppArmor,
// SELinux, seccomp, capabilities, no-new-privileges), host namespaces, devices and mounts, resource
// limits, ports, restart policy, health and logging. Each judges one container from its inspect output.
class ContainerRuntimeRules
{
public:
    static const QVector<ContainerRule>& all(); // in catalog order
};

} // namespace bulkhead
