// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/Artifact.h"

#include <QString>

namespace bulkhead {

// What a stored artifact says about its probe, read from its exit data and stderr only.
// Evaluation rule: only Ok evidence may ever pass a check; NotPresent gives not_applicable; every
// other state gives `error` with `reason`.
struct ProbeOutcome
{
    enum class State
    {
        Ok,               // exit 0: the output is the evidence
        NotPresent,       // the component is absent (exit 3 and "bulkhead: not present: <what>")
        PermissionDenied, // the login user lacks access: socket, file, sudo refused or needs a password
        Failed,           // any other non-zero exit
        TimedOut,
        Truncated,
        Killed,       // ended by a signal
        NoExitStatus, // the channel closed without an exit status
    };

    State state = State::Failed;
    QString what;   // NotPresent: what is absent ("docker", "swarm", "daemon.json", ...)
    QString reason; // one printable line for messages; empty when Ok

    bool ok() const { return state == State::Ok; }
    bool notPresent() const { return state == State::NotPresent; }
    bool permissionDenied() const { return state == State::PermissionDenied; }

    static ProbeOutcome of(const Artifact& artifact);
    // Only the exit data and stderr are read; output is never needed to classify.
    static ProbeOutcome of(int exitStatus, const QByteArray& errorOutput, bool timedOut = false, bool truncated = false,
                           const QString& exitSignal = QString());
};

QString probeStateName(ProbeOutcome::State state); // "ok", "not-present", "permission-denied", ...

} // namespace bulkhead
