// SPDX-License-Identifier: GPL-3.0-or-later
#include "domain/Status.h"

#include <array>
#include <utility>

namespace bulkhead {

namespace {

struct StatusName
{
    Status status;
    const char* id;
    const char* label;
};

// The ids are a stable contract (workspace, CLI JSON/CSV); labels are for views.
constexpr std::array<StatusName, 7> StatusNames{{
    {Status::Pass, "pass", "Pass"},
    {Status::Fail, "fail", "Fail"},
    {Status::Warn, "warn", "Warning"},
    {Status::Manual, "manual", "Manual"},
    {Status::NotApplicable, "not_applicable", "Not applicable"},
    {Status::Error, "error", "Error"},
    {Status::Waived, "waived", "Waived"},
}};

constexpr std::array<std::pair<Severity, const char*>, 5> SeverityNames{{
    {Severity::Info, "info"},
    {Severity::Low, "low"},
    {Severity::Medium, "medium"},
    {Severity::High, "high"},
    {Severity::Critical, "critical"},
}};

} // namespace

QString statusToString(Status status)
{
    for (const auto& entry : StatusNames) {
        if (entry.status == status)
            return QLatin1String(entry.id);
    }
    return QStringLiteral("error");
}

std::optional<Status> statusFromString(const QString& text)
{
    for (const auto& entry : StatusNames) {
        if (text == QLatin1String(entry.id))
            return entry.status;
    }
    return std::nullopt;
}

QString statusLabel(Status status)
{
    for (const auto& entry : StatusNames) {
        if (entry.status == status)
            return QLatin1String(entry.label);
    }
    return QStringLiteral("Error");
}

QString severityToString(Severity severity)
{
    for (const auto& [value, name] : SeverityNames) {
        if (value == severity)
            return QLatin1String(name);
    }
    return QStringLiteral("medium");
}

std::optional<Severity> severityFromString(const QString& text)
{
    for (const auto& [value, name] : SeverityNames) {
        if (text == QLatin1String(name))
            return value;
    }
    return std::nullopt;
}

} // namespace bulkhead
