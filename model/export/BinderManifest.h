// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "domain/Finding.h"

#include <QByteArray>
#include <QDateTime>
#include <QString>
#include <QStringList>
#include <QVector>

namespace bulkhead {

class Workspace;

// What a binder says about itself, carried in the PDF's XMP metadata: which state of the workspace it shows
// (the activity log's head when it was written) and a digest of the findings it lists. `bulkhead-cli verify
// --binder` reads it back to tie a PDF to its workspace and to tell whether the workspace moved on since.
struct BinderManifest
{
    QString version; // BULKHEAD_VERSION of the writer
    QDateTime generatedUtc;
    qint64 logSeq = 0; // the activity log's head when the binder was generated (0: empty log)
    QString logHeadSha256;
    QStringList zones;      // zones the binder is restricted to; empty: the whole workspace
    QString findingsSha256; // findingsDigest() of the binder's findings
    int findings = 0;

    static constexpr const char* Namespace = "https://bulkhead.invalid/ns/binder/1/";

    // A complete XMP packet (for QPdfWriter::setDocumentXmpMetadata). Text is XML-escaped; a backslash and any
    // character XML 1.0 cannot carry (controls, lone surrogates) are written as \\ and \uXXXX, so every string
    // comes back exactly.
    static QByteArray toXmp(const BinderManifest& manifest);
    // The manifest of a PDF whose XMP packet toXmp() wrote (QPdfWriter stores the packet uncompressed).
    // Fails with "not a PDF", "no Bulkhead manifest" or "malformed" and the reason.
    static Result<BinderManifest> fromXmp(const QByteArray& xmp);
    static Result<BinderManifest> fromPdf(const QByteArray& pdfBytes);

    // sha256 (hex) over a canonical form of the findings, independent of their order: each finding's id,
    // host, check, subject, status (as shown, waivers applied), expected and actual.
    static QString findingsDigest(const QVector<Finding>& findings);
    // The findings a binder lists: reviewedFindings(latest, now), restricted to the hosts of `zones` (all
    // hosts when empty). An unknown zone is an error naming the zones there are.
    static Result<QVector<Finding>> binderFindings(const Workspace& workspace, const QStringList& zones,
                                                   const QDateTime& now);
    static Result<BinderManifest> forWorkspace(const Workspace& workspace, const QStringList& zones,
                                               const QDateTime& now);

    bool operator==(const BinderManifest& other) const = default;
};

} // namespace bulkhead
