// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Shared by the tests that run a program (bulkhead-cli, ssh, ...) and look at what it did.

#include <QByteArray>
#include <QElapsedTimer>
#include <QProcess>
#include <QProcessEnvironment>
#include <QStringList>

struct ProcessRun
{
    int exitCode = -1; // -1: it crashed, or it was killed at the timeout ("timed out" in err)
    QByteArray out;
    QByteArray err;
    qint64 ms = 0; // how long it ran

    enum class Stdin
    {
        Pipe, // an open pipe nothing is written to
        Null, // /dev/null: a read sees end of file at once
    };

    static ProcessRun run(const QString& program, const QStringList& arguments, int timeoutMs,
                          const QProcessEnvironment& environment = QProcessEnvironment::systemEnvironment(),
                          Stdin input = Stdin::Pipe)
    {
        QProcess process;
        process.setProcessEnvironment(environment);
        if (input == Stdin::Null)
            process.setStandardInputFile(QProcess::nullDevice());
        QElapsedTimer timer;
        timer.start();
        process.start(program, arguments);
        ProcessRun result;
        if (!process.waitForFinished(timeoutMs)) {
            process.kill();
            process.waitForFinished();
            result.err = "timed out";
            return result;
        }
        result.ms = timer.elapsed();
        result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
        result.out = process.readAllStandardOutput();
        result.err = process.readAllStandardError();
        return result;
    }
};
