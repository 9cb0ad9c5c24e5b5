// SPDX-License-Identifier: GPL-3.0-or-later
#include "ssh/ChannelExit.h"

namespace bulkhead {

namespace {

void onExitStatus(ssh_session /*session*/, ssh_channel /*channel*/, int status, void* userdata)
{
    auto* exit = static_cast<ChannelExit*>(userdata);
    exit->statusReceived = true;
    exit->status = status;
}

void onExitSignal(ssh_session /*session*/, ssh_channel /*channel*/, const char* signal, int /*core*/,
                  const char* /*errmsg*/, const char* /*lang*/, void* userdata)
{
    static_cast<ChannelExit*>(userdata)->signal = QString::fromUtf8(signal != nullptr ? signal : "");
}

} // namespace

void ChannelExit::prepare(ssh_channel_callbacks_struct& callbacks)
{
    callbacks = ssh_channel_callbacks_struct{};
    callbacks.userdata = this;
    callbacks.channel_exit_status_function = onExitStatus;
    callbacks.channel_exit_signal_function = onExitSignal;
    ssh_callbacks_init(&callbacks);
}

} // namespace bulkhead
