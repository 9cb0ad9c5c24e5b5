// SPDX-License-Identifier: GPL-3.0-or-later
#include "inventory/InventoryParser.h"
#include "inventory/InventoryWriter.h"

#include <QDir>
#include <QFile>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QTest>

using namespace bulkhead;

namespace {

QString dataPath(const QString& name)
{
    return QStringLiteral(BULKHEAD_TEST_DATA "/inventory/") + name;
}

QByteArray readFile(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll();
}

const char* const MinimalInventory = "zones:\n"
                                     "  - name: pci\n"
                                     "    scope: in\n"
                                     "    rationale: Card data.\n"
                                     "hosts:\n"
                                     "  - name: web-1\n"
                                     "    address: 10.0.0.5\n"
                                     "    zone: pci\n";

QString describe(const InventoryDiagnostics& diagnostics)
{
    QStringList lines;
    for (const InventoryDiagnostic& diagnostic : diagnostics)
        lines << diagnostic.toString();
    return lines.join(QLatin1Char('\n'));
}

InventoryDiagnostics errorsOf(const InventoryDiagnostics& diagnostics)
{
    InventoryDiagnostics errors;
    for (const InventoryDiagnostic& diagnostic : diagnostics) {
        if (diagnostic.level == InventoryDiagnostic::Level::Error)
            errors << diagnostic;
    }
    return errors;
}

} // namespace

class TestInventoryParser : public QObject
{
    Q_OBJECT

private slots:
    void completeFile()
    {
        InventoryDiagnostics warnings;
        const Result<Inventory> parsed = InventoryParser::load(dataPath(QStringLiteral("fleet.yaml")), &warnings);
        QVERIFY2(parsed, qPrintable(parsed.errorMessage()));
        QVERIFY2(warnings.isEmpty(), qPrintable(describe(warnings)));
        const Inventory& inventory = parsed.value();

        QCOMPARE(inventory.zones.size(), 2);
        const Zone& pci = inventory.zones.at(0);
        QCOMPARE(pci.name, QStringLiteral("pci"));
        QCOMPARE(pci.scope, std::optional<ZoneScope>(ZoneScope::In));
        QCOMPARE(pci.rationale,
                 QStringLiteral("Card data is processed here; PCI DSS 4.0 requirement 2 applies to every host."));
        QCOMPARE(pci.approvedRegistries,
                 QStringList({QStringLiteral("registry.example.com:5000"), QStringLiteral("ghcr.io/example")}));
        QCOMPARE(pci.approvedUsers,
                 QStringList({QStringLiteral("root"), QStringLiteral("auditor"), QStringLiteral("deploy")}));
        QCOMPARE(pci.requiredLogTargets, QStringList{QStringLiteral("udp://logs.example.com:514")});
        QCOMPARE(pci.where.object.line, 5);
        QCOMPARE(pci.where.of(QStringLiteral("approved_users")).line, 11);

        const Zone& lab = inventory.zones.at(1);
        QCOMPARE(lab.scope, std::optional<ZoneScope>(ZoneScope::Out));
        QCOMPARE(lab.rationale,
                 QStringLiteral("Throw-away machines for experiments.\nNo production data ever reaches them.\n"));
        QVERIFY(lab.approvedRegistries.isEmpty());

        QCOMPARE(inventory.hosts.size(), 4);
        const InventoryHost& web = inventory.hosts.at(0);
        QCOMPARE(web.name, QStringLiteral("web-1"));
        QCOMPARE(web.address, QStringLiteral("10.0.0.5"));
        QCOMPARE(web.port, 22);
        QCOMPARE(web.user, QStringLiteral("auditor"));
        QCOMPARE(web.identity, QStringLiteral("~/.ssh/audit_ed25519"));
        QCOMPARE(web.zone, QStringLiteral("pci"));
        QCOMPARE(web.access, AccessMode::Direct);
        QCOMPARE(web.labels.value(QStringLiteral("role")), QStringLiteral("web"));
        QCOMPARE(web.labels.value(QStringLiteral("owner")), QStringLiteral("payments-team"));
        QCOMPARE(web.where.object.line, 23);
        QCOMPARE(web.spec(), (HostSpec{QStringLiteral("auditor"), QStringLiteral("10.0.0.5"), 22}));

        const InventoryHost& db = inventory.hosts.at(1);
        QCOMPARE(db.port, 2222);
        QCOMPARE(db.proxyJump, QStringLiteral("jump@bastion.example.com:22"));
        QCOMPARE(db.access, AccessMode::Sudo);

        const InventoryHost& bastion = inventory.hosts.at(2);
        QVERIFY(bastion.address.isEmpty());
        QCOMPARE(bastion.effectiveAddress(), QStringLiteral("bastion.example.com"));

        const InventoryHost& labBox = inventory.hosts.at(3);
        QCOMPARE(labBox.address, QStringLiteral("2001:db8::7"));
        QCOMPARE(labBox.spec().toString(), QStringLiteral("root@[2001:db8::7]:22"));
        QCOMPARE(Inventory::resolvePath(labBox.identity, QStringLiteral("/etc/bulkhead")),
                 QStringLiteral("/etc/bulkhead/keys/lab"));
    }

    // One folder of broken inventories: each file lists the errors it must produce; no other error
    // may appear (a message at the wrong line or a duplicate fails the case).
    void invalidFiles_data()
    {
        QTest::addColumn<QString>("path");
        const QDir dir(dataPath(QStringLiteral("invalid")));
        const QStringList files = dir.entryList({QStringLiteral("*.yaml")}, QDir::Files, QDir::Name);
        QVERIFY(files.size() >= 40);
        for (const QString& file : files)
            QTest::newRow(qPrintable(file)) << dir.filePath(file);
    }

    void invalidFiles()
    {
        QFETCH(QString, path);
        const QByteArray bytes = readFile(path);
        QVERIFY(!bytes.isEmpty());
        struct Expected
        {
            int line;
            QString text;
        };
        QVector<Expected> expected;
        static const QRegularExpression expectation(QStringLiteral("^# expect-error: (\\d+): (.*)$"),
                                                    QRegularExpression::MultilineOption);
        auto it = expectation.globalMatch(QString::fromUtf8(bytes));
        while (it.hasNext()) {
            const auto match = it.next();
            expected.append({match.captured(1).toInt(), match.captured(2)});
        }
        QVERIFY2(!expected.isEmpty(), "the case lists no expected error");

        const InventoryParseResult result = InventoryParser::analyze(bytes, QStringLiteral("case.yaml"));
        const InventoryDiagnostics errors = errorsOf(result.diagnostics);
        const QString all = describe(result.diagnostics);
        QCOMPARE(errors.size(), expected.size());
        for (const Expected& want : expected) {
            bool found = false;
            for (const InventoryDiagnostic& error : errors)
                found = found || (error.line == want.line && error.message.contains(want.text));
            QVERIFY2(
                found,
                qPrintable(QStringLiteral("expected at line %1: %2\ngot:\n%3").arg(want.line).arg(want.text, all)));
        }
        // parse() refuses the same file with the same messages, file name and line included.
        const Result<Inventory> parsed = InventoryParser::parse(bytes, QStringLiteral("case.yaml"));
        QVERIFY(!parsed);
        QVERIFY2(parsed.errorMessage().startsWith(QStringLiteral("case.yaml:")), qPrintable(parsed.errorMessage()));
        QVERIFY(parsed.errorMessage().contains(expected.front().text));
    }

    void warningsDoNotFail()
    {
        const QByteArray yaml = QByteArray(MinimalInventory) +
                                "  - name: web-1b\n    address: 10.0.0.5\n    zone: pci\n"
                                "  - name: other\n    zone: pci\n"
                                "    address: 10.0.0.9\n";
        QByteArray withEmptyZone = yaml;
        withEmptyZone.replace("hosts:\n", "  - name: spare\n    scope: out\n    rationale: Not used yet.\nhosts:\n");
        InventoryDiagnostics warnings;
        const Result<Inventory> parsed = InventoryParser::parse(withEmptyZone, QStringLiteral("w.yaml"), &warnings);
        QVERIFY2(parsed, qPrintable(parsed.errorMessage()));
        QCOMPARE(warnings.size(), 2);
        QVERIFY2(warnings.at(0).message.contains(QStringLiteral("same machine (10.0.0.5): it will be scanned twice")),
                 qPrintable(warnings.at(0).toString()));
        QCOMPARE(warnings.at(1).message, QStringLiteral("zone 'spare' has no hosts"));
        QCOMPARE(warnings.at(1).line, 5);
        QVERIFY(warnings.at(0).toString().startsWith(QStringLiteral("w.yaml:12:5: warning: ")));
    }

    void diagnosticsHaveColumns()
    {
        QByteArray yaml = MinimalInventory;
        yaml.replace("zone: pci\n", "zone: pcx\n");
        const InventoryParseResult result = InventoryParser::analyze(yaml, QStringLiteral("f.yaml"));
        QCOMPARE(result.diagnostics.size(), 2);
        QCOMPARE(result.diagnostics.at(1).toString(), QStringLiteral("f.yaml:2:5: warning: zone 'pci' has no hosts"));
        QCOMPARE(result.diagnostics.at(0).toString(),
                 QStringLiteral("f.yaml:8:5: error: host 'web-1': zone 'pcx' is not defined (did you mean 'pci'?)"));
    }

    void hostileBytes_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("message");
        QTest::newRow("empty") << QByteArray() << QStringLiteral("f.yaml: error: the file is empty");
        QTest::newRow("blank") << QByteArray("\n  \n") << QStringLiteral("f.yaml: error: the file is empty");
        QTest::newRow("comments only") << QByteArray("# nothing\n# here\n")
                                       << QStringLiteral(
                                              "f.yaml: error: the file holds no YAML document (only comments)");
        QTest::newRow("cut sequence") << QByteArray("zones: []\nhosts: []\n# caf\xc3")
                                      << QStringLiteral("f.yaml:3: error: the file is not UTF-8 text");
        QTest::newRow("latin-1") << QByteArray("zones: []\nhosts:\n  - name: caf\xe9\n")
                                 << QStringLiteral("f.yaml:3: error: the file is not UTF-8 text");
        QTest::newRow("nul byte") << QByteArray("zones: []\nhosts: [\0]\n", 22)
                                  << QStringLiteral("f.yaml:2:9: error: control character U+0000 in the file");
        QTest::newRow("raw escape") << QByteArray("zones: []\n# \x1b[2J\nhosts: []\n")
                                    << QStringLiteral("f.yaml:2:3: error: control character U+001B in the file");
        QTest::newRow("C1 control") << QByteArray("zones: []\nhosts: [\xc2\x9b]\n")
                                    << QStringLiteral("f.yaml:2:9: error: control character U+009B in the file");
        QTest::newRow("scalar root") << QByteArray("just text\n")
                                     << QStringLiteral("f.yaml:1:1: error: an inventory is a mapping with 'zones:' and "
                                                       "'hosts:', not text");
        QTest::newRow("unclosed flow") << QByteArray("zones: [\n")
                                       << QStringLiteral("f.yaml:2:1: error: not valid YAML");
        QTest::newRow("deep nesting") << QByteArray(100000, '[') << QStringLiteral("f.yaml:1:");
        QTest::newRow("unknown alias") << QByteArray("zones: *nowhere\nhosts: []\n")
                                       << QStringLiteral("f.yaml:1:8: error: not valid YAML");
        QTest::newRow("oversized") << QByteArray(9 * 1024 * 1024, ' ')
                                   << QStringLiteral("f.yaml: error: the file is larger than 8 MiB");
    }

    void hostileBytes()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, message);
        const Result<Inventory> parsed = InventoryParser::parse(bytes, QStringLiteral("f.yaml"));
        QVERIFY(!parsed);
        QVERIFY2(parsed.errorMessage().startsWith(message), qPrintable(parsed.errorMessage()));
    }

    // Billion laughs: nine levels of aliases name 10^9 user names in a few hundred bytes. The
    // parser refuses a list where a name belongs and never expands the aliases below it.
    void aliasBomb()
    {
        QByteArray bomb = "zones:\n  - name: z0\n    scope: in\n    rationale: r\n"
                          "    approved_users: &b0 [u, u, u, u, u, u, u, u, u, u]\n";
        for (int i = 1; i < 9; ++i) {
            bomb += QStringLiteral("  - name: z%1\n    scope: in\n    rationale: r\n    approved_users: &b%1 [")
                        .arg(i)
                        .toUtf8();
            for (int j = 0; j < 10; ++j)
                bomb += QStringLiteral("%1*b%2").arg(j == 0 ? QString() : QStringLiteral(", ")).arg(i - 1).toUtf8();
            bomb += "]\n";
        }
        bomb += "hosts: []\n";
        const InventoryParseResult result = InventoryParser::analyze(bomb, QStringLiteral("bomb.yaml"));
        const InventoryDiagnostics errors = errorsOf(result.diagnostics);
        // Ten "must be text, not a list" per aliased zone; a duplicate-name warning at most.
        QCOMPARE(errors.size(), 80);
        QVERIFY(errors.front().message.contains(QStringLiteral("every entry must be text, not a list")));
    }

    // A budget that is really reached: many hosts that all alias one big label mapping.
    void nodeBudget()
    {
        QByteArray yaml = "zones:\n  - name: pci\n    scope: in\n    rationale: r\nhosts:\n";
        yaml += "  - &h {name: h, zone: pci, labels: &l {";
        for (int i = 0; i < 200; ++i)
            yaml += QStringLiteral("%1k%2: v").arg(i == 0 ? QString() : QStringLiteral(", ")).arg(i).toUtf8();
        yaml += "}}\n";
        for (int i = 0; i < 2600; ++i)
            yaml += "  - *h\n";
        const InventoryParseResult result = InventoryParser::analyze(yaml, QStringLiteral("budget.yaml"));
        const QString all = describe(result.diagnostics);
        QVERIFY2(all.contains(QStringLiteral("the inventory is too large (more than 500000 YAML nodes")),
                 qPrintable(all.left(500)));
    }

    void writerRoundTrip()
    {
        const Result<Inventory> parsed = InventoryParser::load(dataPath(QStringLiteral("fleet.yaml")));
        QVERIFY2(parsed, qPrintable(parsed.errorMessage()));
        const QByteArray written = InventoryWriter::toYaml(parsed.value());
        const Result<Inventory> again = InventoryParser::parse(written, QStringLiteral("written.yaml"));
        QVERIFY2(again, qPrintable(again.errorMessage() + QStringLiteral("\n") + QString::fromUtf8(written)));
        QCOMPARE(again.value(), parsed.value());
        // Writing is deterministic: the same inventory gives the same bytes.
        QCOMPARE(InventoryWriter::toYaml(again.value()), written);
    }

    // Mutations of a valid file (bytes flipped, dropped, duplicated, lines swapped): the parser
    // never throws or crashes, and either accepts the file or says where it is wrong.
    void mutations()
    {
        const QByteArray seed = readFile(dataPath(QStringLiteral("fleet.yaml")));
        QVERIFY(!seed.isEmpty());
        QRandomGenerator random(20240501);
        static const char alphabet[] = " \n\t:-[]{},#&*!|>'\"%@`?~0aZ\\\x1b\xc3\xff";
        int accepted = 0;
        int refused = 0;
        for (int round = 0; round < 3000; ++round) {
            QByteArray bytes = seed;
            const int edits = 1 + static_cast<int>(random.bounded(6));
            for (int e = 0; e < edits && !bytes.isEmpty(); ++e) {
                const qsizetype at = random.bounded(bytes.size());
                switch (random.bounded(4)) {
                case 0:
                    bytes[at] = alphabet[random.bounded(static_cast<int>(sizeof alphabet) - 1)];
                    break;
                case 1:
                    bytes.remove(at, 1 + random.bounded(8));
                    break;
                case 2:
                    bytes.insert(at, bytes.mid(random.bounded(bytes.size()), 1 + random.bounded(40)));
                    break;
                default:
                    bytes.insert(at, alphabet[random.bounded(static_cast<int>(sizeof alphabet) - 1)]);
                    break;
                }
            }
            const InventoryParseResult result = InventoryParser::analyze(bytes, QStringLiteral("m.yaml"));
            if (hasErrors(result.diagnostics)) {
                ++refused;
                for (const InventoryDiagnostic& diagnostic : result.diagnostics)
                    QVERIFY(!diagnostic.message.isEmpty());
            } else {
                ++accepted;
                // Whatever was accepted survives a write and a re-read unchanged.
                const Result<Inventory> again =
                    InventoryParser::parse(InventoryWriter::toYaml(result.inventory), QStringLiteral("again.yaml"));
                QVERIFY2(again, qPrintable(again.errorMessage()));
                QCOMPARE(again.value(), result.inventory);
            }
        }
        QVERIFY(refused > 1000);
        QVERIFY(accepted > 10);
    }
};

QTEST_GUILESS_MAIN(TestInventoryParser)
#include "tst_inventoryparser.moc"
