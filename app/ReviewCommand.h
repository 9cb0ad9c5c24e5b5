// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStringList>
#include <QTextStream>

namespace bulkhead {

// The auditor's decisions from the command line, each recorded in the activity log:
//   waiver add|list|revoke   accepted risks with scope, approver and expiry
//   attest [list|revoke]     the verdict on a manual check, with evidence files
//   score                    scores with and without waivers, expired waivers
//   diff                     what changed between two scans, per (check, subject)
class ReviewCommand
{
public:
    static int waiver(const QStringList& arguments, QTextStream& out, QTextStream& err);
    static int attest(const QStringList& arguments, QTextStream& out, QTextStream& err);
    static int score(const QStringList& arguments, QTextStream& out, QTextStream& err);
    static int diff(const QStringList& arguments, QTextStream& out, QTextStream& err);
    static QString helpText();

private:
    // attest list, attest revoke --id N
    static int attestations(const QString& action, const QStringList& arguments, QTextStream& out, QTextStream& err);
};

} // namespace bulkhead
