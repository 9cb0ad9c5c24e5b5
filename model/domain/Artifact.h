// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QString>

namespace bulkhead {

// Raw output of one probe on one host: immutable evidence once stored.
// sha256 is the lowercase hex SHA-256 of `output` as stored (after secret redaction), so an
// auditor can reproduce it with sha256sum over the exported bytes.
struct Artifact
{
    qint64 id = 0;
    qint64 scanId = 0;
    qint64 hostId = 0;
    QString probe;          // probe name from the catalog, e.g. "docker.containers.inspect"
    QString command;        // the exact command line that ran on the host
    QByteArray output;      // stdout (redacted)
    QByteArray errorOutput; // stderr (capped)
    int exitStatus = -1;    // -1: none received
    QString exitSignal;     // e.g. "KILL" when the command died of a signal
    bool truncated = false; // output hit the cap
    bool timedOut = false;
    QDateTime startedUtc;
    QDateTime finishedUtc;
    QString sha256;
    int redactions = 0; // how many secret values were replaced before storage
};

// Artifact without its bodies, for indexes and lists.
struct ArtifactInfo
{
    qint64 id = 0;
    qint64 scanId = 0;
    qint64 hostId = 0;
    QString hostName;
    QString probe;
    QString command;
    int exitStatus = -1;
    QDateTime startedUtc;
    QDateTime finishedUtc;
    QString sha256;
    qint64 size = 0;
};

} // namespace bulkhead
