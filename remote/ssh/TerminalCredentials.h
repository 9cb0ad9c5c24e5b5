// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "ssh/CredentialsProvider.h"

namespace bulkhead {

// Asks on the controlling terminal (/dev/tty) with echo off, as ssh does: the answer never passes
// through stdin or stdout, so piping bulkhead-cli's output stays safe. Prompts are serialized
// (one terminal, several scan workers). available() is false without a terminal (cron, CI).
class TerminalCredentials : public CredentialsProvider
{
public:
    static bool available();
    std::optional<SecretBytes> ask(const CredentialRequest& request, const std::atomic<bool>* cancel) override;
};

} // namespace bulkhead
