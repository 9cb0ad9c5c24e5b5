// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// yaml-cpp is a private dependency of bulkhead_model: include this header from .cpp files only.

#include "core/Result.h"
#include "inventory/SourcePosition.h"

#include <yaml-cpp/yaml.h>

#include <QByteArray>
#include <QString>

namespace bulkhead {

// yaml-cpp behind a boundary that throws nothing: bytes in, one document's root node or an error
// "FILE:LINE:COLUMN: error: ..." out. Walkers of the node tree must still catch YAML::Exception
// (yaml-cpp throws from accessors, e.g. Mark() on an invalid node).
class YamlLoader
{
public:
    static constexpr qsizetype MaxBytes = 8 * 1024 * 1024;

    // UTF-8 only; no control characters other than tab, CR and LF; exactly one document.
    static Result<YAML::Node> load(const QByteArray& bytes, const QString& file);

    static SourcePosition position(const YAML::Node& node); // 1-based; 0 when yaml-cpp has no mark
    static QString text(const YAML::Node& node);            // the scalar as written, decoded from UTF-8
    static QString kind(const YAML::Node& node);            // "a list", "a mapping", "text", "nothing (null)"
    // A null node written as "~", "null" or nothing at all, as opposed to a quoted "null".
    static bool isNull(const YAML::Node& node);
};

} // namespace bulkhead
