// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "domain/Finding.h"

#include <QString>

namespace bulkhead {

// What an auditor's note or evidence file is attached to: a finding, by the identity that survives
// re-scans (the one Workspace::findingHistory follows), or a whole check. Its text is the key stored in
// the attachments table's `subject` column, so one subject has exactly one text:
//   finding:<host id>/<check id>/<subject kind>/name:<name>   a named subject (container, image tag, host)
//   finding:<host id>/<check id>/<subject kind>/id:<id>       one without a name (matched by its id)
//   check:<check id>
// Names and ids come from hosts: they are percent-encoded (RFC 3986 unreserved characters kept, upper-case
// hex), so '/' and ':' in an image tag never split the key. Non-canonical texts are refused by parse().
struct EvidenceSubject
{
    enum class Scope
    {
        Finding,
        Check,
    };

    Scope scope = Scope::Check;
    QString checkId;
    qint64 hostId = 0;                         // Finding only
    SubjectKind kind = SubjectKind::Container; // Finding only
    bool byName = false;                       // Finding only: identity is the subject's name, else its id
    QString identity;                          // Finding only

    static EvidenceSubject ofFinding(const Finding& finding);
    static EvidenceSubject ofCheck(const QString& checkId);

    // The key; parse(format()) gives back an equal subject.
    QString format() const;
    static Result<EvidenceSubject> parse(const QString& text);

    // True for a check id of letters, digits, '.', '_' and '-' (the catalog's form).
    static bool validCheckId(const QString& checkId);

    bool operator==(const EvidenceSubject&) const = default;
};

} // namespace bulkhead
