// SPDX-License-Identifier: GPL-3.0-or-later
#include "ConnectionOptions.h"

#include "scan/FleetScanner.h"
#include "ssh/CredentialSources.h"
#include "ssh/SshConfig.h"

#include <QFileInfo>

namespace bulkhead {

ConnectionOptions::ConnectionOptions()
    : identity(QStringList{QStringLiteral("identity"), QStringLiteral("i")}, QStringLiteral("Private key file."),
               QStringLiteral("KEY"))
    , knownHosts(QStringLiteral("known-hosts"), QStringLiteral("known_hosts file."), QStringLiteral("FILE"))
    , acceptNew(QStringLiteral("accept-new"), QStringLiteral("Trust and record unknown host keys."))
    , connectTimeout(QStringLiteral("connect-timeout"), QStringLiteral("Connect timeout in seconds."),
                     QStringLiteral("S"), QStringLiteral("10"))
    , commandTimeout(QStringLiteral("command-timeout"), QStringLiteral("Per-command timeout in seconds."),
                     QStringLiteral("S"), QStringLiteral("120"))
    , sshConfig(QStringLiteral("ssh-config"), QStringLiteral("Resolve hosts with an ssh_config file."),
                QStringLiteral("FILE"))
    , askpass(QStringLiteral("askpass"), QStringLiteral("Program that answers passphrase and password prompts."),
              QStringLiteral("PROG"))
    , passwordAuth(QStringLiteral("password-auth"), QStringLiteral("Allow password and keyboard-interactive login."))
    , keepalive(QStringLiteral("keepalive"), QStringLiteral("Seconds of server silence before a keepalive (0: off)."),
                QStringLiteral("S"), QStringLiteral("15"))
    , sudo(QStringLiteral("sudo"), QStringLiteral("Run the commands that need privilege through sudo -n."))
{}

void ConnectionOptions::addTo(QCommandLineParser& parser) const
{
    parser.addOptions({identity, knownHosts, acceptNew, connectTimeout, commandTimeout, sshConfig, askpass,
                       passwordAuth, keepalive, sudo});
}

QStringList ConnectionOptions::normalize(const QStringList& arguments)
{
    QStringList normalized = arguments;
    for (qsizetype i = 0; i < normalized.size(); ++i) {
        const bool bare = normalized.at(i) == QLatin1String("--ssh-config");
        if (bare && (i + 1 == normalized.size() || normalized.at(i + 1).startsWith(QLatin1Char('-'))))
            normalized[i] = QStringLiteral("--ssh-config=");
    }
    return normalized;
}

Result<std::shared_ptr<const SshConfig>> ConnectionOptions::loadSshConfig(const QString& value, const QString& command,
                                                                          QTextStream& err)
{
    const QString file = value.isEmpty() ? SshConfig::defaultPath() : value;
    SshConfig::LoadOptions load;
    if (file == SshConfig::defaultPath())
        load.systemConfig = QStringLiteral("/etc/ssh/ssh_config");
    auto config = SshConfig::load(file, load);
    if (!config)
        return config.error();
    for (const QString& warning : config->warnings())
        err << "bulkhead-cli " << command << ": warning: " << warning << "\n";
    return std::make_shared<const SshConfig>(std::move(config).value());
}

bool ConnectionOptions::apply(const QCommandLineParser& parser, const QString& command, ScanRequest& request,
                              QTextStream& err, QString* credentialSource) const
{
    const QString prefix = QStringLiteral("bulkhead-cli ") + command + QStringLiteral(": ");
    request.identityFile = parser.value(identity);
    request.knownHostsFile = parser.value(knownHosts);
    request.acceptNew = parser.isSet(acceptNew);
    request.access = parser.isSet(sudo) ? AccessMode::Sudo : AccessMode::Direct;
    bool okConnect = false;
    bool okCommand = false;
    const int connectSeconds = parser.value(connectTimeout).toInt(&okConnect);
    const int commandSeconds = parser.value(commandTimeout).toInt(&okCommand);
    if (!okConnect || !okCommand || connectSeconds <= 0 || commandSeconds <= 0 || connectSeconds > 3600 ||
        commandSeconds > 86400) {
        err << prefix << "timeouts are whole seconds (connect 1-3600, command 1-86400)\n";
        return false;
    }
    request.connectTimeoutMs = connectSeconds * 1000;
    request.connectTimeoutGiven = parser.isSet(connectTimeout);
    request.limits.timeoutMs = commandSeconds * 1000;
    bool okKeepalive = false;
    const int keepaliveSeconds = parser.value(keepalive).toInt(&okKeepalive);
    if (!okKeepalive || keepaliveSeconds < 0 || keepaliveSeconds > 3600) {
        err << prefix << "--keepalive is whole seconds from 0 (off) to 3600\n";
        return false;
    }
    request.keepaliveIntervalMs = keepaliveSeconds * 1000;
    if (parser.isSet(sshConfig)) {
        auto config = loadSshConfig(parser.value(sshConfig), command, err);
        if (!config) {
            err << prefix << config.error().message << "\n";
            return false;
        }
        request.sshConfig = config.value();
    }
    request.passwordAuth = parser.isSet(passwordAuth);
    QString source;
    request.credentials = CredentialSources::forCommandLine(parser.value(askpass), &source);
    if (credentialSource != nullptr)
        *credentialSource = source;
    if (request.passwordAuth && !request.credentials) {
        err << prefix << "--password-auth needs a terminal or an askpass program (--askpass PROG)\n";
        return false;
    }
    if (!request.identityFile.isEmpty() && !QFileInfo(request.identityFile).isReadable()) {
        err << prefix << "cannot read identity file " << request.identityFile << "\n";
        return false;
    }
    return true;
}

} // namespace bulkhead
