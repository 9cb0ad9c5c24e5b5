// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "checks/HostEvidence.h"
#include "checks/ZonePolicy.h"
#include "domain/Finding.h"

#include <QStringList>

namespace bulkhead {

// Tip 1 (secure the host): accounts with UID 0, who controls Docker (the docker group), which accounts
// can log in or use sudo, and pending security updates. Accounts are judged against the zone's approved
// users; a host whose zone approves nobody (or that is in no zone) leaves it to the auditor (`manual`),
// with the accounts named.
class HostRules
{
public:
    static QStringList ids(); // in catalog order
    static QVector<Finding> evaluate(const HostEvidence& evidence, const ZonePolicy& policy = {});
};

} // namespace bulkhead
