// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "export/ExportSnapshot.h"

#include <QByteArray>

namespace bulkhead {

// The full export (bulkhead-cli export --format json): tool and workspace, the activity log's head, zones,
// hosts, scans, the reviewed findings with their ids, the waiver and attestation registers (attachment
// names and sha256, never bytes), remediations and the artifact index (never artifact bodies).
class JsonExport
{
public:
    static constexpr int FormatVersion = 1;
    static QByteArray write(const ExportSnapshot& snapshot);
};

} // namespace bulkhead
