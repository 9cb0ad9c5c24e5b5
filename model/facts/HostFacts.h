// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QMap>
#include <QString>
#include <QStringList>
#include <QVector>

namespace bulkhead {

// Typed facts about the host itself (tip 1), from the host.* and docker.systemd.units probes.

struct PasswdEntry
{
    QString name;
    int uid = -1;
    int gid = -1;
    QString gecos;
    QString home;
    QString shell;
    bool loginShell() const; // not nologin/false/sync/halt/shutdown/empty
};

struct GroupEntry
{
    QString name;
    int gid = -1;
    QStringList members;
};

struct OsRelease
{
    QMap<QString, QString> fields; // ID, VERSION_ID, PRETTY_NAME, ... with quotes removed
    QString id() const { return fields.value(QStringLiteral("ID")); }
    QString versionId() const { return fields.value(QStringLiteral("VERSION_ID")); }
    QString prettyName() const { return fields.value(QStringLiteral("PRETTY_NAME")); }
};

struct KernelInfo
{
    QString name;    // Linux
    QString release; // 6.1.0-13-amd64
    QString machine; // x86_64
    QString build;   // #1 SMP PREEMPT_DYNAMIC Debian 6.1.55-1 (2023-09-29)
};

struct ProcessEntry
{
    int uid = -1; // -1: not given (busybox ps)
    qint64 pid = 0;
    qint64 ppid = 0;
    QString user;
    QString args;
    QString command() const; // basename of the first word of args ("[kthreadd]" stays as it is)
};

struct ListeningSocket
{
    QString protocol; // tcp, udp, tcp6, udp6
    QString address;  // 0.0.0.0, ::, 127.0.0.1, * ...
    int port = 0;
    QString process; // "sshd" (empty without privilege)
    qint64 pid = 0;
    bool allInterfaces() const; // 0.0.0.0, ::, *, [::]
};

struct PendingUpdate
{
    QString package;
    QString newVersion;
    QString currentVersion; // when the tool says
    QString origin;         // repository or suite, e.g. "bookworm-security"
    bool security = false;
};

struct PendingUpdates
{
    QString manager; // apt, dnf, yum, zypper, apk
    QVector<PendingUpdate> updates;
    int securityCount() const;
};

struct SudoRule
{
    QString file;
    QString principal; // a user, %group, or alias
    bool group = false;
    QString spec; // the rest of the rule: "ALL=(ALL:ALL) NOPASSWD: ALL"
    bool noPassword = false;
    bool allCommands = false; // the command list is ALL
};

struct Sudoers
{
    QStringList files;       // every file read
    QStringList unreadable;  // denied ones
    QStringList defaults;    // Defaults lines
    QStringList aliases;     // *_Alias lines
    QStringList includes;    // @include / #includedir targets
    QVector<SudoRule> rules; // user specifications
};

struct SystemdUnit
{
    QMap<QString, QString> properties; // as systemctl show prints them
    QString id() const { return properties.value(QStringLiteral("Id")); }
    QString loadState() const { return properties.value(QStringLiteral("LoadState")); }
    QString activeState() const { return properties.value(QStringLiteral("ActiveState")); }
    bool found() const { return !loadState().isEmpty() && loadState() != QLatin1String("not-found"); }
};

} // namespace bulkhead
