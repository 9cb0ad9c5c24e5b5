// SPDX-License-Identifier: GPL-3.0-or-later
#include "watch/LifecycleEvent.h"

#include "facts/StrictJson.h"

#include <nlohmann/json.hpp>

#include <exception>
#include <optional>
#include <string>

namespace bulkhead {

namespace {

using Json = nlohmann::json;
using Parsed = LifecycleEventParser::Parsed;

Parsed malformed(const QString& reason)
{
    Parsed parsed;
    parsed.kind = Parsed::Kind::Malformed;
    parsed.reason = reason;
    return parsed;
}

Parsed rejected(const QString& reason)
{
    Parsed parsed;
    parsed.kind = Parsed::Kind::Rejected;
    parsed.reason = reason;
    return parsed;
}

// A string member, or nothing when absent; `wrongType` is set when present but not a string.
std::optional<QString> stringMember(const Json& object, const char* key, bool& wrongType)
{
    const auto it = object.find(key);
    if (it == object.end() || it->is_null())
        return std::nullopt;
    if (!it->is_string()) {
        wrongType = true;
        return std::nullopt;
    }
    return QString::fromStdString(it->get<std::string>());
}

std::optional<qint64> integerMember(const Json& object, const char* key, bool& wrongType)
{
    const auto it = object.find(key);
    if (it == object.end() || it->is_null())
        return std::nullopt;
    if (!it->is_number_integer()) {
        wrongType = true;
        return std::nullopt;
    }
    return it->get<qint64>();
}

bool allDigits(const QString& text)
{
    if (text.isEmpty() || text.size() > 10)
        return false;
    for (const QChar c : text) {
        if (c < QLatin1Char('0') || c > QLatin1Char('9'))
            return false;
    }
    return true;
}

} // namespace

bool LifecycleEventParser::isContainerId(QStringView text)
{
    if (text.size() != 64)
        return false;
    for (const QChar c : text) {
        const bool hex =
            (c >= QLatin1Char('0') && c <= QLatin1Char('9')) || (c >= QLatin1Char('a') && c <= QLatin1Char('f'));
        if (!hex)
            return false;
    }
    return true;
}

bool LifecycleEventParser::isWatchedAction(QStringView text)
{
    return text == QLatin1String("create") || text == QLatin1String("start") || text == QLatin1String("die") ||
           text == QLatin1String("stop");
}

LifecycleEventParser::Parsed LifecycleEventParser::parse(QByteArrayView line)
{
    // No exception leaves the parser, whatever the host sent.
    try {
        return parseLine(line);
    } catch (const std::exception&) {
        return malformed(QStringLiteral("an event line could not be read"));
    }
}

LifecycleEventParser::Parsed LifecycleEventParser::parseLine(QByteArrayView line)
{
    Json document;
    try {
        document = Json::parse(line.begin(), line.end(), rejectDuplicateKeys<Json>());
    } catch (const DuplicateJsonKey&) {
        return malformed(QStringLiteral("an event line names a key twice"));
    } catch (const std::exception&) {
        return malformed(QStringLiteral("an event line is not JSON"));
    }
    if (!document.is_object())
        return malformed(QStringLiteral("an event line is not a JSON object"));

    bool wrongType = false;
    const std::optional<QString> type = stringMember(document, "Type", wrongType);
    std::optional<QString> action = stringMember(document, "Action", wrongType);
    if (!action)
        action = stringMember(document, "status", wrongType);
    const std::optional<QString> topId = stringMember(document, "id", wrongType);
    const std::optional<qint64> time = integerMember(document, "time", wrongType);
    const std::optional<qint64> timeNano = integerMember(document, "timeNano", wrongType);
    std::optional<QString> actorId;
    std::optional<QString> name;
    std::optional<QString> image;
    std::optional<QString> exitCode;
    if (const auto actor = document.find("Actor"); actor != document.end() && !actor->is_null()) {
        if (!actor->is_object())
            return malformed(QStringLiteral("an event's Actor is not an object"));
        actorId = stringMember(*actor, "ID", wrongType);
        if (const auto attributes = actor->find("Attributes"); attributes != actor->end() && !attributes->is_null()) {
            if (!attributes->is_object())
                return malformed(QStringLiteral("an event's Attributes are not an object"));
            name = stringMember(*attributes, "name", wrongType);
            image = stringMember(*attributes, "image", wrongType);
            exitCode = stringMember(*attributes, "exitCode", wrongType);
        }
    }
    if (wrongType)
        return malformed(QStringLiteral("an event field has the wrong type"));
    if (!action || !time)
        return malformed(QStringLiteral("an event line lacks its action or time"));
    if (type && *type != QLatin1String("container"))
        return rejected(QStringLiteral("an event of another type than container"));
    if (!isWatchedAction(*action))
        return rejected(QStringLiteral("an event with an action that is not watched"));
    const std::optional<QString> id = actorId ? actorId : topId;
    if (!id)
        return rejected(QStringLiteral("an event without a container id"));
    if (!isContainerId(*id))
        return rejected(QStringLiteral("an event whose container id is not 64 hex digits"));
    if (actorId && topId && *actorId != *topId)
        return rejected(QStringLiteral("an event that names two different container ids"));
    if (exitCode && !allDigits(*exitCode))
        return rejected(QStringLiteral("an event whose exit code is not a number"));

    Parsed parsed;
    parsed.kind = Parsed::Kind::Event;
    parsed.event.action = *action;
    parsed.event.containerId = *id;
    parsed.event.name = name.value_or(QString()).left(MaxTextChars);
    parsed.event.image = image.value_or(QString()).left(MaxTextChars);
    parsed.event.exitCode = *action == QLatin1String("die") ? exitCode.value_or(QString()) : QString();
    parsed.event.time = *time;
    parsed.event.timeNano = timeNano.value_or(0);
    return parsed;
}

} // namespace bulkhead
