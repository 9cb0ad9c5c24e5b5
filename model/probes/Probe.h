// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QString>
#include <QVector>

namespace bulkhead {

// What part of a host a probe looks at; a probe whose component is absent reports "not present".
enum class ProbeComponent
{
    Docker,
    Host,
    Logging,
    Audit,
    Swarm,
    Kubernetes,
};

// What a probe needs to be complete. Under AccessMode::Sudo every probe above None runs through
// `sudo -n`; under Direct it runs as the login user and may come back "permission denied".
enum class ProbePrivilege
{
    None,   // any user
    Docker, // the Docker socket: root or the docker group
    Root,   // files or /proc entries a hardened host keeps for root
};

// How the output is framed (see model/facts/README.md): picks the parser and the secret redaction.
enum class ProbeFormat
{
    Json,        // one JSON document (docker inspect, version, info)
    JsonLines,   // one JSON object per line (docker image history, node ls)
    Sections,    // "==> NAME <==" headers, "|"-prefixed content lines, "!"-prefixed status lines
    ProcessArgs, // "==> pid=N uid=N comm=NAME bytes=N <==" then that many raw /proc/PID/cmdline bytes
    StatLines,   // ROLE|STATE|PATH|RAWMODE|UID|GID|USER|GROUP|LINK per file
    KeyValue,    // KEY=VALUE lines (systemctl show, auditd state)
    Text,        // plain text lines (getent, uname)
};

// A read-only command run on a host. Commands are fixed strings: nothing that came back from a
// host is ever put into one.
struct Probe
{
    QString name;        // "docker.version", "host.sudoers", "kubernetes.manifests", ...
    QString command;     // exact command line for AccessMode::Direct: `sh -c '<script>'`
    QString description; // what it collects and why
    int tip = 0;         // main tip it serves
    QList<int> tips;     // every tip it serves (tip first)
    ProbeComponent component = ProbeComponent::Docker;
    ProbePrivilege privilege = ProbePrivilege::None;
    ProbeFormat format = ProbeFormat::Text;
    QString script; // the POSIX sh program `command` runs: one line, fixed, read-only

    bool needsPrivilege() const { return privilege != ProbePrivilege::None; }
};

// The catalog of probes the collector runs, in order.
class ProbeCatalog
{
public:
    // Every probe, in collection order.
    static const QVector<Probe>& all();
    // The four Docker probes of the walking skeleton (version, info, containers, images).
    static const QVector<Probe>& dockerProbes();
    static const Probe* find(const QString& name);

    // Exit status and stderr line of a probe whose component is absent on the host:
    // `bulkhead: not present: <what>` on stderr, exit status 3, nothing else. Both must match.
    static constexpr int NotPresentExit = 3;
    // A probe program: the common prologue, the bh_* helpers `body` uses, then `body`. Public so
    // tests can run the helpers on files of their own.
    static QString program(const QString& body);
    static QString notPresentPrefix(); // "bulkhead: not present: "
};

QString componentName(ProbeComponent component); // "docker", "host", "logging", "audit", "swarm", "kubernetes"
QString privilegeName(ProbePrivilege privilege); // "none", "docker", "root"

} // namespace bulkhead
