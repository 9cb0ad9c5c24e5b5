// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"

#include <QDate>
#include <QString>

namespace bulkhead {

// What the audit is (the binder's cover): kept in the workspace's meta table under `engagement.*` and
// covered by the activity log as the subject `engagement`. Every field may be empty.
struct Engagement
{
    QString title;
    QString client;
    QString auditor;
    QDate periodStart; // null: not given
    QDate periodEnd;
    QString reference; // the engagement's or contract's number

    static constexpr int MaxTextChars = 200;

    // Refuses an end before the start, overlong text and characters that could hide or rewrite text on the
    // cover or in a terminal (controls, bidirectional overrides, line breaks).
    Result<void> validate() const;
    bool operator==(const Engagement& other) const = default;
};

} // namespace bulkhead
