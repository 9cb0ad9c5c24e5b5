// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QTreeView>

namespace bulkhead {

class ScanProgressModel;

// The per-host list of a fleet scan: host, a state dot, the current step (or, once the host ended,
// why it is incomplete) and a progress bar per host. Read-only; every cell is plain text.
class ScanProgressView : public QTreeView
{
    Q_OBJECT
public:
    explicit ScanProgressView(ScanProgressModel* model, QWidget* parent = nullptr);
};

} // namespace bulkhead
