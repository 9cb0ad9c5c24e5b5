// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"

#include <QDateTime>
#include <QString>

#include <optional>

namespace bulkhead {

// What a waiver covers besides its check: every subject in a zone or on a host, one container (by name),
// or every container carrying a label (key=value).
enum class WaiverScope
{
    Zone,
    Host,
    Container,
    Label,
};

QString waiverScopeToString(WaiverScope scope); // "zone", "host", "container", "label"
std::optional<WaiverScope> waiverScopeFromString(const QString& text);

// An accepted risk (CHECKS.md: "on top of a fail"): a failing or warning finding it covers counts as
// waived until the waiver expires or is revoked; an expired waiver stops applying and is reported.
struct Waiver
{
    qint64 id = 0;
    QString checkId;
    WaiverScope scope = WaiverScope::Host;
    QString target; // zone name, host name, container name, or "key=value"
    QString justification;
    QString approver;
    QString risk; // low, medium, high, critical: the risk accepted
    QString compensatingControl;
    QDateTime createdUtc;
    QString createdBy;
    QDateTime expiresUtc;
    QDateTime revokedUtc; // invalid: not revoked

    bool activeAt(const QDateTime& when) const { return !revoked() && when < expiresUtc; }
    bool expiredAt(const QDateTime& when) const { return !revoked() && when >= expiresUtc; }
    bool revoked() const { return revokedUtc.isValid(); }

    // Refuses a waiver an auditor could not defend: no justification, approver or expiry, an expiry in
    // the past (at `now`), an unknown risk, a label target without "=".
    Result<void> validate(const QDateTime& now) const;
};

} // namespace bulkhead
