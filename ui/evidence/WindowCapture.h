// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"

#include <QByteArray>
#include <QDateTime>
#include <QString>

class QWidget;

namespace bulkhead {

// A picture of a window kept as evidence: the widget as it is drawn now (QWidget::grab, so it works
// offscreen and never captures other applications' windows), as PNG bytes for Workspace::addEvidence.
class WindowCapture
{
public:
    static Result<QByteArray> png(QWidget* widget);
    // "screenshot-20261130T080102Z.png": sortable, and safe as a file name everywhere.
    static QString fileName(const QDateTime& time);
};

} // namespace bulkhead
