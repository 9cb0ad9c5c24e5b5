// SPDX-License-Identifier: GPL-3.0-or-later
#include "ssh/ConnectionSummary.h"

#include "ssh/Endpoint.h"
#include "ssh/SshAgent.h"
#include "ssh/SshProxy.h"

#include <QFileInfo>

namespace bulkhead {

namespace {

QString seconds(int ms)
{
    return ms % 1000 == 0 ? QString::number(ms / 1000) : QString::number(ms / 1000.0, 'f', 1);
}

} // namespace

QStringList ConnectionSummary::lines(const SshOptions& options)
{
    QStringList lines;
    QString target = QStringLiteral("connects to %1").arg(Endpoint::userAtLabel(options.host));
    if (!options.configFile.isEmpty()) {
        target += QStringLiteral(" (\"%1\" resolved with %2)").arg(options.configAlias, options.configFile);
    }
    lines << target;

    if (!options.proxyJump.isEmpty()) {
        auto command = SshProxy::jumpCommand(options);
        lines << QStringLiteral("route: ProxyJump %1, run as: %2")
                     .arg(options.proxyJump, command ? command.value() : command.errorMessage());
    } else if (!options.proxyCommand.isEmpty()) {
        lines << QStringLiteral("route: ProxyCommand %1").arg(options.proxyCommand);
    } else {
        lines << QStringLiteral("route: direct TCP connection");
    }

    lines << QStringLiteral("host key: checked strictly against %1; %2")
                 .arg(options.knownHostsFile,
                      options.acceptNew ? QStringLiteral("an unknown key is added (accept-new), a changed one refused")
                                        : QStringLiteral("an unknown or changed key is refused"));

    QStringList keys;
    if (!options.identityFile.isEmpty()) {
        keys << options.identityFile;
    }
    for (const QString& file : options.identityFiles) {
        keys << (QFileInfo::exists(file) ? file : QStringLiteral("%1 (not found, skipped)").arg(file));
    }
    lines << QStringLiteral("keys: %1").arg(keys.isEmpty() ? QStringLiteral("none") : keys.join(QLatin1String(", ")));
    const QString agent = options.agentSocket.isEmpty() ? SshAgent::socketPath() : options.agentSocket;
    lines << QStringLiteral("agent: %1")
                 .arg(!options.useAgent ? QStringLiteral("not used")
                      : agent.isEmpty() ? QStringLiteral("none (SSH_AUTH_SOCK is not set)")
                                        : agent);
    lines << QStringLiteral("passwords: %1")
                 .arg(options.passwordAuth
                          ? QStringLiteral("keyboard-interactive and password allowed, asked each time, "
                                           "never stored")
                          : QStringLiteral("not used"));
    lines << QStringLiteral("timeouts: connect %1 s; keepalive %2")
                 .arg(seconds(options.connectTimeoutMs),
                      options.keepaliveIntervalMs > 0
                          ? QStringLiteral("every %1 s of silence, given up after %2 unanswered")
                                .arg(seconds(options.keepaliveIntervalMs))
                                .arg(options.keepaliveCountMax)
                          : QStringLiteral("off"));
    for (const QString& applied : options.configApplied) {
        lines << QStringLiteral("ssh config: %1").arg(applied);
    }
    for (const QString& ignored : options.configIgnored) {
        lines << QStringLiteral("ssh config: %1").arg(ignored);
    }
    return lines;
}

} // namespace bulkhead
