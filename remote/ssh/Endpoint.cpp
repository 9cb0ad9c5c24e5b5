// SPDX-License-Identifier: GPL-3.0-or-later
#include "ssh/Endpoint.h"

#include <pwd.h>
#include <unistd.h>

namespace bulkhead {

QString Endpoint::label(const HostSpec& host)
{
    const bool ipv6 = host.address.contains(QLatin1Char(':'));
    const QString address = ipv6 ? QStringLiteral("[%1]").arg(host.address) : host.address;
    return QStringLiteral("%1:%2").arg(address).arg(host.port);
}

QString Endpoint::userAtLabel(const HostSpec& host)
{
    return effectiveUser(host) + QLatin1Char('@') + label(host);
}

QString Endpoint::effectiveUser(const HostSpec& host)
{
    return host.user.isEmpty() ? localUserName() : host.user;
}

QString Endpoint::localUserName()
{
    // The passwd entry of the effective uid, like ssh(1); $USER can be stale under su/sudo.
    if (const passwd* entry = getpwuid(geteuid()); entry != nullptr && entry->pw_name != nullptr) {
        return QString::fromLocal8Bit(entry->pw_name);
    }
    return qEnvironmentVariable("USER");
}

} // namespace bulkhead
