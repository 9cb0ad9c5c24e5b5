// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QVector>

namespace bulkhead {

// A read-only command run on a host. Commands are fixed strings: nothing that came back from a
// host is ever put into one.
struct Probe
{
    QString name;        // "docker.version", "docker.info", "docker.containers.inspect", "docker.images.inspect"
    QString command;     // exact shell command line
    QString description; // what it collects and why
    int tip = 0;         // tip it serves
};

// The catalog of probes the collector runs, in order.
class ProbeCatalog
{
public:
    static const QVector<Probe>& dockerProbes();
    static const Probe* find(const QString& name);
};

} // namespace bulkhead
