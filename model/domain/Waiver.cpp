// SPDX-License-Identifier: GPL-3.0-or-later
#include "domain/Waiver.h"

#include <QStringList>

namespace bulkhead {

QString waiverScopeToString(WaiverScope scope)
{
    switch (scope) {
    case WaiverScope::Zone:
        return QStringLiteral("zone");
    case WaiverScope::Host:
        return QStringLiteral("host");
    case WaiverScope::Container:
        return QStringLiteral("container");
    case WaiverScope::Label:
        return QStringLiteral("label");
    }
    return QStringLiteral("host");
}

std::optional<WaiverScope> waiverScopeFromString(const QString& text)
{
    for (const WaiverScope scope : {WaiverScope::Zone, WaiverScope::Host, WaiverScope::Container, WaiverScope::Label}) {
        if (waiverScopeToString(scope) == text)
            return scope;
    }
    return std::nullopt;
}

Result<void> Waiver::validate(const QDateTime& now) const
{
    static const QStringList risks{QStringLiteral("low"), QStringLiteral("medium"), QStringLiteral("high"),
                                   QStringLiteral("critical")};
    if (checkId.trimmed().isEmpty())
        return makeError(QStringLiteral("A waiver needs the check it waives"));
    if (target.trimmed().isEmpty())
        return makeError(QStringLiteral("A waiver needs a %1 to apply to").arg(waiverScopeToString(scope)));
    if (scope == WaiverScope::Label && !target.contains(QLatin1Char('=')))
        return makeError(QStringLiteral("A label waiver names the label as key=value, not '%1'").arg(target));
    if (justification.trimmed().isEmpty())
        return makeError(QStringLiteral("A waiver needs a justification"));
    if (approver.trimmed().isEmpty())
        return makeError(QStringLiteral("A waiver needs the name of whoever approved the risk"));
    if (!risks.contains(risk))
        return makeError(QStringLiteral("The accepted risk must be low, medium, high or critical, not '%1'").arg(risk));
    if (!expiresUtc.isValid())
        return makeError(QStringLiteral("A waiver needs an expiry date: risks are accepted for a time"));
    if (expiresUtc <= now)
        return makeError(QStringLiteral("The expiry %1 is already past").arg(expiresUtc.toString(Qt::ISODate)));
    return {};
}

} // namespace bulkhead
