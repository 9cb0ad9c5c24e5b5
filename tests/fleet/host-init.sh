#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# PID 1 of one test-fleet host. `fleet up` copies this file to DIR/<name>/init.sh and starts it as
#   setsid unshare --mount --pid --fork --uts --mount-proc --kill-child -- /bin/bash DIR/<name>/init.sh
# so it runs in fresh mount, PID and UTS namespaces while sharing the network namespace: sshd listens on
# the host's own loopback address. It gives the host its own /etc (an overlay), /run, /home, /root, /var/log and
# /var/lib/docker, hides the docker binaries where the host has no docker, starts dockerd and sshd, and
# then only reaps. Killing this process makes the kernel kill everything else in the PID namespace
# (containers included) and drop the mount namespace with every mount made here.
#
# Progress goes to DIR/<name>/init.state (one word a line: the last is the current state); a failure
# writes "failed: <why>" there and exits, which ends the host.
set -u

hostdir=$(cd "$(dirname "$0")" && pwd) || exit 1
# shellcheck source=/dev/null
. "$hostdir/host.env" || exit 1

state() { printf '%s\n' "$*" >>"$hostdir/init.state"; }
fail() {
    state "failed: $*"
    printf 'init[%s]: %s\n' "$FLEET_HOST" "$*" >&2
    exit 1
}

[[ $$ == 1 ]] || fail "not PID 1 of a new PID namespace (pid $$)"

# Nothing mounted here may propagate back to the root mount namespace.
mount --make-rprivate / || fail "mount --make-rprivate /"

bind() {
    local from=$1 to=$2
    # /var/lib/docker may not exist on a machine that never ran docker: an empty directory is the only
    # trace the fleet leaves outside DIR (it is a mount point, never written to).
    [[ -d $to ]] || mkdir -p "$to" || fail "mkdir $to"
    mount --bind "$from" "$to" || fail "bind $from over $to"
}

# /run first: libmount may keep state under /run/mount, which must be the host's own.
bind "$hostdir/run" /run
# The machine's /etc below, this host's changes (DIR/<host>/etc) above: see upper_* in `fleet`.
mount -t overlay "fleet-etc-$FLEET_HOST" -o "lowerdir=/etc,upperdir=$hostdir/etc,workdir=$hostdir/etc-work" /etc ||
    fail "overlay over /etc"
# delta's /var/lib is an overlay as well (the kubelet's and etcd's data), so nothing lands in the
# machine's /var/lib and no other host sees it. Before /var/lib/docker is mounted below it.
if [[ ${FLEET_VARLIB:-0} == 1 ]]; then
    mount -t overlay "fleet-varlib-$FLEET_HOST" -o "lowerdir=/var/lib,upperdir=$hostdir/varlib,workdir=$hostdir/varlib-work" /var/lib ||
        fail "overlay over /var/lib"
fi
bind "$hostdir/home" /home
bind "$hostdir/root" /root
bind "$hostdir/log" /var/log
# The docker data root lives in RAM unless asked otherwise: vfs copies every image layer per container,
# which is quick in a tmpfs, and the data vanishes with this mount namespace instead of being deleted
# file by file on `down` (seconds on a busy disk). Mounted here, it is only visible inside this host.
# Same for dockerd's exec root (/run/docker: containerd and runc state, thousands of small files), while
# /run itself stays a directory so that DIR/<host>/run/docker.sock is reachable from outside.
if [[ ${FLEET_DOCKER_TMPFS:-1} == 1 ]]; then
    mount -t tmpfs -o mode=0711,size=4g "fleet-docker-$FLEET_HOST" "$hostdir/docker" || fail "tmpfs on $hostdir/docker"
    if [[ $FLEET_DOCKER == 1 ]]; then
        mkdir -p /run/docker || fail "mkdir /run/docker"
        mount -t tmpfs -o mode=0700,size=512m "fleet-docker-run-$FLEET_HOST" /run/docker || fail "tmpfs on /run/docker"
    fi
fi
bind "$hostdir/docker" /var/lib/docker

# Hosts without docker: a read-only overlay per binary directory whose top layer holds whiteouts
# (character devices 0/0) named after the docker binaries, so they simply do not exist in this view.
# (bravo: the same mechanism adds its stand-in auditctl and auditd to /usr/sbin.)
for d in ${FLEET_HIDE_DIRS:-}; do
    mount -t overlay "fleet-hide-$FLEET_HOST" -o "lowerdir=$hostdir/hide$d:$d" "$d" || fail "overlay over $d"
done
state mounted

hostname "$FLEET_HOST" || fail "hostname $FLEET_HOST"
mkdir -p /run/sshd /run/lock || fail "mkdir /run/sshd"
chmod 0755 /run/sshd || fail "chmod /run/sshd"

if [[ $FLEET_DOCKER == 1 ]]; then
    # Defaults already point into this host's own directories (/var/lib/docker, /run/docker,
    # /run/docker.sock); they are spelled out so the command line shows them. No flag may repeat a
    # daemon.json key (dockerd refuses to start), so host-specific settings live in daemon.json only.
    # charlie (the Swarm manager) runs its dockerd in a network namespace of its own: a swarm makes
    # docker_gwbridge, an ingress sandbox and a VXLAN socket on 0.0.0.0:4789 in dockerd's network
    # namespace, which must be neither the machine's nor another fleet's. Its loopback answers for the
    # host's address, so the swarm advertises and listens on it (2377, 7946) there.
    netns=()
    if [[ ${FLEET_DOCKER_NETNS:-0} == 1 ]]; then
        # shellcheck disable=SC2016 # expanded by the inner bash
        netns=(unshare --net -- /bin/bash -c 'ip link set lo up && exec "$@"' dockerd-netns)
    fi
    "${netns[@]}" dockerd \
        --data-root /var/lib/docker \
        --exec-root /run/docker \
        --pidfile /run/docker.pid \
        --host unix:///var/run/docker.sock \
        --storage-driver vfs \
        --iptables=false --ip-forward=false --ip-masq=false --bridge=none \
        --userland-proxy=false \
        --cgroup-parent "$FLEET_CGROUP_PARENT" \
        </dev/null >>"$hostdir/dockerd.log" 2>&1 &
    state dockerd-started
fi

# Stand-ins for daemons the probes look for in /proc (bravo's auditd, delta's Kubernetes components):
# the idle program under the daemon's name, with the daemon's command line (see configs.sh).
for f in "$hostdir"/daemons/*.args; do
    [[ -f $f ]] || continue
    mapfile -t words <"$f"
    (exec -a "${words[2]}" "${words[1]}" "${words[@]:3}") </dev/null >>"$hostdir/init.log" 2>&1 &
done
state daemons-started

/usr/sbin/sshd -t -f /etc/ssh/sshd_config >>"$hostdir/sshd.log" 2>&1 || fail "sshd -t rejected /etc/ssh/sshd_config"
/usr/sbin/sshd -D -f /etc/ssh/sshd_config -E "$hostdir/sshd.log" </dev/null >>"$hostdir/init.log" 2>&1 &
# Each alias address (`fleet up --aliases`) has an sshd of its own, with the same host key and settings
# (/etc/ssh/sshd_config.ep-<address>), started in the alias's cpu cgroup before it execs: its sessions
# and every command they run stay there (`fleet rekey` restarts them the same way).
read -r -a ep_addresses <<<"${FLEET_ALIASES:-}"
read -r -a ep_cgroups <<<"${FLEET_EP_CGROUPS:-}"
for i in "${!ep_addresses[@]}"; do
    a=${ep_addresses[$i]} cg=${ep_cgroups[$i]:-}
    /usr/sbin/sshd -t -f "/etc/ssh/sshd_config.ep-$a" >>"$hostdir/sshd-ep-$a.log" 2>&1 ||
        fail "sshd -t rejected /etc/ssh/sshd_config.ep-$a"
    (
        [[ -z $cg ]] || echo "$BASHPID" >"$cg/cgroup.procs" || fail "cannot join the cpu cgroup $cg"
        exec /usr/sbin/sshd -D -f "/etc/ssh/sshd_config.ep-$a" -E "$hostdir/sshd-ep-$a.log"
    ) </dev/null >>"$hostdir/init.log" 2>&1 &
done
state sshd-started

# PID 1 must reap: orphans (containerd shims, session leftovers) are re-parented here. `wait` returns
# once the known children are gone; bash reaps any other child as its SIGCHLD arrives.
while :; do
    wait
    sleep 1
done
