// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QStringList>

#include <optional>

namespace bulkhead {

// How docker reads the option strings that ContainerFacts keeps as given, for the checks to compare
// them the way the engine does. Nothing here trusts the strings: unreadable forms give nullopt, or
// the answer that makes a check look closer (an odd address counts as every interface).
class DockerOptions
{
public:
    // "net_admin", "NET_ADMIN", "CAP_NET_ADMIN" -> "CAP_NET_ADMIN"; "all" -> "ALL" (as the engine
    // normalises --cap-add / --cap-drop). Surrounding blanks are not trimmed: docker rejects them.
    static QString normalizedCapability(const QString& capability);
    // Whether a normalised list names the capability (or "ALL").
    static bool containsCapability(const QStringList& capabilities, const QString& capability);

    // The value of a SecurityOpt entry "key=value" or the legacy "key:value" (the last entry for
    // the key wins, as in the engine); "" for a bare "key"; nullopt when no entry names the key.
    static std::optional<QString> securityOptValue(const QStringList& securityOpt, const QString& key);
    // no-new-privileges from SecurityOpt: "no-new-privileges", "no-new-privileges:true",
    // "no-new-privileges=true" are true, ":false"/"=false" false (Go's ParseBool spellings);
    // nullopt when unset or unreadable.
    static std::optional<bool> noNewPrivileges(const QStringList& securityOpt);

    // A host address that listens on every interface: "", "0.0.0.0", "::", "[::]" and other
    // spellings of the unspecified IPv4/IPv6 address ("::0", "0:0:0:0:0:0:0:0", "::ffff:0.0.0.0").
    static bool isAllInterfaces(const QString& hostIp);
    // The lowest port of a HostPort ("80" -> 80, "8000-8010" -> 8000); nullopt for "" (an
    // ephemeral port), "0" (also ephemeral) and anything that is not a port or a range of ports.
    static std::optional<int> lowestHostPort(const QString& hostPort);

    // "host" namespace modes (PidMode, IpcMode, UTSMode, NetworkMode, UsernsMode, CgroupnsMode).
    static bool isHostMode(const QString& mode) { return mode == QLatin1String("host"); }
    // PidsLimit: 0 (also null) and negative values mean unlimited.
    static bool isUnlimitedPids(qint64 pidsLimit) { return pidsLimit <= 0; }
};

} // namespace bulkhead
