// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "facts/ImageFacts.h"

#include <QByteArray>

namespace bulkhead {

// Parses `docker image inspect` output (a JSON array).
class ImageInspectParser
{
public:
    static Result<QVector<ImageFacts>> parse(const QByteArray& json);
};

} // namespace bulkhead
