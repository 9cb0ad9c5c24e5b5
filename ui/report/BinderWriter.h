// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "report/BinderData.h"

#include <QString>

namespace bulkhead {

class Workspace;

struct BinderStats
{
    int pages = 0;
    int findings = 0;
    int artifacts = 0;
    // Where the time went (milliseconds): reading the workspace (and verifying it), laying out the text,
    // painting the pages.
    qint64 readMs = 0;
    qint64 layoutMs = 0;
    qint64 paintMs = 0;
};

// The audit binder as PDF (A4, 300 dpi): cover, contents, scope, methodology, executive summary with
// charts, control matrix, findings by severity, attestations and notes, waivers, remediation log, evidence
// index, integrity statement and sign-off, with "page X of Y" on every page (BinderSections has the
// texts). Host-derived text is escaped with control characters made visible; the workspace holds no
// secret values (redacted on ingest) and env values are never printed. Text is set in the bundled DejaVu
// fonts. The PDF carries a BinderManifest in its XMP metadata, and the export is logged
// (`binder.exported`) in the workspace. Needs a QGuiApplication (the offscreen platform is enough).
class BinderWriter
{
public:
    static Result<BinderStats> write(Workspace& workspace, const QString& pdfPath, const BinderOptions& options = {});
};

} // namespace bulkhead
