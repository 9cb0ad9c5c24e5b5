// SPDX-License-Identifier: GPL-3.0-or-later
#include "ssh/SshAgent.h"

#include <QByteArray>

#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace bulkhead {

namespace {

// draft-miller-ssh-agent: SSH_AGENTC_REQUEST_IDENTITIES and its answer.
constexpr unsigned char RequestIdentities = 11;
constexpr unsigned char IdentitiesAnswer = 12;

class Fd
{
public:
    explicit Fd(int fd)
        : m_fd(fd)
    {}
    ~Fd()
    {
        if (m_fd >= 0) {
            ::close(m_fd);
        }
    }
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    int get() const { return m_fd; }

private:
    int m_fd;
};

bool waitFor(int fd, short events, int timeoutMs)
{
    pollfd pfd{fd, events, 0};
    int rc = 0;
    do {
        rc = ::poll(&pfd, 1, timeoutMs);
    } while (rc < 0 && errno == EINTR);
    return rc > 0;
}

bool readExactly(int fd, char* buffer, size_t size, int timeoutMs)
{
    size_t done = 0;
    while (done < size) {
        if (!waitFor(fd, POLLIN, timeoutMs)) {
            return false;
        }
        const ssize_t n = ::read(fd, buffer + done, size - done);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            return false;
        }
        done += static_cast<size_t>(n);
    }
    return true;
}

quint32 bigEndian32(const char* bytes)
{
    const auto* b = reinterpret_cast<const unsigned char*>(bytes);
    return (quint32(b[0]) << 24) | (quint32(b[1]) << 16) | (quint32(b[2]) << 8) | quint32(b[3]);
}

} // namespace

QString SshAgent::socketPath()
{
    return qEnvironmentVariable("SSH_AUTH_SOCK");
}

std::optional<int> SshAgent::identityCount(const QString& socketPath, int timeoutMs)
{
    const QByteArray path = socketPath.toLocal8Bit();
    sockaddr_un address{};
    if (path.isEmpty() || static_cast<size_t>(path.size()) >= sizeof(address.sun_path)) {
        return std::nullopt;
    }
    address.sun_family = AF_UNIX;
    std::memcpy(address.sun_path, path.constData(), static_cast<size_t>(path.size()));

    const Fd fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
    if (fd.get() < 0 || ::connect(fd.get(), reinterpret_cast<const sockaddr*>(&address), sizeof(address)) != 0) {
        return std::nullopt;
    }
    const char request[5] = {0, 0, 0, 1, static_cast<char>(RequestIdentities)};
    if (!waitFor(fd.get(), POLLOUT, timeoutMs) || ::send(fd.get(), request, sizeof(request), MSG_NOSIGNAL) != 5) {
        return std::nullopt;
    }
    char header[9];
    if (!readExactly(fd.get(), header, sizeof(header), timeoutMs)) {
        return std::nullopt;
    }
    const quint32 length = bigEndian32(header);
    if (length < 5 || static_cast<unsigned char>(header[4]) != IdentitiesAnswer) {
        return std::nullopt;
    }
    const quint32 count = bigEndian32(header + 5);
    if (count > 100000) {
        return std::nullopt;
    }
    return static_cast<int>(count);
}

} // namespace bulkhead
