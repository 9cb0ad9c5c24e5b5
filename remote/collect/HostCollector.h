// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "domain/Artifact.h"
#include "probes/Probe.h"
#include "secrets/SecretSalt.h"
#include "ssh/SshSession.h"

#include <QString>
#include <QStringList>
#include <QVector>

#include <atomic>
#include <functional>

namespace bulkhead {

// Runs the probe catalog on one connected host, independent probes on parallel channels of its one
// session, and turns every command into an Artifact whose output has been through the probe's
// secret redaction (ProbeRedactor): nothing unredacted ever reaches the sink.
class HostCollector
{
public:
    // Receives each artifact as soon as its command ends (scanId/hostId are the caller's to set);
    // an error from the sink (storage failed) stops the collection.
    using Sink = std::function<Result<void>(Artifact& artifact)>;
    // Called as each probe finishes (completion order): how many finished before it (0, 1, 2, ...).
    using Step = std::function<void(int index, const Probe& probe)>;

    // Channels used at once on one session: OpenSSH allows 10 sessions per connection by default
    // (MaxSessions); a server that allows fewer makes the collector use fewer.
    static constexpr int DefaultChannels = 6;

    struct Summary
    {
        int artifacts = 0;
        bool cancelled = false;
        QString transportError; // the connection failed mid-way: later probes did not run
        QStringList problems;   // one line per incomplete probe, e.g. "docker is not installed"
        QStringList notPresent; // components reported absent ("swarm", "kubernetes"): not problems
    };

    // Errors are the sink's (storage); transport failures and cancellation end up in the summary,
    // after what was collected until then has been handed over.
    // Artifacts reach the sink as their commands end (completion order), one at a time, in the
    // calling thread.
    static Result<Summary> collect(SshSession& session, const QVector<Probe>& probes, const CommandLimits& limits,
                                   const Sink& sink, const Step& step = {}, const std::atomic<bool>* cancel = nullptr,
                                   int channels = DefaultChannels, const SecretSalt& salt = SecretSalt());

    // The stored form of one command's result: output and stderr redacted, sha256 over the redacted
    // output. The output of a command cut short (truncated, timed out) is kept up to its last complete
    // line, redacted the same way. `malformed`: the output should have been JSON and is not. `salt` is the
    // workspace's (Workspace::secretSalt): each marker then carries the value's fingerprint.
    static Artifact makeArtifact(const Probe& probe, const CommandResult& result, bool* malformed = nullptr,
                                 const SecretSalt& salt = SecretSalt());

    // One line saying why an artifact's evidence is incomplete; empty when the probe succeeded or
    // its component is absent (except docker itself: a host without docker cannot be audited).
    // Reads only exit data and stderr (ProbeOutcome), stripped of control characters.
    static QString problemOf(const Artifact& artifact);
};

} // namespace bulkhead
