// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"

#include <QByteArray>
#include <QString>
#include <QStringList>
#include <QVector>

#include <optional>

namespace bulkhead {

// One process's command line from /proc/PID/cmdline.
struct ProcessArgs
{
    qint64 pid = 0;
    int uid = -1; // -1: unknown
    QString comm; // the name the probe matched (kernel comm, at most 15 characters)
    QStringList args;

    // Values of --name=value / --name value (the last one wins in value()); `name` without dashes.
    // Booleans given bare (--debug) have the value "true".
    QStringList values(const QString& name) const;
    std::optional<QString> value(const QString& name) const;
    bool has(const QString& name) const { return value(name).has_value(); }
};

// Parses ProbeFormat::ProcessArgs: "==> pid=N uid=N comm=NAME bytes=N <==\n" then N bytes of NUL-
// terminated arguments and a newline, per process.
class ProcessArgsParser
{
public:
    static Result<QVector<ProcessArgs>> parse(const QByteArray& output);
};

} // namespace bulkhead
