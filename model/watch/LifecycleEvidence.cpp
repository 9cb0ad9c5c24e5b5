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

// `sh -c '<program>' sh ARG`, through sudo under Sudo (the watch only talks to the docker socket: under
// Sudo it always needs privilege). The program is fixed text and ARG is only ever its "$1", so a sudoers
// rule can allow the program with any argument (sudoPrograms).
QString programCommand(AccessMode mode, const char* program, const QString& argument)
{
    const QString command = QStringLiteral("sh -c ") + ProbeCommands::shellQuote(QLatin1String(program)) +
                            QStringLiteral(" sh ") + argument;
    return mode == AccessMode::Sudo ? QStringLiteral("sudo -n -- ") + command : command;
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
    const QString since =
        QStringLiteral("%1.%2").arg(sinceEpochMs / 1000).arg(sinceEpochMs % 1000, 3, 10, QLatin1Char('0'));
    // `docker events` never ends by itself; the supervisor ends it when our channel closes.
    return ProbeCommands::supervised(programCommand(mode, EventsProgram, since));
}

Result<QString> LifecycleEvidence::inspectCommand(AccessMode mode, const QString& containerId)
{
    if (!LifecycleEventParser::isContainerId(containerId))
        return makeError(QStringLiteral("refused to inspect a container id that is not 64 hex digits"));
    return ProbeCommands::supervised(programCommand(mode, InspectProgram, containerId));
}

QStringList LifecycleEvidence::sudoPrograms()
{
    return {QLatin1String(EventsProgram), QLatin1String(InspectProgram)};
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
