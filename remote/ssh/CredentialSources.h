// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "ssh/CredentialsProvider.h"

#include <QString>

#include <memory>

namespace bulkhead {

// Where a command-line scan gets passphrases and passwords, by ssh's rules: an explicit askpass
// program first; then $SSH_ASKPASS when SSH_ASKPASS_REQUIRE=force, or when there is no terminal
// but a display; then the terminal (/dev/tty, echo off). Null when none of them exists (cron, CI):
// encrypted keys then need the agent. The result remembers passphrases for one scan (PassphraseCache).
class CredentialSources
{
public:
    static std::shared_ptr<CredentialsProvider> forCommandLine(const QString& askpassProgram,
                                                               QString* description = nullptr);
};

} // namespace bulkhead
