// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "export/ExportSnapshot.h"

#include <QByteArray>
#include <QString>

namespace bulkhead {

// SARIF 2.1.0 for code-scanning dashboards: one run, a rule per check used, a result per reviewed finding.
// kind and level: fail (error for high and critical, warning for medium, note for low and info; warn is a
// warning), pass, review (manual), notApplicable, open (error: the evidence could not be read); a waived
// finding stays a failure with an accepted external suppression. partialFingerprints follow a (host, check,
// subject) across scans: the identity EvidenceSubject gives, with the host's name instead of its row id.
class SarifExport
{
public:
    static QByteArray write(const ExportSnapshot& snapshot);
    static QString fingerprint(const Finding& finding);
};

} // namespace bulkhead
