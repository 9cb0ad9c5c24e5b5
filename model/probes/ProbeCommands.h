// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "probes/AccessMode.h"
#include "probes/Probe.h"

#include <QString>
#include <QStringList>
#include <QVector>

#include <optional>

namespace bulkhead {

// The exact command lines that run on a host, per access mode. Only our fixed probe programs are
// ever quoted here: no host data reaches these functions.
class ProbeCommands
{
public:
    // POSIX shell single-quoting: 'it'\''s' for it's. Safe in sh, bash, dash, zsh, ksh and fish for
    // the probe programs (they contain no backslash-backslash or backslash-quote pairs).
    static QString shellQuote(const QString& word);

    // `command` run under a supervisor that ends it when its SSH channel closes: the supervisor's
    // stdin is the channel, and when that reaches EOF (Bulkhead gave up on the command: timeout,
    // cancel, output cap) it sends TERM to the command's process group (its own session, via setsid
    // where the host has it), then KILL two seconds later. Needed because sshd refuses signal
    // requests in root sessions ("session signalling requires privilege separation") and a TERM
    // alone leaves a command that ignores it running. The command's stdin is /dev/null; its exit
    // status is passed on, and a death by signal is raised again so the channel reports the signal.
    // Returns `sh -c '<supervisor>'`.
    static QString supervised(const QString& command);
    // The command a supervised() line runs; empty when `line` is not one (an older or foreign form).
    static std::optional<QString> unsupervised(const QString& line);
    // Whether a command line as `ps` shows it is Bulkhead's own: a supervisor or a probe program's shell
    // (so a scan's process list can leave out what the scan itself is running).
    static bool isOwnProcess(const QString& args);

    // Direct: `sh -c '<script>'`. Sudo: `sudo -n -- sh -c '<script>'` for a probe that needs
    // privilege (docker or root), the Direct form for the others. `-n`: never prompt; a password
    // requirement fails the probe ("a password is required"), which is recorded as permission denied.
    // Either runs under supervised(); sudo's part stays exactly `sh -c '<script>'` (the allow-list).
    static QString commandFor(const Probe& probe, AccessMode mode);

    // The probes with `command` set for the mode: what the collector runs on a host.
    static QVector<Probe> plan(AccessMode mode, const QVector<Probe>& probes = ProbeCatalog::all());

    // Every command line that runs on a host in this mode, in order (for --dry-run).
    static QStringList commandLines(AccessMode mode, const QVector<Probe>& probes = ProbeCatalog::all());

    // One argument written for a sudoers Cmnd: `\` `,` `:` `=` escaped as the sudoers grammar wants,
    // and the wildcard characters `*` `?` `[` `]` escaped so they match only themselves.
    static QString sudoersEscape(const QString& argument);

    // A sudoers fragment allowing exactly the privileged probe commands:
    // `Cmnd_Alias BULKHEAD_PROBES_<USER> = /bin/sh -c <program>, ...` and, when user is given, the
    // line `<user> ALL=(root) NOPASSWD: BULKHEAD_PROBES_<USER>` (else `BULKHEAD_PROBES` and that
    // line commented out as an example). The lists of different users can be installed side by side.
    static QString sudoersAllowList(const QString& user = QString(),
                                    const QVector<Probe>& probes = ProbeCatalog::all());
    // The alias of a user's list: BULKHEAD_PROBES_OPERATOR, BULKHEAD_PROBES_GROUP_AUDITORS for
    // %auditors, BULKHEAD_PROBES without a user.
    static QString sudoersAliasName(const QString& user);
};

} // namespace bulkhead
