// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <libssh/callbacks.h>

#include <QString>

namespace bulkhead {

// How a remote command ended. It arrives as channel requests; libssh 0.10 exposes the signal only
// through a callback, so every channel that runs a command records both here. libssh keeps pointers
// to the callbacks and to this object: both must outlive the channel's callbacks (remove them first).
struct ChannelExit
{
    bool statusReceived = false;
    int status = -1;
    QString signal;

    // Points `callbacks` at this object's handlers (the caller then calls ssh_set_channel_callbacks).
    void prepare(ssh_channel_callbacks_struct& callbacks);
};

} // namespace bulkhead
