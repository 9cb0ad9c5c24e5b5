// SPDX-License-Identifier: GPL-3.0-or-later
#include "remediation/RemediationPlan.h"

#include "remediation/RemediationRecord.h"

#include "checks/CheckText.h"

#include <array>

namespace bulkhead {

namespace {

constexpr std::array<std::pair<RemediationKind, const char*>, 4> KindNames{{
    {RemediationKind::ContainerUpdate, "container-update"},
    {RemediationKind::StopContainer, "stop-container"},
    {RemediationKind::AuditRules, "audit-rules"},
    {RemediationKind::DaemonJson, "daemon-json"},
}};

constexpr std::array<std::pair<RemediationState, const char*>, 4> StateNames{{
    {RemediationState::Running, "running"},
    {RemediationState::Done, "done"},
    {RemediationState::Failed, "failed"},
    {RemediationState::Cancelled, "cancelled"},
}};

void appendSteps(QString& text, const QVector<RemediationStep>& steps)
{
    int number = 0;
    for (const RemediationStep& step : steps) {
        text += QStringLiteral("  %1. %2\n     $ %3\n").arg(++number).arg(step.purpose, step.command);
        if (!step.input.isEmpty()) {
            text += QStringLiteral("     stdin (%1 bytes):\n").arg(step.input.size());
            for (const QString& line : QString::fromUtf8(step.input).split(QLatin1Char('\n'))) {
                if (!line.isEmpty())
                    text += QStringLiteral("       | ") + CheckText::printable(line, 400) + QLatin1Char('\n');
            }
        }
    }
}

} // namespace

QString remediationKindToString(RemediationKind kind)
{
    for (const auto& [entry, name] : KindNames) {
        if (entry == kind)
            return QLatin1String(name);
    }
    return QString();
}

std::optional<RemediationKind> remediationKindFromString(const QString& text)
{
    for (const auto& [entry, name] : KindNames) {
        if (text == QLatin1String(name))
            return entry;
    }
    return std::nullopt;
}

QString remediationStateToString(RemediationState state)
{
    for (const auto& [entry, name] : StateNames) {
        if (entry == state)
            return QLatin1String(name);
    }
    return QString();
}

std::optional<RemediationState> remediationStateFromString(const QString& text)
{
    for (const auto& [entry, name] : StateNames) {
        if (text == QLatin1String(name))
            return entry;
    }
    return std::nullopt;
}

QString RemediationPlan::describe() const
{
    QString text;
    text += QStringLiteral("Remediation of %1 (finding %2, scan %3)\n").arg(checkId).arg(findingId).arg(scanId);
    text += QStringLiteral("Host: %1\n").arg(CheckText::printable(hostName, 200));
    text += QStringLiteral("What: %1\n").arg(summary);
    for (const QString& container : containers)
        text += QStringLiteral("Container: %1\n").arg(container);
    if (!changedFile.isEmpty())
        text += QStringLiteral("File changed: %1 (backup: %2)\n").arg(changedFile, backupPath);
    text += QStringLiteral("Commands, in order (each over SSH; the first failure stops the rest):\n");
    appendSteps(text, steps);
    if (undo.isEmpty()) {
        text += QStringLiteral("Undo: not possible. %1\n").arg(undoNote);
    } else {
        text += QStringLiteral("Undo (bulkhead-cli remediate undo):\n");
        appendSteps(text, undo);
    }
    text += QStringLiteral("Evidence before and after: %1; then the host is scanned again and re-checked.\n")
                .arg(probes.join(QStringLiteral(", ")));
    if (!recheckNote.isEmpty())
        text += QStringLiteral("Note: %1\n").arg(recheckNote);
    return text;
}

QString RemediationPlan::describeSteps(const QVector<RemediationStep>& steps)
{
    QString text;
    appendSteps(text, steps);
    return text;
}

bool RemediationPlan::sameCommands(const RemediationPlan& other) const
{
    return steps == other.steps && undo == other.undo && changedFile == other.changedFile &&
           backupPath == other.backupPath;
}

} // namespace bulkhead
