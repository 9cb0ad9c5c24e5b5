// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "domain/CheckDefinition.h"

#include <QByteArray>
#include <QVector>

namespace bulkhead {

// Check definitions loaded from the embedded resource :/bulkhead/checks/checks.json.
class CheckCatalog
{
public:
    static const CheckCatalog& instance();
    const QVector<CheckDefinition>& checks() const { return m_checks; }
    const CheckDefinition* find(const QString& id) const;
    // Why the embedded catalog could not be loaded (empty when it loaded).
    QString loadError() const { return m_loadError; }

    // Parses and validates a catalog document (ids unique, tip 1..10, known level and severity,
    // texts present). Used for the embedded resource and by tests.
    static Result<QVector<CheckDefinition>> parse(const QByteArray& json);

private:
    CheckCatalog();
    QVector<CheckDefinition> m_checks;
    QString m_loadError;
};

} // namespace bulkhead
