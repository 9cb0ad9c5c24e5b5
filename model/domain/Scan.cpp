// SPDX-License-Identifier: GPL-3.0-or-later
#include "domain/Scan.h"

#include <array>
#include <utility>

namespace bulkhead {

namespace {

// Stored in the workspace: never rename an entry.
constexpr std::array<std::pair<ScanState, const char*>, 4> ScanStateNames{{
    {ScanState::Running, "running"},
    {ScanState::Complete, "complete"},
    {ScanState::Partial, "partial"},
    {ScanState::Failed, "failed"},
}};

constexpr std::array<std::pair<HostScanState, const char*>, 6> HostScanStateNames{{
    {HostScanState::Pending, "pending"},
    {HostScanState::Running, "running"},
    {HostScanState::Done, "done"},
    {HostScanState::Partial, "partial"},
    {HostScanState::Failed, "failed"},
    {HostScanState::Cancelled, "cancelled"},
}};

constexpr std::array<std::pair<ScanKind, const char*>, 3> ScanKindNames{{
    {ScanKind::Scan, "scan"},
    {ScanKind::Watch, "watch"},
    {ScanKind::Remediation, "remediation"},
}};

template <typename Enum, std::size_t N>
QString toName(const std::array<std::pair<Enum, const char*>, N>& names, Enum value)
{
    for (const auto& [entry, name] : names) {
        if (entry == value)
            return QLatin1String(name);
    }
    return QString();
}

template <typename Enum, std::size_t N>
std::optional<Enum> fromName(const std::array<std::pair<Enum, const char*>, N>& names, const QString& text)
{
    for (const auto& [entry, name] : names) {
        if (text == QLatin1String(name))
            return entry;
    }
    return std::nullopt;
}

} // namespace

QString scanKindToString(ScanKind kind)
{
    return toName(ScanKindNames, kind);
}

std::optional<ScanKind> scanKindFromString(const QString& text)
{
    return fromName(ScanKindNames, text);
}

QString scanStateToString(ScanState state)
{
    return toName(ScanStateNames, state);
}

std::optional<ScanState> scanStateFromString(const QString& text)
{
    return fromName(ScanStateNames, text);
}

QString hostScanStateToString(HostScanState state)
{
    return toName(HostScanStateNames, state);
}

std::optional<HostScanState> hostScanStateFromString(const QString& text)
{
    return fromName(HostScanStateNames, text);
}

} // namespace bulkhead
