// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "delegates/PlainTextDelegate.h"

namespace bulkhead {

// Hosts list: the "All hosts" row (no IdRole) in bold, and in the last-scan column a coloured
// dot for the HostScanStateRole (done green, partial amber, failed red, cancelled or never grey).
class HostDelegate : public PlainTextDelegate
{
    Q_OBJECT
public:
    HostDelegate(int stateColumn, QObject* parent = nullptr);

    void paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const override;

protected:
    void initStyleOption(QStyleOptionViewItem* option, const QModelIndex& index) const override;

private:
    int m_stateColumn;
};

} // namespace bulkhead
