// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "ssh/SshOptions.h"

#include <QProcess>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>

#include <memory>

namespace bulkhead::test {

// A real OpenSSH server for one test: `sshd -D -e` on 127.0.0.1 and a free port, with its own
// host key, config and authorized_keys in a temporary directory. The client key it authorizes and
// a known_hosts file that trusts it are created too, so options() connects out of the box.
class TestSshd
{
public:
    TestSshd();
    ~TestSshd();
    TestSshd(const TestSshd&) = delete;
    TestSshd& operator=(const TestSshd&) = delete;

    // Generates keys and starts the server; on failure returns false and fills *error.
    bool start(QString* error);
    void stop();
    bool isRunning() const;

    QString address() const { return QStringLiteral("127.0.0.1"); }
    int port() const { return m_port; }
    QString dir() const { return m_dir.path(); }
    QString path(const QString& name) const { return m_dir.filePath(name); }
    QString clientKey() const;      // private key authorized for the current user
    QString knownHostsFile() const; // trusts this server's host key
    QString hostPublicKeyFile() const;
    QString knownHostsLine() const;  // "[127.0.0.1]:PORT ssh-ed25519 AAAA..."
    QString hostFingerprint() const; // as `ssh-keygen -lf` prints it
    QString log() const;             // what sshd wrote to stderr so far

    // Client options for this server: identity = clientKey(), known_hosts trusting it, no agent.
    SshOptions options() const;

    // Before start(): also let `user` log in with `password` (password, and keyboard-interactive
    // when kbdInteractive) through PAM. The user exists only for this sshd: it runs in a private
    // mount namespace where copies of /etc/passwd, /etc/shadow and /etc/pam.d that know the user
    // are mounted over the real ones; nothing on the machine changes. Needs root (unshare, mount).
    void enablePasswordUser(const QString& user, const QString& password, bool kbdInteractive);
    static bool canRunPasswordUser(); // root, unshare and openssl available

    // Before start(): environment variables set in every session (sshd's SetEnv), e.g.
    // "PATH=/fake/bin:/usr/bin:/bin" so a test's own `docker` answers. Values without spaces.
    void setSessionEnvironment(const QStringList& variables) { m_sessionEnvironment = variables; }

    // Helpers for tests that need more keys or files.
    static bool generateKey(const QString& path, const QString& type, const QString& passphrase, QString* error);
    static QString keygenFingerprint(const QString& publicKeyFile); // "SHA256:..." from ssh-keygen -lf
    static QString readPublicKey(const QString& publicKeyFile);     // "type base64" without the comment
    static bool writeFile(const QString& path, const QByteArray& content);
    static int freePort();

private:
    bool writeConfig(QString* error);
    bool writePasswordFiles(QString* error);

    QTemporaryDir m_dir;
    std::unique_ptr<QProcess> m_process;
    int m_port = 0;
    mutable QByteArray m_log;
    QString m_passwordUser;
    QString m_password;
    bool m_kbdInteractive = false;
    QStringList m_sessionEnvironment;
};

} // namespace bulkhead::test
