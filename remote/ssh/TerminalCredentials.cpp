// SPDX-License-Identifier: GPL-3.0-or-later
#include "ssh/TerminalCredentials.h"

#include <fcntl.h>
#include <poll.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <mutex>

namespace bulkhead {

namespace {

constexpr int SliceMs = 100;
constexpr size_t MaxAnswerBytes = 1024;

std::mutex& terminalMutex()
{
    static std::mutex mutex;
    return mutex;
}

class Tty
{
public:
    Tty()
        : m_fd(::open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC))
    {}
    ~Tty()
    {
        if (m_echoOff) {
            ::tcsetattr(m_fd, TCSAFLUSH, &m_saved);
        }
        if (m_fd >= 0) {
            ::close(m_fd);
        }
    }
    Tty(const Tty&) = delete;
    Tty& operator=(const Tty&) = delete;

    int fd() const { return m_fd; }
    bool echoOff()
    {
        if (::tcgetattr(m_fd, &m_saved) != 0) {
            return false;
        }
        termios quiet = m_saved;
        quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO | ECHONL);
        quiet.c_lflag |= ICANON;
        if (::tcsetattr(m_fd, TCSAFLUSH, &quiet) != 0) {
            return false;
        }
        m_echoOff = true;
        return true;
    }
    void write(const QByteArray& bytes) const
    {
        qsizetype done = 0;
        while (done < bytes.size()) {
            const ssize_t n = ::write(m_fd, bytes.constData() + done, static_cast<size_t>(bytes.size() - done));
            if (n < 0 && errno == EINTR) {
                continue;
            }
            if (n <= 0) {
                return;
            }
            done += n;
        }
    }

private:
    int m_fd;
    termios m_saved{};
    bool m_echoOff = false;
};

} // namespace

bool TerminalCredentials::available()
{
    const int fd = ::open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) {
        return false;
    }
    ::close(fd);
    return true;
}

std::optional<SecretBytes> TerminalCredentials::ask(const CredentialRequest& request, const std::atomic<bool>* cancel)
{
    const std::lock_guard<std::mutex> lock(terminalMutex());
    Tty tty;
    if (tty.fd() < 0 || (cancel != nullptr && cancel->load())) {
        return std::nullopt;
    }
    if (!request.echo && !tty.echoOff()) {
        return std::nullopt; // never read a secret with echo on
    }
    // A fresh line: the scan's progress line may be on the terminal.
    tty.write("\r\x1b[K" + request.promptLine().toUtf8() + ' ');

    char buffer[MaxAnswerBytes + 1];
    size_t length = 0;
    bool complete = false;
    while (!complete) {
        if (cancel != nullptr && cancel->load()) {
            SecretBytes::zero(buffer, sizeof(buffer));
            tty.write("\n");
            return std::nullopt;
        }
        pollfd pfd{tty.fd(), POLLIN, 0};
        const int ready = ::poll(&pfd, 1, SliceMs);
        if (ready < 0 && errno == EINTR) {
            continue;
        }
        if (ready <= 0) {
            continue;
        }
        const ssize_t n = ::read(tty.fd(), buffer + length, MaxAnswerBytes - length);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            break; // end of input: declined
        }
        length += static_cast<size_t>(n);
        if (buffer[length - 1] == '\n' || length >= MaxAnswerBytes) {
            complete = true;
        }
    }
    tty.write("\n");
    if (!complete) {
        SecretBytes::zero(buffer, sizeof(buffer));
        return std::nullopt;
    }
    size_t end = length;
    while (end > 0 && (buffer[end - 1] == '\n' || buffer[end - 1] == '\r')) {
        --end;
    }
    SecretBytes answer(buffer, static_cast<qsizetype>(end));
    SecretBytes::zero(buffer, sizeof(buffer));
    return answer;
}

} // namespace bulkhead
