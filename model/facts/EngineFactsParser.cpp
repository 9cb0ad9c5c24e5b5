// SPDX-License-Identifier: GPL-3.0-or-later
#include "facts/EngineFactsParser.h"

#include "core/DisplayText.h"
#include "facts/JsonReader.h"
#include "facts/SectionsParser.h"

namespace bulkhead {

namespace {

QString text(JsonReader& reader, const Json& object, const char* key, const QString& where)
{
    return reader.string(object, key, where + QLatin1Char('.') + QLatin1String(key)).value_or(QString());
}

Result<Json> arrayDocument(const QByteArray& json, const QString& what)
{
    auto document = parseJson(json, what);
    if (!document)
        return document.error();
    if (!document->is_array())
        return makeError(
            QStringLiteral("%1 is %2, expected an array").arg(what, QString::fromUtf8(document->type_name())));
    return document;
}

// Each non-empty line a JSON object.
Result<QVector<Json>> jsonLines(const QByteArray& bytes, const QString& what)
{
    QVector<Json> objects;
    int number = 0;
    for (const QByteArray& line : bytes.split('\n')) {
        ++number;
        if (line.trimmed().isEmpty())
            continue;
        auto document = parseJson(line, QStringLiteral("%1 line %2").arg(what).arg(number));
        if (!document)
            return document.error();
        if (!document->is_object())
            return makeError(QStringLiteral("%1 line %2 is not an object").arg(what).arg(number));
        objects.append(std::move(document).value());
    }
    return objects;
}

} // namespace

bool NetworkFacts::iccEnabled() const
{
    return options.value(QStringLiteral("com.docker.network.bridge.enable_icc"), QStringLiteral("true")) !=
           QLatin1String("false");
}

std::optional<QString> DaemonSettings::value(const QString& key) const
{
    if (const auto it = flags.constFind(key); it != flags.cend() && !it->isEmpty())
        return it->last();
    if (const auto it = file.constFind(key); it != file.cend())
        return *it;
    return std::nullopt;
}

Result<DockerVersion> EngineFactsParser::version(const QByteArray& json)
{
    const QString what = QStringLiteral("docker version output");
    auto document = parseJson(json, what);
    if (!document)
        return document.error();
    const Json& root = document.value();
    if (!root.is_object())
        return makeError(QStringLiteral("%1 is not an object").arg(what));
    JsonReader reader(what);
    DockerVersion version;
    if (const Json* client = reader.object(root, "Client", QStringLiteral("Client")))
        version.clientVersion = text(reader, *client, "Version", QStringLiteral("Client"));
    const Json* server = reader.object(root, "Server", QStringLiteral("Server"));
    if (server) {
        if (const Json* components = reader.array(*server, "Components", QStringLiteral("Server.Components"))) {
            for (const Json& component : *components) {
                const QString name = text(reader, component, "Name", QStringLiteral("Server.Components[]"));
                const QString number = text(reader, component, "Version", QStringLiteral("Server.Components[]"));
                if (name == QLatin1String("Engine")) {
                    version.serverVersion = number;
                    if (const Json* details = reader.object(component, "Details", QStringLiteral("Engine.Details"))) {
                        const QString where = QStringLiteral("Engine.Details");
                        version.apiVersion = text(reader, *details, "ApiVersion", where);
                        version.minApiVersion = text(reader, *details, "MinAPIVersion", where);
                        version.goVersion = text(reader, *details, "GoVersion", where);
                        version.os = text(reader, *details, "Os", where);
                        version.arch = text(reader, *details, "Arch", where);
                        version.buildTime = text(reader, *details, "BuildTime", where);
                    }
                } else if (!name.isEmpty()) {
                    version.components.insert(name, number);
                }
            }
        }
        if (version.serverVersion.isEmpty())
            version.serverVersion = text(reader, *server, "Version", QStringLiteral("Server"));
    }
    if (reader.failed())
        return reader.error();
    if (version.serverVersion.isEmpty())
        return makeError(QStringLiteral("docker version output has no engine version: the daemon did not answer"));
    return version;
}

Result<QVector<ImageHistory>> EngineFactsParser::imageHistory(const QByteArray& jsonLines_)
{
    const QString what = QStringLiteral("image history");
    auto lines = jsonLines(jsonLines_, what);
    if (!lines)
        return lines.error();
    QVector<ImageHistory> images;
    JsonReader reader(what);
    for (const Json& line : lines.value()) {
        const QString image = text(reader, line, "Image", QStringLiteral("line"));
        if (!image.startsWith(QLatin1String("sha256:")) || image.size() != 71)
            return makeError(QStringLiteral("image history: a line without a valid image id"));
        if (images.isEmpty() || images.last().imageId != image)
            images.append(ImageHistory{image, false, {}});
        ImageHistory& current = images.last();
        if (reader.boolean(line, "Error", QStringLiteral("Error")).value_or(false)) {
            current.failed = true;
            continue;
        }
        const Json* layer = reader.object(line, "Layer", QStringLiteral("Layer"));
        if (!layer)
            return makeError(
                QStringLiteral("image history: a line for %1 has no Layer").arg(DisplayText::shown(image, 19)));
        HistoryLayer entry;
        const QString where = QStringLiteral("Layer");
        entry.id = text(reader, *layer, "ID", where);
        entry.createdBy = text(reader, *layer, "CreatedBy", where);
        entry.createdAt = text(reader, *layer, "CreatedAt", where);
        entry.size = text(reader, *layer, "Size", where);
        entry.comment = text(reader, *layer, "Comment", where);
        current.layers.append(entry);
    }
    if (reader.failed())
        return reader.error();
    return images;
}

Result<QVector<NetworkFacts>> EngineFactsParser::networks(const QByteArray& json)
{
    const QString what = QStringLiteral("docker network inspect output");
    auto document = arrayDocument(json, what);
    if (!document)
        return document.error();
    JsonReader reader(what);
    QVector<NetworkFacts> networks;
    for (const Json& item : document.value()) {
        NetworkFacts network;
        const QString where = QStringLiteral("network");
        network.id = text(reader, item, "Id", where);
        network.name = text(reader, item, "Name", where);
        network.driver = text(reader, item, "Driver", where);
        network.scope = text(reader, item, "Scope", where);
        network.internal = reader.boolean(item, "Internal", where).value_or(false);
        network.attachable = reader.boolean(item, "Attachable", where).value_or(false);
        network.ingress = reader.boolean(item, "Ingress", where).value_or(false);
        network.ipv6 = reader.boolean(item, "EnableIPv6", where).value_or(false);
        network.options = reader.stringMap(item, "Options", QStringLiteral("Options"));
        if (reader.failed())
            return reader.error();
        if (network.id.isEmpty())
            return makeError(QStringLiteral("%1: a network without Id").arg(what));
        networks.append(network);
    }
    return networks;
}

Result<DaemonSettings> EngineFactsParser::daemonJson(const QByteArray& sectioned)
{
    DaemonSettings settings;
    auto sections = SectionsParser::parse(sectioned);
    if (!sections)
        return makeError(QStringLiteral("daemon.json: %1").arg(sections.errorMessage()));
    if (sections->isEmpty())
        return settings; // no daemon.json: engine defaults
    const Section& section = sections->front();
    if (!section.readable())
        return makeError(
            QStringLiteral("daemon.json: %1 is %2").arg(DisplayText::shown(section.name, 200), section.status));
    settings.configPath = section.name;
    const QByteArray content = section.text().toUtf8();
    if (content.trimmed().isEmpty())
        return settings; // an empty file is accepted by dockerd
    auto document = parseJson(content, section.name);
    if (!document)
        return document.error();
    if (!document->is_object())
        return makeError(QStringLiteral("%1 is not a JSON object").arg(DisplayText::shown(section.name, 200)));
    try {
        for (const auto& [key, value] : document->items())
            settings.file.insert(QString::fromStdString(key),
                                 QString::fromStdString(value.dump(-1, ' ', false, Json::error_handler_t::replace)));
    } catch (const Json::exception& error) {
        return makeError(QStringLiteral("%1: %2").arg(DisplayText::shown(section.name, 200),
                                                      DisplayText::shown(QString::fromUtf8(error.what()), 200)));
    }
    return settings;
}

DaemonSettings EngineFactsParser::withFlags(DaemonSettings settings, const QVector<ProcessArgs>& dockerd)
{
    if (dockerd.isEmpty())
        return settings;
    const ProcessArgs& process = dockerd.front();
    for (qsizetype i = 1; i < process.args.size(); ++i) {
        QString arg = process.args.at(i);
        if (!arg.startsWith(QLatin1Char('-')))
            continue;
        arg = arg.mid(arg.startsWith(QLatin1String("--")) ? 2 : 1);
        const QString name = arg.section(QLatin1Char('='), 0, 0);
        if (!settings.flags.contains(name))
            settings.flags.insert(name, process.values(name));
    }
    return settings;
}

Result<QVector<SwarmNode>> EngineFactsParser::swarmNodes(const QByteArray& jsonLines_)
{
    const QString what = QStringLiteral("docker node ls");
    auto lines = jsonLines(jsonLines_, what);
    if (!lines)
        return lines.error();
    JsonReader reader(what);
    QVector<SwarmNode> nodes;
    for (const Json& line : lines.value()) {
        SwarmNode node;
        const QString where = QStringLiteral("node");
        node.id = text(reader, line, "ID", where);
        node.hostname = text(reader, line, "Hostname", where);
        node.status = text(reader, line, "Status", where);
        node.availability = text(reader, line, "Availability", where);
        node.managerStatus = text(reader, line, "ManagerStatus", where);
        node.engineVersion = text(reader, line, "EngineVersion", where);
        node.self = reader.boolean(line, "Self", where).value_or(false);
        if (reader.failed())
            return reader.error();
        if (node.id.isEmpty())
            return makeError(QStringLiteral("%1: a node without ID").arg(what));
        nodes.append(node);
    }
    if (nodes.isEmpty())
        return makeError(QStringLiteral("%1 listed no node: a manager lists at least itself").arg(what));
    return nodes;
}

Result<QVector<SwarmService>> EngineFactsParser::swarmServices(const QByteArray& json)
{
    const QString what = QStringLiteral("docker service inspect output");
    auto document = arrayDocument(json, what);
    if (!document)
        return document.error();
    JsonReader reader(what);
    QVector<SwarmService> services;
    for (const Json& item : document.value()) {
        SwarmService service;
        service.id = text(reader, item, "ID", QStringLiteral("service"));
        const Json* spec = reader.object(item, "Spec", QStringLiteral("Spec"));
        if (!spec)
            return makeError(QStringLiteral("%1: a service without Spec").arg(what));
        service.name = text(reader, *spec, "Name", QStringLiteral("Spec"));
        if (const Json* mode = reader.object(*spec, "Mode", QStringLiteral("Spec.Mode"))) {
            if (mode->contains("Global"))
                service.mode = QStringLiteral("global");
            else if (mode->contains("Replicated"))
                service.mode = QStringLiteral("replicated");
        }
        if (const Json* task = reader.object(*spec, "TaskTemplate", QStringLiteral("Spec.TaskTemplate"))) {
            if (const Json* container = reader.object(*task, "ContainerSpec", QStringLiteral("ContainerSpec"))) {
                service.image = text(reader, *container, "Image", QStringLiteral("ContainerSpec"));
                if (const Json* secrets = reader.array(*container, "Secrets", QStringLiteral("ContainerSpec.Secrets")))
                    service.secrets = static_cast<int>(secrets->size());
                if (const Json* configs = reader.array(*container, "Configs", QStringLiteral("ContainerSpec.Configs")))
                    service.configs = static_cast<int>(configs->size());
            }
            if (const Json* networks = reader.array(*task, "Networks", QStringLiteral("TaskTemplate.Networks"))) {
                for (const Json& network : *networks)
                    service.networks << text(reader, network, "Target", QStringLiteral("Networks[]"));
            }
        }
        if (const Json* endpoint = reader.object(*spec, "EndpointSpec", QStringLiteral("Spec.EndpointSpec"))) {
            if (const Json* ports = reader.array(*endpoint, "Ports", QStringLiteral("EndpointSpec.Ports"))) {
                for (const Json& port : *ports) {
                    PublishedPort published;
                    const QString where = QStringLiteral("Ports[]");
                    published.protocol = text(reader, port, "Protocol", where);
                    published.targetPort = static_cast<int>(reader.integer(port, "TargetPort", where).value_or(0));
                    published.publishedPort =
                        static_cast<int>(reader.integer(port, "PublishedPort", where).value_or(0));
                    published.publishMode = text(reader, port, "PublishMode", where);
                    service.ports.append(published);
                }
            }
        }
        if (reader.failed())
            return reader.error();
        if (service.id.isEmpty())
            return makeError(QStringLiteral("%1: a service without ID").arg(what));
        services.append(service);
    }
    return services;
}

} // namespace bulkhead
