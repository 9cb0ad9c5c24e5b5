// SPDX-License-Identifier: GPL-3.0-or-later
#include "probes/Probe.h"

#include "probes/ProbeCommands.h"

#include <QStringList>

// Why these commands are safe to run on an audited host:
// - They are compile-time constants. Nothing that came back from any host (ids, names, labels,
//   paths) is ever spliced into them; ids, pids and paths found on a host are expanded by the
//   remote shell from that same host's output, always quoted ("$f") or after `set -f`, never by
//   Bulkhead.
// - They only read: docker version/info/ps/images/inspect/history/node ls/service ls, cat through
//   awk, stat, ps, ss, getent, uname, systemctl show/is-active, auditctl -l and package managers in
//   simulation or cache-only mode (apt-get -s, dnf -C, zypper --no-refresh, apk version).
// - Every probe is a one-line POSIX sh program run as `sh -c '<program>'`, so the user's login
//   shell only passes one single-quoted word to sh. One line, single spaces, no tab: a sudoers
//   allow-list can name the exact command (sudoers folds white space). No `\\` and no `\'` inside:
//   fish's single quotes would change them.
// - Helpers (bh_*) are included only where used. Multi-file reads are framed (see
//   facts/SectionsParser.h): content lines get a "|" prefix so a file cannot forge a "==>" header,
//   and a file name outside [A-Za-z0-9._/@+,:=~-] is printed as hex:..., so it cannot either.
// - Absent components: `bulkhead: not present: <what>` on stderr and exit 3 (ProbeCatalog::
//   NotPresentExit). A file the login user may not read: `!denied` in the output, a
//   "bulkhead: permission denied: <path>" line on stderr and exit 1, so it is recorded as
//   permission denied (an `error` finding), never read as "no such file".
// - A failing `docker ps`/`docker images` (no daemon, permission denied on the socket) makes the
//   probe exit with that command's status and stderr; only a successful empty listing prints `[]`.
// - Paths taken from a process's command line (--config-file, --config, --kubeconfig) are read
//   only when they end like a configuration file, so a doctored command line cannot make a probe
//   copy /etc/shadow into the evidence.

namespace bulkhead {

namespace {

struct Helper
{
    const char* name;
    const char* body;
};

// In dependency order: a helper may use the ones above it.
constexpr Helper Helpers[] = {
    {"bh_np", R"sh(bh_np() { printf "bulkhead: not present: %s\n" "$1" >&2; exit 3; })sh"},
    {"bh_docker", R"sh(bh_docker() { command -v docker >/dev/null 2>&1 || bh_np docker; })sh"},
    {"bh_name",
     R"sh(bh_name() { case $1 in *[!A-Za-z0-9._/@+,:=~-]*) printf "hex:"; printf "%s" "$1" | od -An -v -tx1 | tr -d " \n";; *) printf "%s" "$1";; esac; })sh"},
    {"bh_head", R"sh(bh_head() { printf "==> "; bh_name "$1"; printf " <==\n"; })sh"},
    {"bh_denied", R"sh(bh_denied() { bh_rc=1; printf "bulkhead: permission denied: %s\n" "$(bh_name "$1")" >&2; })sh"},
    {"bh_gone",
     R"sh(bh_gone() { if [ -d "${1%/*}" ] && [ ! -x "${1%/*}" ]; then echo "!denied"; bh_denied "$1"; else echo "!missing"; fi; })sh"},
    {"bh_cat",
     R"sh(bh_cat() { bh_head "$1"; if [ -d "$1" ]; then echo "!directory"; elif [ ! -e "$1" ]; then bh_gone "$1"; elif [ ! -r "$1" ]; then echo "!denied"; bh_denied "$1"; else awk '{print "|" $0}' < "$1" || echo "!error"; fi; })sh"},
    {"bh_dir",
     R"sh(bh_dir() { bh_head "$1/"; if [ ! -e "$1" ]; then bh_gone "$1"; elif [ ! -d "$1" ]; then echo "!not-a-directory"; elif [ ! -r "$1" ] || [ ! -x "$1" ]; then echo "!denied"; bh_denied "$1"; else echo "!directory"; for f in "$1"/$2; do if [ -e "$f" ] || [ -L "$f" ]; then bh_cat "$f"; fi; done; fi; })sh"},
    {"bh_run",
     R"sh(bh_run() { bh_head "$1"; shift; bh_o=$("$@" 2>&1); bh_x=$?; if [ -n "$bh_o" ]; then printf "%s\n" "$bh_o" | awk '{print "|" $0}'; fi; echo "!exit $bh_x"; })sh"},
    {"bh_pids",
     R"sh(bh_pids() { for d in /proc/[0-9]*; do read -r c 2>/dev/null < "$d/comm" || continue; if [ "$c" = "$1" ]; then echo "${d#/proc/}"; fi; done; })sh"},
    {"bh_flag",
     R"sh(bh_flag() { tr "\0" "\n" 2>/dev/null < "/proc/$1/cmdline" | { n=; v=; while IFS= read -r a; do if [ -n "$n" ]; then v=$a; n=; continue; fi; case $a in "$2"=*) v=${a#*=};; "$2") n=1;; esac; done; printf "%s" "$v"; }; })sh"},
    {"bh_args",
     R"sh(bh_args() { n=$(wc -c 2>/dev/null < "/proc/$1/cmdline") || return 0; u=$(awk '/^Uid:/{print $2}' "/proc/$1/status" 2>/dev/null); printf "==> pid=%s uid=%s comm=%s bytes=%s <==\n" "$1" "${u:-?}" "$2" $((n)); cat "/proc/$1/cmdline" 2>/dev/null; echo; })sh"},
    {"bh_procs",
     R"sh(bh_procs() { for d in /proc/[0-9]*; do read -r c 2>/dev/null < "$d/comm" || continue; for w in "$@"; do if [ "$c" = "$w" ]; then bh_args "${d#/proc/}" "$c"; fi; done; done; })sh"},
    {"bh_stat",
     R"sh(bh_stat() { if s=$(stat -L -c "%f|%u|%g|%U|%G" -- "$2" 2>&1); then l=no; if [ -L "$2" ]; then l=yes; fi; printf "%s|ok|%s|%s|%s\n" "$1" "$(bh_name "$2")" "$s" "$l"; else case $s in *ermission*) t=denied; bh_denied "$2";; *) t=missing;; esac; printf "%s|%s|%s\n" "$1" "$t" "$(bh_name "$2")"; fi; })sh"},
    {"bh_each",
     R"sh(bh_each() { r=$1; shift; for f in "$@"; do if [ -e "$f" ] || [ -L "$f" ]; then bh_stat "$r" "$f"; fi; done; })sh"},
    {"bh_manager",
     R"sh(bh_manager() { s=$(docker info --format "{{.Swarm.LocalNodeState}} {{.Swarm.ControlAvailable}}") || exit $?; case $s in "active true") ;; "active "*) bh_np "swarm manager (this node is a worker)";; *) bh_np swarm;; esac; })sh"},
    {"bh_k8s",
     R"sh(bh_k8s() { if [ -d /etc/kubernetes ] || [ -d /var/lib/kubelet ] || command -v kubelet >/dev/null 2>&1 || [ -n "$(bh_pids kubelet)$(bh_pids kube-apiserver)" ]; then return 0; fi; bh_np kubernetes; })sh"},
};

// Every program starts like this: a known locale for parsable output, the system directories on
// PATH (a non-root login shell often lacks /sbin, where auditctl lives), no failed reads yet.
constexpr const char* Prologue =
    "export LC_ALL=C; PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:$PATH; export PATH; bh_rc=0;";

} // namespace

QString ProbeCatalog::program(const QString& body)
{
    const QString& text = body;
    QStringList needed;
    QString used = text;
    // Walk from the last helper back: a helper can only depend on earlier ones.
    for (auto it = std::rbegin(Helpers); it != std::rend(Helpers); ++it) {
        const QString name = QString::fromLatin1(it->name);
        if (used.contains(name + QLatin1Char(' ')) || used.contains(name + QLatin1Char(';')) ||
            used.contains(name + QLatin1Char(')')) || used.endsWith(name)) {
            needed.prepend(QString::fromUtf8(it->body) + QLatin1Char(';'));
            used += QLatin1Char(' ') + QString::fromUtf8(it->body);
        }
    }
    QStringList parts{QString::fromLatin1(Prologue)};
    parts += needed;
    parts << text;
    return parts.join(QLatin1Char(' '));
}

namespace {

struct Spec
{
    const char* name;
    ProbeComponent component;
    ProbePrivilege privilege;
    ProbeFormat format;
    QList<int> tips;
    const char* description;
    const char* body;
};

Probe make(const Spec& spec)
{
    Probe probe;
    probe.name = QString::fromLatin1(spec.name);
    probe.component = spec.component;
    probe.privilege = spec.privilege;
    probe.format = spec.format;
    probe.tips = spec.tips;
    probe.tip = spec.tips.isEmpty() ? 0 : spec.tips.front();
    probe.description = QString::fromUtf8(spec.description);
    probe.script = ProbeCatalog::program(QString::fromUtf8(spec.body));
    probe.command = ProbeCommands::commandFor(probe, AccessMode::Direct);
    return probe;
}

using C = ProbeComponent;
using P = ProbePrivilege;
using F = ProbeFormat;

QVector<Probe> makeProbes()
{
    const Spec
        specs
            [] =
                {
                    // The slowest probe first: with parallel channels the others run while it does.
                    {"host.updates",
                     C::Host,
                     P::None,
                     F::Sections,
                     {1, 5},
                     "Pending package updates from the package manager present, without changing anything: "
                     "apt list --upgradable (apt-get -s takes seconds), dnf/yum -C check-update and security "
                     "advisories, "
                     "zypper --no-refresh list-updates and security patches, apk version -l '<'. Relative to the "
                     "host's last "
                     "refresh of its package lists.",
                     R"sh(if command -v apt-get >/dev/null 2>&1; then bh_run apt apt list --upgradable; elif command -v dnf >/dev/null 2>&1; then bh_run dnf dnf -C -q check-update; bh_run dnf-security dnf -C -q updateinfo list --security; elif command -v yum >/dev/null 2>&1; then bh_run yum yum -C -q check-update; bh_run yum-security yum -C -q updateinfo list security; elif command -v zypper >/dev/null 2>&1; then bh_run zypper zypper --non-interactive --no-refresh list-updates; bh_run zypper-security zypper --non-interactive --no-refresh list-patches --category security; elif command -v apk >/dev/null 2>&1; then bh_run apk apk version -l "<"; else bh_np "package manager"; fi; exit $bh_rc)sh"},
                    // --- Docker engine --------------------------------------------------------------------
                    {"docker.version",
                     C::Docker,
                     P::Docker,
                     F::Json,
                     {2, 1},
                     "Docker client and engine versions, API versions and build details (JSON).",
                     R"sh(bh_docker; exec docker version --format "{{json .}}")sh"},
                    {"docker.info",
                     C::Docker,
                     P::Docker,
                     F::Json,
                     {2, 3, 6},
                     "Engine-wide settings: storage and logging drivers, security options, swarm state, registries, "
                     "counts of "
                     "containers and images (JSON).",
                     R"sh(bh_docker; exec docker info --format "{{json .}}")sh"},
                    {"docker.containers.inspect",
                     C::Docker,
                     P::Docker,
                     F::Json,
                     {7, 6, 8, 9},
                     "Full configuration and state of every container, created and exited ones included (JSON array). "
                     "Environment values that look like secrets are redacted before storage.",
                     R"sh(bh_docker; set -f; ids=$(docker ps -aq --no-trunc) || exit $?; if [ -z "$ids" ]; then echo "[]"; else exec docker container inspect -- $ids; fi)sh"},
                    {"docker.images.inspect",
                     C::Docker,
                     P::Docker,
                     F::Json,
                     {4, 2, 5, 8},
                     "Configuration of every local image: tags, digests, user, environment, history metadata (JSON "
                     "array). "
                     "Environment values that look like secrets are redacted before storage.",
                     R"sh(bh_docker; set -f; ids=$(docker images -aq --no-trunc) || exit $?; ids=$(printf "%s\n" $ids | sort -u); if [ -z "$ids" ]; then echo "[]"; else exec docker image inspect -- $ids; fi)sh"},
                    {"docker.images.history",
                     C::Docker,
                     P::Docker,
                     F::JsonLines,
                     {5, 2, 8},
                     "Build history of every local image, untruncated: one JSON line per layer with the image id "
                     "({\"Image\":..,\"Layer\":..}), or {\"Image\":..,\"Error\":true} when an image vanished. Shows "
                     "ADD vs COPY, "
                     "update-only RUN lines and secrets passed at build time (redacted before storage).",
                     R"sh(bh_docker; set -f; ids=$(docker images -aq --no-trunc) || exit $?; for id in $(printf "%s\n" $ids | sort -u); do h=${id#sha256:}; case $h in *[!0-9a-f]*) continue;; esac; if [ ${#h} -ne 64 ]; then continue; fi; docker image history --no-trunc --format "{\"Image\":\"sha256:$h\",\"Layer\":{{json .}}}" -- "sha256:$h" || printf "{\"Image\":\"sha256:%s\",\"Error\":true}\n" "$h"; done)sh"},
                    {"docker.networks.inspect",
                     C::Docker,
                     P::Docker,
                     F::Json,
                     {3, 7, 10},
                     "Every network the engine knows (JSON array): driver, scope, internal, options such as the "
                     "encryption "
                     "of Swarm overlay networks and inter-container communication of bridges.",
                     R"sh(bh_docker; set -f; ids=$(docker network ls -q --no-trunc) || exit $?; if [ -z "$ids" ]; then echo "[]"; else exec docker network inspect -- $ids; fi)sh"},
                    {"docker.dockerd.cmdline",
                     C::Docker,
                     P::Root,
                     F::ProcessArgs,
                     {2, 6},
                     "The command line of every running dockerd, read from /proc/PID/cmdline (NUL-separated arguments, "
                     "framed with the pid, uid and length): daemon flags that override daemon.json.",
                     R"sh(if [ -z "$(bh_pids dockerd)" ] && ! command -v dockerd >/dev/null 2>&1; then bh_np dockerd; fi; bh_procs dockerd)sh"},
                    {"docker.daemon.json",
                     C::Docker,
                     P::Root,
                     F::Sections,
                     {2, 6, 4},
                     "The daemon configuration file in effect: the --config-file of the running dockerd, else "
                     "/etc/docker/daemon.json. Not present when that file does not exist (engine defaults).",
                     R"sh(p=$(bh_pids dockerd | head -n 1); c=; if [ -n "$p" ]; then c=$(bh_flag "$p" --config-file); fi; case $c in *.json) ;; *) c=/etc/docker/daemon.json;; esac; d=${c%/*}; if [ ! -e "$c" ] && [ ! -L "$c" ] && { [ ! -d "$d" ] || [ -x "$d" ]; }; then bh_np daemon.json; fi; bh_cat "$c"; exit $bh_rc)sh"},
                    {"docker.files.stat",
                     C::Docker,
                     P::Root,
                     F::StatLines,
                     {2},
                     "Owner, group and mode of the files and sockets of CIS 3.1-3.24: docker.service and docker.socket "
                     "in "
                     "every unit directory, /etc/docker, daemon.json, registry certificates, the TLS files named on "
                     "dockerd's "
                     "command line, the Docker and containerd sockets, /etc/default/docker and /etc/sysconfig/docker.",
                     R"sh(p=$(bh_pids dockerd | head -n 1); c=; a=; b=; k=; if [ -n "$p" ]; then c=$(bh_flag "$p" --config-file); a=$(bh_flag "$p" --tlscacert); b=$(bh_flag "$p" --tlscert); k=$(bh_flag "$p" --tlskey); fi; [ -n "$c" ] || c=/etc/docker/daemon.json; if [ -z "$p" ] && [ ! -e /etc/docker ] && ! command -v dockerd >/dev/null 2>&1 && ! command -v docker >/dev/null 2>&1; then bh_np docker; fi; for d in /etc/systemd/system /lib/systemd/system /usr/lib/systemd/system; do bh_stat docker.service "$d/docker.service"; bh_stat docker.socket "$d/docker.socket"; done; bh_stat etc-docker /etc/docker; bh_stat daemon.json "$c"; bh_stat certs.d /etc/docker/certs.d; bh_each registry-cert /etc/docker/certs.d/*/*; if [ -n "$a" ]; then bh_stat tlscacert "$a"; fi; if [ -n "$b" ]; then bh_stat tlscert "$b"; fi; if [ -n "$k" ]; then bh_stat tlskey "$k"; fi; bh_stat docker.sock /var/run/docker.sock; bh_stat docker.sock /run/docker.sock; bh_stat containerd.sock /run/containerd/containerd.sock; bh_stat default-docker /etc/default/docker; bh_stat sysconfig-docker /etc/sysconfig/docker; for b in dockerd containerd containerd-shim containerd-shim-runc-v1 containerd-shim-runc-v2 runc; do x=$(command -v "$b" 2>/dev/null) || continue; case $x in /*) bh_stat "bin-$b" "$x";; esac; done; bh_each var-lib-docker /var/lib/docker; bh_each run-containerd /run/containerd; bh_each containerd-config /etc/containerd/config.toml; exit $bh_rc)sh"},
                    {"docker.systemd.units",
                     C::Docker,
                     P::None,
                     F::KeyValue,
                     {2, 1},
                     "systemd's view of docker.service, docker.socket and containerd.service: load and active state, "
                     "unit "
                     "file, ExecStart, environment, socket owner and mode. Not present when systemd is not running.",
                     R"sh(if [ ! -d /run/systemd/system ] || ! command -v systemctl >/dev/null 2>&1; then bh_np systemd; fi; exec systemctl show --no-pager --property=Id,LoadState,ActiveState,SubState,UnitFileState,FragmentPath,DropInPaths,ExecStart,Environment,EnvironmentFiles,User,Group,Listen,SocketUser,SocketGroup,SocketMode,Restart,LimitNOFILE,LimitNPROC,TasksMax,Delegate docker.service docker.socket containerd.service)sh"},
                    // --- Auditing ------------------------------------------------------------------------
                    {"audit.rules.loaded",
                     C::Audit,
                     P::Root,
                     F::Text,
                     {6},
                     "The audit rules loaded in the kernel (auditctl -l): watches on dockerd, containerd, runc, "
                     "/etc/docker, "
                     "/var/lib/docker, the units and sockets (CIS 1.1.3-1.1.18).",
                     R"sh(if ! command -v auditctl >/dev/null 2>&1; then bh_np auditd; fi; exec auditctl -l)sh"},
                    {"audit.rules.files",
                     C::Audit,
                     P::Root,
                     F::Sections,
                     {6},
                     "The persistent audit rules: /etc/audit/rules.d/*.rules and /etc/audit/audit.rules.",
                     R"sh(if [ ! -e /etc/audit ]; then bh_np auditd; fi; bh_dir /etc/audit/rules.d "*.rules"; bh_cat /etc/audit/audit.rules; exit $bh_rc)sh"},
                    {"audit.auditd.state",
                     C::Audit,
                     P::None,
                     F::KeyValue,
                     {6},
                     "Whether auditd is installed and running (its processes, and systemd's state when systemd runs).",
                     R"sh(i=no; if command -v auditd >/dev/null 2>&1; then i=yes; fi; p=$(bh_pids auditd); s=none; if [ -d /run/systemd/system ] && command -v systemctl >/dev/null 2>&1; then s=$(systemctl is-active auditd 2>/dev/null); fi; if [ "$i" = no ] && [ -z "$p" ]; then bh_np auditd; fi; echo "installed=$i"; echo "pids="$p; echo "systemd=$s")sh"},
                    // --- Host logging --------------------------------------------------------------------
                    {"logging.journald",
                     C::Logging,
                     P::None,
                     F::Sections,
                     {6},
                     "journald configuration (journald.conf and its drop-ins, in precedence order) and whether "
                     "/var/log/journal exists (persistent storage with Storage=auto).",
                     R"sh(if [ ! -e /etc/systemd/journald.conf ] && [ ! -d /etc/systemd/journald.conf.d ] && ! command -v journalctl >/dev/null 2>&1; then bh_np journald; fi; bh_cat /etc/systemd/journald.conf; bh_dir /usr/lib/systemd/journald.conf.d "*.conf"; bh_dir /etc/systemd/journald.conf.d "*.conf"; bh_dir /run/systemd/journald.conf.d "*.conf"; bh_cat /var/log/journal; exit $bh_rc)sh"},
                    {"logging.rsyslog",
                     C::Logging,
                     P::None,
                     F::Sections,
                     {6},
                     "rsyslog configuration (/etc/rsyslog.conf and /etc/rsyslog.d/*.conf): remote targets and file "
                     "actions.",
                     R"sh(if [ ! -e /etc/rsyslog.conf ] && [ ! -d /etc/rsyslog.d ] && ! command -v rsyslogd >/dev/null 2>&1; then bh_np rsyslog; fi; bh_cat /etc/rsyslog.conf; bh_dir /etc/rsyslog.d "*.conf"; exit $bh_rc)sh"},
                    {"logging.syslog-ng",
                     C::Logging,
                     P::None,
                     F::Sections,
                     {6},
                     "syslog-ng configuration (syslog-ng.conf and conf.d): destinations, remote ones in particular.",
                     R"sh(if [ ! -e /etc/syslog-ng ] && ! command -v syslog-ng >/dev/null 2>&1; then bh_np syslog-ng; fi; bh_cat /etc/syslog-ng/syslog-ng.conf; bh_dir /etc/syslog-ng/conf.d "*.conf"; exit $bh_rc)sh"},
                    {"logging.logrotate",
                     C::Logging,
                     P::None,
                     F::Sections,
                     {6},
                     "logrotate configuration (/etc/logrotate.conf and /etc/logrotate.d/*): whether Docker's and the "
                     "containers' logs are rotated.",
                     R"sh(if [ ! -e /etc/logrotate.conf ] && [ ! -d /etc/logrotate.d ] && ! command -v logrotate >/dev/null 2>&1; then bh_np logrotate; fi; bh_cat /etc/logrotate.conf; bh_dir /etc/logrotate.d "*"; exit $bh_rc)sh"},
                    // --- The host ------------------------------------------------------------------------
                    {"host.os-release",
                     C::Host,
                     P::None,
                     F::Sections,
                     {1},
                     "The operating system and its release (/etc/os-release, else /usr/lib/os-release).",
                     R"sh(if [ -e /etc/os-release ]; then bh_cat /etc/os-release; elif [ -e /usr/lib/os-release ]; then bh_cat /usr/lib/os-release; else bh_np os-release; fi; exit $bh_rc)sh"},
                    {"host.kernel",
                     C::Host,
                     P::None,
                     F::Text,
                     {1},
                     "Kernel name, release and machine (uname -s -r -m), then the kernel build (uname -v).",
                     R"sh(uname -s -r -m && uname -v)sh"},
                    {"host.passwd",
                     C::Host,
                     P::None,
                     F::Text,
                     {1},
                     "User accounts (getent passwd, else /etc/passwd): UID 0 accounts and login shells.",
                     R"sh(if command -v getent >/dev/null 2>&1; then exec getent passwd; fi; exec cat /etc/passwd)sh"},
                    {"host.group",
                     C::Host,
                     P::None,
                     F::Text,
                     {1},
                     "Groups and their members (getent group, else /etc/group): who is in docker, sudo and wheel.",
                     R"sh(if command -v getent >/dev/null 2>&1; then exec getent group; fi; exec cat /etc/group)sh"},
                    {"host.sudoers",
                     C::Host,
                     P::Root,
                     F::Sections,
                     {1},
                     "sudo rules (/etc/sudoers and /etc/sudoers.d/*): who may become root. Readable by root only.",
                     R"sh(if [ ! -e /etc/sudoers ] && [ ! -e /etc/sudoers.d ] && ! command -v sudo >/dev/null 2>&1; then bh_np sudo; fi; bh_cat /etc/sudoers; bh_dir /etc/sudoers.d "*"; exit $bh_rc)sh"},
                    {"host.processes",
                     C::Host,
                     P::Root,
                     F::Sections,
                     {1, 3},
                     "Every process with its user: uid, pid, parent pid, user name and full arguments (procps ps), or "
                     "what "
                     "busybox ps offers. Arguments that look like secrets are redacted before storage.",
                     R"sh(if ps -e -o uid= >/dev/null 2>&1; then bh_run procps ps -ww -e -o uid= -o pid= -o ppid= -o user= -o args=; else bh_run busybox ps -o user,pid,ppid,args; fi; exit $bh_rc)sh"},
                    {"host.sockets",
                     C::Host,
                     P::Root,
                     F::Sections,
                     {1},
                     "Listening TCP and UDP sockets with their processes (ss -tulpn, else netstat -tulpn).",
                     R"sh(if command -v ss >/dev/null 2>&1; then bh_run ss ss -tulpn; elif command -v netstat >/dev/null 2>&1; then bh_run netstat netstat -tulpn; else echo "bulkhead: neither ss nor netstat is installed" >&2; exit 1; fi; exit $bh_rc)sh"},
                    // --- Swarm ---------------------------------------------------------------------------
                    {"swarm.nodes",
                     C::Swarm,
                     P::Docker,
                     F::JsonLines,
                     {3},
                     "The nodes of the swarm, one JSON line each (docker node ls): roles, manager status, "
                     "availability. "
                     "Only a manager can list them: not present when the engine is not in a swarm or is a worker.",
                     R"sh(bh_docker; bh_manager; exec docker node ls --format "{{json .}}")sh"},
                    {"swarm.services",
                     C::Swarm,
                     P::Docker,
                     F::Json,
                     {3, 8},
                     "Every swarm service (docker service inspect, JSON array): published ports and their mode, "
                     "secrets, "
                     "configs, networks. Not present when the engine is not a swarm manager.",
                     R"sh(bh_docker; bh_manager; set -f; ids=$(docker service ls -q) || exit $?; if [ -z "$ids" ]; then echo "[]"; else exec docker service inspect -- $ids; fi)sh"},
                    // --- Kubernetes ----------------------------------------------------------------------
                    {"kubernetes.manifests",
                     C::Kubernetes,
                     P::Root,
                     F::Sections,
                     {3},
                     "Static pod manifests (/etc/kubernetes/manifests): the control plane's container arguments (audit "
                     "logging, anonymous auth, authorization mode, profiling).",
                     R"sh(bh_k8s; bh_dir /etc/kubernetes/manifests "*"; exit $bh_rc)sh"},
                    {"kubernetes.kubelet.config",
                     C::Kubernetes,
                     P::Root,
                     F::Sections,
                     {3},
                     "The kubelet's configuration: its --config file (else /var/lib/kubelet/config.yaml), its "
                     "kubeconfig "
                     "(else /etc/kubernetes/kubelet.conf; keys redacted before storage), /etc/default/kubelet, "
                     "/etc/sysconfig/kubelet and the kubelet.service drop-ins.",
                     R"sh(bh_k8s; p=$(bh_pids kubelet | head -n 1); c=; k=; if [ -n "$p" ]; then c=$(bh_flag "$p" --config); k=$(bh_flag "$p" --kubeconfig); fi; case $c in *.yaml|*.yml|*.json) ;; *) c=/var/lib/kubelet/config.yaml;; esac; case $k in *.conf|*.yaml|*.yml|*.kubeconfig) ;; *) k=/etc/kubernetes/kubelet.conf;; esac; bh_cat "$c"; bh_cat "$k"; bh_cat /etc/default/kubelet; bh_cat /etc/sysconfig/kubelet; bh_dir /etc/systemd/system/kubelet.service.d "*.conf"; bh_dir /usr/lib/systemd/system/kubelet.service.d "*.conf"; exit $bh_rc)sh"},
                    {"kubernetes.processes",
                     C::Kubernetes,
                     P::Root,
                     F::ProcessArgs,
                     {3},
                     "Command lines and users of the running Kubernetes components (kube-apiserver, "
                     "kube-controller-manager, "
                     "kube-scheduler, kubelet, etcd, kube-proxy) from /proc.",
                     R"sh(bh_k8s; bh_procs kube-apiserver kube-controller kube-scheduler kubelet etcd kube-proxy)sh"},
                    {"kubernetes.files.stat",
                     C::Kubernetes,
                     P::Root,
                     F::StatLines,
                     {3},
                     "Owner, group and mode of the Kubernetes configuration: /etc/kubernetes, the manifests, "
                     "kubeconfigs, "
                     "the PKI directory, certificates and keys, the kubelet config and unit files, the etcd data "
                     "directory "
                     "and the CNI configuration.",
                     R"sh(bh_k8s; bh_stat k8s-dir /etc/kubernetes; bh_stat manifests-dir /etc/kubernetes/manifests; bh_each manifest /etc/kubernetes/manifests/*; bh_each kubeconfig /etc/kubernetes/*.conf; bh_stat pki-dir /etc/kubernetes/pki; bh_each pki-cert /etc/kubernetes/pki/*.crt /etc/kubernetes/pki/*/*.crt; bh_each pki-key /etc/kubernetes/pki/*.key /etc/kubernetes/pki/*/*.key; bh_stat kubelet-config /var/lib/kubelet/config.yaml; bh_each kubelet-unit /etc/systemd/system/kubelet.service /lib/systemd/system/kubelet.service /usr/lib/systemd/system/kubelet.service /etc/systemd/system/kubelet.service.d/* /usr/lib/systemd/system/kubelet.service.d/*; bh_stat etcd-data /var/lib/etcd; bh_each cni /etc/cni/net.d/*; exit $bh_rc)sh"},
                };
    QVector<Probe> probes;
    for (const Spec& spec : specs)
        probes.append(make(spec));
    return probes;
}

} // namespace

const QVector<Probe>& ProbeCatalog::all()
{
    static const QVector<Probe> probes = makeProbes();
    return probes;
}

const QVector<Probe>& ProbeCatalog::dockerProbes()
{
    static const QVector<Probe> probes = [] {
        QVector<Probe> docker;
        for (const char* name : {"docker.version", "docker.info", "docker.containers.inspect", "docker.images.inspect"})
            docker.append(*find(QLatin1String(name)));
        return docker;
    }();
    return probes;
}

const Probe* ProbeCatalog::find(const QString& name)
{
    for (const Probe& probe : all()) {
        if (probe.name == name)
            return &probe;
    }
    return nullptr;
}

QString ProbeCatalog::notPresentPrefix()
{
    return QStringLiteral("bulkhead: not present: ");
}

QString componentName(ProbeComponent component)
{
    switch (component) {
    case ProbeComponent::Docker:
        return QStringLiteral("docker");
    case ProbeComponent::Host:
        return QStringLiteral("host");
    case ProbeComponent::Logging:
        return QStringLiteral("logging");
    case ProbeComponent::Audit:
        return QStringLiteral("audit");
    case ProbeComponent::Swarm:
        return QStringLiteral("swarm");
    case ProbeComponent::Kubernetes:
        return QStringLiteral("kubernetes");
    }
    return {};
}

QString privilegeName(ProbePrivilege privilege)
{
    switch (privilege) {
    case ProbePrivilege::None:
        return QStringLiteral("none");
    case ProbePrivilege::Docker:
        return QStringLiteral("docker");
    case ProbePrivilege::Root:
        return QStringLiteral("root");
    }
    return {};
}

} // namespace bulkhead
