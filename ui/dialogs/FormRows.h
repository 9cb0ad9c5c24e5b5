// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

#include <functional>

class QLabel;
class QLineEdit;
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
    // The red, plain-text line a dialog shows its validation error in (hidden until there is one).
    static QLabel* errorLabel(const QString& objectName, QWidget* parent);
};

} // namespace bulkhead
