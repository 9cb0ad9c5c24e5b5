// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "domain/HostSpec.h"
#include "ssh/SshOptions.h"

#include <QString>
#include <QStringList>
#include <QVector>

#include <optional>

namespace bulkhead {

// An OpenSSH client configuration (ssh_config(5)) read by Bulkhead itself, so that a host alias
// resolves exactly as `ssh ALIAS` would for the settings a scan uses, and the result can be shown
// before anything connects (dry-run, log). libssh's own ssh_options_parse_config() is not used:
// it would also apply StrictHostKeyChecking / UserKnownHostsFile from the user's file (a
// `StrictHostKeyChecking no` makes libssh report an unknown host as known) and keywords we cannot
// show; here every keyword is either applied, or reported as ignored with its file and line.
//
// Applied: Host, Match (all, host, originalhost, user, localuser; `exec` never matches: resolving is
// side-effect free), Include (globs, relative to ~/.ssh), HostName, User, Port, IdentityFile
// (repeatable, ~ and %-tokens), IdentityAgent, ProxyJump, ProxyCommand, ConnectTimeout,
// ServerAliveInterval, ServerAliveCountMax. First value wins, as in OpenSSH.
class SshConfig
{
public:
    struct LoadOptions
    {
        QString homeDir;      // for ~, %d and relative Include paths; empty: the user's home
        QString localUser;    // for %u and Match localuser; empty: the effective user
        QString systemConfig; // read after the file, like /etc/ssh/ssh_config; empty: none
    };

    // What the configuration says for one host alias. Empty / nullopt: the configuration is silent.
    struct Resolved
    {
        QString alias;             // the name as given (what Host patterns matched)
        QString hostName;          // HostName with %h expanded; the alias when none is set
        QString user;              // User
        std::optional<int> port;   // Port
        QStringList identityFiles; // IdentityFile, expanded, in order (existence not checked)
        QString identityAgent;     // IdentityAgent, expanded ("none": no agent)
        QString proxyJump;         // ProxyJump ("none" is returned as empty)
        QString proxyCommand;      // ProxyCommand, %-tokens expanded ("none" is returned as empty)
        std::optional<int> connectTimeoutSeconds;
        std::optional<int> serverAliveInterval; // seconds; 0 turns keepalive off
        std::optional<int> serverAliveCountMax;
        QStringList applied; // "HostName 10.0.0.5 (FILE line 12)": each setting that came from the file
        QStringList ignored; // "StrictHostKeyChecking no (FILE line 3): ...": each setting not applied, and why
    };

    // Reads path and every file it includes. A missing path is an error; a missing Include is not
    // (OpenSSH skips it too), it is listed in warnings().
    static Result<SshConfig> load(const QString& path, const LoadOptions& options = {});
    static SshConfig fromText(const QByteArray& text, const QString& path, const LoadOptions& options = {});
    static QString defaultPath(); // ~/.ssh/config

    // commandLineUser / commandLinePort: given with the host (they win, and feed %r / %p); 0: none.
    Resolved resolve(const QString& alias, const QString& commandLineUser = {}, int commandLinePort = 0) const;

    // Applies the configuration for host.address (an alias) to options, OpenSSH's way: a user or
    // port given with the host wins over the file (port 22 counts as not given), HostName replaces
    // the address, the file's IdentityFiles come after options.identityFile (with neither, ssh's
    // default ~/.ssh/id_* keys that exist), ProxyJump and
    // ProxyCommand are carried over (SshSession runs them, see SshProxy). connectTimeoutGiven: the
    // caller's timeout wins over ConnectTimeout.
    Result<void> apply(const HostSpec& host, SshOptions& options, bool connectTimeoutGiven = false) const;

    QString path() const { return m_path; }
    QStringList warnings() const { return m_warnings; }
    // Host names the file declares without wildcards or negation (for inventory import).
    QStringList hostAliases() const;

private:
    struct Line
    {
        int file = 0;
        int number = 0;
        QString keyword; // lower case
        QStringList arguments;
        QVector<int> includes; // Include: indices of the files it names, after glob expansion
    };
    struct File
    {
        QString path;
        QVector<Line> lines;
    };

    int parseFile(const QString& path, const QByteArray& text, int depth);
    void loadIncludes(int fileIndex, int depth);
    QString location(const Line& line) const;

    QString m_path;
    LoadOptions m_options;
    QVector<File> m_files;
    QVector<int> m_roots; // the file, then the system file
    QStringList m_warnings;

    friend class SshConfigResolver;
};

} // namespace bulkhead
