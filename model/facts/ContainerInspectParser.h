// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "facts/ContainerFacts.h"

#include <QByteArray>

namespace bulkhead {

// Parses `docker container inspect` output (a JSON array). Malformed or truncated JSON, a
// non-array document, or an element without a valid 64-hex Id gives an Error that says where.
class ContainerInspectParser
{
public:
    static Result<QVector<ContainerFacts>> parse(const QByteArray& json);
    static bool isRootUser(const QString& user); // "", "0", "0:0", "root", "root:x", ":1000" ...
};

} // namespace bulkhead
