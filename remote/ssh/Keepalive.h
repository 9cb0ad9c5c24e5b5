// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <libssh/libssh.h>

#include <QElapsedTimer>
#include <QString>

namespace bulkhead {

// ServerAliveInterval / ServerAliveCountMax for libssh 0.10, which has neither. While a command
// runs, call check() on every turn of the read loop: when the server has sent nothing for one
// interval, it sends "keepalive@openssh.com" with want-reply (any answer proves the server's SSH
// process is alive, not only its kernel); after countMax unanswered intervals the connection is
// declared dead. Silence is measured with libssh's packet counters, so command output, window
// adjustments and keepalive replies all count as signs of life.
// TCP keepalive (set on the socket in SshSession) covers a vanished host; this covers a hung sshd
// or a dead path where the kernel still acknowledges.
class Keepalive
{
public:
    // Registers the packet counters with the session; intervalMs 0 turns the check off.
    void attach(ssh_session session, int intervalMs, int countMax);
    // Call from the thread that owns the session, between libssh calls. Empty: alive (or off);
    // otherwise why the connection counts as dead.
    QString check();
    // Restarts the silence clock. Call when a command starts: a pause of our own between commands
    // is not the server's silence.
    void reset();

    int intervalMs() const { return m_intervalMs; }

private:
    ssh_session m_session = nullptr;
    ssh_counter_struct m_socketCounter{};
    ssh_counter_struct m_packetCounter{};
    quint64 m_lastPackets = 0;
    QElapsedTimer m_sinceHeard;
    QElapsedTimer m_sinceAsked;
    int m_unanswered = 0;
    int m_intervalMs = 0;
    int m_countMax = 3;
};

} // namespace bulkhead
