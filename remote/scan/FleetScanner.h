// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "domain/Scan.h"
#include "ssh/SshOptions.h"

#include <QString>
#include <QVector>

#include <atomic>
#include <functional>

namespace bulkhead {

struct ScanRequest
{
    QString workspacePath;
    QVector<HostSpec> hosts;
    QString identityFile;
    QString knownHostsFile;
    bool acceptNew = false;
    int connectTimeoutMs = 10000;
    CommandLimits limits;
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

// Progress callback: host index, host, a short step ("connecting", "docker.info", "evaluating",
// "done"), and overall fraction 0..1.
using ScanProgress = std::function<void(int hostIndex, const HostSpec& host, const QString& step, double fraction)>;

// Scans hosts one after another in the calling thread: verify host key, authenticate, run the
// probe catalog, store each artifact as it arrives (redacted), evaluate and store findings.
// Opens its own Workspace connection. Cancellation is checked between and during commands.
class FleetScanner
{
public:
    static Result<ScanOutcome> run(const ScanRequest& request, const ScanProgress& progress = {},
                                   const std::atomic<bool>* cancel = nullptr);
};

} // namespace bulkhead
