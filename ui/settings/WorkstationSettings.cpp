// SPDX-License-Identifier: GPL-3.0-or-later
#include "settings/WorkstationSettings.h"

#include <QCryptographicHash>
#include <QFileInfo>

namespace bulkhead {

namespace {

const QString RecentKey = QStringLiteral("recent/workspaces");

QString absolute(const QString& path)
{
    return QFileInfo(path).absoluteFilePath();
}

} // namespace

WorkstationSettings::WorkstationSettings()
    : m_settings(QSettings::NativeFormat, QSettings::UserScope, QStringLiteral("Bulkhead"), QStringLiteral("Bulkhead"))
{}

QVariant WorkstationSettings::value(const QString& key, const QVariant& fallback) const
{
    return m_settings.value(key, fallback);
}

void WorkstationSettings::setValue(const QString& key, const QVariant& value)
{
    m_settings.setValue(key, value);
}

QStringList WorkstationSettings::recentWorkspaces() const
{
    QStringList recent;
    for (const QString& path : m_settings.value(RecentKey).toStringList()) {
        if (!path.isEmpty() && !recent.contains(path) && recent.size() < MaxRecent)
            recent << path;
    }
    return recent;
}

void WorkstationSettings::addRecentWorkspace(const QString& path)
{
    QStringList recent = recentWorkspaces();
    const QString file = absolute(path);
    recent.removeAll(file);
    recent.prepend(file);
    m_settings.setValue(RecentKey, recent.mid(0, MaxRecent));
}

void WorkstationSettings::removeRecentWorkspace(const QString& path)
{
    QStringList recent = recentWorkspaces();
    recent.removeAll(absolute(path));
    m_settings.setValue(RecentKey, recent);
}

void WorkstationSettings::clearRecentWorkspaces()
{
    m_settings.remove(RecentKey);
}

QString WorkstationSettings::workspaceKey(const QString& path)
{
    // A path may hold any character; QSettings keys may not: the workspace is named by a digest.
    const QByteArray digest = QCryptographicHash::hash(absolute(path).toUtf8(), QCryptographicHash::Sha256).toHex();
    return QStringLiteral("workspace-") + QString::fromLatin1(digest.left(16));
}

QString WorkstationSettings::workspaceFilter(const QString& path) const
{
    return m_settings.value(workspaceKey(path) + QStringLiteral("/filter")).toString();
}

QString WorkstationSettings::workspaceStatus(const QString& path) const
{
    return m_settings.value(workspaceKey(path) + QStringLiteral("/status")).toString();
}

void WorkstationSettings::setWorkspaceFilter(const QString& path, const QString& text, const QString& status)
{
    m_settings.setValue(workspaceKey(path) + QStringLiteral("/filter"), text);
    m_settings.setValue(workspaceKey(path) + QStringLiteral("/status"), status);
}

} // namespace bulkhead
