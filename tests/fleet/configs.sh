# SPDX-License-Identifier: GPL-3.0-or-later
# shellcheck shell=bash
# (Its constants are used by `fleet`, which sources this file.)
# shellcheck disable=SC2034
#
# Sourced by `fleet`: what makes the hosts differ beyond docker — logging (journald, rsyslog,
# syslog-ng, logrotate), auditing (rules files, rules "loaded", an auditd process), the sudo user
# and its allow-list, the Kubernetes control-plane layout of delta, and the idle processes that stand
# in for daemons a probe looks for in /proc (auditd, kube-apiserver, kubelet, ...).
#
# Everything here runs in `prepare_host` (a background job per host) and only writes below
# DIR/<host>: the host's /etc upper layer (UPPER, see upper_* in `fleet`), its /var/lib upper layer
# (delta), its binary overlays (hide/) and its daemon table (daemons/).

readonly SUDO_LOGIN=operator
readonly SUDO_UID=1003
readonly ETCD_UID=1004
readonly SUDOERS_FILE=sudoers.d/bulkhead # below /etc
readonly K8S_HOST=delta
readonly SWARM_HOST=charlie
readonly AUDIT_HOST=bravo

# The stand-in for a daemon: a program that only waits (compiled by `up`, see build_idle). Its file
# name gives the process its comm, exactly what the probes match in /proc/PID/comm.
IDLE_SOURCE='#include <unistd.h>
int main(void) { for (;;) pause(); }'

build_idle() { # out-file
    printf '%s\n' "$IDLE_SOURCE" | cc -O1 -o "$1" -x c - || return 1
}

# A daemon the host's PID 1 starts (host-init.sh): DIR/<host>/daemons/<name>.args holds, one per
# line, the file to put the idle program into (outside path), the path the host executes, argv[0],
# then the arguments. `up` copies the idle program to every such file before the hosts start.
add_daemon() { # hostdir name exec-path-outside exec-path-inside argv0 args...
    local hd=$1 name=$2
    shift 2
    mkdir -p "$hd/daemons"
    printf '%s\n' "$@" >"$hd/daemons/$name.args"
}

# ---------------------------------------------------------------------------------------------------
# The sudo user: not in group docker; /etc/sudoers.d/bulkhead allows exactly what `bulkhead-cli
# sudoers --user operator` prints (when a CLI is given), else everything (NOPASSWD: ALL).

prepare_sudo_user() { # etc-dir hostdir
    local etc=$1 hd=$2 u=$SUDO_LOGIN uid=$SUDO_UID
    sed -i -e "/^$u:/d" "$etc/passwd" "$etc/shadow" "$etc/group" "$etc/gshadow"
    sed -i -E "/^[^:]*:[^:]*:$uid:/d" "$etc/passwd" "$etc/group"
    echo "$u:x:$uid:$uid:Bulkhead sudo user (not in group docker):/home/$u:/bin/bash" >>"$etc/passwd"
    echo "$u:*:20000:0:99999:7:::" >>"$etc/shadow"
    echo "$u:x:$uid:" >>"$etc/group"
    echo "$u:!::" >>"$etc/gshadow"
    mkdir -p "$hd/home/$u"
    cp -a /etc/skel/. "$hd/home/$u/" 2>/dev/null || true
    chown -R "$uid:$uid" "$hd/home/$u"
    chmod 0750 "$hd/home/$u"
}

write_sudoers() { # etc-dir
    local etc=$1 f=$1/$SUDOERS_FILE
    upper_dir sudoers.d
    if [[ -n $SUDOERS_TEXT ]]; then
        printf '%s' "$SUDOERS_TEXT" >"$f"
    else
        printf '# Bulkhead test fleet: no bulkhead-cli was given to fleet up, so no exact allow-list.\n%s ALL=(root) NOPASSWD: ALL\n' \
            "$SUDO_LOGIN" >"$f"
    fi
    chown 0:0 "$f"
    chmod 0440 "$f"
    visudo -c -q -f "$f" || { echo "visudo rejects $f"; return 1; }
}

# ---------------------------------------------------------------------------------------------------
# Logging: each audited host configures journald, rsyslog, syslog-ng and logrotate differently. Only
# configuration files: no logging daemon runs (no probe looks at their processes).
#
#   host     journald                                   rsyslog               syslog-ng        logrotate
#   alpha    machine defaults (Storage=auto, no dir)    -                     -                machine's logrotate.d only
#   bravo    persistent, ForwardToSyslog=yes, dir       @@ and omfwd remote   -                logrotate.conf + docker
#   charlie  volatile, ForwardToSyslog=no               local files only      -                machine's logrotate.d only
#   delta    auto with /var/log/journal (persistent)    -                     network remote   logrotate.conf, no docker

write_logging() { # name etc-dir hostdir
    local name=$1 etc=$2 hd=$3
    case $name in
    bravo)
        upper_dir systemd/journald.conf.d
        printf '[Journal]\nStorage=persistent\nForwardToSyslog=yes\n' >"$etc/systemd/journald.conf.d/bulkhead.conf"
        mkdir -p "$hd/log/journal"
        upper_dir rsyslog.d
        cat >"$etc/rsyslog.conf" <<'EOF'
# /etc/rsyslog.conf configuration file for rsyslog (Bulkhead test fleet: bravo)
module(load="imuxsock") # provides support for local system logging
module(load="imklog")   # provides kernel logging support

$FileOwner root
$FileGroup adm
$FileCreateMode 0640
$DirCreateMode 0755
$Umask 0022
$WorkDirectory /var/spool/rsyslog
$IncludeConfig /etc/rsyslog.d/*.conf

*.*;auth,authpriv.none		-/var/log/syslog
auth,authpriv.*			/var/log/auth.log
cron.*				-/var/log/cron.log
kern.*				-/var/log/kern.log
*.emerg				:omusrmsg:*
EOF
        cat >"$etc/rsyslog.d/50-remote.conf" <<'EOF'
# Everything to the central log host over TCP (legacy syntax).
*.* @@logs.example.invalid:514
EOF
        cat >"$etc/rsyslog.d/60-siem.conf" <<'EOF'
# Docker's messages to the SIEM as well (RainerScript).
if $programname == 'dockerd' then {
    action(type="omfwd" target="siem.example.invalid" port="6514"
           protocol="tcp" queue.type="LinkedList")
}
EOF
        cat >"$etc/logrotate.conf" <<'EOF'
weekly
rotate 4
create
include /etc/logrotate.d
EOF
        upper_dir logrotate.d
        cat >"$etc/logrotate.d/docker-containers" <<'EOF'
/var/lib/docker/containers/*/*.log {
    daily
    rotate 7
    maxsize 100M
    missingok
    compress
    delaycompress
    copytruncate
}
EOF
        ;;
    charlie)
        upper_dir systemd/journald.conf.d
        printf '[Journal]\nStorage=volatile\nForwardToSyslog=no\nRuntimeMaxUse=64M\n' >"$etc/systemd/journald.conf.d/50-volatile.conf"
        cat >"$etc/rsyslog.conf" <<'EOF'
# /etc/rsyslog.conf (Bulkhead test fleet: charlie): local files only, nothing leaves the host.
module(load="imuxsock")
$FileOwner root
$FileGroup adm
$FileCreateMode 0640
*.*;auth,authpriv.none		-/var/log/syslog
auth,authpriv.*			/var/log/auth.log
EOF
        ;;
    delta)
        mkdir -p "$hd/log/journal"
        upper_dir syslog-ng/conf.d
        cat >"$etc/syslog-ng/syslog-ng.conf" <<'EOF'
@version: 3.38
@include "scl.conf"
# Bulkhead test fleet: delta sends everything to the central log host with syslog-ng.
options { chain_hostnames(off); flush_lines(0); use_dns(no); use_fqdn(no); owner("root"); group("adm"); perm(0640); };
source s_src { system(); internal(); };
destination d_syslog { file("/var/log/syslog"); };
destination d_remote { network("logs.example.invalid" transport("tcp") port(601)); };
log { source(s_src); destination(d_syslog); };
log { source(s_src); destination(d_remote); };
@include "/etc/syslog-ng/conf.d/*.conf"
EOF
        cat >"$etc/syslog-ng/conf.d/kubernetes.conf" <<'EOF'
# The control plane's audit log to the SIEM as well.
source s_kube_audit { file("/var/log/kubernetes/audit.log" follow-freq(1)); };
destination d_siem { syslog("siem.example.invalid" transport("tls") port(6514)); };
log { source(s_kube_audit); destination(d_siem); };
EOF
        cat >"$etc/logrotate.conf" <<'EOF'
daily
rotate 14
dateext
include /etc/logrotate.d
EOF
        ;;
    esac
}

# ---------------------------------------------------------------------------------------------------
# Auditing on bravo: rules files as augenrules keeps them, and rules "loaded" in the kernel. The
# kernel's audit subsystem cannot be used inside this sandbox, so bravo's /usr/sbin/auditctl is a
# stand-in (hide/usr/sbin/auditctl) that answers `-l` from DIR/bravo/audit/loaded.rules like the real
# one: root only ("You must be root to run this program.", exit 4, otherwise). The loaded set lacks the
# runc watch (a rules file edited but not reloaded). /usr/sbin/auditd is the idle program, running.
# /usr/sbin/augenrules is a stand-in too: it merges rules.d into audit.rules and, with --load, makes the
# merged watches the "loaded" ones (what a remediation of Docker's audit rules runs).

readonly AUDIT_RULES=(
    '-w /usr/bin/dockerd -p wa -k docker'
    '-w /run/containerd -p wa -k docker'
    '-w /var/lib/docker -p wa -k docker'
    '-w /etc/docker -p wa -k docker'
    '-w /etc/docker/daemon.json -p wa -k docker'
    '-w /usr/bin/containerd -p wa -k docker'
    '-w /usr/bin/runc -p wa -k docker'
)

write_audit() { # etc-dir hostdir
    local etc=$1 hd=$2
    upper_dir audit/rules.d
    printf '%s\n' "${AUDIT_RULES[@]}" >"$etc/audit/rules.d/docker.rules"
    {
        echo '## This file is automatically generated from /etc/audit/rules.d'
        printf '%s\n' '-D' '-b 8192' '-f 1' '--backlog_wait_time 60000'
        printf '%s\n' "${AUDIT_RULES[@]}"
    } >"$etc/audit/audit.rules"
    chmod 0640 "$etc/audit/audit.rules" "$etc/audit/rules.d/docker.rules"
    printf 'log_file = /var/log/audit/audit.log\nlog_format = ENRICHED\nmax_log_file = 8\nmax_log_file_action = ROTATE\n' \
        >"$etc/audit/auditd.conf"
    chmod 0640 "$etc/audit/auditd.conf"
    mkdir -p "$hd/audit" "$hd/hide/usr/sbin"
    printf '%s\n' "${AUDIT_RULES[@]}" | grep -v -F '/usr/bin/runc' >"$hd/audit/loaded.rules"
    cat >"$hd/hide/usr/sbin/auditctl" <<EOF
#!/bin/sh
# Bulkhead test fleet: a stand-in for auditctl on $AUDIT_HOST (the sandbox has no usable kernel audit).
if [ "\$(id -u)" != 0 ]; then echo "You must be root to run this program." >&2; exit 4; fi
case "\$*" in
-l) exec cat $hd/audit/loaded.rules ;;
-s) printf 'enabled 1\nfailure 1\npid %s\nrate_limit 0\nbacklog_limit 8192\n' "\$(cat /run/auditd.pid 2>/dev/null)" ;;
*) echo "auditctl (Bulkhead test fleet): only -l and -s are answered" >&2; exit 1 ;;
esac
EOF
    chmod 0755 "$hd/hide/usr/sbin/auditctl"
    # augenrules as the real one does it (rules.d merged into audit.rules), "loading" into the stand-in's
    # loaded.rules: a remediation that writes rules.d and runs `augenrules --load` changes what auditctl -l says.
    cat >"$hd/hide/usr/sbin/augenrules" <<EOF
#!/bin/sh
# Bulkhead test fleet: a stand-in for augenrules on $AUDIT_HOST (the sandbox has no usable kernel audit).
if [ "\$(id -u)" != 0 ]; then echo "augenrules: you must be root" >&2; exit 1; fi
case "\$*" in --load|"") ;; *) echo "augenrules (Bulkhead test fleet): only --load is answered" >&2; exit 1 ;; esac
{ echo '## This file is automatically generated from /etc/audit/rules.d'; cat /etc/audit/rules.d/*.rules 2>/dev/null | grep -v -e '^[[:space:]]*#' -e '^[[:space:]]*\$'; } >/etc/audit/audit.rules.new || exit 1
mv -f /etc/audit/audit.rules.new /etc/audit/audit.rules || exit 1
if [ "\$*" = --load ]; then grep '^-w ' /etc/audit/audit.rules >$hd/audit/loaded.rules; fi
exit 0
EOF
    chmod 0755 "$hd/hide/usr/sbin/augenrules"
    add_daemon "$hd" auditd "$hd/hide/usr/sbin/auditd" /usr/sbin/auditd /sbin/auditd
}

# ---------------------------------------------------------------------------------------------------
# Kubernetes on delta: the file layout kubeadm leaves on a control-plane node (static pod manifests,
# kubeconfigs, PKI, kubelet configuration and drop-in, CNI, etcd data directory) with modes and owners
# some of which fail the CIS benchmark, and idle processes named like the components, whose command
# lines are the manifests' (so kubernetes.processes sees the arguments). Nothing listens.
#
# Deliberate findings: kube-apiserver has --profiling=true and no --audit-log-path; kube-scheduler has no
# --profiling=false; kube-scheduler.yaml and scheduler.conf are 0644 (scheduler.conf owned by operator);
# pki/apiserver-kubelet-client.key is 0644; /var/lib/kubelet/config.yaml is 0644 with readOnlyPort 10255.

k8s_args() { # component address -> one argument per line, the command first
    local a=$2
    case $1 in
    kube-apiserver)
        printf '%s\n' kube-apiserver "--advertise-address=$a" --allow-privileged=true --anonymous-auth=false \
            --authorization-mode=Node,RBAC --client-ca-file=/etc/kubernetes/pki/ca.crt \
            --enable-admission-plugins=NodeRestriction --enable-bootstrap-token-auth=true \
            --etcd-cafile=/etc/kubernetes/pki/etcd/ca.crt --etcd-certfile=/etc/kubernetes/pki/apiserver-etcd-client.crt \
            --etcd-keyfile=/etc/kubernetes/pki/apiserver-etcd-client.key --etcd-servers=https://127.0.0.1:2379 \
            --kubelet-client-certificate=/etc/kubernetes/pki/apiserver-kubelet-client.crt \
            --kubelet-client-key=/etc/kubernetes/pki/apiserver-kubelet-client.key \
            --kubelet-preferred-address-types=InternalIP,ExternalIP,Hostname --profiling=true \
            --proxy-client-cert-file=/etc/kubernetes/pki/front-proxy-client.crt \
            --proxy-client-key-file=/etc/kubernetes/pki/front-proxy-client.key \
            --requestheader-client-ca-file=/etc/kubernetes/pki/front-proxy-ca.crt --secure-port=6443 \
            --service-account-issuer=https://kubernetes.default.svc.cluster.local \
            --service-account-key-file=/etc/kubernetes/pki/sa.pub \
            --service-account-signing-key-file=/etc/kubernetes/pki/sa.key --service-cluster-ip-range=10.96.0.0/12 \
            --tls-cert-file=/etc/kubernetes/pki/apiserver.crt --tls-private-key-file=/etc/kubernetes/pki/apiserver.key
        ;;
    kube-controller-manager)
        printf '%s\n' kube-controller-manager --authentication-kubeconfig=/etc/kubernetes/controller-manager.conf \
            --authorization-kubeconfig=/etc/kubernetes/controller-manager.conf --bind-address=127.0.0.1 \
            --client-ca-file=/etc/kubernetes/pki/ca.crt --cluster-name=kubernetes \
            --cluster-signing-cert-file=/etc/kubernetes/pki/ca.crt --cluster-signing-key-file=/etc/kubernetes/pki/ca.key \
            --controllers=*,bootstrapsigner,tokencleaner --kubeconfig=/etc/kubernetes/controller-manager.conf \
            --leader-elect=true --profiling=false --root-ca-file=/etc/kubernetes/pki/ca.crt \
            --service-account-private-key-file=/etc/kubernetes/pki/sa.key --terminated-pod-gc-threshold=10 \
            --use-service-account-credentials=true
        ;;
    kube-scheduler)
        printf '%s\n' kube-scheduler --authentication-kubeconfig=/etc/kubernetes/scheduler.conf \
            --authorization-kubeconfig=/etc/kubernetes/scheduler.conf --bind-address=127.0.0.1 \
            --kubeconfig=/etc/kubernetes/scheduler.conf --leader-elect=true
        ;;
    etcd)
        printf '%s\n' etcd "--advertise-client-urls=https://$a:2379" --auto-tls=false \
            --cert-file=/etc/kubernetes/pki/etcd/server.crt --client-cert-auth=true --data-dir=/var/lib/etcd \
            "--initial-advertise-peer-urls=https://$a:2380" "--initial-cluster=delta=https://$a:2380" \
            --key-file=/etc/kubernetes/pki/etcd/server.key "--listen-client-urls=https://127.0.0.1:2379,https://$a:2379" \
            "--listen-peer-urls=https://$a:2380" --name=delta --peer-auto-tls=false \
            --peer-cert-file=/etc/kubernetes/pki/etcd/peer.crt --peer-client-cert-auth=true \
            --peer-key-file=/etc/kubernetes/pki/etcd/peer.key --peer-trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt \
            --trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt
        ;;
    kubelet)
        printf '%s\n' /usr/bin/kubelet --bootstrap-kubeconfig=/etc/kubernetes/bootstrap-kubelet.conf \
            --kubeconfig=/etc/kubernetes/kubelet.conf --config=/var/lib/kubelet/config.yaml \
            --container-runtime-endpoint=unix:///var/run/containerd/containerd.sock \
            --pod-infra-container-image=registry.k8s.io/pause:3.9 "--node-ip=$a"
        ;;
    esac
}

readonly K8S_STATIC=(kube-apiserver kube-controller-manager kube-scheduler etcd)
readonly K8S_IMAGES=(registry.k8s.io/kube-apiserver:v1.28.4 registry.k8s.io/kube-controller-manager:v1.28.4
    registry.k8s.io/kube-scheduler:v1.28.4 registry.k8s.io/etcd:3.5.9-0)

k8s_manifest() { # component image address
    local c=$1 image=$2 arg
    printf 'apiVersion: v1\nkind: Pod\nmetadata:\n  labels:\n    component: %s\n    tier: control-plane\n' "$c"
    printf '  name: %s\n  namespace: kube-system\nspec:\n  containers:\n  - command:\n' "$c"
    while IFS= read -r arg; do
        printf '    - %s\n' "$arg" # plain scalars, as kubeadm writes them
    done < <(k8s_args "$c" "$3")
    printf '    image: %s\n    imagePullPolicy: IfNotPresent\n    name: %s\n' "$image" "$c"
    printf '    resources:\n      requests:\n        cpu: 100m\n'
    if [[ $c == etcd ]]; then
        printf '    volumeMounts:\n    - mountPath: /var/lib/etcd\n      name: etcd-data\n'
        printf '    - mountPath: /etc/kubernetes/pki/etcd\n      name: etcd-certs\n'
    else
        printf '    volumeMounts:\n    - mountPath: /etc/kubernetes/pki\n      name: k8s-certs\n      readOnly: true\n'
    fi
    printf '  hostNetwork: true\n  priority: 2000001000\n  priorityClassName: system-node-critical\n'
    printf '  securityContext:\n    seccompProfile:\n      type: RuntimeDefault\n'
    if [[ $c == etcd ]]; then
        printf '  volumes:\n  - hostPath:\n      path: /var/lib/etcd\n      type: DirectoryOrCreate\n    name: etcd-data\n'
        printf '  - hostPath:\n      path: /etc/kubernetes/pki/etcd\n      type: DirectoryOrCreate\n    name: etcd-certs\n'
    else
        printf '  volumes:\n  - hostPath:\n      path: /etc/kubernetes/pki\n      type: DirectoryOrCreate\n    name: k8s-certs\n'
    fi
    printf 'status: {}\n'
}

k8s_kubeconfig() { # user server key-data
    cat <<EOF
apiVersion: v1
clusters:
- cluster:
    certificate-authority-data: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCkJ1bGtoZWFkIHRlc3QgZmxlZXQgQ0EKLS0tLS1FTkQgQ0VSVElGSUNBVEUtLS0tLQo=
    server: $2
  name: kubernetes
contexts:
- context:
    cluster: kubernetes
    user: $1
  name: $1@kubernetes
current-context: $1@kubernetes
kind: Config
preferences: {}
users:
- name: $1
  user:
    client-certificate-data: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCkJ1bGtoZWFkIHRlc3QgZmxlZXQgY2xpZW50Ci0tLS0tRU5EIENFUlRJRklDQVRFLS0tLS0K
    client-key-data: $3
EOF
}

# The client-key-data of every kubeconfig: random each run (fleet.json: kubernetes.secret_values).
K8S_KEY_DATA=""

write_kubernetes() { # etc-dir hostdir address
    local etc=$1 hd=$2 addr=$3 i c f
    local server=https://$addr:6443
    # The etcd user owns etcd's data and keys.
    sed -i -e '/^etcd:/d' "$etc/passwd" "$etc/shadow" "$etc/group" "$etc/gshadow"
    sed -i -E "/^[^:]*:[^:]*:$ETCD_UID:/d" "$etc/passwd" "$etc/group"
    echo "etcd:x:$ETCD_UID:$ETCD_UID:etcd:/var/lib/etcd:/usr/sbin/nologin" >>"$etc/passwd"
    echo "etcd:!:20000:0:99999:7:::" >>"$etc/shadow"
    echo "etcd:x:$ETCD_UID:" >>"$etc/group"
    echo "etcd:!::" >>"$etc/gshadow"

    upper_dir kubernetes/manifests
    upper_dir kubernetes/pki/etcd
    chmod 0755 "$etc/kubernetes" "$etc/kubernetes/manifests" "$etc/kubernetes/pki" "$etc/kubernetes/pki/etcd"
    for i in "${!K8S_STATIC[@]}"; do
        c=${K8S_STATIC[$i]}
        k8s_manifest "$c" "${K8S_IMAGES[$i]}" "$addr" >"$etc/kubernetes/manifests/$c.yaml"
        chmod 0600 "$etc/kubernetes/manifests/$c.yaml"
    done
    chmod 0644 "$etc/kubernetes/manifests/kube-scheduler.yaml"

    k8s_kubeconfig kubernetes-admin "$server" "$K8S_KEY_DATA" >"$etc/kubernetes/admin.conf"
    k8s_kubeconfig system:kube-controller-manager "$server" "$K8S_KEY_DATA" >"$etc/kubernetes/controller-manager.conf"
    k8s_kubeconfig system:kube-scheduler "$server" "$K8S_KEY_DATA" >"$etc/kubernetes/scheduler.conf"
    k8s_kubeconfig system:node:delta "$server" "$K8S_KEY_DATA" >"$etc/kubernetes/kubelet.conf"
    chmod 0600 "$etc/kubernetes/"{admin,controller-manager,kubelet}.conf
    chmod 0644 "$etc/kubernetes/scheduler.conf"
    chown "$SUDO_UID:$SUDO_UID" "$etc/kubernetes/scheduler.conf"

    for f in ca apiserver apiserver-kubelet-client apiserver-etcd-client front-proxy-ca front-proxy-client \
        etcd/ca etcd/server etcd/peer etcd/healthcheck-client; do
        printf -- '-----BEGIN CERTIFICATE-----\nQnVsa2hlYWQgdGVzdCBmbGVldDogbm90IGEgcmVhbCBjZXJ0aWZpY2F0ZQ==\n-----END CERTIFICATE-----\n' \
            >"$etc/kubernetes/pki/$f.crt"
        printf -- '-----BEGIN PRIVATE KEY-----\nQnVsa2hlYWQgdGVzdCBmbGVldDogbm90IGEgcmVhbCBrZXk=\n-----END PRIVATE KEY-----\n' \
            >"$etc/kubernetes/pki/$f.key"
        chmod 0644 "$etc/kubernetes/pki/$f.crt"
        chmod 0600 "$etc/kubernetes/pki/$f.key"
    done
    chmod 0644 "$etc/kubernetes/pki/apiserver-kubelet-client.key"
    printf -- '-----BEGIN PRIVATE KEY-----\nc2Eua2V5\n-----END PRIVATE KEY-----\n' >"$etc/kubernetes/pki/sa.key"
    printf -- '-----BEGIN PUBLIC KEY-----\nc2EucHVi\n-----END PUBLIC KEY-----\n' >"$etc/kubernetes/pki/sa.pub"
    chmod 0600 "$etc/kubernetes/pki/sa.key"
    chmod 0644 "$etc/kubernetes/pki/sa.pub"
    chown "$ETCD_UID:$ETCD_UID" "$etc/kubernetes/pki/etcd/server."{crt,key} "$etc/kubernetes/pki/etcd/peer."{crt,key}

    upper_dir systemd/system/kubelet.service.d
    cat >"$etc/systemd/system/kubelet.service.d/10-kubeadm.conf" <<'EOF'
# Note: This dropin only works with kubeadm and kubelet v1.11+
[Service]
Environment="KUBELET_KUBECONFIG_ARGS=--bootstrap-kubeconfig=/etc/kubernetes/bootstrap-kubelet.conf --kubeconfig=/etc/kubernetes/kubelet.conf"
Environment="KUBELET_CONFIG_ARGS=--config=/var/lib/kubelet/config.yaml"
EnvironmentFile=-/var/lib/kubelet/kubeadm-flags.env
EnvironmentFile=-/etc/default/kubelet
ExecStart=
ExecStart=/usr/bin/kubelet $KUBELET_KUBECONFIG_ARGS $KUBELET_CONFIG_ARGS $KUBELET_KUBEADM_ARGS $KUBELET_EXTRA_ARGS
EOF
    upper_dir default
    echo "KUBELET_EXTRA_ARGS=--node-ip=$addr" >"$etc/default/kubelet"
    upper_dir cni/net.d
    printf '{"cniVersion":"1.0.0","name":"bridge","plugins":[{"type":"bridge","bridge":"cni0","ipam":{"type":"host-local","subnet":"10.85.0.0/16"}}]}\n' \
        >"$etc/cni/net.d/10-bridge.conflist"

    # /var/lib of delta is an overlay too (host-init.sh: FLEET_VARLIB): the kubelet's and etcd's data.
    mkdir -p "$hd/varlib/kubelet" "$hd/varlib/etcd/member" "$hd/varlib-work"
    chmod 0755 "$hd/varlib"
    chmod 0700 "$hd/varlib/kubelet" "$hd/varlib/etcd"
    chown -R "$ETCD_UID:$ETCD_UID" "$hd/varlib/etcd"
    cat >"$hd/varlib/kubelet/config.yaml" <<'EOF'
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
authentication:
  anonymous:
    enabled: false
  webhook:
    cacheTTL: 0s
    enabled: true
  x509:
    clientCAFile: /etc/kubernetes/pki/ca.crt
authorization:
  mode: Webhook
  webhook:
    cacheAuthorizedTTL: 0s
    cacheUnauthorizedTTL: 0s
cgroupDriver: systemd
clusterDNS:
- 10.96.0.10
clusterDomain: cluster.local
readOnlyPort: 10255
rotateCertificates: true
staticPodPath: /etc/kubernetes/manifests
streamingConnectionIdleTimeout: 4h0m0s
EOF
    chmod 0644 "$hd/varlib/kubelet/config.yaml"
    echo 'KUBELET_KUBEADM_ARGS="--container-runtime-endpoint=unix:///var/run/containerd/containerd.sock --pod-infra-container-image=registry.k8s.io/pause:3.9"' \
        >"$hd/varlib/kubelet/kubeadm-flags.env"

    # The components, idle, with the manifests' command lines (kubelet: its unit's).
    mkdir -p "$hd/k8s"
    for c in "${K8S_STATIC[@]}" kubelet; do
        local -a args
        mapfile -t args < <(k8s_args "$c" "$addr")
        add_daemon "$hd" "$c" "$hd/k8s/$c" "$hd/k8s/$c" "${args[@]}"
    done
}

# ---------------------------------------------------------------------------------------------------
# What the probes must find on each host (fleet.json: hosts[].facts; null = "not present"). Kept next
# to the configuration above: change both together.
host_facts() { # name
    case $1 in
    alpha)
        cat <<'JSON'
{"journald": {"storage": "auto", "forward_to_syslog": false, "persistent_directory": false},
 "rsyslog": null, "syslog_ng": null, "logrotate": {"docker": false, "main_config": false},
 "audit": null, "swarm": null, "kubernetes": null}
JSON
        ;;
    bravo)
        cat <<'JSON'
{"journald": {"storage": "persistent", "forward_to_syslog": true, "persistent_directory": true},
 "rsyslog": {"forwards": ["tcp logs.example.invalid:514", "tcp siem.example.invalid:6514"]},
 "syslog_ng": null, "logrotate": {"docker": true, "main_config": true},
 "audit": {"files_watches": 7, "loaded_watches": 6, "not_loaded": ["/usr/bin/runc"], "auditd_running": true},
 "swarm": null, "kubernetes": null}
JSON
        ;;
    charlie)
        cat <<'JSON'
{"journald": {"storage": "volatile", "forward_to_syslog": false, "persistent_directory": false},
 "rsyslog": {"forwards": []}, "syslog_ng": null, "logrotate": {"docker": false, "main_config": false},
 "audit": null,
 "swarm": {"role": "manager", "nodes": 1, "services": ["bh-api", "bh-web"], "networks": ["bh-plain", "bh-secure"],
           "expect": {"swarm.mode-needed|swarm": "pass", "swarm.manager-count|swarm": "pass",
                      "swarm.bound-interface|swarm": "manual",
                      "swarm.overlay-encrypted|bh-plain": "fail", "swarm.overlay-encrypted|bh-secure": "pass",
                      "swarm.overlay-encrypted|ingress": "fail", "swarm.secrets-managed|swarm": "manual",
                      "swarm.autolock|swarm": "fail", "swarm.autolock-key-rotation|swarm": "not_applicable",
                      "swarm.node-cert-expiry|swarm": "pass", "swarm.ca-rotation|swarm": "manual",
                      "swarm.management-plane-separated|swarm": "manual"}},
 "kubernetes": null}
JSON
        ;;
    delta)
        cat <<'JSON'
{"journald": {"storage": "auto", "forward_to_syslog": false, "persistent_directory": true},
 "rsyslog": null,
 "syslog_ng": {"forwards": ["network logs.example.invalid", "syslog siem.example.invalid"]},
 "logrotate": {"docker": false, "main_config": true},
 "audit": null, "swarm": null,
 "kubernetes": {"manifests": ["etcd", "kube-apiserver", "kube-controller-manager", "kube-scheduler"],
                "components": ["etcd", "kube-apiserver", "kube-controller-manager", "kube-scheduler", "kubelet"],
                "modes": {"/etc/kubernetes/manifests/kube-apiserver.yaml": "0600",
                          "/etc/kubernetes/manifests/kube-scheduler.yaml": "0644",
                          "/etc/kubernetes/scheduler.conf": "0644", "/etc/kubernetes/admin.conf": "0600",
                          "/etc/kubernetes/pki/apiserver-kubelet-client.key": "0644",
                          "/etc/kubernetes/pki/ca.key": "0600", "/var/lib/kubelet/config.yaml": "0644",
                          "/var/lib/etcd": "0700"},
                "owners": {"/etc/kubernetes/scheduler.conf": "operator", "/etc/kubernetes/pki/etcd/server.key": "etcd",
                           "/var/lib/etcd": "etcd", "/etc/kubernetes/admin.conf": "root"},
                "expect": {"kubernetes.apiserver.audit-log|kube-apiserver": "fail",
                           "kubernetes.anonymous-auth|kube-apiserver": "pass", "kubernetes.anonymous-auth|kubelet": "pass",
                           "kubernetes.authorization-mode|kube-apiserver": "pass",
                           "kubernetes.authorization-mode|kubelet": "pass",
                           "kubernetes.kubelet.read-only-port|kubelet": "fail",
                           "kubernetes.profiling|kube-apiserver": "fail",
                           "kubernetes.profiling|kube-controller-manager": "pass",
                           "kubernetes.profiling|kube-scheduler": "fail",
                           "kubernetes.components-not-root|kube-apiserver": "fail",
                           "kubernetes.components-not-root|kube-controller-manager": "fail",
                           "kubernetes.components-not-root|kube-scheduler": "fail",
                           "kubernetes.components-not-root|etcd": "fail",
                           "kubernetes.file.manifests.mode|/etc/kubernetes/manifests/kube-apiserver.yaml": "pass",
                           "kubernetes.file.manifests.mode|/etc/kubernetes/manifests/kube-scheduler.yaml": "fail",
                           "kubernetes.file.manifests.owner|/etc/kubernetes/manifests/kube-scheduler.yaml": "pass",
                           "kubernetes.file.kubeconfigs.mode|/etc/kubernetes/admin.conf": "pass",
                           "kubernetes.file.kubeconfigs.mode|/etc/kubernetes/scheduler.conf": "fail",
                           "kubernetes.file.kubeconfigs.owner|/etc/kubernetes/scheduler.conf": "fail",
                           "kubernetes.file.pki-keys.mode|/etc/kubernetes/pki/ca.key": "pass",
                           "kubernetes.file.pki-keys.mode|/etc/kubernetes/pki/apiserver-kubelet-client.key": "fail",
                           "kubernetes.file.pki-keys.owner|/etc/kubernetes/pki/etcd/server.key": "fail",
                           "kubernetes.file.pki-certs.mode|/etc/kubernetes/pki/ca.crt": "pass",
                           "kubernetes.file.kubelet-config.mode|/var/lib/kubelet/config.yaml": "fail",
                           "kubernetes.file.etcd-data.mode|/var/lib/etcd": "pass",
                           "kubernetes.file.etcd-data.owner|/var/lib/etcd": "pass"}}}
JSON
        ;;
    *) echo null ;;
    esac
}
