// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QString>

#include <string>

namespace bulkhead {

// Text helpers the export formats share. Host-derived text is hostile: it goes into a document as data
// (nlohmann/json, QXmlStreamWriter), never concatenated into markup.
class ExportText
{
public:
    static std::string utf8(const QString& text) { return text.toStdString(); }
    // ISO 8601 in UTC with milliseconds and "Z"; empty for an invalid time.
    static QString isoTime(const QDateTime& time);
    // XML 1.0 allows only tab, LF, CR and the characters from U+0020 on (not U+FFFE, U+FFFF, lone
    // surrogates): every other one becomes U+FFFD, so a host's control bytes never reach the document.
    static QString xmlSafe(const QString& text);
    // One line: CR and LF become spaces, other control characters U+FFFD; leading and trailing blanks
    // dropped. `fallback` when nothing is left (formats that refuse empty or multi-line fields).
    static QString oneLine(const QString& text, const QString& fallback);
    // Lowercase hex SHA-256 of UTF-8 text.
    static QString sha256(const QString& text);
};

} // namespace bulkhead
