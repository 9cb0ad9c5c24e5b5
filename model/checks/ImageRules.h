// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "checks/HostEvidence.h"
#include "domain/Finding.h"

#include <QVector>

namespace bulkhead {

// The image checks of CIS 4.x and tip 8, judged for every local image (`docker images -a`), from
// `docker image inspect` and `docker image history --no-trunc`. A message says how many containers
// use the image.
class ImageRules
{
public:
    static QStringList ids(); // in catalog order
    static QVector<Finding> evaluate(const HostEvidence& evidence);
};

} // namespace bulkhead
