// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "domain/Scan.h"
#include "probes/AccessMode.h"
#include "ssh/SshOptions.h"

#include <QString>
#include <QVector>

#include <atomic>
#include <functional>
#include <memory>

class QTemporaryFile;

namespace bulkhead {

class CredentialsProvider;
class SshConfig;

struct ScanRequest
{
    QString workspacePath;
    QVector<HostSpec> hosts;
    QString identityFile;
    QString knownHostsFile;
    bool acceptNew = false;
    int connectTimeoutMs = 10000;
    CommandLimits limits;
    // Direct: probes run as the login user. Sudo: probes that need privilege run via `sudo -n`.
    AccessMode access = AccessMode::Direct;
    // Per host, parallel to hosts (an inventory gives each host its own); empty: `access` for all.
    QVector<AccessMode> hostAccess;
    AccessMode accessFor(int hostIndex) const
    {
        return hostIndex >= 0 && hostIndex < hostAccess.size() ? hostAccess.at(hostIndex) : access;
    }
    // Hosts scanned at the same time, each on its own thread with its own SSH session and its own
    // workspace connection. Clamped to 1..MaxJobs (and to the number of hosts).
    int jobs = DefaultJobs;

    static constexpr int DefaultJobs = 4;
    static constexpr int MaxJobs = 64;

    // SSH as users have it. sshConfig: resolve each host as an ssh_config alias (HostName, User,
    // Port, IdentityFile, ProxyJump, ...); null: hosts are taken literally. connectTimeoutGiven: the
    // user chose connectTimeoutMs, so it wins over the config's ConnectTimeout.
    std::shared_ptr<const SshConfig> sshConfig;
    // The file behind sshConfig when it is a temporary one (an inventory's per-host settings): ssh
    // reads it for a jump host, so the request holds it for as long as the scan runs.
    std::shared_ptr<QTemporaryFile> sshConfigFile;
    bool connectTimeoutGiven = false;
    bool passwordAuth = false;                        // keyboard-interactive and password, asked each time
    std::shared_ptr<CredentialsProvider> credentials; // passphrases and passwords; never stored
    int keepaliveIntervalMs = 15000;                  // ServerAliveInterval; 0: off (the config may override)
    int keepaliveCountMax = 3;
    // What the scan row says it is: a scan of the fleet, or the re-check of a remediation (its tool names it).
    ScanKind kind = ScanKind::Scan;
    QString tool; // empty: "bulkhead VERSION"

    // The SSH options for one host of this request: the fields above, then the ssh config for it.
    // Fails when the config makes no valid host of it.
    Result<SshOptions> sshOptionsFor(const HostSpec& host) const;
};

struct HostOutcome
{
    HostSpec host;
    HostScanState state = HostScanState::Pending;
    QString message; // one line: why it failed, or a note (e.g. "docker not installed")
    int artifacts = 0;
    int findings = 0;
};

struct ScanOutcome
{
    qint64 scanId = 0;
    QVector<HostOutcome> hosts;
    bool cancelled = false;
    bool allScanned() const; // every host Done or Partial-with-evidence
};

// Progress callback, per host: the host's index in the request, the host, a short step
// ("connecting", "docker.info", "evaluating", and last one of "done", "partial", "failed",
// "cancelled") and that host's own fraction 0..1 (1 with the last step). Several hosts are scanned
// at once, so the calls come from the scanner's worker threads, but never two at a time: the
// scanner serializes them, and the callback needs no locking of its own. It must return quickly
// (it holds up every worker while it runs). A host listed twice reports only under its first index.
using ScanProgress = std::function<void(int hostIndex, const HostSpec& host, const QString& step, double fraction)>;

// Scans a fleet with a bounded pool: up to request.jobs hosts at once, taken in request order, each
// on its own thread with its own SSH session and its own Workspace connection. Per host: verify the
// host key, authenticate, run the probe catalog, store each artifact as it arrives (redacted),
// evaluate and store findings. A host that fails or hangs (bounded by the connect and command
// timeouts) holds up only its own worker; what it gave before failing stays stored and the host is
// marked partial. run() blocks until every worker has finished. Cancellation reaches every worker
// within a few tens of milliseconds; a workspace failure stops them all. ScanOutcome::hosts is in
// request order.
class FleetScanner
{
public:
    static Result<ScanOutcome> run(const ScanRequest& request, const ScanProgress& progress = {},
                                   const std::atomic<bool>* cancel = nullptr);
};

} // namespace bulkhead
