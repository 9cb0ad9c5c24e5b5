// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/Artifact.h"
#include "domain/Finding.h"
#include "domain/Status.h"

#include <QString>
#include <QVector>

namespace bulkhead {

// Why a probe's evidence cannot be judged, said the same way by every finding that needs it: `error`
// (not collected, failed, timed out, cut, unreadable) or `not_applicable` (the component is absent).
struct EvidenceGap
{
    Status status = Status::Error;
    QString message; // one printable line
    QString actual;  // e.g. "exit status 1"; may be empty
    QVector<EvidenceRef> evidence;

    // The artifact was collected but its output cannot be read (a parser's error): `error`, citing it.
    static EvidenceGap unreadable(const Artifact& artifact, const QString& why);

    // A finding of `checkId` about the host as a whole that carries this gap.
    Finding finding(const QString& checkId) const;
};

} // namespace bulkhead
