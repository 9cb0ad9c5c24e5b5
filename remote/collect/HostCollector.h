// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "domain/Artifact.h"
#include "probes/Probe.h"
#include "ssh/SshSession.h"

#include <QString>
#include <QStringList>
#include <QVector>

#include <atomic>
#include <functional>

namespace bulkhead {

// Runs the probe catalog on one connected host and turns every command into an Artifact whose
// output has been through SecretRedactor: nothing unredacted ever reaches the sink.
class HostCollector
{
public:
    // Receives each artifact as soon as its command ends (scanId/hostId are the caller's to set);
    // an error from the sink (storage failed) stops the collection.
    using Sink = std::function<Result<void>(Artifact& artifact)>;
    // Called before each probe runs: its index in the list.
    using Step = std::function<void(int index, const Probe& probe)>;

    struct Summary
    {
        int artifacts = 0;
        bool cancelled = false;
        QString transportError; // the connection failed mid-way: later probes did not run
        QStringList problems;   // one line per incomplete probe, e.g. "docker is not installed"
    };

    // Errors are the sink's (storage); transport failures and cancellation end up in the summary,
    // after what was collected until then has been handed over.
    static Result<Summary> collect(SshSession& session, const QVector<Probe>& probes, const CommandLimits& limits,
                                   const Sink& sink, const Step& step = {}, const std::atomic<bool>* cancel = nullptr);

    // The stored form of one command's result: output redacted, sha256 over the redacted bytes.
    // The output of a command cut short (truncated, timed out) is dropped: it cannot be redacted.
    static Artifact makeArtifact(const Probe& probe, const CommandResult& result);

    // One line saying why an artifact's evidence is incomplete; empty when the probe succeeded.
    // Reads only exit data and the first stderr line, which it strips of control characters.
    static QString problemOf(const Artifact& artifact);
};

} // namespace bulkhead
