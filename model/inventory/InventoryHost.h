// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/HostSpec.h"
#include "inventory/SourcePosition.h"
#include "probes/AccessMode.h"

#include <QMap>
#include <QString>

namespace bulkhead {

// One host of an inventory with its connection settings. Where it and its fields were read from
// is not part of its value: == ignores `where`.
struct InventoryHost
{
    QString name;    // unique in the inventory; what the user sees
    QString address; // host name or IP address (IPv6 without brackets); empty: same as name
    int port = 22;
    QString user;      // empty: the local user name
    QString identity;  // private key file as written ("~/" and relative paths are resolved by the user of it)
    QString proxyJump; // "[user@]host[:port]" hops separated by ','; empty: direct connection
    QString zone;      // name of the zone the host belongs to (exactly one)
    AccessMode access = AccessMode::Direct; // how privileged probes run (root/docker group, or sudo -n)
    QMap<QString, QString> labels;          // free-form key/value pairs (role, owner, ...)
    SourcePositions where;

    QString effectiveAddress() const { return address.isEmpty() ? name : address; }
    HostSpec spec() const { return HostSpec{user, effectiveAddress(), port}; }

    bool operator==(const InventoryHost& other) const;
};

} // namespace bulkhead
