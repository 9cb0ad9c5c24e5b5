// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"

#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QStringList>
#include <QTextStream>

#include <memory>

namespace bulkhead {

class SshConfig;
struct ScanRequest;

// The SSH connection options every bulkhead-cli command that reaches hosts takes (`scan`, `watch`):
// key, known_hosts, host-key policy, timeouts, ssh config, askpass, password login, keepalive, sudo.
class ConnectionOptions
{
public:
    ConnectionOptions();

    void addTo(QCommandLineParser& parser) const;
    // --ssh-config takes an optional FILE: without one (last, or before another option) it means
    // ~/.ssh/config, which QCommandLineParser cannot express, so it is given an empty value here.
    static QStringList normalize(const QStringList& arguments);

    // Fills the connection side of `request` (not its hosts or workspace). On a usage error writes
    // "bulkhead-cli COMMAND: why" to err and returns false. credentialSource: where passphrases come from.
    bool apply(const QCommandLineParser& parser, const QString& command, ScanRequest& request, QTextStream& err,
               QString* credentialSource) const;

    // --ssh-config's value: empty means ~/.ssh/config (and, like ssh without -F, /etc/ssh/ssh_config).
    static Result<std::shared_ptr<const SshConfig>> loadSshConfig(const QString& value, const QString& command,
                                                                  QTextStream& err);

    const QCommandLineOption identity;
    const QCommandLineOption knownHosts;
    const QCommandLineOption acceptNew;
    const QCommandLineOption connectTimeout;
    const QCommandLineOption commandTimeout;
    const QCommandLineOption sshConfig;
    const QCommandLineOption askpass;
    const QCommandLineOption passwordAuth;
    const QCommandLineOption keepalive;
    const QCommandLineOption sudo;
};

} // namespace bulkhead
