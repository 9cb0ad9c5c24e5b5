// SPDX-License-Identifier: GPL-3.0-or-later
#include "probes/ProbeOutcome.h"

#include "probes/Probe.h"

#include <QStringList>

namespace bulkhead {

namespace {

constexpr int MaxReason = 200;

// Printable, one line, bounded: stderr is host data and ends up in messages and terminals.
QString printableLine(const QString& text)
{
    QString line;
    for (const QChar c : text) {
        if (line.size() >= MaxReason) {
            line += QChar(0x2026);
            break;
        }
        line += c.isPrint() ? c : QChar(0xfffd);
    }
    return line.simplified();
}

QStringList lines(const QByteArray& errorOutput)
{
    QStringList out;
    for (const QString& raw : QString::fromUtf8(errorOutput).split(QLatin1Char('\n'))) {
        const QString line = raw.trimmed();
        if (!line.isEmpty())
            out << line;
    }
    return out;
}

// Messages that mean "this user may not": the Docker socket, files, auditctl, and sudo itself.
bool deniedLine(const QString& line)
{
    static const char* const patterns[] = {
        "permission denied",         // EACCES, the Docker socket, our own "bulkhead: permission denied: <path>"
        "a password is required",    // sudo -n without NOPASSWD
        "is not in the sudoers",     // sudo: user is not in the sudoers file
        "is not allowed to execute", // sudo: command not in the allow-list
        "may not run sudo",          // sudo: Sorry, user may not run sudo on host
        "a terminal is required",    // sudo with requiretty
        "must be root",              // auditctl and friends
        "operation not permitted",   // EPERM
    };
    for (const char* pattern : patterns) {
        if (line.contains(QLatin1String(pattern), Qt::CaseInsensitive))
            return true;
    }
    return false;
}

bool sudoMissing(const QString& line)
{
    return (line.contains(QLatin1String("sudo: not found")) || line.contains(QLatin1String("sudo: command not found")));
}

} // namespace

ProbeOutcome ProbeOutcome::of(const Artifact& artifact)
{
    return of(artifact.exitStatus, artifact.errorOutput, artifact.timedOut, artifact.truncated, artifact.exitSignal);
}

ProbeOutcome ProbeOutcome::of(int exitStatus, const QByteArray& errorOutput, bool timedOut, bool truncated,
                              const QString& exitSignal)
{
    ProbeOutcome outcome;
    if (timedOut) {
        outcome.state = State::TimedOut;
        outcome.reason = QStringLiteral("the command did not finish before the timeout");
        return outcome;
    }
    if (truncated) {
        outcome.state = State::Truncated;
        outcome.reason = QStringLiteral("the output exceeded the size cap and was cut");
        return outcome;
    }
    if (!exitSignal.isEmpty()) {
        outcome.state = State::Killed;
        outcome.reason = QStringLiteral("the command was killed by signal %1").arg(printableLine(exitSignal));
        return outcome;
    }
    if (exitStatus == 0) {
        outcome.state = State::Ok;
        return outcome;
    }
    const QStringList errors = lines(errorOutput);
    if (exitStatus == ProbeCatalog::NotPresentExit) {
        // Both the status and our exact line: a tool that merely exits 3 is a failure.
        for (const QString& line : errors) {
            if (line.startsWith(ProbeCatalog::notPresentPrefix())) {
                outcome.state = State::NotPresent;
                outcome.what = printableLine(line.mid(ProbeCatalog::notPresentPrefix().size()));
                outcome.reason = QStringLiteral("%1 is not present").arg(outcome.what);
                return outcome;
            }
        }
    }
    for (const QString& line : errors) {
        if (deniedLine(line) || (exitStatus == 127 && sudoMissing(line))) {
            outcome.state = State::PermissionDenied;
            outcome.reason = sudoMissing(line) ? QStringLiteral("sudo is not installed") : printableLine(line);
            return outcome;
        }
    }
    if (exitStatus == -1) {
        outcome.state = State::NoExitStatus;
        outcome.reason = QStringLiteral("the command ended without an exit status");
        return outcome;
    }
    outcome.state = State::Failed;
    QString first;
    for (const QString& line : errors) {
        if (!line.startsWith(QLatin1String("WARNING"), Qt::CaseInsensitive)) {
            first = line;
            break;
        }
    }
    if (first.isEmpty() && !errors.isEmpty())
        first = errors.front();
    outcome.reason = first.isEmpty() ? QStringLiteral("exit status %1").arg(exitStatus)
                                     : QStringLiteral("exit status %1: %2").arg(exitStatus).arg(printableLine(first));
    return outcome;
}

QString probeStateName(ProbeOutcome::State state)
{
    switch (state) {
    case ProbeOutcome::State::Ok:
        return QStringLiteral("ok");
    case ProbeOutcome::State::NotPresent:
        return QStringLiteral("not-present");
    case ProbeOutcome::State::PermissionDenied:
        return QStringLiteral("permission-denied");
    case ProbeOutcome::State::Failed:
        return QStringLiteral("failed");
    case ProbeOutcome::State::TimedOut:
        return QStringLiteral("timed-out");
    case ProbeOutcome::State::Truncated:
        return QStringLiteral("truncated");
    case ProbeOutcome::State::Killed:
        return QStringLiteral("killed");
    case ProbeOutcome::State::NoExitStatus:
        return QStringLiteral("no-exit-status");
    }
    return {};
}

} // namespace bulkhead
