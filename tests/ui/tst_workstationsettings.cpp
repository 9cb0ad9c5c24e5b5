// SPDX-License-Identifier: GPL-3.0-or-later
#include "settings/WorkstationSettings.h"

#include <QDir>
#include <QTemporaryDir>
#include <QtTest>

using namespace bulkhead;

class tst_WorkstationSettings : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void init();
    void recentIsMostRecentFirstOnceEach();
    void recentKeepsAtMostEight();
    void filterPerWorkspace();
    void storedInTheConfigFolder();

private:
    QTemporaryDir m_dir;
};

void tst_WorkstationSettings::initTestCase()
{
    QVERIFY(m_dir.isValid());
    qputenv("XDG_CONFIG_HOME", QFile::encodeName(m_dir.filePath(QStringLiteral("config"))));
}

void tst_WorkstationSettings::init()
{
    QSettings(QSettings::NativeFormat, QSettings::UserScope, QStringLiteral("Bulkhead"), QStringLiteral("Bulkhead"))
        .clear();
}

void tst_WorkstationSettings::recentIsMostRecentFirstOnceEach()
{
    WorkstationSettings settings;
    QVERIFY(settings.recentWorkspaces().isEmpty());
    const QString a = m_dir.filePath(QStringLiteral("a.bulkhead"));
    const QString b = m_dir.filePath(QStringLiteral("b.bulkhead"));
    settings.addRecentWorkspace(a);
    settings.addRecentWorkspace(b);
    // The same file named another way is still one entry, moved to the top.
    QVERIFY(QDir::setCurrent(m_dir.path()));
    settings.addRecentWorkspace(QStringLiteral("./a.bulkhead"));
    QCOMPARE(settings.recentWorkspaces(), (QStringList{a, b}));
    settings.removeRecentWorkspace(b);
    QCOMPARE(settings.recentWorkspaces(), QStringList{a});
    settings.clearRecentWorkspaces();
    QVERIFY(settings.recentWorkspaces().isEmpty());
}

void tst_WorkstationSettings::recentKeepsAtMostEight()
{
    WorkstationSettings settings;
    QStringList added;
    for (int i = 0; i < 11; ++i) {
        added.prepend(m_dir.filePath(QStringLiteral("w%1.bulkhead").arg(i)));
        settings.addRecentWorkspace(added.first());
    }
    QCOMPARE(settings.recentWorkspaces(), added.mid(0, WorkstationSettings::MaxRecent));
    // A list edited by hand to hold more, or twice the same, is read as it should be.
    settings.setValue(QStringLiteral("recent/workspaces"),
                      QStringList{QStringLiteral("/x"), QStringLiteral("/x"), QString(), QStringLiteral("/y")});
    QCOMPARE(settings.recentWorkspaces(), (QStringList{QStringLiteral("/x"), QStringLiteral("/y")}));
}

void tst_WorkstationSettings::filterPerWorkspace()
{
    WorkstationSettings settings;
    const QString a = m_dir.filePath(QStringLiteral("a.bulkhead"));
    // Any character in a path: the key is a digest, the path is not a settings key.
    const QString odd = m_dir.filePath(QStringLiteral("odd/[x]=\\;#.bulkhead"));
    settings.setWorkspaceFilter(a, QStringLiteral("cis:5 web"), QStringLiteral("fail,warn"));
    settings.setWorkspaceFilter(odd, QStringLiteral("tip:3"), QString());
    QCOMPARE(WorkstationSettings().workspaceFilter(a), QStringLiteral("cis:5 web"));
    QCOMPARE(WorkstationSettings().workspaceStatus(a), QStringLiteral("fail,warn"));
    QCOMPARE(WorkstationSettings().workspaceFilter(odd), QStringLiteral("tip:3"));
    QVERIFY(WorkstationSettings().workspaceFilter(m_dir.filePath(QStringLiteral("other.bulkhead"))).isEmpty());
}

void tst_WorkstationSettings::storedInTheConfigFolder()
{
    {
        WorkstationSettings settings;
        settings.addRecentWorkspace(m_dir.filePath(QStringLiteral("a.bulkhead")));
    }
    QVERIFY(QFile::exists(m_dir.filePath(QStringLiteral("config/Bulkhead/Bulkhead.conf"))));
}

QTEST_GUILESS_MAIN(tst_WorkstationSettings)
#include "tst_workstationsettings.moc"
