// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/HostSpec.h"

#include <QString>

namespace bulkhead {

// How the transport names a host in its messages. Always with the port, so the user can tell
// two sshds on one address apart.
class Endpoint
{
public:
    static QString label(const HostSpec& host);       // "10.0.0.5:22", "[::1]:2222"
    static QString userAtLabel(const HostSpec& host); // "root@10.0.0.5:22" (local user name when empty)
    static QString effectiveUser(const HostSpec& host);
    static QString localUserName();
};

} // namespace bulkhead
