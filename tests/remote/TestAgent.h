// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QFile>
#include <QProcess>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>
#include <QThread>

namespace bulkhead::test {

// ssh-agent in the foreground on a socket in dir, with the given keys loaded. An encrypted key is
// loaded with its passphrase through a throwaway askpass script (as a user's ssh-add would ask).
class TestAgent
{
public:
    bool start(const QString& dir, const QStringList& keys, const QString& passphrase = {})
    {
        m_socket = dir + QLatin1String("/agent.sock");
        QFile::remove(m_socket);
        m_process.start(QStringLiteral("ssh-agent"), {QStringLiteral("-D"), QStringLiteral("-a"), m_socket});
        if (!m_process.waitForStarted(5000)) {
            return false;
        }
        for (int i = 0; i < 50 && !QFile::exists(m_socket); ++i) {
            QThread::msleep(50);
        }
        const QString askpass = dir + QLatin1String("/agent-askpass.sh");
        if (!passphrase.isEmpty()) {
            QFile script(askpass);
            if (!script.open(QIODevice::WriteOnly) ||
                script.write("#!/bin/sh\nprintf '%s\\n' '" + passphrase.toUtf8() + "'\n") < 0) {
                return false;
            }
            script.close();
            script.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
        }
        for (const auto& key : keys) {
            QProcess add;
            QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
            env.insert(QStringLiteral("SSH_AUTH_SOCK"), m_socket);
            if (!passphrase.isEmpty()) {
                env.insert(QStringLiteral("SSH_ASKPASS"), askpass);
                env.insert(QStringLiteral("SSH_ASKPASS_REQUIRE"), QStringLiteral("force"));
            }
            add.setProcessEnvironment(env);
            add.setStandardInputFile(QProcess::nullDevice());
            add.start(QStringLiteral("ssh-add"), {QStringLiteral("-q"), key});
            if (!add.waitForFinished(10000) || add.exitCode() != 0) {
                return false;
            }
        }
        return true;
    }
    ~TestAgent()
    {
        m_process.terminate();
        m_process.waitForFinished(5000);
    }
    QString socket() const { return m_socket; }

private:
    QProcess m_process;
    QString m_socket;
};

// Sets SSH_AUTH_SOCK for one test and unsets it when the test ends.
class AgentEnvironment
{
public:
    explicit AgentEnvironment(const QString& socket) { qputenv("SSH_AUTH_SOCK", socket.toLocal8Bit()); }
    ~AgentEnvironment() { qunsetenv("SSH_AUTH_SOCK"); }
    AgentEnvironment(const AgentEnvironment&) = delete;
    AgentEnvironment& operator=(const AgentEnvironment&) = delete;
};

} // namespace bulkhead::test
