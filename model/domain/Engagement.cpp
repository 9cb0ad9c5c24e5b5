// SPDX-License-Identifier: GPL-3.0-or-later
#include "domain/Engagement.h"

#include "core/DisplayText.h"

#include <utility>

namespace bulkhead {

Result<void> Engagement::validate() const
{
    const std::pair<const char*, const QString*> fields[] = {
        {"title", &title}, {"client", &client}, {"auditor", &auditor}, {"reference", &reference}};
    for (const auto& [name, text] : fields) {
        if (text->size() > MaxTextChars)
            return makeError(QStringLiteral("The engagement's %1 is longer than %2 characters")
                                 .arg(QLatin1String(name))
                                 .arg(MaxTextChars));
        if (const auto bad = DisplayText::unsafeCharacter(*text))
            return makeError(QStringLiteral("The engagement's %1 contains %2").arg(QLatin1String(name), *bad));
    }
    if (periodStart.isValid() && periodEnd.isValid() && periodEnd < periodStart)
        return makeError(QStringLiteral("The engagement's period ends (%1) before it starts (%2)")
                             .arg(periodEnd.toString(Qt::ISODate), periodStart.toString(Qt::ISODate)));
    return {};
}

} // namespace bulkhead
