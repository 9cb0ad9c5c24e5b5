// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "ssh/CredentialsProvider.h"

#include <QPointer>
#include <QWidget>

namespace bulkhead {

// Answers the scan's credential questions with a CredentialsDialog on the GUI thread, and asks whether to
// trust an unknown host key.
// ask() runs on a scan worker thread: it queues the dialog to the GUI thread and waits for the
// answer on a condition variable, in short slices so a cancelled scan returns at once (and closes
// the dialog). It is deliberately not a Qt::BlockingQueuedConnection: that wait cannot be cancelled,
// and it deadlocks when the GUI thread itself waits for the worker (closing the window joins the
// scan thread). The worker never runs an event loop. Prompts are shown one at a time.
class GuiCredentialsProvider : public CredentialsProvider
{
public:
    explicit GuiCredentialsProvider(QWidget* parent);

    std::optional<SecretBytes> ask(const CredentialRequest& request, const std::atomic<bool>* cancel) override;
    // A message box with the key's type and fingerprint; refusing is the default button.
    bool trustHostKey(const HostKeyQuestion& question, const std::atomic<bool>* cancel) override;

private:
    QPointer<QWidget> m_parent;
};

} // namespace bulkhead
