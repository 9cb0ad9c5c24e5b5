// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "inventory/HostImport.h"

#include <QByteArray>
#include <QString>

namespace bulkhead {

// Imports the hosts of an OpenSSH client configuration (~/.ssh/config): every `Host` pattern without
// wildcards becomes a host, with HostName, User, Port, IdentityFile and ProxyJump resolved as ssh
// resolves them (first value wins, across every block that matches, `Host *` included). `Match`
// blocks cannot be evaluated offline and are skipped with a warning; ProxyCommand is never run and
// is reported. Hostile input is expected: nothing throws, sizes are bounded.
class SshConfigImporter
{
public:
    struct Options
    {
        QString homeDir;     // "~" and %d; empty: the user's home folder
        QString includeBase; // relative Include paths; empty: homeDir/.ssh (as ssh does for a user config)
        bool followIncludes = true;
    };

    // Fails only when the text as a whole is unusable (not UTF-8, too large); problems inside are
    // warnings, and a host that cannot be imported is skipped with one.
    static Result<HostImport> parse(const QByteArray& text, const QString& file, const Options& options);
    static Result<HostImport> parse(const QByteArray& text, const QString& file = QString());
    static Result<HostImport> importFile(const QString& path, const Options& options);
    static Result<HostImport> importFile(const QString& path);
};

} // namespace bulkhead
