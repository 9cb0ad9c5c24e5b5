// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "export/ExportSnapshot.h"

#include <QByteArray>
#include <QStringList>

#include <optional>

namespace bulkhead {

// The formats of bulkhead-cli export, by name, and the bytes of a snapshot in one of them.
class ExportWriter
{
public:
    enum class Format
    {
        Json,
        Csv,
        Sarif,
        Junit,
        Oscal,
    };

    static QStringList formatNames(); // "json", "csv", "sarif", "junit", "oscal"
    static std::optional<Format> formatFromString(const QString& name);
    static QByteArray write(Format format, const ExportSnapshot& snapshot);
};

} // namespace bulkhead
