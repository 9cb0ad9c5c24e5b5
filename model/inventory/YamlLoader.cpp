// SPDX-License-Identifier: GPL-3.0-or-later
#include "inventory/YamlLoader.h"

#include "inventory/InventoryDiagnostic.h"
#include "inventory/InventoryText.h"

#include <yaml-cpp/eventhandler.h>

#include <exception>
#include <sstream>
#include <string>
#include <vector>

namespace bulkhead {

namespace {

Error failure(const QString& file, int line, int column, const QString& message)
{
    return makeError(InventoryDiagnostic::error(file, line, column, message).toString());
}

// YAML forbids C0 controls (other than tab, LF, CR), DEL and C1 controls in a stream; yaml-cpp lets
// some through, and a NUL would cut its C string view short.
std::optional<std::pair<int, int>> findControlCharacter(const QString& text, QString* what)
{
    int line = 1;
    int column = 1;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const char16_t c = text.at(i).unicode();
        if (c == u'\n') {
            ++line;
            column = 1;
            continue;
        }
        if ((c < 0x20 && c != u'\t' && c != u'\r') || c == 0x7f || (c >= 0x80 && c <= 0x9f)) {
            *what = QStringLiteral("U+%1").arg(QString::number(c, 16).toUpper().rightJustified(4, u'0'));
            return std::make_pair(line, column);
        }
        ++column;
    }
    return std::nullopt;
}

// Counts documents (and remembers where the second starts) without building nodes.
class DocumentCounter : public YAML::EventHandler
{
public:
    void OnDocumentStart(const YAML::Mark& mark) override
    {
        if (++documents == 2)
            secondStart = mark;
    }
    void OnDocumentEnd() override {}
    void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
    void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
    void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t, const std::string&) override {}
    void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {}
    void OnSequenceEnd() override {}
    void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {}
    void OnMapEnd() override {}

    int documents = 0;
    YAML::Mark secondStart;
};

} // namespace

Result<YAML::Node> YamlLoader::load(const QByteArray& bytes, const QString& file)
{
    if (bytes.size() > MaxBytes) {
        return failure(file, 0, 0,
                       QStringLiteral("the file is larger than %1 MiB; that is not an inventory").arg(MaxBytes >> 20));
    }
    int badLine = 0;
    const auto text = InventoryText::decodeUtf8(bytes, &badLine);
    if (!text)
        return failure(file, badLine, 0, QStringLiteral("the file is not UTF-8 text"));
    QString control;
    if (const auto at = findControlCharacter(*text, &control))
        return failure(file, at->first, at->second, QStringLiteral("control character %1 in the file").arg(control));
    if (text->trimmed().isEmpty())
        return failure(file, 0, 0, QStringLiteral("the file is empty"));

    try {
        const std::string utf8 = text->toStdString();
        // Not YAML::LoadAll: in yaml-cpp 0.7 it never returns (and eats all memory) on a stray ','
        // at the top level (jbeder/yaml-cpp#1040, fixed upstream by #1319). Load reads the first
        // document; a bounded second pass says whether anything follows it.
        std::istringstream counted(utf8);
        YAML::Parser parser(counted);
        DocumentCounter counter;
        for (int i = 0; i < 2 && parser.HandleNextDocument(counter); ++i) {
        }
        if (counter.documents == 0)
            return failure(file, 0, 0, QStringLiteral("the file holds no YAML document (only comments)"));
        if (counter.documents > 1) {
            const YAML::Mark& mark = counter.secondStart;
            return failure(file, mark.line + 1, mark.column + 1,
                           QStringLiteral("a second YAML document (after '---') or text that is not YAML starts "
                                          "here; an inventory is one document"));
        }
        return YAML::Load(utf8);
    } catch (const YAML::Exception& error) {
        const int line = error.mark.is_null() ? 0 : error.mark.line + 1;
        const int column = error.mark.is_null() ? 0 : error.mark.column + 1;
        return failure(file, line, column, QStringLiteral("not valid YAML: %1").arg(QString::fromStdString(error.msg)));
    } catch (const std::exception& error) {
        return failure(file, 0, 0, QStringLiteral("cannot read the YAML: %1").arg(QString::fromUtf8(error.what())));
    }
}

SourcePosition YamlLoader::position(const YAML::Node& node)
{
    try {
        const YAML::Mark mark = node.Mark();
        if (mark.is_null())
            return {};
        return SourcePosition{mark.line + 1, mark.column + 1};
    } catch (const YAML::Exception&) {
        return {};
    }
}

QString YamlLoader::text(const YAML::Node& node)
{
    if (!node.IsDefined() || !node.IsScalar())
        return QString();
    return QString::fromStdString(node.Scalar());
}

QString YamlLoader::kind(const YAML::Node& node)
{
    if (!node.IsDefined())
        return QStringLiteral("nothing");
    switch (node.Type()) {
    case YAML::NodeType::Sequence:
        return QStringLiteral("a list");
    case YAML::NodeType::Map:
        return QStringLiteral("a mapping");
    case YAML::NodeType::Scalar:
        return QStringLiteral("text");
    case YAML::NodeType::Null:
        return QStringLiteral("nothing (null)");
    case YAML::NodeType::Undefined:
        break;
    }
    return QStringLiteral("nothing");
}

bool YamlLoader::isNull(const YAML::Node& node)
{
    return node.IsDefined() && node.IsNull();
}

} // namespace bulkhead
