// SPDX-License-Identifier: GPL-3.0-or-later
#include "facts/FileStatParser.h"

#include "facts/SectionsParser.h"

#include <QStringList>

namespace bulkhead {

namespace {

QString typeOf(uint raw)
{
    switch (raw & 0170000) {
    case 0100000:
        return QStringLiteral("file");
    case 0040000:
        return QStringLiteral("directory");
    case 0140000:
        return QStringLiteral("socket");
    case 0120000:
        return QStringLiteral("symlink");
    case 0010000:
        return QStringLiteral("fifo");
    case 0060000:
        return QStringLiteral("block");
    case 0020000:
        return QStringLiteral("char");
    default:
        return QStringLiteral("other");
    }
}

} // namespace

Result<QVector<FileStat>> FileStatParser::parse(const QByteArray& output)
{
    QVector<FileStat> stats;
    int number = 0;
    for (const QByteArray& raw : output.split('\n')) {
        ++number;
        if (raw.isEmpty())
            continue;
        const QStringList fields = QString::fromUtf8(raw).split(QLatin1Char('|'));
        const auto bad = [&](const char* why) {
            return makeError(QStringLiteral("stat line %1: %2").arg(number).arg(QLatin1String(why)));
        };
        if (fields.size() < 3)
            return bad("too few fields");
        FileStat stat;
        stat.line = number;
        stat.text = QString::fromUtf8(raw);
        stat.role = fields.at(0);
        stat.state = fields.at(1);
        auto path = SectionsParser::decodeName(fields.at(2));
        if (!path)
            return bad("bad path");
        stat.path = path.value();
        if (stat.state == QLatin1String("ok")) {
            if (fields.size() != 9)
                return bad("expected 9 fields");
            bool okMode = false, okUid = false, okGid = false;
            const uint rawMode = fields.at(3).toUInt(&okMode, 16);
            stat.uid = fields.at(4).toInt(&okUid);
            stat.gid = fields.at(5).toInt(&okGid);
            if (!okMode || !okUid || !okGid)
                return bad("bad mode, uid or gid");
            stat.mode = rawMode & 07777;
            stat.type = typeOf(rawMode);
            stat.user = fields.at(6);
            stat.group = fields.at(7);
            stat.symlink = fields.at(8) == QLatin1String("yes");
        } else if (stat.state != QLatin1String("missing") && stat.state != QLatin1String("denied")) {
            return bad("unknown state");
        } else if (fields.size() != 3) {
            return bad("expected 3 fields");
        }
        stats.append(stat);
    }
    return stats;
}

QVector<FileStat> FileStatParser::withRole(const QVector<FileStat>& stats, const QString& role)
{
    QVector<FileStat> found;
    for (const FileStat& stat : stats) {
        if (stat.role == role)
            found.append(stat);
    }
    return found;
}

} // namespace bulkhead
