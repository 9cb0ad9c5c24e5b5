// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "checks/HostEvidence.h"
#include "domain/Finding.h"

#include <QVector>

namespace bulkhead {

// CIS 1.1.3-1.1.18 (tip 6): the Linux audit system watches Docker's daemon, files, directories and
// binaries for writes and attribute changes (-p wa), with a key, in the loaded rules (auditctl -l) and
// in the rules files (so the watch survives a reboot). The watched path is the one the host really
// has (from docker.files.stat: a dockerd in /usr/sbin is not covered by a rule on /usr/bin/dockerd);
// a target the host does not have is not applicable.
struct AuditWatchRule
{
    const char* id;
    const char* role;        // the docker.files.stat role giving the target's real path
    const char* defaultPath; // named in messages when the host does not have it
};

class AuditWatchRules
{
public:
    static const QVector<AuditWatchRule>& all(); // in catalog order
    static Finding judge(const AuditWatchRule& rule, const HostEvidence& evidence);
    // auditd installed and running (its rules only apply while it runs).
    static constexpr const char* AuditdRunningId = "audit.auditd-running";
    static Finding auditdRunning(const HostEvidence& evidence);
};

} // namespace bulkhead
