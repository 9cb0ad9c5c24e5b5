// SPDX-License-Identifier: GPL-3.0-or-later
#include "facts/ContainerInspectParser.h"

#include "core/JsonPointer.h"
#include "facts/JsonReader.h"

#include <QRegularExpression>

namespace bulkhead {

namespace {

bool isContainerId(const QString& id)
{
    static const QRegularExpression hex(QStringLiteral("^[0-9a-f]{64}$"));
    return hex.match(id).hasMatch();
}

// "src:dst[:opts]" as docker writes HostConfig.Binds on Linux. src is a host path or a volume name.
MountFact parseBind(const QString& bind, const QString& pointer)
{
    MountFact mount;
    mount.origin = MountFact::Origin::HostConfigBinds;
    mount.pointer = pointer;
    const QStringList parts = bind.split(QLatin1Char(':'));
    mount.source = parts.value(0);
    mount.destination = parts.value(1);
    mount.type = mount.source.startsWith(QLatin1Char('/')) ? QStringLiteral("bind") : QStringLiteral("volume");
    if (parts.size() >= 3) {
        const QStringList options = parts.at(2).split(QLatin1Char(','));
        mount.readWrite = !options.contains(QStringLiteral("ro"));
    }
    return mount;
}

} // namespace

bool ContainerInspectParser::isRootUser(const QString& user)
{
    // Docker's --user is "user[:group]"; only the user part decides who the process is. An empty
    // user part means the image default, which for Config.User "" is root. "00" is UID 0 too.
    const QString name = user.section(QLatin1Char(':'), 0, 0);
    if (name.isEmpty() || name == QLatin1String("root"))
        return true;
    bool numeric = false;
    const qulonglong uid = name.toULongLong(&numeric);
    return numeric && uid == 0 && !name.startsWith(QLatin1Char('+')) && !name.startsWith(QLatin1Char('-'));
}

Result<QVector<ContainerFacts>> ContainerInspectParser::parse(const QByteArray& json)
{
    auto document = parseJson(json, QStringLiteral("docker container inspect output"));
    if (!document)
        return document.error();
    const Json& root = document.value();
    if (!root.is_array()) {
        return makeError(QStringLiteral("docker container inspect output is %1, expected an array")
                             .arg(QString::fromUtf8(root.type_name())));
    }

    QVector<ContainerFacts> containers;
    JsonReader reader(QString{});
    for (std::size_t i = 0; i < root.size(); ++i) {
        const Json& element = root[i];
        ContainerFacts facts;
        facts.index = static_cast<int>(i);
        facts.pointer = JsonPointer::append(QString(), static_cast<qsizetype>(i));
        reader.setWhere(QStringLiteral("container %1 (at %2)").arg(i + 1).arg(facts.pointer));
        if (!element.is_object()) {
            reader.fail(QStringLiteral("is %1, expected an object").arg(QString::fromUtf8(element.type_name())));
            return reader.error();
        }
        facts.id = reader.string(element, "Id", QStringLiteral("Id")).value_or(QString());
        if (!reader.failed() && !isContainerId(facts.id))
            reader.fail(QStringLiteral("Id is not a 64-character hexadecimal container id"));
        facts.name = reader.string(element, "Name", QStringLiteral("Name")).value_or(QString());
        if (facts.name.startsWith(QLatin1Char('/')))
            facts.name.remove(0, 1);
        facts.imageId = reader.string(element, "Image", QStringLiteral("Image")).value_or(QString());

        if (const Json* state = reader.object(element, "State", QStringLiteral("State"))) {
            facts.stateStatus = reader.string(*state, "Status", QStringLiteral("State.Status")).value_or(QString());
            facts.running = reader.boolean(*state, "Running", QStringLiteral("State.Running")).value_or(false);
        }
        if (const Json* config = reader.object(element, "Config", QStringLiteral("Config"))) {
            facts.user = reader.string(*config, "User", QStringLiteral("Config.User"));
            facts.image = reader.string(*config, "Image", QStringLiteral("Config.Image")).value_or(QString());
            if (const Json* env = reader.array(*config, "Env", QStringLiteral("Config.Env"))) {
                facts.envPresent = true;
                for (std::size_t e = 0; e < env->size(); ++e) {
                    const Json& entry = (*env)[e];
                    if (!entry.is_string()) {
                        reader.fail(QStringLiteral("Config.Env holds a %1, expected strings")
                                        .arg(QString::fromUtf8(entry.type_name())));
                        break;
                    }
                    const QString text = QString::fromStdString(entry.get<std::string>());
                    const qsizetype equals = text.indexOf(QLatin1Char('='));
                    EnvEntry parsed;
                    parsed.name = equals < 0 ? text : text.left(equals);
                    parsed.value = equals < 0 ? QString() : text.mid(equals + 1);
                    parsed.pointer = JsonPointer::append(facts.envPointer(), static_cast<qsizetype>(e));
                    facts.env.append(parsed);
                }
            }
            facts.labels = reader.stringMap(*config, "Labels", QStringLiteral("Config.Labels"));
        }
        if (const Json* host = reader.object(element, "HostConfig", QStringLiteral("HostConfig"))) {
            facts.privileged = reader.boolean(*host, "Privileged", QStringLiteral("HostConfig.Privileged"));
            facts.readonlyRootfs = reader.boolean(*host, "ReadonlyRootfs", QStringLiteral("HostConfig.ReadonlyRootfs"));
            const QStringList binds = reader.stringList(*host, "Binds", QStringLiteral("HostConfig.Binds"));
            for (qsizetype b = 0; b < binds.size(); ++b) {
                facts.mounts.append(parseBind(
                    binds.at(b), JsonPointer::append(facts.pointer + QStringLiteral("/HostConfig/Binds"), b)));
            }
            if (const Json* mounts = reader.array(*host, "Mounts", QStringLiteral("HostConfig.Mounts"))) {
                for (std::size_t m = 0; m < mounts->size(); ++m) {
                    const Json& entry = (*mounts)[m];
                    if (!entry.is_object()) {
                        reader.fail(QStringLiteral("HostConfig.Mounts holds a %1, expected objects")
                                        .arg(QString::fromUtf8(entry.type_name())));
                        break;
                    }
                    MountFact mount;
                    mount.origin = MountFact::Origin::HostConfigMounts;
                    mount.pointer = JsonPointer::append(facts.pointer + QStringLiteral("/HostConfig/Mounts"),
                                                        static_cast<qsizetype>(m));
                    mount.type =
                        reader.string(entry, "Type", QStringLiteral("HostConfig.Mounts.Type")).value_or(QString());
                    mount.source =
                        reader.string(entry, "Source", QStringLiteral("HostConfig.Mounts.Source")).value_or(QString());
                    mount.destination =
                        reader.string(entry, "Target", QStringLiteral("HostConfig.Mounts.Target")).value_or(QString());
                    mount.readWrite = !reader.boolean(entry, "ReadOnly", QStringLiteral("HostConfig.Mounts.ReadOnly"))
                                           .value_or(false);
                    facts.mounts.append(mount);
                }
            }
        }
        if (const Json* mounts = reader.array(element, "Mounts", QStringLiteral("Mounts"))) {
            for (std::size_t m = 0; m < mounts->size(); ++m) {
                const Json& entry = (*mounts)[m];
                if (!entry.is_object()) {
                    reader.fail(QStringLiteral("Mounts holds a %1, expected objects")
                                    .arg(QString::fromUtf8(entry.type_name())));
                    break;
                }
                MountFact mount;
                mount.origin = MountFact::Origin::Mounts;
                mount.pointer = JsonPointer::append(facts.mountsPointer(), static_cast<qsizetype>(m));
                mount.type = reader.string(entry, "Type", QStringLiteral("Mounts.Type")).value_or(QString());
                mount.source = reader.string(entry, "Source", QStringLiteral("Mounts.Source")).value_or(QString());
                mount.destination =
                    reader.string(entry, "Destination", QStringLiteral("Mounts.Destination")).value_or(QString());
                mount.readWrite = reader.boolean(entry, "RW", QStringLiteral("Mounts.RW")).value_or(true);
                facts.mounts.append(mount);
            }
        }
        if (reader.failed())
            return reader.error();
        containers.append(facts);
    }
    return containers;
}

} // namespace bulkhead
