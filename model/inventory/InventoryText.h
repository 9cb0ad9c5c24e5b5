// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/DisplayText.h"

#include <QString>
#include <QStringList>

#include <optional>

namespace bulkhead {

// Text rules shared by the inventory parser, the importers and validation. Inventory values end up
// in terminals, views and the PDF binder, so characters that can hide or rewrite text (controls,
// ANSI escapes, bidirectional overrides) are refused wherever a value enters.
class InventoryText
{
public:
    // Describes the first character that may not appear in a value ("a control character (U+001B)"),
    // or nothing when the text is clean. Tabs and newlines are allowed only with `multiLine`.
    static std::optional<QString> unsafeCharacter(const QString& text, bool multiLine = false)
    {
        return DisplayText::unsafeCharacter(text, multiLine);
    }

    // Bytes → text: UTF-8 only (a leading byte-order mark is dropped). On failure, `errorLine`
    // (1-based) is the line of the first invalid byte.
    static std::optional<QString> decodeUtf8(const QByteArray& bytes, int* errorLine = nullptr);

    // " (did you mean 'x'?)" for the closest candidate within a small edit distance, else "".
    static QString didYouMean(const QString& word, const QStringList& candidates);

    // Input text as it may appear in a message: unsafe characters (see unsafeCharacter, line breaks
    // included) written as \u{XXXX}, shortened to `max` characters. Every name or value from a file
    // goes through this (or quoted) before it reaches a message.
    static QString shown(const QString& text, int max = 80) { return DisplayText::shown(text, max); }
    // shown() in double quotes.
    static QString quoted(const QString& text, int max = 80) { return DisplayText::quoted(text, max); }

    // The reason of a HostSpec::parse(text) error, without its 'Invalid host "TEXT": ' prefix.
    static QString hostSpecReason(const QString& message, const QString& text);
};

} // namespace bulkhead
