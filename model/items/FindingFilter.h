// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/Finding.h"
#include "domain/Status.h"

#include <QString>
#include <QStringList>
#include <QVector>

#include <optional>

namespace bulkhead {

// What the findings list shows: every part must hold (an empty part holds for every finding).
// The free-text box also takes `key:value` words, so a filter can be typed and kept as one line:
// `cis:5.4` (a CIS id or a section such as `5`), `tip:3`, `severity:high`, `status:fail`,
// `zone:prod`, `host:alpha`, `check:container.privileged`; the rest is matched as text.
struct FindingFilter
{
    std::optional<qint64> host;     // the host selected in the fleet tree
    std::optional<Subject> subject; // a container or image selected in the fleet tree (by kind and id)
    QString check;                  // the check selected in the checklist
    QVector<Status> statuses;
    int tip = 0; // 0: every tip
    std::optional<Severity> severity;
    std::optional<QString> zone; // "": hosts in no zone
    QString cis;                 // "5.4" matches 5.4 and 5.4.x; "5" every id of section 5
    QString hostName;            // part of a host's name (host: words)
    QString text;                // part of any column's text, case-insensitive

    // Parses the free-text box into `cis`, `tip`, `severity`, `statuses`, `zone`, `hostName`, `check`
    // and `text`, on top of this filter. Unknown keys and bad values are kept as text, and named in
    // `problems` ("tip:11: a tip is 1 to 10").
    FindingFilter withQuery(const QString& query, QStringList* problems = nullptr) const;

    // True when `cisIds` (a check's CIS ids) holds `cis` or an id below it.
    static bool cisMatches(const QStringList& cisIds, const QString& cis);

    bool operator==(const FindingFilter& other) const = default;
};

} // namespace bulkhead
