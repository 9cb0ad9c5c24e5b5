// SPDX-License-Identifier: GPL-3.0-or-later
#include "TestSshd.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QThread>

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace bulkhead::test {

namespace {

constexpr const char* SshdPath = "/usr/sbin/sshd";

QString runTool(const QString& program, const QStringList& arguments, bool* ok)
{
    QProcess process;
    process.start(program, arguments);
    const bool finished = process.waitForFinished(30000);
    *ok = finished && process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0;
    return QString::fromUtf8(process.readAllStandardOutput() + process.readAllStandardError());
}

} // namespace

TestSshd::TestSshd() = default;

TestSshd::~TestSshd()
{
    stop();
}

int TestSshd::freePort()
{
    // Let the kernel pick a port, then release it for sshd; start() retries if someone took it.
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) {
        return 0;
    }
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0;
    socklen_t length = sizeof(address);
    int port = 0;
    if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0 &&
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0) {
        port = ntohs(address.sin_port);
    }
    ::close(fd);
    return port;
}

bool TestSshd::writeFile(const QString& path, const QByteArray& content)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        return false;
    }
    return file.write(content) == content.size();
}

bool TestSshd::generateKey(const QString& path, const QString& type, const QString& passphrase, QString* error)
{
    QFile::remove(path);
    QFile::remove(path + QLatin1String(".pub"));
    bool ok = false;
    const QString output = runTool(QStringLiteral("ssh-keygen"),
                                   {QStringLiteral("-q"), QStringLiteral("-t"), type, QStringLiteral("-N"), passphrase,
                                    QStringLiteral("-C"), QStringLiteral("bulkhead-test"), QStringLiteral("-f"), path},
                                   &ok);
    if (!ok && error != nullptr) {
        *error = QStringLiteral("ssh-keygen failed for %1: %2").arg(path, output);
    }
    return ok;
}

QString TestSshd::keygenFingerprint(const QString& publicKeyFile)
{
    bool ok = false;
    const QString output = runTool(QStringLiteral("ssh-keygen"), {QStringLiteral("-lf"), publicKeyFile}, &ok);
    // "256 SHA256:xxxx comment (ED25519)"
    const QStringList fields = output.split(QLatin1Char(' '), Qt::SkipEmptyParts);
    return ok && fields.size() >= 2 ? fields.at(1) : QString();
}

QString TestSshd::readPublicKey(const QString& publicKeyFile)
{
    QFile file(publicKeyFile);
    if (!file.open(QIODevice::ReadOnly)) {
        return {};
    }
    const QStringList fields = QString::fromUtf8(file.readAll()).split(QLatin1Char(' '), Qt::SkipEmptyParts);
    return fields.size() >= 2 ? fields.at(0) + QLatin1Char(' ') + fields.at(1).trimmed() : QString();
}

QString TestSshd::clientKey() const
{
    return path(QStringLiteral("client_ed25519"));
}

QString TestSshd::knownHostsFile() const
{
    return path(QStringLiteral("known_hosts"));
}

QString TestSshd::hostPublicKeyFile() const
{
    return path(QStringLiteral("host_ed25519.pub"));
}

QString TestSshd::knownHostsLine() const
{
    return QStringLiteral("[%1]:%2 %3").arg(address()).arg(m_port).arg(readPublicKey(hostPublicKeyFile()));
}

QString TestSshd::hostFingerprint() const
{
    return keygenFingerprint(hostPublicKeyFile());
}

QString TestSshd::log() const
{
    if (m_process) {
        m_log += m_process->readAllStandardError();
    }
    return QString::fromUtf8(m_log);
}

SshOptions TestSshd::options() const
{
    SshOptions options;
    options.host.address = address();
    options.host.port = m_port;
    options.identityFile = clientKey();
    options.knownHostsFile = knownHostsFile();
    options.useAgent = false;
    options.connectTimeoutMs = 5000;
    return options;
}

void TestSshd::enablePasswordUser(const QString& user, const QString& password, bool kbdInteractive)
{
    m_passwordUser = user;
    m_password = password;
    m_kbdInteractive = kbdInteractive;
}

bool TestSshd::canRunPasswordUser()
{
    return geteuid() == 0 && QFileInfo::exists(QStringLiteral("/usr/bin/unshare")) &&
           QFileInfo::exists(QStringLiteral("/usr/bin/openssl"));
}

bool TestSshd::writePasswordFiles(QString* error)
{
    bool ok = false;
    const QString hash = runTool(QStringLiteral("openssl"),
                                 {QStringLiteral("passwd"), QStringLiteral("-6"), QStringLiteral("-salt"),
                                  QStringLiteral("bulkheadtest"), m_password},
                                 &ok)
                             .trimmed();
    if (!ok || !hash.startsWith(QLatin1String("$6$"))) {
        *error = QStringLiteral("openssl passwd failed: %1").arg(hash);
        return false;
    }
    const auto copyWith = [this](const QString& system, const QString& name, const QString& line) {
        QFile source(system);
        if (!source.open(QIODevice::ReadOnly)) {
            return false;
        }
        QByteArray content = source.readAll();
        if (!content.endsWith('\n')) {
            content += '\n';
        }
        return writeFile(path(name), content + line.toUtf8() + '\n');
    };
    // uid 4242 in group nogroup, home in the test directory, a plain shell.
    if (!copyWith(QStringLiteral("/etc/passwd"), QStringLiteral("passwd"),
                  QStringLiteral("%1:x:4242:65534:bulkhead test:%2:/bin/sh").arg(m_passwordUser, dir())) ||
        !copyWith(QStringLiteral("/etc/shadow"), QStringLiteral("shadow"),
                  QStringLiteral("%1:%2:19000:0:99999:7:::").arg(m_passwordUser, hash))) {
        *error = QStringLiteral("cannot write the passwd and shadow copies");
        return false;
    }
    QFile::setPermissions(path(QStringLiteral("shadow")), QFile::ReadOwner | QFile::WriteOwner);
    QDir().mkpath(path(QStringLiteral("pam.d")));
    const QByteArray pam = "auth required pam_unix.so nodelay\n"
                           "account required pam_unix.so\n"
                           "password required pam_deny.so\n"
                           "session required pam_permit.so\n";
    if (!writeFile(path(QStringLiteral("pam.d/sshd")), pam) || !writeFile(path(QStringLiteral("pam.d/other")), pam)) {
        *error = QStringLiteral("cannot write the PAM configuration");
        return false;
    }
    // The home directory is the test directory, which sshd (StrictModes no) does not mind.
    QFile::setPermissions(dir(), QFile::permissions(dir()) | QFile::ExeOther | QFile::ReadOther);
    return true;
}

bool TestSshd::writeConfig(QString* error)
{
    const bool passwords = !m_passwordUser.isEmpty();
    const QByteArray config = QStringLiteral("HostKey %1\n"
                                             "AuthorizedKeysFile %2\n"
                                             "StrictModes no\n"
                                             "UsePAM %3\n"
                                             "PidFile none\n"
                                             "PermitRootLogin prohibit-password\n"
                                             "PubkeyAuthentication yes\n"
                                             "PasswordAuthentication %4\n"
                                             "KbdInteractiveAuthentication %5\n"
                                             "PrintMotd no\n"
                                             "LogLevel VERBOSE\n")
                                  .arg(path(QStringLiteral("host_ed25519")), path(QStringLiteral("authorized_keys")),
                                       passwords ? QStringLiteral("yes") : QStringLiteral("no"),
                                       passwords ? QStringLiteral("yes") : QStringLiteral("no"),
                                       passwords && m_kbdInteractive ? QStringLiteral("yes") : QStringLiteral("no"))
                                  .toUtf8();
    QByteArray environment;
    if (!m_sessionEnvironment.isEmpty())
        environment = QByteArray("SetEnv ") + m_sessionEnvironment.join(QLatin1Char(' ')).toUtf8() + '\n';
    if (!writeFile(path(QStringLiteral("sshd_config")), config + environment)) {
        *error = QStringLiteral("cannot write the sshd config in %1").arg(dir());
        return false;
    }
    return true;
}

bool TestSshd::start(QString* error)
{
    QString scratch;
    if (error == nullptr) {
        error = &scratch;
    }
    if (!m_dir.isValid()) {
        *error = QStringLiteral("cannot create a temporary directory");
        return false;
    }
    // sshd running as root insists on its privilege-separation directory.
    if (geteuid() == 0 && !QFileInfo::exists(QStringLiteral("/run/sshd"))) {
        QDir().mkpath(QStringLiteral("/run/sshd"));
    }
    if (!QFileInfo::exists(hostPublicKeyFile())) {
        if (!generateKey(path(QStringLiteral("host_ed25519")), QStringLiteral("ed25519"), QString(), error) ||
            !generateKey(clientKey(), QStringLiteral("ed25519"), QString(), error)) {
            return false;
        }
        QFile pub(clientKey() + QLatin1String(".pub"));
        if (!pub.open(QIODevice::ReadOnly) || !writeFile(path(QStringLiteral("authorized_keys")), pub.readAll())) {
            *error = QStringLiteral("cannot write authorized_keys");
            return false;
        }
        if (!writeConfig(error)) {
            return false;
        }
        if (!m_passwordUser.isEmpty() && !writePasswordFiles(error)) {
            return false;
        }
    }

    for (int attempt = 0; attempt < 5; ++attempt) {
        m_port = freePort();
        m_log.clear();
        m_process = std::make_unique<QProcess>();
        m_process->setProcessChannelMode(QProcess::SeparateChannels);
        const QStringList sshdArguments = {QStringLiteral("-D"), QStringLiteral("-e"),
                                           QStringLiteral("-f"), path(QStringLiteral("sshd_config")),
                                           QStringLiteral("-p"), QString::number(m_port),
                                           QStringLiteral("-o"), QStringLiteral("ListenAddress=127.0.0.1")};
        if (m_passwordUser.isEmpty()) {
            m_process->start(QString::fromLatin1(SshdPath), sshdArguments);
        } else {
            // A private mount namespace: the copies are mounted over /etc only for this sshd; the
            // shell execs sshd, so the process we hold (and terminate) is sshd itself.
            const QString script =
                QStringLiteral("mount --bind \"$1\" /etc/passwd && mount --bind \"$2\" /etc/shadow && "
                               "mount --bind \"$3\" /etc/pam.d && shift 3 && exec \"$@\"");
            QStringList arguments = {QStringLiteral("--mount"),
                                     QStringLiteral("--propagation"),
                                     QStringLiteral("private"),
                                     QStringLiteral("--"),
                                     QStringLiteral("/bin/sh"),
                                     QStringLiteral("-c"),
                                     script,
                                     QStringLiteral("sh"),
                                     path(QStringLiteral("passwd")),
                                     path(QStringLiteral("shadow")),
                                     path(QStringLiteral("pam.d")),
                                     QString::fromLatin1(SshdPath)};
            m_process->start(QStringLiteral("/usr/bin/unshare"), arguments + sshdArguments);
        }
        if (!m_process->waitForStarted(5000)) {
            *error = QStringLiteral("cannot start %1: %2").arg(QString::fromLatin1(SshdPath), m_process->errorString());
            return false;
        }
        // With -e sshd logs to stderr; it is ready once it says it listens.
        QDeadlineTimer deadline(10000);
        while (!deadline.hasExpired() && m_process->state() == QProcess::Running) {
            m_process->waitForReadyRead(100);
            m_log += m_process->readAllStandardError();
            if (m_log.contains("Server listening on")) {
                if (!writeFile(knownHostsFile(), knownHostsLine().toUtf8() + '\n')) {
                    *error = QStringLiteral("cannot write known_hosts");
                    return false;
                }
                return true;
            }
        }
        m_process->waitForFinished(1000);
        m_log += m_process->readAllStandardError();
        const bool portTaken = m_log.contains("Address already in use");
        stop();
        if (!portTaken) {
            break;
        }
    }
    *error = QStringLiteral("sshd did not start: %1").arg(QString::fromUtf8(m_log));
    return false;
}

bool TestSshd::isRunning() const
{
    return m_process && m_process->state() == QProcess::Running;
}

void TestSshd::stop()
{
    if (!m_process) {
        return;
    }
    if (m_process->state() != QProcess::NotRunning) {
        m_process->terminate();
        if (!m_process->waitForFinished(5000)) {
            m_process->kill();
            m_process->waitForFinished(5000);
        }
    }
    m_log += m_process->readAllStandardError();
    m_process.reset();
}

} // namespace bulkhead::test
