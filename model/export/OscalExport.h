// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "export/ExportSnapshot.h"

#include <QByteArray>
#include <QString>
#include <QUuid>

namespace bulkhead {

// OSCAL assessment-results (JSON, oscal-version 1.1.2): one result whose local definitions list the hosts
// as inventory items; an observation per reviewed finding (method TEST for an automated check, EXAMINE for
// an attested one) citing each artifact's sha256; an OSCAL finding per passing or failing (check, subject)
// whose target is the check (objective-id), satisfied or not. UUIDs are version 5, named from the activity
// log's head, the zone filter and the workspace ids: two exports of one workspace differ in timestamps only.
class OscalExport
{
public:
    static constexpr const char* OscalVersion = "1.1.2";
    static constexpr const char* PropNamespace = "urn:bulkhead:oscal";
    static QByteArray write(const ExportSnapshot& snapshot);
    static QUuid uuidFor(const ExportSnapshot& snapshot, const QString& what);
};

} // namespace bulkhead
