// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "delegates/PlainTextDelegate.h"

namespace bulkhead {

// Paints the bulkhead::Status of ItemRole::StatusRole as a coloured chip with its label (pass
// green, fail red, warn amber, error purple, not applicable grey, manual blue, waived teal).
// Cells without a status fall back to muted text ("Not evaluated").
class StatusDelegate : public PlainTextDelegate
{
    Q_OBJECT
public:
    using PlainTextDelegate::PlainTextDelegate;

    void paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const override;
    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override;
};

} // namespace bulkhead
