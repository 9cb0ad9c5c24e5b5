// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QString>

namespace bulkhead {

// Host data on its way into a finding's message or actual value: control and format characters (ANSI
// escapes, newlines, bidirectional overrides) become U+FFFD and the length is bounded. Views and the
// binder escape markup on top of this.
class CheckText
{
public:
    static QString printable(const QString& text, qsizetype limit = 300);
    static QString quoted(const QString& text); // printable() in double quotes
    // The line of a command's stderr that says why it failed: the first one that is not a warning.
    static QString reasonFrom(const QByteArray& errorOutput);
};

} // namespace bulkhead
