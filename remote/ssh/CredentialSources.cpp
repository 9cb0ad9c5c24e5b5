// SPDX-License-Identifier: GPL-3.0-or-later
#include "ssh/CredentialSources.h"

#include "ssh/AskpassCredentials.h"
#include "ssh/PassphraseCache.h"
#include "ssh/TerminalCredentials.h"

namespace bulkhead {

std::shared_ptr<CredentialsProvider> CredentialSources::forCommandLine(const QString& askpassProgram,
                                                                       QString* description)
{
    QString scratch;
    QString& said = description != nullptr ? *description : scratch;
    const auto cached = [](std::shared_ptr<CredentialsProvider> inner) {
        return std::make_shared<PassphraseCache>(std::move(inner));
    };
    if (!askpassProgram.isEmpty()) {
        said = QStringLiteral("askpass program %1").arg(askpassProgram);
        return cached(std::make_shared<AskpassCredentials>(askpassProgram));
    }
    const QString environmentAskpass = qEnvironmentVariable("SSH_ASKPASS");
    const QString require = qEnvironmentVariable("SSH_ASKPASS_REQUIRE");
    const bool terminal = TerminalCredentials::available();
    const bool display = qEnvironmentVariableIsSet("DISPLAY") || qEnvironmentVariableIsSet("WAYLAND_DISPLAY");
    if (!environmentAskpass.isEmpty() && require != QLatin1String("never") &&
        (require == QLatin1String("force") || (!terminal && display))) {
        said = QStringLiteral("askpass program %1 (SSH_ASKPASS)").arg(environmentAskpass);
        return cached(std::make_shared<AskpassCredentials>(environmentAskpass));
    }
    if (terminal) {
        said = QStringLiteral("the terminal");
        return cached(std::make_shared<TerminalCredentials>());
    }
    said = QStringLiteral("nothing (no terminal, no askpass program)");
    return nullptr;
}

} // namespace bulkhead
