// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "domain/Artifact.h"
#include "probes/AccessMode.h"
#include "watch/LifecycleEvent.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace bulkhead {

// The commands a lifecycle watch runs and the evidence it stores for each event. Commands are fixed
// text; the only host-supplied value that ever reaches one is a container id that passed
// LifecycleEventParser::isContainerId (64 hex digits), and inspectCommand checks it again.
class LifecycleEvidence
{
public:
    static constexpr const char* ProbeName = "docker.events.lifecycle";

    // The fixed programs the watch runs with `sh -c '<program>' sh ARG`: ARG is the events' start time
    // or a container id, and is only ever the program's "$1".
    static constexpr const char* EventsProgram =
        "exec docker events --since \"$1\" --filter type=container --filter event=create --filter event=start "
        "--filter event=die --filter event=stop --format \"{{json .}}\"";
    static constexpr const char* InspectProgram = "exec docker container inspect -- \"$1\"";

    // `docker events` for the four watched container actions, one JSON object per line, from
    // `sinceEpochMs` on (our own clock, as SECONDS.MILLISECONDS: the daemon replays what happened
    // between our start and its subscription, so an event right after the watch starts is not lost),
    // under ProbeCommands::supervised (it ends when our channel closes). Sudo: through `sudo -n --`.
    static QString eventsCommand(AccessMode mode, qint64 sinceEpochMs);
    // `docker container inspect -- ID` the same way; refuses anything but 64 hex digits.
    static Result<QString> inspectCommand(AccessMode mode, const QString& containerId);
    // The programs sudo runs for a watch under Sudo, for the sudoers allow-list.
    static QStringList sudoPrograms();

    // The stored output of one event: a JSON object
    //   {"event":{"action":..,"id":..,"name":..,"image":..,"time":..,"timeNano":..[,"exitCode":..]},
    //    "inspect":<the redacted inspect output, as stored bytes> | null,
    //    "inspect_text":"<redacted output that was not JSON>"   (only then)}
    // `redactedInspect` must already have been through the inspect redaction (ProbeRedactor).
    static QByteArray compose(const LifecycleEvent& event, const QByteArray& redactedInspect);

    // Reads back the event part of a stored lifecycle artifact (for views and tests).
    static Result<LifecycleEvent> eventOf(const Artifact& artifact);
    // True when the artifact's inspect part is present (the container still existed).
    static bool hasInspect(const Artifact& artifact);
};

} // namespace bulkhead
