// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/Status.h"

#include <QDateTime>
#include <QString>
#include <QVector>

#include <optional>

namespace bulkhead {

enum class SubjectKind
{
    Host,
    Daemon,
    Container,
    Image,
};

QString subjectKindToString(SubjectKind kind); // "host", "daemon", "container", "image"
std::optional<SubjectKind> subjectKindFromString(const QString& text);

struct Subject
{
    SubjectKind kind = SubjectKind::Host;
    QString id;   // container/image id (64 hex), or the host name for host/daemon subjects
    QString name; // container name without the leading '/', image tag, host name

    bool operator==(const Subject& other) const = default;
};

// Where in an artifact the proof of a finding lies.
struct EvidenceRef
{
    qint64 artifactId = 0;
    QString locator; // RFC 6901 JSON pointer into the artifact (e.g. "/3/HostConfig/Privileged"; "" = all of it),
                     // "lines A-B", or "stderr" for the artifact's error output
    QString excerpt; // the exact bytes at the locator, as text
    QString sha256;  // of the artifact (filled when read back from the workspace)
};

struct Finding
{
    qint64 id = 0;
    qint64 scanId = 0;
    qint64 hostId = 0;
    QString hostName;
    QString checkId;
    Subject subject;
    Status status = Status::Error;
    QString expected;
    QString actual;
    QString message; // one line for the user: why this status
    QVector<EvidenceRef> evidence;

    // Set by FindingReview when a waiver or an attestation decides the status shown: the status the
    // checks gave, and what changed it. A waiver that matched but has expired is named, not applied.
    std::optional<Status> evaluated;
    qint64 waiverId = 0;
    qint64 expiredWaiverId = 0;
    qint64 attestationId = 0;
};

// One scan's verdict on a (check, subject): the history a finding's detail shows. The status is the one
// the checks gave (stored), before waivers and attestations.
struct FindingHistoryEntry
{
    qint64 scanId = 0;
    qint64 findingId = 0;
    QDateTime scanStartedUtc;
    Status status = Status::Error;
    QString actual;
};

} // namespace bulkhead

// Made of Qt containers and plain values only: a QVector of them may move its elements by memcpy when
// it grows (a host with 10,000 containers has 300,000 findings).
Q_DECLARE_TYPEINFO(bulkhead::EvidenceRef, Q_RELOCATABLE_TYPE);
Q_DECLARE_TYPEINFO(bulkhead::Finding, Q_RELOCATABLE_TYPE);
