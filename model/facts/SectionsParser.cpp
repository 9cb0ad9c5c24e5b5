// SPDX-License-Identifier: GPL-3.0-or-later
#include "facts/SectionsParser.h"
#include "core/DisplayText.h"

namespace bulkhead {

Result<QString> SectionsParser::decodeName(const QString& encoded)
{
    if (!encoded.startsWith(QLatin1String("hex:")))
        return encoded;
    const QByteArray hex = encoded.mid(4).toLatin1();
    if (hex.isEmpty() || hex.size() % 2 != 0)
        return makeError(QStringLiteral("bad hex name %1").arg(DisplayText::quoted(encoded, 80)));
    for (const char c : hex) {
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
            return makeError(QStringLiteral("bad hex name %1").arg(DisplayText::quoted(encoded, 80)));
    }
    return QString::fromUtf8(QByteArray::fromHex(hex));
}

Result<QVector<Section>> SectionsParser::parse(const QByteArray& output)
{
    QVector<Section> sections;
    const QList<QByteArray> lines = output.split('\n');
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const QByteArray& line = lines.at(i);
        if (line.isEmpty() && i == lines.size() - 1)
            break; // the final newline
        if (line.startsWith("==> ") && line.endsWith(" <==")) {
            auto name = decodeName(QString::fromUtf8(line.mid(4, line.size() - 8)));
            if (!name)
                return makeError(QStringLiteral("line %1: %2").arg(i + 1).arg(name.errorMessage()));
            Section section;
            section.name = name.value();
            sections.append(section);
            continue;
        }
        if (sections.isEmpty())
            return makeError(QStringLiteral("line %1 comes before the first section header").arg(i + 1));
        Section& current = sections.last();
        if (line.startsWith('|')) {
            current.lines << QString::fromUtf8(line.mid(1));
        } else if (line.startsWith("!exit ")) {
            bool ok = false;
            current.exitStatus = line.mid(6).toInt(&ok);
            if (!ok)
                return makeError(QStringLiteral("line %1: bad exit status").arg(i + 1));
        } else if (line.startsWith('!')) {
            const QString status = QString::fromUtf8(line.mid(1));
            static const QStringList known{QStringLiteral("missing"), QStringLiteral("denied"),
                                           QStringLiteral("directory"), QStringLiteral("not-a-directory"),
                                           QStringLiteral("error")};
            if (!known.contains(status))
                return makeError(
                    QStringLiteral("line %1: unknown status %2").arg(i + 1).arg(DisplayText::quoted(status, 40)));
            current.status = status;
        } else {
            return makeError(QStringLiteral("line %1 is neither a header, a content line nor a status").arg(i + 1));
        }
    }
    return sections;
}

const Section* SectionsParser::find(const QVector<Section>& sections, const QString& name)
{
    for (const Section& section : sections) {
        if (section.name == name)
            return &section;
    }
    return nullptr;
}

} // namespace bulkhead
