// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"

#include <QString>

namespace bulkhead {

// Where a host is reached: [USER@]ADDR[:PORT]; IPv6 addresses in brackets ([::1]:22).
struct HostSpec
{
    QString user; // empty: the local user name
    QString address;
    int port = 22;

    static Result<HostSpec> parse(const QString& text);
    QString toString() const;    // canonical "user@addr:port" (brackets for IPv6)
    QString displayName() const; // "addr" or "addr:port" when the port is not 22

    bool operator==(const HostSpec&) const = default;
};

} // namespace bulkhead
