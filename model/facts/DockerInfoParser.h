// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "facts/DockerInfo.h"

#include <QByteArray>

namespace bulkhead {

// Parses `docker info --format '{{json .}}'`. The 20.10 client prints {"ServerErrors": [...]}
// and exits 0 when it cannot reach the daemon: that is an Error carrying the daemon's message.
class DockerInfoParser
{
public:
    static Result<DockerInfo> parse(const QByteArray& json);
};

} // namespace bulkhead
