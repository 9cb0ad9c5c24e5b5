// SPDX-License-Identifier: GPL-3.0-or-later
#include "checks/ScanDiff.h"

#include <QHash>
#include <QMap>
#include <QSet>

namespace bulkhead {

namespace {

QString subjectKey(qint64 hostId, const Subject& subject)
{
    const QString identity = subject.name.isEmpty() ? subject.id : subject.name;
    return QStringLiteral("%1\x1f%2\x1f%3").arg(hostId).arg(subjectKindToString(subject.kind), identity);
}

bool failing(Status status)
{
    return status == Status::Fail || status == Status::Warn;
}

} // namespace

QString findingChangeToString(FindingChange change)
{
    switch (change) {
    case FindingChange::New:
        return QStringLiteral("new");
    case FindingChange::Fixed:
        return QStringLiteral("fixed");
    case FindingChange::Regressed:
        return QStringLiteral("regressed");
    case FindingChange::Waived:
        return QStringLiteral("waived");
    case FindingChange::Expired:
        return QStringLiteral("expired");
    case FindingChange::Added:
        return QStringLiteral("added");
    case FindingChange::Removed:
        return QStringLiteral("removed");
    }
    return QStringLiteral("new");
}

QVector<FindingDelta> ScanDiff::compare(const QVector<Finding>& before, const QVector<Finding>& after)
{
    // (subject key + check) -> finding, and the subjects each scan has. QMap: a stable, sorted report.
    QMap<QString, const Finding*> earlier;
    QMap<QString, const Finding*> later;
    QMap<QString, const Finding*> earlierSubjects;
    QMap<QString, const Finding*> laterSubjects;
    for (const Finding& finding : before) {
        const QString subject = subjectKey(finding.hostId, finding.subject);
        earlier.insert(subject + QLatin1Char('\x1f') + finding.checkId, &finding);
        earlierSubjects.insert(subject, &finding);
    }
    for (const Finding& finding : after) {
        const QString subject = subjectKey(finding.hostId, finding.subject);
        later.insert(subject + QLatin1Char('\x1f') + finding.checkId, &finding);
        laterSubjects.insert(subject, &finding);
    }
    QVector<FindingDelta> deltas;
    for (auto it = laterSubjects.cbegin(); it != laterSubjects.cend(); ++it) {
        if (!earlierSubjects.contains(it.key()))
            deltas << FindingDelta{FindingChange::Added, QString(), (*it)->hostName, (*it)->subject, {}, {}};
    }
    for (auto it = earlierSubjects.cbegin(); it != earlierSubjects.cend(); ++it) {
        if (!laterSubjects.contains(it.key()))
            deltas << FindingDelta{FindingChange::Removed, QString(), (*it)->hostName, (*it)->subject, {}, {}};
    }
    for (auto it = later.cbegin(); it != later.cend(); ++it) {
        const Finding& now = **it;
        const Finding* was = earlier.value(it.key(), nullptr);
        if (!was) {
            // A subject of its own is reported as added; a check new to a known subject that fails is new.
            if (earlierSubjects.contains(subjectKey(now.hostId, now.subject)) && failing(now.status))
                deltas << FindingDelta{FindingChange::New, now.checkId, now.hostName, now.subject, {}, now.status};
            continue;
        }
        std::optional<FindingChange> change;
        if (failing(now.status) && was->status == Status::Waived && now.expiredWaiverId != 0)
            change = FindingChange::Expired;
        else if (failing(now.status) && was->status == Status::Pass)
            change = FindingChange::Regressed;
        else if (failing(now.status) && !failing(was->status) && was->status != Status::Waived)
            change = FindingChange::New;
        else if (now.status == Status::Pass && (failing(was->status) || was->status == Status::Waived))
            change = FindingChange::Fixed;
        else if (now.status == Status::Waived && failing(was->status))
            change = FindingChange::Waived;
        if (change)
            deltas << FindingDelta{*change, now.checkId, now.hostName, now.subject, was->status, now.status};
    }
    return deltas;
}

} // namespace bulkhead
