// SPDX-License-Identifier: GPL-3.0-or-later
#include "ssh/AskpassCredentials.h"

#include <QProcess>
#include <QProcessEnvironment>

namespace bulkhead {

namespace {

constexpr int SliceMs = 100;
constexpr qint64 MaxAnswerBytes = 4096;

} // namespace

AskpassCredentials::AskpassCredentials(QString program)
    : m_program(std::move(program))
{}

std::optional<SecretBytes> AskpassCredentials::ask(const CredentialRequest& request, const std::atomic<bool>* cancel)
{
    const std::lock_guard<std::mutex> lock(m_mutex);
    if (cancel != nullptr && cancel->load()) {
        return std::nullopt;
    }
    QProcess process;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    // OpenSSH sets "confirm" or "none" here for yes/no questions and notices; this is an answer.
    environment.remove(QStringLiteral("SSH_ASKPASS_PROMPT"));
    process.setProcessEnvironment(environment);
    process.setProcessChannelMode(QProcess::SeparateChannels);
    process.setStandardInputFile(QProcess::nullDevice());
    process.start(m_program, {request.promptLine()});
    if (!process.waitForStarted(10000)) {
        return std::nullopt;
    }
    // Waits in slices, so a cancelled scan does not wait for a person to answer.
    while (!process.waitForFinished(SliceMs)) {
        if (process.state() == QProcess::NotRunning) {
            break;
        }
        if (cancel != nullptr && cancel->load()) {
            process.kill();
            process.waitForFinished(2000);
            return std::nullopt;
        }
    }
    QByteArray output = process.read(MaxAnswerBytes);
    QByteArray rest = process.readAllStandardOutput();
    SecretBytes::zero(rest);
    if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0) {
        SecretBytes::zero(output);
        return std::nullopt;
    }
    // The first line is the answer, as ssh reads it.
    qsizetype end = output.indexOf('\n');
    if (end < 0) {
        end = output.size();
    }
    if (end > 0 && output.at(end - 1) == '\r') {
        --end;
    }
    SecretBytes answer(output.constData(), end);
    SecretBytes::zero(output);
    return answer;
}

} // namespace bulkhead
