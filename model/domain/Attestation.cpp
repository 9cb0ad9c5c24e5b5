// SPDX-License-Identifier: GPL-3.0-or-later
#include "domain/Attestation.h"

namespace bulkhead {

Result<void> Attestation::validate(const QDateTime& now) const
{
    if (checkId.trimmed().isEmpty())
        return makeError(QStringLiteral("An attestation needs the check it answers"));
    if (target.trimmed().isEmpty())
        return makeError(QStringLiteral("An attestation needs the host or zone it is about"));
    if (status != Status::Pass && status != Status::Fail)
        return makeError(QStringLiteral("An attestation says pass or fail"));
    if (justification.trimmed().isEmpty())
        return makeError(QStringLiteral("An attestation needs a justification"));
    if (auditor.trimmed().isEmpty() || reviewer.trimmed().isEmpty())
        return makeError(QStringLiteral("An attestation needs an auditor and a reviewer"));
    if (auditor.trimmed().compare(reviewer.trimmed(), Qt::CaseInsensitive) == 0)
        return makeError(QStringLiteral("The reviewer must be someone other than the auditor"));
    if (expiresUtc.isValid() && expiresUtc <= now)
        return makeError(QStringLiteral("The expiry %1 is already past").arg(expiresUtc.toString(Qt::ISODate)));
    return {};
}

} // namespace bulkhead
