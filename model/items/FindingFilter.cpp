// SPDX-License-Identifier: GPL-3.0-or-later
#include "items/FindingFilter.h"

#include <QRegularExpression>

namespace bulkhead {

FindingFilter FindingFilter::withQuery(const QString& query, QStringList* problems) const
{
    FindingFilter filter = *this;
    QStringList rest;
    const auto problem = [problems](const QString& word, const QString& why) {
        if (problems)
            *problems << QStringLiteral("%1: %2").arg(word, why);
    };
    static const QRegularExpression cisShape(QStringLiteral("^[0-9]+(\\.[0-9]+)*$"));
    for (const QString& word : query.split(u' ', Qt::SkipEmptyParts)) {
        const qsizetype colon = word.indexOf(u':');
        const QString key = colon > 0 ? word.left(colon).toLower() : QString();
        const QString value = colon > 0 ? word.mid(colon + 1) : QString();
        if (key == QLatin1String("cis")) {
            if (cisShape.match(value).hasMatch()) {
                filter.cis = value;
                continue;
            }
            problem(word, QStringLiteral("a CIS id is numbers and dots, such as 5.4"));
        } else if (key == QLatin1String("tip")) {
            bool ok = false;
            const int number = value.toInt(&ok);
            if (ok && number >= 1 && number <= 10) {
                filter.tip = number;
                continue;
            }
            problem(word, QStringLiteral("a tip is 1 to 10"));
        } else if (key == QLatin1String("severity") || key == QLatin1String("sev")) {
            if (const auto parsed = severityFromString(value.toLower())) {
                filter.severity = parsed;
                continue;
            }
            problem(word, QStringLiteral("a severity is info, low, medium, high or critical"));
        } else if (key == QLatin1String("status")) {
            QVector<Status> named;
            for (const QString& name : value.toLower().split(u',', Qt::SkipEmptyParts)) {
                if (const auto status = statusFromString(name))
                    named << *status;
            }
            if (!named.isEmpty()) {
                filter.statuses = named;
                continue;
            }
            problem(word, QStringLiteral("a status is pass, fail, warn, manual, error, waived or not_applicable"));
        } else if (key == QLatin1String("zone")) {
            filter.zone = value;
            continue;
        } else if (key == QLatin1String("host")) {
            filter.hostName = value;
            continue;
        } else if (key == QLatin1String("check")) {
            filter.check = value;
            continue;
        }
        rest << word;
    }
    filter.text = rest.join(u' ');
    return filter;
}

bool FindingFilter::cisMatches(const QStringList& cisIds, const QString& cis)
{
    if (cis.isEmpty())
        return true;
    for (const QString& id : cisIds) {
        if (id == cis || (id.startsWith(cis) && id.at(cis.size()) == u'.'))
            return true;
    }
    return false;
}

} // namespace bulkhead
