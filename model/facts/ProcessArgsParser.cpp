// SPDX-License-Identifier: GPL-3.0-or-later
#include "facts/ProcessArgsParser.h"

#include <QRegularExpression>

namespace bulkhead {

QStringList ProcessArgs::values(const QString& name) const
{
    QStringList found;
    for (qsizetype i = 1; i < args.size(); ++i) {
        QString arg = args.at(i);
        if (!arg.startsWith(QLatin1Char('-')))
            continue;
        arg = arg.mid(arg.startsWith(QLatin1String("--")) ? 2 : 1);
        const qsizetype equals = arg.indexOf(QLatin1Char('='));
        if (equals >= 0) {
            if (arg.left(equals) == name)
                found << arg.mid(equals + 1);
            continue;
        }
        if (arg != name)
            continue;
        // --name value, unless the next word is another flag: then --name is a boolean.
        if (i + 1 < args.size() && !args.at(i + 1).startsWith(QLatin1Char('-'))) {
            found << args.at(i + 1);
            ++i;
        } else {
            found << QStringLiteral("true");
        }
    }
    return found;
}

std::optional<QString> ProcessArgs::value(const QString& name) const
{
    const QStringList found = values(name);
    if (found.isEmpty())
        return std::nullopt;
    return found.last();
}

Result<QVector<ProcessArgs>> ProcessArgsParser::parse(const QByteArray& output)
{
    static const QRegularExpression header(
        QStringLiteral(R"(^==> pid=(\d+) uid=(\d+|\?) comm=([A-Za-z0-9._-]+) bytes=(\d+) <==$)"));
    QVector<ProcessArgs> processes;
    qsizetype offset = 0;
    while (offset < output.size()) {
        const qsizetype newline = output.indexOf('\n', offset);
        if (newline < 0)
            return makeError(QStringLiteral("process record at byte %1 has no header line").arg(offset));
        const auto match = header.match(QString::fromLatin1(output.mid(offset, newline - offset)));
        if (!match.hasMatch())
            return makeError(QStringLiteral("bad process record header at byte %1").arg(offset));
        bool lengthOk = false;
        const qsizetype length = match.captured(4).toLongLong(&lengthOk);
        const qsizetype start = newline + 1;
        // Against what is left, not start + length: a stated length near the maximum must not overflow.
        const qsizetype left = output.size() - start;
        if (!lengthOk || length > left || (length < left && output.at(start + length) != '\n'))
            return makeError(QStringLiteral("process %1: the arguments do not match their stated length (%2 bytes)")
                                 .arg(match.captured(1))
                                 .arg(match.captured(4)));
        ProcessArgs process;
        process.pid = match.captured(1).toLongLong();
        process.uid = match.captured(2) == QLatin1String("?") ? -1 : match.captured(2).toInt();
        process.comm = match.captured(3);
        QByteArray args = output.mid(start, length);
        if (args.endsWith('\0'))
            args.chop(1);
        if (!args.isEmpty()) {
            for (const QByteArray& arg : args.split('\0'))
                process.args << QString::fromUtf8(arg);
        }
        processes.append(process);
        offset = start + length + 1;
    }
    return processes;
}

} // namespace bulkhead
