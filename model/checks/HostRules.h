// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "checks/HostEvidence.h"
#include "domain/Finding.h"

#include <QStringList>

namespace bulkhead {

// Tip 1 (secure the host): accounts with UID 0, who controls Docker (the docker group), and pending
// security updates. Until zones carry approved lists, who may control Docker is the auditor's call
// (`manual`), with the accounts named.
class HostRules
{
public:
    static QStringList ids(); // in catalog order
    static QVector<Finding> evaluate(const HostEvidence& evidence);
};

} // namespace bulkhead
