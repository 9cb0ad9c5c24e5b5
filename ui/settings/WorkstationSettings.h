// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QSettings>
#include <QString>
#include <QStringList>
#include <QVariant>

namespace bulkhead {

// What the window remembers between sessions: its layout, the views' columns and sort, the filter
// of each workspace, the recent workspaces and the scan dialog's last host and file paths. Never a
// credential: passphrases and passwords stay in ssh-agent or are asked for each time.
// One file, $XDG_CONFIG_HOME/Bulkhead/Bulkhead.conf (the tests point XDG_CONFIG_HOME elsewhere).
class WorkstationSettings
{
public:
    static constexpr int MaxRecent = 8;

    WorkstationSettings();

    QVariant value(const QString& key, const QVariant& fallback = {}) const;
    void setValue(const QString& key, const QVariant& value);

    // Most recent first, each file once (by its absolute path), at most MaxRecent.
    QStringList recentWorkspaces() const;
    void addRecentWorkspace(const QString& path);
    void removeRecentWorkspace(const QString& path);
    void clearRecentWorkspaces();

    // The filter words and status choice last used on a workspace file.
    QString workspaceFilter(const QString& path) const;
    QString workspaceStatus(const QString& path) const;
    void setWorkspaceFilter(const QString& path, const QString& text, const QString& status);

private:
    static QString workspaceKey(const QString& path);
    mutable QSettings m_settings;
};

} // namespace bulkhead
