// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

#include <optional>

namespace bulkhead {

// Text from files and hosts on its way into a message. Messages end up in terminals, views and the
// PDF binder, so characters that can hide or rewrite text (controls, ANSI escapes, bidirectional
// overrides, invisible characters) never reach them as they are.
class DisplayText
{
public:
    // Describes the first character that may not appear in a value ("a control character (U+001B)"),
    // or nothing when the text is clean. Tabs and newlines are allowed only with `multiLine`.
    static std::optional<QString> unsafeCharacter(const QString& text, bool multiLine = false);

    // The text with every unsafe character (line breaks included) written as \u{XXXX}, shortened to
    // `max` characters ("..." marks the cut).
    static QString shown(const QString& text, int max = 80);
    // shown() in double quotes.
    static QString quoted(const QString& text, int max = 80);
};

} // namespace bulkhead
