// SPDX-License-Identifier: GPL-3.0-or-later
#include "ssh/SshProxy.h"

#include "ssh/SshConfig.h"

#include <QStandardPaths>
#include <QStringList>

namespace bulkhead {

namespace {

// An ssh -o value that may hold spaces (ssh splits some values, like UserKnownHostsFile, on them).
Result<QString> optionValue(const QString& value)
{
    if (value.contains(QLatin1Char('"')) || value.contains(QLatin1Char('\n'))) {
        return makeError(QStringLiteral("the path %1 cannot be passed to ssh").arg(value));
    }
    return value.contains(QLatin1Char(' ')) ? QStringLiteral("\"%1\"").arg(value) : value;
}

} // namespace

QString SshProxy::shellQuote(const QString& word)
{
    QString quoted = word;
    quoted.replace(QLatin1String("'"), QLatin1String("'\\''"));
    return QLatin1Char('\'') + quoted + QLatin1Char('\'');
}

QString SshProxy::sshProgram()
{
    return QStandardPaths::findExecutable(QStringLiteral("ssh"));
}

Result<QVector<SshProxy::Hop>> SshProxy::parseJumps(const QString& proxyJump)
{
    QVector<Hop> hops;
    const QStringList items = proxyJump.split(QLatin1Char(','), Qt::KeepEmptyParts);
    for (const QString& item : items) {
        QString text = item.trimmed();
        if (text.startsWith(QLatin1String("ssh://"))) {
            text = text.mid(6);
            if (text.endsWith(QLatin1Char('/'))) {
                text.chop(1);
            }
        }
        // The host may be an alias of the ssh config (ssh resolves it); it must still look like a
        // host spec, so nothing in it can turn into an ssh option or a shell word.
        auto spec = HostSpec::parse(text);
        if (text.isEmpty() || !spec) {
            return makeError(QStringLiteral("ProxyJump \"%1\" is not a list of [user@]host[:port]: %2")
                                 .arg(proxyJump, spec ? QStringLiteral("empty item") : spec.errorMessage()));
        }
        Hop hop;
        hop.user = spec->user;
        hop.host = spec->address;
        const bool portGiven = text.contains(QLatin1String("]:")) ||
                               (!text.contains(QLatin1Char('[')) && text.count(QLatin1Char(':')) == 1);
        hop.port = portGiven ? spec->port : 0;
        hop.text = text;
        hops.append(hop);
    }
    return hops;
}

Result<QString> SshProxy::jumpCommand(const SshOptions& options, const QString& errorLog, const QString& askpass)
{
    auto hops = parseJumps(options.proxyJump);
    if (!hops) {
        return hops.error();
    }
    const QString ssh = sshProgram();
    if (ssh.isEmpty()) {
        return makeError(QStringLiteral("ProxyJump needs the OpenSSH client (ssh), which is not installed"));
    }
    auto knownHosts = optionValue(options.knownHostsFile);
    if (!knownHosts) {
        return knownHosts.error();
    }

    QStringList words;
    if (!askpass.isEmpty()) {
        words << QStringLiteral("env") << QStringLiteral("SSH_ASKPASS=") + askpass
              << QStringLiteral("SSH_ASKPASS_REQUIRE=force");
    }
    words << ssh;
    if (!options.configFile.isEmpty() && options.configFile != SshConfig::defaultPath()) {
        words << QStringLiteral("-F") << options.configFile;
    }
    const int connectSeconds = std::max(1, (options.connectTimeoutMs + 999) / 1000);
    const QStringList settings = {
        QStringLiteral("StrictHostKeyChecking=%1")
            .arg(options.acceptNew ? QStringLiteral("accept-new") : QStringLiteral("yes")),
        QStringLiteral("UserKnownHostsFile=%1").arg(knownHosts.value()),
        QStringLiteral("GlobalKnownHostsFile=/dev/null"),
        QStringLiteral("ConnectTimeout=%1").arg(connectSeconds),
        QStringLiteral("BatchMode=%1").arg(askpass.isEmpty() ? QStringLiteral("yes") : QStringLiteral("no")),
        QStringLiteral("ForwardAgent=no"),
        QStringLiteral("PermitLocalCommand=no"),
        QStringLiteral("ControlMaster=no"),
        QStringLiteral("LogLevel=ERROR"),
    };
    for (const QString& setting : settings) {
        words << QStringLiteral("-o") << setting;
    }
    if (options.keepaliveIntervalMs > 0) {
        words << QStringLiteral("-o")
              << QStringLiteral("ServerAliveInterval=%1").arg(std::max(1, options.keepaliveIntervalMs / 1000))
              << QStringLiteral("-o") << QStringLiteral("ServerAliveCountMax=%1").arg(options.keepaliveCountMax);
    }
    const QVector<Hop>& list = hops.value();
    if (list.size() > 1) {
        QStringList earlier;
        for (qsizetype i = 0; i + 1 < list.size(); ++i) {
            earlier << list.at(i).text;
        }
        words << QStringLiteral("-J") << earlier.join(QLatin1Char(','));
    }
    const Hop& last = list.last();
    words << QStringLiteral("-W") << QStringLiteral("[%1]:%2").arg(options.host.address).arg(options.host.port);
    if (last.port > 0) {
        words << QStringLiteral("-p") << QString::number(last.port);
    }
    if (!last.user.isEmpty()) {
        words << QStringLiteral("-l") << last.user;
    }
    words << QStringLiteral("--") << last.host;

    QStringList quoted;
    for (const QString& word : words) {
        quoted << shellQuote(word);
    }
    QString command = quoted.join(QLatin1Char(' '));
    if (!errorLog.isEmpty()) {
        command += QStringLiteral(" 2>") + shellQuote(errorLog);
    }
    return command;
}

} // namespace bulkhead
