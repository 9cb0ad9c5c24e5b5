// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "domain/Artifact.h"
#include "domain/Finding.h"
#include "probes/AccessMode.h"
#include "remediation/RemediationPlan.h"
#include "remediation/RemediationSetting.h"

#include <QDateTime>
#include <QVector>

#include <optional>

namespace bulkhead {

// What a plan is made from: the host's evidence (the finding's scan, or what was collected just before
// the run), the user's value, and how commands get root.
struct RemediationContext
{
    QVector<Artifact> artifacts;
    std::optional<RemediationSetting> setting; // none: the catalog's default
    AccessMode access = AccessMode::Direct;    // Sudo: each command runs as `sudo -n -- sh -c '<script>'`
    QDateTime planTimeUtc;                     // names the backup file (to the second)
};

// Builds the exact commands of a remediation. Remote data never reaches a command: container ids are
// used only when they are exactly 64 lowercase hex, numbers only as validated and re-printed, file content
// (daemon.json, audit rules) only on stdin; everything else is fixed text. Errors say why a finding cannot
// be fixed by Bulkhead.
class RemediationPlanner
{
public:
    static Result<RemediationPlan> plan(const Finding& finding, const RemediationContext& context);

    // The probes a plan of this kind reads and that give its before/after evidence.
    static QStringList probesFor(RemediationKind kind);

    static bool isContainerId(const QString& text);
    // POSIX shell single quotes (a ' inside becomes '\'').
    static QString quoted(const QString& text);

    static constexpr const char* DaemonJsonPath = "/etc/docker/daemon.json";
    static constexpr const char* AuditRulesPath = "/etc/audit/rules.d/docker.rules";
};

} // namespace bulkhead
