// SPDX-License-Identifier: GPL-3.0-or-later
#include "watch/LifecycleEvidence.h"

#include "facts/StrictJson.h"
#include "probes/ProbeCommands.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <exception>
#include <string>

namespace bulkhead {

namespace {

using Json = nlohmann::json;

QString sudoPrefix(AccessMode mode)
{
    // The watch only talks to the docker socket: under Sudo it always needs privilege.
    return mode == AccessMode::Sudo ? QStringLiteral("sudo -n -- ") : QString();
}

std::string utf8(const QString& text)
{
    return text.toStdString();
}

bool isJson(const QByteArray& bytes)
{
    return Json::accept(bytes.begin(), bytes.end());
}

} // namespace

QString LifecycleEvidence::eventsCommand(AccessMode mode, qint64 sinceEpochMs)
{
    sinceEpochMs = std::max<qint64>(sinceEpochMs, 0);
    const QString events =
        sudoPrefix(mode) + QStringLiteral("docker events --since %1.%2 --filter type=container --filter event=create "
                                          "--filter event=start --filter event=die --filter event=stop --format "
                                          "\"{{json .}}\"")
                               .arg(sinceEpochMs / 1000)
                               .arg(sinceEpochMs % 1000, 3, 10, QLatin1Char('0'));
    // sshd refuses signal requests in root sessions ("session signalling requires privilege
    // separation"), so a TERM from us may never arrive: `docker events` would then live on until its next
    // write fails. The wrapper ends it when the channel closes (its stdin reaches EOF) and passes on its
    // exit status when it ends by itself.
    const QString script = QStringLiteral("exec 3<&0; %1 </dev/null & p=$!; { read -r _ <&3; kill $p 2>/dev/null; } & "
                                          "w=$!; wait $p; s=$?; kill $w 2>/dev/null; exit $s")
                               .arg(events);
    // Under sudo only `docker events ...` runs as root (sudo passes the wrapper's TERM on): what a sudoers
    // rule has to allow is that command, not a shell.
    return QStringLiteral("sh -c ") + ProbeCommands::shellQuote(script);
}

Result<QString> LifecycleEvidence::inspectCommand(AccessMode mode, const QString& containerId)
{
    if (!LifecycleEventParser::isContainerId(containerId))
        return makeError(QStringLiteral("refused to inspect a container id that is not 64 hex digits"));
    return QString(sudoPrefix(mode) + QStringLiteral("docker container inspect -- ") + containerId);
}

QByteArray LifecycleEvidence::compose(const LifecycleEvent& event, const QByteArray& redactedInspect)
{
    Json head = Json::object();
    head["action"] = utf8(event.action);
    head["id"] = utf8(event.containerId);
    head["name"] = utf8(event.name);
    head["image"] = utf8(event.image);
    head["time"] = event.time;
    head["timeNano"] = event.timeNano;
    if (!event.exitCode.isEmpty())
        head["exitCode"] = utf8(event.exitCode);
    // Invalid UTF-8 cannot come from a QString; `replace` keeps dump() from throwing regardless.
    QByteArray output = QByteArrayLiteral("{\"event\":");
    output += QByteArray::fromStdString(head.dump(-1, ' ', false, Json::error_handler_t::replace));
    output += QByteArrayLiteral(",\"inspect\":");
    const QByteArray trimmed = redactedInspect.trimmed();
    if (!trimmed.isEmpty() && isJson(trimmed)) {
        // The stored inspect bytes as they are, so the evidence is what docker printed (redacted).
        output += trimmed;
    } else {
        output += QByteArrayLiteral("null");
        if (!trimmed.isEmpty()) {
            const Json text = std::string(trimmed.constData(), static_cast<std::size_t>(trimmed.size()));
            output += QByteArrayLiteral(",\"inspect_text\":");
            output += QByteArray::fromStdString(text.dump(-1, ' ', false, Json::error_handler_t::replace));
        }
    }
    output += '}';
    return output;
}

Result<LifecycleEvent> LifecycleEvidence::eventOf(const Artifact& artifact)
{
    if (artifact.probe != QLatin1String(ProbeName))
        return makeError(QStringLiteral("artifact %1 is not lifecycle evidence").arg(artifact.id));
    try {
        const Json document = Json::parse(artifact.output.begin(), artifact.output.end(), rejectDuplicateKeys<Json>());
        const Json& head = document.at("event");
        LifecycleEvent event;
        event.action = QString::fromStdString(head.at("action").get<std::string>());
        event.containerId = QString::fromStdString(head.at("id").get<std::string>());
        event.name = QString::fromStdString(head.value("name", std::string()));
        event.image = QString::fromStdString(head.value("image", std::string()));
        event.exitCode = QString::fromStdString(head.value("exitCode", std::string()));
        event.time = head.at("time").get<qint64>();
        event.timeNano = head.value("timeNano", qint64{0});
        return event;
    } catch (const std::exception&) {
        return makeError(QStringLiteral("artifact %1 holds no readable lifecycle event").arg(artifact.id));
    }
}

bool LifecycleEvidence::hasInspect(const Artifact& artifact)
{
    try {
        const Json document = Json::parse(artifact.output.begin(), artifact.output.end());
        const auto it = document.find("inspect");
        // docker prints [] for a container that was gone before the inspect ran.
        return it != document.end() && !it->is_null() && !(it->is_array() && it->empty());
    } catch (const std::exception&) {
        return false;
    }
}

} // namespace bulkhead
