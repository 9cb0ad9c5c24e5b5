// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/Finding.h"

#include <QByteArray>
#include <QDateTime>
#include <QString>
#include <QStringList>
#include <QVector>

#include <optional>

namespace bulkhead {

// What a remediation does on the host; each kind has its own fixed commands (RemediationPlanner).
enum class RemediationKind
{
    ContainerUpdate, // docker update of a resource limit or the restart policy
    StopContainer,   // a privileged container: restart policy "no", then stopped
    AuditRules,      // /etc/audit/rules.d/docker.rules written (with a backup), then loaded
    DaemonJson,      // one /etc/docker/daemon.json option set (with a backup), then the daemon reloaded
};

QString remediationKindToString(RemediationKind kind); // "container-update", "stop-container", ...
std::optional<RemediationKind> remediationKindFromString(const QString& text);

// One command exactly as it runs on the host (and as the user confirmed it), with the bytes it reads on
// stdin (a file's new content: never part of the command line).
struct RemediationStep
{
    QString command;
    QByteArray input;
    QString purpose; // one line for the user

    bool operator==(const RemediationStep&) const = default;
};

// A remediation as the user confirms it: the exact commands, where they run, what they change, how to
// undo it, and which probes give its before/after evidence. Only fixed text from the catalog, container
// ids validated as 64 hex and numbers the user chose ever appear in a command.
struct RemediationPlan
{
    RemediationKind kind = RemediationKind::ContainerUpdate;
    QString checkId;
    qint64 findingId = 0;
    qint64 scanId = 0;
    qint64 hostId = 0;
    QString hostName;
    Subject subject;
    QString setting;        // the value applied, e.g. "memory=536870912", "live-restore=true"
    QString summary;        // one line: what changes
    QStringList containers; // affected containers, printable ("name (id 0123456789ab)")
    QVector<RemediationStep> steps;
    QVector<RemediationStep> undo; // empty: cannot be undone (the note says why)
    QString undoNote;
    QString changedFile;   // a file the steps rewrite; empty: none
    QString backupPath;    // where the steps copy it first (when it exists)
    QStringList probes;    // collected before and after: the evidence of the change
    QString recheckNote;   // what the re-check can and cannot show, when that needs saying
    QDateTime planTimeUtc; // when it was planned (names the backup)

    // Every field a user confirms, as text: the plan shown before anything runs.
    QString describe() const;
    // Numbered steps: purpose, "$ command", and the stdin they read line by line (printable).
    static QString describeSteps(const QVector<RemediationStep>& steps);
    // The same plan (steps, inputs and undo): what was confirmed is what would run.
    bool sameCommands(const RemediationPlan& other) const;
};

} // namespace bulkhead
