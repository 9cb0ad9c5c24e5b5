// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

#include <functional>

class QLabel;
class QLineEdit;
class QListWidget;
class QWidget;

namespace bulkhead {

// Pieces the dialogs' forms share.
class FormRows
{
public:
    // The edit with a "Browse…" button (named buttonName) after it; `browse` runs on click.
    static QWidget* withBrowseButton(QLineEdit* edit, const QString& buttonName, QWidget* parent,
                                     const std::function<void()>& browse);
    // A small, muted, plain-text explanation under a field.
    static QLabel* note(const QString& text, QWidget* parent);
    // A list of files (named filesList, several selectable) with "Add files…" (addFilesButton, runs `browse`)
    // and "Remove" (removeFilesButton, drops the selected rows) beside it; the row to put in a form.
    static QWidget* filesRow(QListWidget* list, QWidget* parent, const std::function<void()>& browse);
    // The red, plain-text line a dialog shows its validation error in (hidden until there is one).
    static QLabel* errorLabel(const QString& objectName, QWidget* parent);
};

} // namespace bulkhead
