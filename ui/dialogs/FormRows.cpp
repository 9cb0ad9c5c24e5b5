// SPDX-License-Identifier: GPL-3.0-or-later
#include "dialogs/FormRows.h"

#include <QCoreApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>

namespace bulkhead {

QWidget* FormRows::withBrowseButton(QLineEdit* edit, const QString& buttonName, QWidget* parent,
                                    const std::function<void()>& browse)
{
    auto* row = new QWidget(parent);
    auto* layout = new QHBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(edit, 1);
    auto* button = new QPushButton(QCoreApplication::translate("FormRows", "Browse…"), row);
    button->setObjectName(buttonName);
    layout->addWidget(button);
    QObject::connect(button, &QPushButton::clicked, parent, browse);
    return row;
}

QLabel* FormRows::note(const QString& text, QWidget* parent)
{
    auto* label = new QLabel(text, parent);
    label->setTextFormat(Qt::PlainText);
    label->setWordWrap(true);
    QFont font = label->font();
    font.setPointSizeF(font.pointSizeF() * 0.9);
    label->setFont(font);
    label->setForegroundRole(QPalette::PlaceholderText);
    label->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    return label;
}

QLabel* FormRows::errorLabel(const QString& objectName, QWidget* parent)
{
    auto* label = new QLabel(parent);
    label->setObjectName(objectName);
    label->setTextFormat(Qt::PlainText);
    label->setWordWrap(true);
    label->setStyleSheet(QStringLiteral("color: #c62828;"));
    label->hide();
    return label;
}

QWidget* FormRows::filesRow(QListWidget* list, QWidget* parent, const std::function<void()>& browse)
{
    list->setObjectName(QStringLiteral("filesList"));
    list->setSelectionMode(QAbstractItemView::ExtendedSelection);
    list->setFixedHeight(list->fontMetrics().lineSpacing() * 5);
    auto* addButton = new QPushButton(QCoreApplication::translate("FormRows", "Add files…"), parent);
    addButton->setObjectName(QStringLiteral("addFilesButton"));
    QObject::connect(addButton, &QPushButton::clicked, parent, browse);
    auto* removeButton = new QPushButton(QCoreApplication::translate("FormRows", "Remove"), parent);
    removeButton->setObjectName(QStringLiteral("removeFilesButton"));
    QObject::connect(removeButton, &QPushButton::clicked, list, [list] { qDeleteAll(list->selectedItems()); });
    auto* buttons = new QVBoxLayout;
    buttons->addWidget(addButton);
    buttons->addWidget(removeButton);
    buttons->addStretch(1);
    auto* row = new QWidget(parent);
    auto* layout = new QHBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(list, 1);
    layout->addLayout(buttons);
    return row;
}

} // namespace bulkhead
