// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/Status.h"

#include <Qt>

namespace bulkhead {

// Roles shared by the item models. Models hand out values; delegates in ui/ turn them into
// colours and chips, so the models stay free of widgets and palettes.
enum ItemRole : int
{
    StatusRole = Qt::UserRole + 1, // bulkhead::Status (QVariant::fromValue); invalid when none applies
    IdRole,                        // host id (qint64), check id (QString) or finding id (qint64)
    SortRole,                      // a plain value to compare for the column (the status's rank, else the text)
    HostScanStateRole,             // bulkhead::HostScanState of the host's last scan; invalid: never scanned
};

// Order in which statuses draw attention: higher is worse. Used to sort and to summarise a check.
inline int statusRank(Status status)
{
    switch (status) {
    case Status::Fail:
        return 6;
    case Status::Error:
        return 5;
    case Status::Warn:
        return 4;
    case Status::Manual:
        return 3;
    case Status::Waived:
        return 2;
    case Status::Pass:
        return 1;
    case Status::NotApplicable:
        return 0;
    }
    return 0;
}

} // namespace bulkhead
