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
constexpr quint32 MaxAnswerBytes = 1U << 20;

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

namespace {

// Connects to the agent and sends SSH_AGENTC_REQUEST_IDENTITIES; returns the socket, or -1.
int requestIdentities(const QString& socketPath, int timeoutMs)
{
    const QByteArray path = socketPath.toLocal8Bit();
    sockaddr_un address{};
    if (path.isEmpty() || static_cast<size_t>(path.size()) >= sizeof(address.sun_path)) {
        return -1;
    }
    address.sun_family = AF_UNIX;
    std::memcpy(address.sun_path, path.constData(), static_cast<size_t>(path.size()));

    const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        return -1;
    }
    const char request[5] = {0, 0, 0, 1, static_cast<char>(RequestIdentities)};
    if (::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof(address)) != 0 ||
        !waitFor(fd, POLLOUT, timeoutMs) || ::send(fd, request, sizeof(request), MSG_NOSIGNAL) != 5) {
        ::close(fd);
        return -1;
    }
    return fd;
}

} // namespace

std::optional<int> SshAgent::identityCount(const QString& socketPath, int timeoutMs)
{
    const Fd fd(requestIdentities(socketPath, timeoutMs));
    if (fd.get() < 0) {
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

std::optional<QVector<QByteArray>> SshAgent::identities(const QString& socketPath, int timeoutMs)
{
    const Fd fd(requestIdentities(socketPath, timeoutMs));
    if (fd.get() < 0) {
        return std::nullopt;
    }
    char lengthBytes[4];
    if (!readExactly(fd.get(), lengthBytes, sizeof(lengthBytes), timeoutMs)) {
        return std::nullopt;
    }
    const quint32 length = bigEndian32(lengthBytes);
    if (length < 5 || length > MaxAnswerBytes) {
        return std::nullopt;
    }
    QByteArray answer(static_cast<qsizetype>(length), Qt::Uninitialized);
    if (!readExactly(fd.get(), answer.data(), length, timeoutMs) ||
        static_cast<unsigned char>(answer.at(0)) != IdentitiesAnswer) {
        return std::nullopt;
    }
    // byte 12, uint32 nkeys, then nkeys times (string key_blob, string comment)
    qsizetype at = 1;
    const auto readString = [&](QByteArray* out) {
        if (answer.size() - at < 4) {
            return false;
        }
        const quint32 size = bigEndian32(answer.constData() + at);
        at += 4;
        if (static_cast<quint64>(answer.size() - at) < size) {
            return false;
        }
        if (out != nullptr) {
            *out = answer.mid(at, static_cast<qsizetype>(size));
        }
        at += static_cast<qsizetype>(size);
        return true;
    };
    if (answer.size() - at < 4) {
        return std::nullopt;
    }
    const quint32 count = bigEndian32(answer.constData() + at);
    at += 4;
    QVector<QByteArray> blobs;
    for (quint32 i = 0; i < count; ++i) {
        QByteArray blob;
        if (!readString(&blob) || !readString(nullptr)) {
            return std::nullopt;
        }
        blobs.append(blob);
    }
    return blobs;
}

} // namespace bulkhead
