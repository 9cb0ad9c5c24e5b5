// SPDX-License-Identifier: GPL-3.0-or-later
#include "probes/Probe.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace bulkhead;

// Runs each probe's real command line with /bin/sh against a stand-in `docker` script, so the
// shell logic (empty list, failing listing, missing docker, odd ids) is exercised for real.
class TestProbeCatalog : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    // Writes a `docker` stand-in into its own bin folder and returns that folder.
    QString fakeDocker(const QString& name, const QByteArray& script)
    {
        const QString bin = m_dir.filePath(name);
        QDir().mkpath(bin);
        QFile file(bin + QStringLiteral("/docker"));
        if (!file.open(QIODevice::WriteOnly))
            return {};
        file.write("#!/bin/sh\n" + script);
        file.close();
        file.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
        return bin;
    }

    struct Run
    {
        QByteArray out;
        QByteArray err;
        int exit = -1;
    };

    Run run(const QString& command, const QString& path)
    {
        QProcess process;
        QProcessEnvironment env;
        env.insert(QStringLiteral("PATH"), path);
        process.setProcessEnvironment(env);
        process.setWorkingDirectory(m_dir.path());
        process.start(QStringLiteral("/bin/sh"), {QStringLiteral("-c"), command});
        process.waitForFinished(-1);
        return Run{process.readAllStandardOutput(), process.readAllStandardError(), process.exitCode()};
    }

    // A folder with only `sh` (and the tools the probes use), no docker.
    QString toolsOnly()
    {
        const QString bin = m_dir.filePath(QStringLiteral("tools"));
        QDir().mkpath(bin);
        for (const char* tool : {"sh", "sort", "printf"}) {
            const QString target = QStringLiteral("/usr/bin/") + QLatin1String(tool);
            const QString source = QFile::exists(target) ? target : QStringLiteral("/bin/") + QLatin1String(tool);
            QFile::link(source, bin + QLatin1Char('/') + QLatin1String(tool));
        }
        return bin;
    }

private slots:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void catalog()
    {
        const QVector<Probe>& probes = ProbeCatalog::dockerProbes();
        QStringList names;
        for (const Probe& probe : probes) {
            names << probe.name;
            QVERIFY(!probe.command.isEmpty());
            QVERIFY(!probe.description.isEmpty());
            QVERIFY(probe.tip >= 1 && probe.tip <= 10);
            QCOMPARE(ProbeCatalog::find(probe.name), &probe);
        }
        QCOMPARE(names,
                 (QStringList{QStringLiteral("docker.version"), QStringLiteral("docker.info"),
                              QStringLiteral("docker.containers.inspect"), QStringLiteral("docker.images.inspect")}));
        QCOMPARE(ProbeCatalog::find(QStringLiteral("docker.version"))->command,
                 QStringLiteral("docker version --format '{{json .}}'"));
        QCOMPARE(ProbeCatalog::find(QStringLiteral("docker.info"))->command,
                 QStringLiteral("docker info --format '{{json .}}'"));
        QVERIFY(!ProbeCatalog::find(QStringLiteral("rm -rf /")));
        QVERIFY(ProbeCatalog::find(QStringLiteral("docker.containers.inspect"))
                    ->command.contains(QStringLiteral("ps -aq")));
    }

    void inspectProbes_data()
    {
        QTest::addColumn<QString>("probe");
        QTest::addColumn<QString>("listing"); // the subcommand that lists ids
        QTest::addColumn<QString>("inspect");
        QTest::newRow("containers") << "docker.containers.inspect"
                                    << "ps"
                                    << "container inspect";
        QTest::newRow("images") << "docker.images.inspect"
                                << "images"
                                << "image inspect";
    }

    void inspectProbes()
    {
        QFETCH(QString, probe);
        QFETCH(QString, listing);
        QFETCH(QString, inspect);
        const QString command = ProbeCatalog::find(probe)->command;
        const QString tools = toolsOnly();
        const QByteArray id1(64, 'a'), id2(64, 'b');

        // Two ids (the image listing repeats one, as for an image with two tags).
        const QString two = fakeDocker(probe + QStringLiteral("-two"),
                                       "if [ \"$1\" = " + listing.toLatin1() + " ]; then printf '" + id2 + "\\n" + id1 +
                                           "\\n" + id2 + "\\n'; exit 0; fi\necho \"ARGS:$*\"\n");
        Run result = run(command, two + QLatin1Char(':') + tools);
        QCOMPARE(result.exit, 0);
        if (listing == QLatin1String("images"))
            QCOMPARE(result.out, "ARGS:" + inspect.toLatin1() + " -- " + id1 + ' ' + id2 + '\n');
        else
            QCOMPARE(result.out, "ARGS:" + inspect.toLatin1() + " -- " + id2 + ' ' + id1 + ' ' + id2 + '\n');

        // No containers/images: an empty JSON array, exit 0.
        const QString none = fakeDocker(probe + QStringLiteral("-none"), "exit 0\n");
        result = run(command, none + QLatin1Char(':') + tools);
        QCOMPARE(result.exit, 0);
        QCOMPARE(result.out, QByteArray("[]\n"));

        // The listing fails (socket permission): its status and stderr, never "[]".
        const QString denied =
            fakeDocker(probe + QStringLiteral("-denied"),
                       "echo 'permission denied while trying to connect to the Docker daemon socket at "
                       "unix:///var/run/docker.sock' >&2\nexit 1\n");
        result = run(command, denied + QLatin1Char(':') + tools);
        QCOMPARE(result.exit, 1);
        QCOMPARE(result.out, QByteArray());
        QVERIFY(result.err.startsWith("permission denied while trying to connect"));

        // docker is not installed: 127 from the shell.
        result = run(command, tools);
        QCOMPARE(result.exit, 127);
        QVERIFY(result.err.contains("docker"));
        QVERIFY(result.err.contains("not found"));

        // Hostile listing output is split into words but never globbed or run.
        const QString hostile =
            fakeDocker(probe + QStringLiteral("-hostile"), "if [ \"$1\" = " + listing.toLatin1() +
                                                               " ]; then echo '*'; echo '$(touch pwned);'; exit 0; fi\n"
                                                               "for a in \"$@\"; do echo \"<$a>\"; done\n");
        result = run(command, hostile + QLatin1Char(':') + tools);
        QCOMPARE(result.exit, 0);
        QVERIFY2(result.out.contains("<*>"), result.out.constData());
        QVERIFY(result.out.contains("<$(touch>"));
        QVERIFY(!QFile::exists(m_dir.filePath(QStringLiteral("pwned"))));
    }
};

QTEST_GUILESS_MAIN(TestProbeCatalog)
#include "tst_probecatalog.moc"
