// SPDX-License-Identifier: GPL-3.0-or-later
#include "export/ExportWriter.h"

#include "export/CsvExport.h"
#include "export/JsonExport.h"
#include "export/JunitExport.h"
#include "export/OscalExport.h"
#include "export/SarifExport.h"

namespace bulkhead {

QStringList ExportWriter::formatNames()
{
    return {QStringLiteral("json"), QStringLiteral("csv"), QStringLiteral("sarif"), QStringLiteral("junit"),
            QStringLiteral("oscal")};
}

std::optional<ExportWriter::Format> ExportWriter::formatFromString(const QString& name)
{
    const QStringList names = formatNames();
    const qsizetype index = names.indexOf(name);
    return index < 0 ? std::nullopt : std::optional<Format>(static_cast<Format>(index));
}

QByteArray ExportWriter::write(Format format, const ExportSnapshot& snapshot)
{
    switch (format) {
    case Format::Json:
        return JsonExport::write(snapshot);
    case Format::Csv:
        return CsvExport::write(snapshot);
    case Format::Sarif:
        return SarifExport::write(snapshot);
    case Format::Junit:
        return JunitExport::write(snapshot);
    case Format::Oscal:
        break;
    }
    return OscalExport::write(snapshot);
}

} // namespace bulkhead
