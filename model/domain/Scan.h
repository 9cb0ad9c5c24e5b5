// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/HostSpec.h"

#include <QDateTime>
#include <QString>

#include <optional>

namespace bulkhead {

struct HostRecord
{
    qint64 id = 0;
    HostSpec spec;
    QString name; // display name (spec.displayName() unless set)
    QString zone; // the zone the host is in (tip 10); empty: not assigned yet
};

enum class ScanState
{
    Running,
    Complete,
    Partial, // some hosts failed or the scan was cancelled
    Failed,
};

// A scan collects the probe catalog once; a watch follows `docker events` on hosts for a time window
// and stores lifecycle evidence (its host_scans rows give each host's window). Stored by name.
enum class ScanKind
{
    Scan,
    Watch,
    Remediation, // evidence of a remediation: before (its probes) and after (the host scanned again)
};

QString scanKindToString(ScanKind kind); // "scan", "watch", "remediation"
std::optional<ScanKind> scanKindFromString(const QString& text);

struct ScanRecord
{
    qint64 id = 0;
    QDateTime startedUtc;
    QDateTime finishedUtc;
    ScanState state = ScanState::Running;
    QString tool; // "bulkhead 0.1.0"
    ScanKind kind = ScanKind::Scan;
};

enum class HostScanState
{
    Pending,
    Running,
    Done,    // everything collected
    Partial, // some probes failed (e.g. docker absent, permission denied)
    Failed,  // could not connect/authenticate/verify
    Cancelled,
};

QString scanStateToString(ScanState state); // "running", "complete", "partial", "failed"
std::optional<ScanState> scanStateFromString(const QString& text);
QString hostScanStateToString(HostScanState state); // "pending", "running", "done", ...
std::optional<HostScanState> hostScanStateFromString(const QString& text);

struct HostScanRecord
{
    qint64 scanId = 0;
    qint64 hostId = 0;
    QString hostName;
    HostScanState state = HostScanState::Pending;
    QString message;            // why it failed, in one line
    QString hostKeyFingerprint; // SHA256:... of the verified server key
    QDateTime startedUtc;
    QDateTime finishedUtc;
};

} // namespace bulkhead
