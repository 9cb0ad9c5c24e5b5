// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "remediation/RemediationPlan.h"
#include "remediation/RemediationRecord.h"
#include "remediation/RemediationSetting.h"
#include "scan/FleetScanner.h"

#include <QString>

#include <atomic>
#include <functional>
#include <optional>

namespace bulkhead {

// A confirmed remediation: the plan the user saw, the host it runs on, and how to reach it (the scan's
// connection settings; target.hosts holds exactly that host, target.workspacePath the workspace).
struct RemediationRequest
{
    ScanRequest target;
    RemediationPlan plan;
    std::optional<RemediationSetting> setting; // what the plan was made with (it is made again before running)
};

struct RemediationOutcome
{
    RemediationRecord record; // as stored
    bool ranCommands = false; // false: nothing was changed on the host
};

// One line of what is happening, for a terminal or a log view.
using RemediationProgress = std::function<void(const QString& line)>;

// Runs a confirmed remediation on its host over SSH: records it (author, time, commands) before anything
// runs; collects the plan's probes as the before-evidence (a scan of kind remediation) and makes the plan
// again from them, refusing to run if it differs from the confirmed one (the host changed since the scan);
// runs the commands in order, stopping at the first that fails; scans the host again (kind remediation) as
// the after-evidence, re-evaluates it and reports the finding's new status. Undo runs a stored
// remediation's undo commands the same way. Cancellation is checked between steps and reaches SSH.
// Errors are the workspace's; everything that happened on the host is in the outcome's record.
class RemediationRunner
{
public:
    static Result<RemediationOutcome> run(const RemediationRequest& request, const RemediationProgress& progress = {},
                                          const std::atomic<bool>* cancel = nullptr);
    // target.hosts is filled from the record's host.
    static Result<RemediationOutcome> undo(qint64 remediationId, ScanRequest target,
                                           const RemediationProgress& progress = {},
                                           const std::atomic<bool>* cancel = nullptr);
};

} // namespace bulkhead
