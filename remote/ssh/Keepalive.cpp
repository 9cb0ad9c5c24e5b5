// SPDX-License-Identifier: GPL-3.0-or-later
#include "ssh/Keepalive.h"

#include <libssh/server.h> // ssh_send_keepalive: declared with the server API, usable by clients

#include <algorithm>

namespace bulkhead {

void Keepalive::attach(ssh_session session, int intervalMs, int countMax)
{
    m_session = session;
    m_intervalMs = std::max(intervalMs, 0);
    m_countMax = std::max(countMax, 1);
    ssh_set_counters(session, &m_socketCounter, &m_packetCounter);
    reset();
}

void Keepalive::reset()
{
    m_lastPackets = m_packetCounter.in_packets;
    m_unanswered = 0;
    m_sinceHeard.start();
}

QString Keepalive::check()
{
    if (m_session == nullptr || m_intervalMs <= 0) {
        return {};
    }
    if (m_packetCounter.in_packets != m_lastPackets) {
        reset();
        return {};
    }
    // Quiet for an interval: ask. Then once per interval while unanswered, and after countMax
    // unanswered asks and one more interval of silence, give up.
    const bool due =
        m_unanswered == 0 ? m_sinceHeard.elapsed() >= m_intervalMs : m_sinceAsked.elapsed() >= m_intervalMs;
    if (!due) {
        return {};
    }
    if (m_unanswered >= m_countMax) {
        return QStringLiteral("the server did not answer %1 keepalive%2 in %3 s (ServerAliveInterval %4 s, "
                              "ServerAliveCountMax %1)")
            .arg(m_unanswered)
            .arg(m_unanswered == 1 ? QString() : QStringLiteral("s"))
            .arg(m_sinceHeard.elapsed() / 1000)
            .arg(m_intervalMs / 1000.0);
    }
    // Non-blocking, so the request is sent without waiting for its reply (the read loop processes
    // the reply). libssh keeps one global request pending at a time: the first call collects the
    // previous reply if there was one, the second then sends a new request; while the previous one
    // is still unanswered neither sends, which is fine: one unanswered ask is enough.
    const int blocking = ssh_is_blocking(m_session);
    ssh_set_blocking(m_session, 0);
    ssh_send_keepalive(m_session);
    ssh_send_keepalive(m_session);
    ssh_set_blocking(m_session, blocking);
    ++m_unanswered;
    m_sinceAsked.start();
    return {};
}

} // namespace bulkhead
