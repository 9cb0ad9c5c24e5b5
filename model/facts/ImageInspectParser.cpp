// SPDX-License-Identifier: GPL-3.0-or-later
#include "facts/ImageInspectParser.h"

#include "core/JsonPointer.h"
#include "facts/InspectFieldReader.h"
#include "facts/JsonReader.h"

#include <QRegularExpression>

namespace bulkhead {

namespace {

using NullIs = InspectFieldReader::NullIs;

// A list docker may omit when it is empty: empty when the parent is present and the key is not.
std::optional<QStringList> omittable(std::optional<QStringList> read, const Json* parent, const char* key)
{
    if (!read && parent && !InspectFieldReader::has(parent, key))
        return QStringList();
    return read;
}

void readDetails(const Json& element, ImageFacts& facts)
{
    InspectFieldReader fields(facts.mistyped);
    const Json* config = fields.object(&element, "Config", facts.configPointer());
    facts.configPresent = config != nullptr;
    if (config) {
        facts.healthcheck = fields.healthcheck(config, facts.healthcheckPointer());
        facts.cmd = fields.stringList(config, "Cmd", facts.cmdPointer(), NullIs::Empty);
        facts.entrypoint = fields.stringList(config, "Entrypoint", facts.entrypointPointer(), NullIs::Empty);
        facts.exposedPorts = omittable(fields.keys(config, "ExposedPorts", facts.exposedPortsPointer(), NullIs::Empty),
                                       config, "ExposedPorts");
        facts.volumes =
            omittable(fields.keys(config, "Volumes", facts.volumesPointer(), NullIs::Empty), config, "Volumes");
        facts.onBuild =
            omittable(fields.stringList(config, "OnBuild", facts.onBuildPointer(), NullIs::Empty), config, "OnBuild");
    }
    if (const Json* rootFs = fields.object(&element, "RootFS", facts.pointer + QStringLiteral("/RootFS"))) {
        if (const auto layers = fields.stringList(rootFs, "Layers", facts.layersPointer()))
            facts.layerCount = static_cast<int>(layers->size());
    }
}

} // namespace

Result<QVector<ImageFacts>> ImageInspectParser::parse(const QByteArray& json)
{
    auto document = parseJson(json, QStringLiteral("docker image inspect output"));
    if (!document)
        return document.error();
    const Json& root = document.value();
    if (!root.is_array()) {
        return makeError(QStringLiteral("docker image inspect output is %1, expected an array")
                             .arg(QString::fromUtf8(root.type_name())));
    }
    static const QRegularExpression imageId(QStringLiteral("^sha256:[0-9a-f]{64}$"));

    QVector<ImageFacts> images;
    JsonReader reader(QString{});
    for (std::size_t i = 0; i < root.size(); ++i) {
        const Json& element = root[i];
        ImageFacts facts;
        facts.index = static_cast<int>(i);
        facts.pointer = JsonPointer::append(QString(), static_cast<qsizetype>(i));
        reader.setWhere(QStringLiteral("image %1 (at %2)").arg(i + 1).arg(facts.pointer));
        if (!element.is_object()) {
            reader.fail(QStringLiteral("is %1, expected an object").arg(QString::fromUtf8(element.type_name())));
            return reader.error();
        }
        facts.id = reader.string(element, "Id", QStringLiteral("Id")).value_or(QString());
        if (!reader.failed() && !imageId.match(facts.id).hasMatch())
            reader.fail(QStringLiteral("Id is not an image id (sha256:<64 hex>)"));
        facts.repoTags = reader.stringList(element, "RepoTags", QStringLiteral("RepoTags"));
        facts.repoDigests = reader.stringList(element, "RepoDigests", QStringLiteral("RepoDigests"));
        const QString created = reader.string(element, "Created", QStringLiteral("Created")).value_or(QString());
        facts.created = QDateTime::fromString(created, Qt::ISODateWithMs).toUTC();
        facts.os = reader.string(element, "Os", QStringLiteral("Os")).value_or(QString());
        facts.architecture = reader.string(element, "Architecture", QStringLiteral("Architecture")).value_or(QString());
        facts.size = reader.integer(element, "Size", QStringLiteral("Size")).value_or(0);
        if (const Json* config = reader.object(element, "Config", QStringLiteral("Config"))) {
            facts.user = reader.string(*config, "User", QStringLiteral("Config.User")).value_or(QString());
            const QStringList env = reader.stringList(*config, "Env", QStringLiteral("Config.Env"));
            for (qsizetype e = 0; e < env.size(); ++e) {
                const QString& text = env.at(e);
                const qsizetype equals = text.indexOf(QLatin1Char('='));
                facts.env.append(EnvEntry{equals < 0 ? text : text.left(equals),
                                          equals < 0 ? QString() : text.mid(equals + 1),
                                          JsonPointer::append(facts.pointer + QStringLiteral("/Config/Env"), e)});
            }
            facts.labels = reader.stringMap(*config, "Labels", QStringLiteral("Config.Labels"));
        }
        if (reader.failed())
            return reader.error();
        readDetails(element, facts);
        images.append(facts);
    }
    return images;
}

} // namespace bulkhead
