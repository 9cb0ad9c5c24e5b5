// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QMap>
#include <QString>
#include <QStringList>
#include <QVector>

namespace bulkhead {

// Typed facts for tip 6 (host logging and auditing), from the logging.* and audit.* probes.

struct JournaldConfig
{
    QMap<QString, QString> settings;  // [Journal] keys in effect: drop-ins override journald.conf
    QStringList files;                // files read, in the order they apply
    bool persistentDirectory = false; // /var/log/journal exists (Storage=auto then persists)
    QString storage() const { return settings.value(QStringLiteral("Storage"), QStringLiteral("auto")); }
    bool persistent() const;
    bool forwardsToSyslog() const;
};

struct LogForward
{
    QString file;
    int line = 0;
    QString protocol; // udp, tcp, relp, or the syslog-ng driver (network, tcp, udp, syslog)
    QString target;   // host[:port] or host
};

struct SyslogConfig
{
    QString daemon; // "rsyslog" or "syslog-ng"
    QStringList files;
    QVector<LogForward> forwards; // remote targets: what tip 6 asks for
};

struct LogrotateStanza
{
    QString file;
    QStringList paths;
    QStringList directives; // "daily", "rotate 7", "maxsize 100M", ...
    bool mentions(const QString& text) const;
};

struct LogrotateConfig
{
    QStringList files;
    QStringList globalDirectives;
    QVector<LogrotateStanza> stanzas;
    // Stanzas for Docker's and the containers' logs (/var/lib/docker/containers, docker, containerd).
    QVector<LogrotateStanza> dockerStanzas() const;
};

struct AuditRule
{
    QString source;      // "loaded" (auditctl -l) or the rules file
    QString text;        // the rule as written
    QString kind;        // "watch" (-w), "syscall" (-a), "control" (-D, -b, -e, -f, ...)
    QString path;        // -w PATH, or -F path=/dir=
    QString permissions; // -p rwxa, or -F perm=
    QString key;         // -k KEY, or -F key=
};

struct AuditRules
{
    QStringList files;
    QStringList unreadable;
    QVector<AuditRule> rules;
    // Rules that watch `path` (exactly, or a directory rule naming it).
    QVector<AuditRule> forPath(const QString& path) const;
};

struct AuditdState
{
    bool installed = false;
    QStringList pids;
    QString systemd; // "active", "inactive", "failed", "unknown", "none" (systemd not running)
    bool running() const { return !pids.isEmpty() || systemd == QLatin1String("active"); }
};

} // namespace bulkhead
