// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "facts/HostFacts.h"

#include <QByteArray>
#include <QMap>
#include <QVector>

namespace bulkhead {

// Parsers for the host.* probes and systemctl show. Each takes the stored artifact output and
// returns typed facts, or an Error when the output is not what the probe prints.
class HostFactsParser
{
public:
    static Result<QVector<PasswdEntry>> passwd(const QByteArray& output);
    static Result<QVector<GroupEntry>> groups(const QByteArray& output);
    static Result<OsRelease> osRelease(const QByteArray& output); // sectioned
    static Result<KernelInfo> kernel(const QByteArray& output);
    static Result<QVector<ProcessEntry>> processes(const QByteArray& output);  // sectioned
    static Result<QVector<ListeningSocket>> sockets(const QByteArray& output); // sectioned
    static Result<PendingUpdates> updates(const QByteArray& output);           // sectioned
    static Result<Sudoers> sudoers(const QByteArray& output);                  // sectioned
    // KEY=VALUE blocks separated by blank lines (systemctl show of several units).
    static Result<QVector<QMap<QString, QString>>> keyValueBlocks(const QByteArray& output);
    static Result<QVector<SystemdUnit>> systemdUnits(const QByteArray& output);
};

} // namespace bulkhead
