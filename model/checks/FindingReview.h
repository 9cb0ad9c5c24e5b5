// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/Attestation.h"
#include "domain/Finding.h"
#include "domain/Waiver.h"

#include <QDateTime>
#include <QHash>
#include <QMap>
#include <QVector>

namespace bulkhead {

// What the review needs to know about the subjects: each host's name and zone, and each container's
// labels (only needed for label-scoped waivers).
struct ReviewContext
{
    QHash<qint64, QString> hostNames;                       // host id -> name
    QHash<qint64, QString> hostZones;                       // host id -> zone name ("" in no zone)
    QHash<QString, QMap<QString, QString>> containerLabels; // container id -> labels
};

// Counts and scores over a set of findings. A score is passed / judged, where judged counts pass, fail,
// warn and waived: manual, error and not_applicable findings are no verdict and are counted apart.
struct ComplianceScore
{
    int pass = 0;
    int fail = 0;
    int warn = 0;
    int waived = 0;
    int manual = 0;
    int error = 0;
    int notApplicable = 0;
    int expiredWaivers = 0; // failing findings a waiver covered until it expired

    static ComplianceScore of(const QVector<Finding>& findings);
    void add(const Finding& finding);
    int judged() const { return pass + fail + warn + waived; }
    double withoutWaivers() const; // waived counts as failed; 0..100, -1 when nothing was judged
    double withWaivers() const;    // waived counts as accepted
};

// Applies the auditor's decisions on top of the checks (CHECKS.md): an active waiver turns a fail or
// warn it covers into `waived`; an active attestation turns a manual finding into the attested pass or
// fail. Stored findings stay as the checks gave them, so an expiry takes effect without re-evaluating.
class FindingReview
{
public:
    static bool covers(const Waiver& waiver, const Finding& finding, const ReviewContext& context);
    static bool covers(const Attestation& attestation, const Finding& finding, const ReviewContext& context);
    static QVector<Finding> apply(QVector<Finding> findings, const QVector<Waiver>& waivers,
                                  const QVector<Attestation>& attestations, const ReviewContext& context,
                                  const QDateTime& now);
};

} // namespace bulkhead
