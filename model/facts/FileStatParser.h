// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"

#include <QByteArray>
#include <QString>
#include <QVector>

namespace bulkhead {

// Owner, group and mode of one file a CIS check names (ProbeFormat::StatLines).
struct FileStat
{
    QString role;  // what the file is for the checks: "docker.service", "docker.sock", "daemon.json", ...
    QString state; // "ok", "missing", "denied"
    QString path;
    uint mode = 0; // permission bits with setuid/setgid/sticky: 0644, 0660, 01777
    QString type;  // "file", "directory", "socket", "symlink", "fifo", "block", "char", "other"
    int uid = -1;
    int gid = -1;
    QString user;
    QString group;
    bool symlink = false; // the path itself is a link (mode and owner are its target's)
    int line = 0;         // 1-based line of the probe output it came from (evidence)
    QString text;         // that line as printed

    bool exists() const { return state == QLatin1String("ok"); }
    // "644 or stricter": no permission bit outside `allowed` (CIS compares masks, not numbers).
    bool modeWithin(uint allowed) const { return (mode & ~allowed & 07777) == 0; }
    QString octal() const { return QString::number(mode, 8).rightJustified(4, QLatin1Char('0')); }
};

// ROLE|ok|PATH|RAWMODEHEX|UID|GID|USER|GROUP|yes-or-no, or ROLE|missing|PATH, ROLE|denied|PATH.
class FileStatParser
{
public:
    static Result<QVector<FileStat>> parse(const QByteArray& output);
    // Every entry with that role, in output order.
    static QVector<FileStat> withRole(const QVector<FileStat>& stats, const QString& role);
};

} // namespace bulkhead
