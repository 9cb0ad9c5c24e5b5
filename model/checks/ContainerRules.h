// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "checks/ContainerCheck.h"

#include <QVector>

namespace bulkhead {

// A check judged once per container: its id (resources/checks/checks.json) and the function that
// judges one container. Every container of `docker ps -a` gets a finding from every rule.
struct ContainerRule
{
    const char* id;
    Finding (*judge)(const ContainerCheck& check);
};

class ContainerRules
{
public:
    static const QVector<ContainerRule>& all(); // in catalog order

    // The rules themselves (tests call them directly).
    static Finding userNotRoot(const ContainerCheck& check);
    static Finding readOnlyRootfs(const ContainerCheck& check);
    static Finding notPrivileged(const ContainerCheck& check);
    static Finding noDockerSocket(const ContainerCheck& check);
    static Finding noSecretsInEnv(const ContainerCheck& check);
};

} // namespace bulkhead
