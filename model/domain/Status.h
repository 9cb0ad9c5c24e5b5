// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

#include <optional>

namespace bulkhead {

// Finding status as CHECKS.md defines it. Waived is applied on top of a fail.
enum class Status
{
    Pass,
    Fail,
    Warn,
    Manual,
    NotApplicable,
    Error,
    Waived,
};

QString statusToString(Status status); // "pass", "not_applicable", ...
std::optional<Status> statusFromString(const QString& text);
QString statusLabel(Status status); // "Pass", "Not applicable", ... for views

enum class Severity
{
    Info,
    Low,
    Medium,
    High,
    Critical,
};

QString severityToString(Severity severity); // "info", "low", ...
std::optional<Severity> severityFromString(const QString& text);

} // namespace bulkhead
