// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "domain/Status.h"

#include <QDateTime>
#include <QString>

namespace bulkhead {

// An auditor's verdict on a manual check (host hardened, trusted base images, key rotation, ...): pass
// or fail for a host or for every host of a zone, with the justification, who attested and who reviewed
// it, and until when it holds. Evidence files are attached to it (Attachment).
struct Attestation
{
    qint64 id = 0;
    QString checkId;
    bool zoneWide = false; // target is a zone name; otherwise a host name
    QString target;
    Status status = Status::Pass; // Pass or Fail
    QString justification;
    QString auditor;
    QString reviewer;
    QDateTime attestedUtc;
    QDateTime expiresUtc; // invalid: does not expire
    QDateTime revokedUtc; // invalid: not revoked

    bool activeAt(const QDateTime& when) const
    {
        return !revokedUtc.isValid() && (!expiresUtc.isValid() || when < expiresUtc);
    }
    Result<void> validate(const QDateTime& now) const;
};

// A file kept as evidence in the workspace (its bytes and sha256), attached to a subject such as
// "attestation:3" or an EvidenceSubject's key. A note is an attachment without a file: no name, no bytes,
// its text in `note`.
struct Attachment
{
    qint64 id = 0;
    QString subject;
    QString fileName; // the name it had, without folders
    QString sha256;
    qint64 size = 0;
    QString note;
    QDateTime addedUtc;
    QString addedBy; // the author an auditor gave (evidence), or the acting account (attestations)

    bool isNote() const { return fileName.isEmpty(); }
};

} // namespace bulkhead
