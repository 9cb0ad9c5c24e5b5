// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"

#include <QByteArray>
#include <QString>
#include <QStringList>
#include <QVector>

namespace bulkhead {

// One file, directory or command in a sectioned probe output.
struct Section
{
    QString name;        // a path ("/etc/rsyslog.conf"), a directory ("/etc/rsyslog.d/") or a tool ("apt")
    QString status;      // "" (content follows), "missing", "denied", "directory", "not-a-directory", "error"
    int exitStatus = -1; // commands only: "!exit N"
    QStringList lines;   // the content, one entry per line, without the "|" prefix (UTF-8, lenient)

    bool isDirectory() const { return name.endsWith(QLatin1Char('/')); }
    bool readable() const { return status.isEmpty(); } // a file whose content is here (maybe empty)
    QString text() const { return lines.join(QLatin1Char('\n')); }
};

// The framing of multi-file and multi-command probes (ProbeFormat::Sections):
//   ==> NAME <==     a header; NAME is printed as is when it only holds [A-Za-z0-9._/@+,:=~-],
//                    else as "hex:" and the hex of its bytes (so a file name cannot forge a header)
//   |text            a content line of the current section (a file cannot forge a header either)
//   !status          missing, denied, directory, not-a-directory, error, or "exit N"
// Anything else, or content before the first header, is an error: the output is not ours.
class SectionsParser
{
public:
    static Result<QVector<Section>> parse(const QByteArray& output);
    static Result<QString> decodeName(const QString& encoded);
    // The first section called `name`, or nullptr.
    static const Section* find(const QVector<Section>& sections, const QString& name);
};

} // namespace bulkhead
