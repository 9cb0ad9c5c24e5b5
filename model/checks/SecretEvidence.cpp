// SPDX-License-Identifier: GPL-3.0-or-later
#include "checks/SecretEvidence.h"

#include "checks/CheckText.h"
#include "secrets/SecretRedactor.h"

#include <QSet>

namespace bulkhead {

void SecretEvidence::scan(const QString& pointer, const QString& where, const QString& text)
{
    for (const SecretMarker& marker : SecretRedactor::markersIn(text))
        m_locations.append(Location{pointer, where, marker.rule, marker.fingerprint});
}

void SecretEvidence::unredacted(const QString& pointer, const QString& where, const QString& rule)
{
    m_locations.append(Location{pointer, where, rule, QString()});
}

int SecretEvidence::distinctSecrets() const
{
    QSet<QString> fingerprints;
    int anonymous = 0;
    for (const Location& location : m_locations) {
        if (location.fingerprint.isEmpty())
            ++anonymous;
        else
            fingerprints.insert(location.fingerprint);
    }
    return static_cast<int>(fingerprints.size()) + anonymous;
}

QStringList SecretEvidence::describe() const
{
    QStringList lines;
    for (const Location& location : m_locations) {
        const QString where = CheckText::printable(location.where, 100);
        lines << (location.fingerprint.isEmpty()
                      ? QStringLiteral("%1 (%2)").arg(where, location.rule)
                      : QStringLiteral("%1 (%2, #%3)").arg(where, location.rule, location.fingerprint));
    }
    return lines;
}

} // namespace bulkhead
