// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace bulkhead {

// Text that came from a host, made safe to show. Control characters (C0 other than \n and \t,
// DEL, C1), bidirectional overrides and invisible separators become visible escapes such as
// \x1b or \u202e, so an ANSI sequence or a Trojan-Source reordering is shown, never obeyed.
class SafeText
{
public:
    // Multi-line text (evidence excerpts, messages): keeps \n and \t.
    static QString visible(const QString& text);
    // One line (a table cell, a title): \n, \r and \t become escapes too.
    static QString visibleLine(const QString& text);
    // For the binder's HTML: visible() and then HTML-escaped.
    static QString html(const QString& text);
    static QString htmlLine(const QString& text);
};

} // namespace bulkhead
