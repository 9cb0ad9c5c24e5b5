// SPDX-License-Identifier: GPL-3.0-or-later
#include "probes/ProbeCommands.h"

#include "watch/LifecycleEvidence.h"

namespace bulkhead {

namespace {

// How the supervisor's script begins: supervised() writes it, isOwnProcess() recognises it in `ps`.
constexpr const char* SupervisorStart = "exec 3<&0 </dev/null; s=; ";

} // namespace

QString ProbeCommands::shellQuote(const QString& word)
{
    QString quoted = word;
    quoted.replace(QLatin1Char('\''), QLatin1String("'\\''"));
    return QLatin1Char('\'') + quoted + QLatin1Char('\'');
}

QString ProbeCommands::supervised(const QString& command)
{
    // fd 3 keeps the channel (stdin); the command gets /dev/null. `kill -TERM -$p` reaches the whole
    // process group when setsid made the command a group leader, else only the command itself.
    // The watcher ignores TERM/HUP/INT and the supervisor passes them on to the command: in a session
    // that does take signals, sshd's TERM goes to the supervisor's group, and the command (in its own
    // group) must still get it, and the KILL after it if it ignores it. `wait` returns early when a
    // trapped signal arrives, hence the loop. Once the command itself has ended, whatever is left of its
    // group is KILLed at once (a TERM may have ended the shell but not a child that ignores it: the
    // watcher is stopped next, so it would not get to its KILL). The traps are reset before a death by
    // signal is raised again.
    const QString script =
        QString(
            QLatin1String(SupervisorStart) +
            QStringLiteral("if command -v setsid >/dev/null 2>&1; then s=setsid; fi; "
                           "$s %1 & p=$!; "
                           "{ trap '' TERM HUP INT; read -r _ <&3; kill -TERM -$p 2>/dev/null || kill -TERM $p "
                           "2>/dev/null; sleep 2; kill -KILL -$p 2>/dev/null || kill -KILL $p 2>/dev/null; } & w=$!; "
                           "trap 'kill -TERM -$p 2>/dev/null || kill -TERM $p 2>/dev/null' TERM HUP INT; "
                           "while :; do wait $p; r=$?; kill -0 $p 2>/dev/null || break; done; "
                           "if [ -n \"$s\" ]; then kill -KILL -$p 2>/dev/null; fi; kill -KILL $w 2>/dev/null; "
                           "trap - TERM HUP INT; "
                           "if [ $r -gt 128 ] && [ $r -lt 160 ]; then kill -$((r - 128)) $$; fi; exit $r"))
            .arg(command);
    return QStringLiteral("sh -c ") + shellQuote(script);
}

std::optional<QString> ProbeCommands::unsupervised(const QString& line)
{
    // supervised() quotes its whole script once: undo that, then cut the script at the command's place.
    const auto script = [](const QString& text) -> std::optional<QString> {
        const QString start = QStringLiteral("sh -c '");
        if (!text.startsWith(start) || !text.endsWith(QLatin1Char('\'')) || text.size() < start.size() + 1)
            return std::nullopt;
        QString inner = text.mid(start.size(), text.size() - start.size() - 1);
        return inner.replace(QLatin1String("'\\''"), QLatin1String("'"));
    };
    static const QString marker = QStringLiteral("\x01");
    static const QString pattern = script(supervised(marker)).value_or(QString());
    static const qsizetype at = pattern.indexOf(marker);
    const auto unquoted = script(line);
    if (!unquoted || at < 0)
        return std::nullopt;
    const QString prefix = pattern.left(at);
    const QString suffix = pattern.mid(at + marker.size());
    if (unquoted->size() < prefix.size() + suffix.size() || !unquoted->startsWith(prefix) ||
        !unquoted->endsWith(suffix))
        return std::nullopt;
    return unquoted->mid(prefix.size(), unquoted->size() - prefix.size() - suffix.size());
}

bool ProbeCommands::isOwnProcess(const QString& args)
{
    static const QString supervisor = QStringLiteral("sh -c ") + QLatin1String(SupervisorStart).trimmed();
    static const QString probeShell = QStringLiteral("sh -c ") + ProbeCatalog::program(QString()).trimmed();
    return args.startsWith(supervisor) || args.startsWith(probeShell);
}

QString ProbeCommands::commandFor(const Probe& probe, AccessMode mode)
{
    const QString direct = QStringLiteral("sh -c ") + shellQuote(probe.script);
    if (mode == AccessMode::Sudo && probe.needsPrivilege())
        return supervised(QStringLiteral("sudo -n -- ") + direct);
    return supervised(direct);
}

QVector<Probe> ProbeCommands::plan(AccessMode mode, const QVector<Probe>& probes)
{
    QVector<Probe> planned = probes;
    for (Probe& probe : planned)
        probe.command = commandFor(probe, mode);
    return planned;
}

QStringList ProbeCommands::commandLines(AccessMode mode, const QVector<Probe>& probes)
{
    QStringList lines;
    for (const Probe& probe : probes)
        lines << commandFor(probe, mode);
    return lines;
}

QString ProbeCommands::sudoersEscape(const QString& argument)
{
    QString escaped;
    escaped.reserve(argument.size() + argument.size() / 8);
    for (const QChar c : argument) {
        switch (c.unicode()) {
        case '\\':
            // Four: the sudoers lexer turns \\\\ into \\, which fnmatch reads as one literal backslash.
            escaped += QLatin1String("\\\\\\\\");
            continue;
        case ',': // separators of the sudoers grammar
        case ':':
        case '=':
        case '#': // a comment or a uid (#0) otherwise
        case '!': // negation otherwise
        case '*': // wildcards: fnmatch reads \* as a literal *
        case '?':
        case '[':
        case ']':
            escaped += QLatin1Char('\\');
            break;
        default: // ( ) " { } $ ; | & < > ' are taken literally (sudoers rejects a backslash before them)
            break;
        }
        escaped += c;
    }
    return escaped;
}

QString ProbeCommands::sudoersAliasName(const QString& user)
{
    // Alias names are [A-Z][A-Z0-9_]*; a group gets GROUP_ so that user x and group %x differ.
    QString name = QStringLiteral("BULKHEAD_PROBES");
    if (user.isEmpty())
        return name;
    QString principal = user;
    name += QLatin1Char('_');
    if (principal.startsWith(QLatin1Char('%'))) {
        name += QLatin1String("GROUP_");
        principal.remove(0, 1);
    }
    for (const QChar c : principal) {
        const char16_t u = c.toUpper().unicode();
        name += (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') ? QChar(u) : QChar(u'_');
    }
    return name;
}

QString ProbeCommands::sudoersAllowList(const QString& user, const QVector<Probe>& probes)
{
    QStringList entries;
    QStringList names;
    for (const Probe& probe : probes) {
        if (!probe.needsPrivilege())
            continue;
        names << probe.name;
        entries << QStringLiteral("/bin/sh -c ") + sudoersEscape(probe.script);
    }
    // `watch --sudo`: each program with its one argument (a time or a container id), which the program
    // only ever uses as "$1": the wildcard cannot widen what runs.
    for (const QString& program : LifecycleEvidence::sudoPrograms())
        entries << QStringLiteral("/bin/sh -c ") + sudoersEscape(program) + QStringLiteral(" sh *");
    QString text;
    text += QStringLiteral("# Bulkhead %1: the read-only probe commands that need root, for `--sudo` scans.\n")
                .arg(QLatin1String(BULKHEAD_VERSION));
    text +=
        QStringLiteral("# Bulkhead runs `sudo -n -- sh -c '<program>'`; sudo matches that as the command /bin/sh\n"
                       "# with the arguments \"-c <program>\", so each whole program line is allowed here, escaped\n"
                       "# for sudoers (\\ , : = and the wildcards * ? [ ] match only themselves). Nothing else\n"
                       "# is allowed: a changed program (new Bulkhead version) needs a new list. The last two\n"
                       "# entries are for `watch --sudo`: docker events and inspect, with one argument each.\n"
                       "# Install with: visudo -f /etc/sudoers.d/bulkhead\n");
    text += QStringLiteral("# Probes: %1, and watch\n").arg(names.join(QStringLiteral(", ")));
    // One alias per user: sudo refuses a second definition of the same alias, so the lists of two
    // users (two files in /etc/sudoers.d) must not share its name.
    const QString alias = sudoersAliasName(user);
    text += QStringLiteral("Cmnd_Alias %1 = ").arg(alias);
    text += entries.join(QStringLiteral(", \\\n    "));
    text += QLatin1Char('\n');
    if (user.isEmpty())
        text += QStringLiteral("# auditor ALL=(root) NOPASSWD: %1\n").arg(alias);
    else
        text += QStringLiteral("%1 ALL=(root) NOPASSWD: %2\n").arg(sudoersEscape(user), alias);
    return text;
}

} // namespace bulkhead
