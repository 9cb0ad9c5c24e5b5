// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/Finding.h"
#include "remediation/RemediationPlan.h"

#include <QDateTime>
#include <QString>
#include <QVector>

#include <optional>

namespace bulkhead {

// One command of a remediation as it ran: output and error output redacted before storage.
struct RemediationStepResult
{
    RemediationStep step;
    QByteArray output;
    QByteArray errorOutput;
    int exitStatus = -1; // -1: it did not run, or no status came back
    QString exitSignal;
    bool timedOut = false;
    bool ran = false;
};

enum class RemediationState
{
    Running,
    Done,      // every command exited 0 and the host was re-checked
    Failed,    // a command failed (the rest did not run), or the host could not be re-checked
    Cancelled, // stopped by the user
};

QString remediationStateToString(RemediationState state); // "running", "done", "failed", "cancelled"
std::optional<RemediationState> remediationStateFromString(const QString& text);

// A remediation (or the undo of one) as the workspace keeps it: what was confirmed, what ran and what it
// printed, the evidence before and after, the re-check's verdict, and who did it when. Every change is in
// the activity log (subject remediation:ID).
struct RemediationRecord
{
    qint64 id = 0;
    qint64 findingId = 0;
    QString checkId;
    Subject subject;
    qint64 hostId = 0;
    QString hostName; // filled when read back
    RemediationKind kind = RemediationKind::ContainerUpdate;
    QString setting;
    QString summary;
    QVector<RemediationStepResult> steps;
    QVector<RemediationStep> undo; // the commands that undo it (empty: none)
    qint64 beforeScanId = 0;       // the evidence collected just before (a scan of kind remediation)
    qint64 afterScanId = 0;        // the re-check: the host scanned again (kind remediation)
    QVector<qint64> beforeArtifacts;
    QVector<qint64> afterArtifacts;
    QString changedFile;
    QString backupPath;
    RemediationState state = RemediationState::Running;
    std::optional<Status> findingStatus; // the re-check's verdict on the same check and subject
    QString message;                     // one line: the outcome, or why it stopped
    qint64 undoOf = 0;                   // this record undoes that one
    qint64 undoneBy = 0;                 // the record that undid this one
    QString author;
    QDateTime startedUtc;
    QDateTime finishedUtc;
};

} // namespace bulkhead
