// SPDX-License-Identifier: GPL-3.0-or-later
#include "domain/EvidenceSubject.h"

#include <QByteArray>
#include <QStringList>

namespace bulkhead {

namespace {

const QLatin1String FindingPrefix("finding:");
const QLatin1String CheckPrefix("check:");
const QLatin1String NamePrefix("name:");
const QLatin1String IdPrefix("id:");
constexpr int MaxCheckId = 128;
constexpr int MaxKey = 8192;

QString encoded(const QString& text)
{
    return QString::fromLatin1(text.toUtf8().toPercentEncoding());
}

} // namespace

bool EvidenceSubject::validCheckId(const QString& checkId)
{
    if (checkId.isEmpty() || checkId.size() > MaxCheckId)
        return false;
    for (const QChar c : checkId) {
        const char16_t u = c.unicode();
        const bool ok = (u >= u'a' && u <= u'z') || (u >= u'A' && u <= u'Z') || (u >= u'0' && u <= u'9') || u == u'.' ||
                        u == u'_' || u == u'-';
        if (!ok)
            return false;
    }
    return true;
}

EvidenceSubject EvidenceSubject::ofFinding(const Finding& finding)
{
    EvidenceSubject subject;
    subject.scope = Scope::Finding;
    subject.checkId = finding.checkId;
    subject.hostId = finding.hostId;
    subject.kind = finding.subject.kind;
    // As findingHistory: by name when the subject has one (a container recreated under its name is the same).
    subject.byName = !finding.subject.name.isEmpty();
    subject.identity = subject.byName ? finding.subject.name : finding.subject.id;
    return subject;
}

EvidenceSubject EvidenceSubject::ofCheck(const QString& checkId)
{
    EvidenceSubject subject;
    subject.scope = Scope::Check;
    subject.checkId = checkId;
    return subject;
}

QString EvidenceSubject::format() const
{
    if (scope == Scope::Check)
        return CheckPrefix + checkId;
    return FindingPrefix + QString::number(hostId) + QLatin1Char('/') + checkId + QLatin1Char('/') +
           subjectKindToString(kind) + QLatin1Char('/') + (byName ? NamePrefix : IdPrefix) + encoded(identity);
}

Result<EvidenceSubject> EvidenceSubject::parse(const QString& text)
{
    const auto refused = [](const QString& why) {
        return makeError(QStringLiteral("Not an evidence subject (%1)").arg(why));
    };
    if (text.size() > MaxKey)
        return refused(QStringLiteral("too long"));
    if (text.startsWith(CheckPrefix)) {
        const QString id = text.mid(CheckPrefix.size());
        if (!validCheckId(id))
            return refused(QStringLiteral("a check id is letters, digits, '.', '_' and '-'"));
        return ofCheck(id);
    }
    if (!text.startsWith(FindingPrefix))
        return refused(QStringLiteral("it starts with finding: or check:"));
    const QStringList parts = text.mid(FindingPrefix.size()).split(QLatin1Char('/'));
    if (parts.size() != 4)
        return refused(QStringLiteral("finding:HOST/CHECK/KIND/name:NAME or id:ID"));
    EvidenceSubject subject;
    subject.scope = Scope::Finding;
    bool ok = false;
    subject.hostId = parts.at(0).toLongLong(&ok);
    if (!ok || subject.hostId <= 0 || parts.at(0) != QString::number(subject.hostId))
        return refused(QStringLiteral("the host id is a positive number"));
    subject.checkId = parts.at(1);
    if (!validCheckId(subject.checkId))
        return refused(QStringLiteral("a check id is letters, digits, '.', '_' and '-'"));
    const auto kind = subjectKindFromString(parts.at(2));
    if (!kind)
        return refused(QStringLiteral("the subject kind is host, daemon, container or image"));
    subject.kind = *kind;
    QString identity = parts.at(3);
    if (identity.startsWith(NamePrefix))
        subject.byName = true;
    else if (!identity.startsWith(IdPrefix))
        return refused(QStringLiteral("the subject is name:NAME or id:ID"));
    identity = identity.mid(subject.byName ? NamePrefix.size() : IdPrefix.size());
    if (subject.byName && identity.isEmpty())
        return refused(QStringLiteral("the name is empty"));
    subject.identity = QString::fromUtf8(QByteArray::fromPercentEncoding(identity.toLatin1()));
    // One subject, one key: "%2f" or an unencoded character would be a second key for the same finding.
    if (encoded(subject.identity) != identity)
        return refused(QStringLiteral("the name or id is not percent-encoded canonically"));
    return subject;
}

} // namespace bulkhead
