// SPDX-License-Identifier: GPL-3.0-or-later
#include "domain/Finding.h"

#include <array>
#include <utility>

namespace bulkhead {

namespace {

constexpr std::array<std::pair<SubjectKind, const char*>, 4> SubjectKindNames{{
    {SubjectKind::Host, "host"},
    {SubjectKind::Daemon, "daemon"},
    {SubjectKind::Container, "container"},
    {SubjectKind::Image, "image"},
}};

} // namespace

QString subjectKindToString(SubjectKind kind)
{
    for (const auto& [value, name] : SubjectKindNames) {
        if (value == kind)
            return QLatin1String(name);
    }
    return QStringLiteral("host");
}

std::optional<SubjectKind> subjectKindFromString(const QString& text)
{
    for (const auto& [value, name] : SubjectKindNames) {
        if (text == QLatin1String(name))
            return value;
    }
    return std::nullopt;
}

} // namespace bulkhead
