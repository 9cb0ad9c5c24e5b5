// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"

#include <QString>

namespace bulkhead {

// A value the user chose for a remediation (`--set NAME=VALUE`): a number in the range Docker accepts or a
// restart policy from a fixed list. Only these validated values, re-printed from their parsed form, ever
// reach a command.
struct RemediationSetting
{
    enum class Name
    {
        Memory,    // bytes
        Pids,      // processes
        CpuShares, // relative weight
        Restart,   // policy (restart) with maximum retries (number, on-failure only)
    };
    Name name = Name::Memory;
    qint64 number = 0;
    QString restart; // "no", "always", "unless-stopped", "on-failure"

    // "memory=536870912", "pids=200", "cpu-shares=512", "restart=no|always|unless-stopped|on-failure[:N]".
    static Result<RemediationSetting> parse(const QString& text);
    static QString nameText(Name name); // "memory", "pids", "cpu-shares", "restart"
    // The value as Docker takes it: "536870912", "on-failure:5".
    QString value() const;
    QString toString() const { return nameText(name) + QLatin1Char('=') + value(); }

    static constexpr qint64 MinMemory = 6 * 1024 * 1024; // Docker refuses less than 6 MiB
    static constexpr qint64 MaxMemory = qint64(1) << 50;
    static constexpr qint64 MaxPids = 4194304; // the kernel's pid_max limit
    static constexpr qint64 MinCpuShares = 2;
    static constexpr qint64 MaxCpuShares = 262144;
    static constexpr qint64 MaxRetries = 1000;
};

} // namespace bulkhead
