// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "domain/Artifact.h"
#include "probes/AccessMode.h"
#include "secrets/SecretSalt.h"
#include "ssh/SshSession.h"
#include "watch/LifecycleEvent.h"

#include <QString>
#include <QStringList>

#include <atomic>
#include <functional>

namespace bulkhead {

// Follows container lifecycle events on one connected host: `docker events` (create, start, die, stop;
// LifecycleEvidence::eventsCommand) on one long-lived channel, read line by line with a bounded line
// length, and for each event `docker container inspect <id>` on another channel of the same session.
// The id is used only when it is 64 hex digits; a line that is too long, not JSON or not a watched
// container event is counted and reported as a problem, never run. Each event becomes one artifact
// (probe docker.events.lifecycle) holding the event and the inspect after the scan's inspect redaction
// (ProbeRedactor): nothing unredacted reaches the sink. A container gone before its inspect still gives
// evidence of the event. Runs in the calling thread until `stop` is set, the sink says enough, the
// event stream ends or the connection fails; the remote `docker events` gets a TERM on the way out.
class LifecycleWatcher
{
public:
    struct Options
    {
        AccessMode access = AccessMode::Direct;
        qint64 sinceEpochMs = 0; // events from then on (our clock); 0: from now
        CommandLimits inspectLimits{30000, 16LL << 20, 64 * 1024};
        qsizetype maxLineBytes = 64 * 1024; // an event line is ~1 KB; labels make it longer
        int pollMs = 100;                   // how often `stop` is looked at while no event comes
        SecretSalt salt;                    // the workspace's: fingerprints of redacted values
    };

    struct Summary
    {
        int events = 0;         // handed to the sink
        int rejected = 0;       // well-formed lines naming a bad id, action or type
        int malformed = 0;      // lines over the cap or not a JSON event
        bool stopped = false;   // `stop` was set or the sink said enough
        QString transportError; // the connection failed, the keepalive gave up, or `docker events` ended
        QStringList problems;   // one line each, at most MaxProblems, safe to show (no host text)
    };
    static constexpr int MaxProblems = 20;

    // Receives each event's artifact (scanId/hostId are the caller's to set) and the parsed event.
    // An error (storage failed) ends the watch with that error; false ends it normally.
    using Sink = std::function<Result<bool>(const LifecycleEvent& event, Artifact& artifact)>;
    // Told each problem as it happens (for a live display).
    using ProblemSink = std::function<void(const QString& problem)>;

    // Errors are the sink's; everything else ends up in the summary.
    static Result<Summary> watch(SshSession& session, const Options& options, const Sink& sink,
                                 const ProblemSink& problems = {}, const std::atomic<bool>* stop = nullptr);

    // The artifact stored for one event, from its inspect's result (redacted here).
    static Artifact makeArtifact(const LifecycleEvent& event, const QString& inspectCommand,
                                 const CommandResult& inspect, const SecretSalt& salt = SecretSalt());
};

} // namespace bulkhead
