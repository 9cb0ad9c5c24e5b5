// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <libssh/libssh.h>

#include <memory>

namespace bulkhead::libssh {

// Owning handles for libssh objects, so every early return frees what it allocated.
struct SessionDeleter
{
    void operator()(ssh_session session) const
    {
        if (ssh_is_connected(session) != 0) {
            ssh_disconnect(session);
        }
        ssh_free(session);
    }
};

struct KeyDeleter
{
    void operator()(ssh_key key) const { ssh_key_free(key); }
};

struct ChannelDeleter
{
    void operator()(ssh_channel channel) const { ssh_channel_free(channel); }
};

struct CharDeleter
{
    void operator()(char* text) const { ssh_string_free_char(text); }
};

struct KnownHostsEntryDeleter
{
    void operator()(ssh_knownhosts_entry* entry) const { ssh_knownhosts_entry_free(entry); }
};

using Session = std::unique_ptr<ssh_session_struct, SessionDeleter>;
using Key = std::unique_ptr<ssh_key_struct, KeyDeleter>;
using Channel = std::unique_ptr<ssh_channel_struct, ChannelDeleter>;
using CString = std::unique_ptr<char, CharDeleter>;
using KnownHostsEntry = std::unique_ptr<ssh_knownhosts_entry, KnownHostsEntryDeleter>;

} // namespace bulkhead::libssh
