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
    // getpwuid_r: several scan workers ask at once.
    passwd entry{};
    passwd* found = nullptr;
    char buffer[4096];
    if (getpwuid_r(geteuid(), &entry, buffer, sizeof(buffer), &found) == 0 && found != nullptr &&
        found->pw_name != nullptr) {
        return QString::fromLocal8Bit(found->pw_name);
    }
    return qEnvironmentVariable("USER");
}

} // namespace bulkhead
