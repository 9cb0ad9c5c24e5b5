// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"

#include <QString>

namespace bulkhead {

class Workspace;

struct BinderStats
{
    int pages = 0;
    int findings = 0;
    int artifacts = 0;
};

// The audit binder as PDF (A4, 300 dpi): cover, scope (hosts), findings table and evidence index
// with every artifact's sha256. Host-derived text is HTML-escaped with control characters made
// visible; the workspace holds no secret values (redacted on ingest) and env values are never
// printed. Needs a QGuiApplication (the offscreen platform is enough). The PDF carries a BinderManifest
// in its XMP metadata, and the export is logged (`binder.exported`) in the workspace.
class BinderWriter
{
public:
    static Result<BinderStats> write(Workspace& workspace, const QString& pdfPath);
};

} // namespace bulkhead
