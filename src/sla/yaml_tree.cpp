#include "sla/yaml_tree.h"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include <optional>
#include <sstream>

namespace aftercare::sla {
namespace {

using Kind = YamlData::Kind;

class TreeBuilder : public YAML::EventHandler {
 public:
  explicit TreeBuilder(YamlData* root) : root_(root) {}

  std::vector<YAML::Mark> document_starts;
  std::optional<Error> error;

  void OnDocumentStart(const YAML::Mark& mark) override { document_starts.push_back(mark); }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark& mark, YAML::anchor_t) override { Add(Kind::kNull, mark, {}); }
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t) override {
    Fail(Error::Invalid("YAML aliases (*name) are not supported in scenario files", mark.line + 1));
  }
  void OnScalar(const YAML::Mark& mark, const std::string&, YAML::anchor_t,
                const std::string& value) override {
    Add(Kind::kScalar, mark, value);
  }
  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {
    Open(Kind::kSequence, mark);
  }
  void OnSequenceEnd() override { Close(); }
  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t,
                  YAML::EmitterStyle::value) override {
    Open(Kind::kMap, mark);
  }
  void OnMapEnd() override { Close(); }

 private:
  // Only the first document is kept; the caller rejects files with more.
  bool Skipping() const { return document_starts.size() > 1 || error.has_value(); }

  YamlData* Add(Kind kind, const YAML::Mark& mark, const std::string& value) {
    if (Skipping()) return nullptr;
    YamlData* node;
    if (stack_.empty()) {
      if (root_done_) return nullptr;
      root_done_ = true;
      node = root_;
    } else {
      auto& siblings = stack_.back()->children;
      node = &siblings.emplace_back();
      if (stack_.back()->kind == Kind::kMap && siblings.size() % 2 == 0) {
        node->key_line = siblings[siblings.size() - 2].line;
      }
    }
    node->kind = kind;
    node->line = mark.line + 1;
    node->scalar = value;
    return node;
  }
  void Open(Kind kind, const YAML::Mark& mark) {
    if (static_cast<int>(stack_.size()) + skipped_depth_ >= kMaxYamlDepth) {
      Fail(
          Error::Invalid("YAML nesting is deeper than " + std::to_string(kMaxYamlDepth) + " levels",
                         mark.line + 1));
    }
    YamlData* node = Add(kind, mark, {});
    if (node) {
      stack_.push_back(node);
    } else {
      ++skipped_depth_;
    }
  }
  void Close() {
    if (skipped_depth_ > 0) {
      --skipped_depth_;
    } else if (!stack_.empty()) {
      stack_.pop_back();
    }
  }
  void Fail(Error e) {
    if (!error) error = std::move(e);
  }

  YamlData* root_;
  bool root_done_ = false;
  std::vector<YamlData*> stack_;
  int skipped_depth_ = 0;
};

}  // namespace

const std::string& YamlNode::Scalar() const {
  static const std::string kEmpty;
  return IsScalar() ? data_->scalar : kEmpty;
}

std::size_t YamlNode::size() const {
  if (IsSequence()) return data_->children.size();
  if (IsMap()) return data_->children.size() / 2;
  return 0;
}

YamlNode YamlNode::operator[](std::string_view key) const {
  if (!IsMap()) return YamlNode();
  const auto& c = data_->children;
  for (std::size_t i = 0; i + 1 < c.size(); i += 2) {
    if (c[i].kind == Kind::kScalar && c[i].scalar == key) return YamlNode(&c[i + 1]);
  }
  return YamlNode();
}

YamlNode::Iterator YamlNode::begin() const { return Iterator(data_, 0); }

YamlNode::Iterator YamlNode::end() const {
  std::size_t n = data_ && (IsSequence() || IsMap()) ? data_->children.size() : 0;
  if (IsMap()) n -= n % 2;
  return Iterator(data_, n);
}

YamlNode::Iterator& YamlNode::Iterator::operator++() {
  index_ += parent_->kind == Kind::kMap ? 2 : 1;
  return *this;
}

const YamlEntry& YamlNode::Iterator::Load() {
  const auto& c = parent_->children;
  if (parent_->kind == Kind::kMap) {
    entry_.first = YamlNode(&c[index_]);
    entry_.second = YamlNode(&c[index_ + 1]);
    static_cast<YamlNode&>(entry_) = entry_.second;
  } else {
    static_cast<YamlNode&>(entry_) = YamlNode(&c[index_]);
  }
  return entry_;
}

Result<YamlDocument> ParseYaml(std::string_view text) {
  YamlDocument doc;
  doc.root_ = std::make_unique<YamlData>();
  TreeBuilder builder(doc.root_.get());
  std::istringstream in{std::string(text)};
  YAML::Parser parser(in);
  try {
    // Bounded: yaml-cpp 0.7 yields an empty document at the same place forever on a
    // stray `,` at block level; two documents are already too many.
    for (int i = 0; i < 3 && parser.HandleNextDocument(builder); ++i) {
      const auto& s = builder.document_starts;
      if (s.size() >= 2 && s[s.size() - 1].pos == s[s.size() - 2].pos) {
        return Error::Invalid("YAML syntax error: unexpected character", s.back().line + 1);
      }
      if (builder.error) return *builder.error;
    }
  } catch (const YAML::Exception& e) {
    return Error::Invalid("YAML syntax error: " + e.msg, e.mark.is_null() ? 0 : e.mark.line + 1);
  }
  if (builder.error) return *builder.error;
  const auto& starts = builder.document_starts;
  if (starts.empty()) return Error::Invalid("the file holds no scenario (empty document)", 1);
  if (starts.size() > 1) {
    return Error::Invalid("a scenario file holds one YAML document, not several",
                          starts[1].line + 1);
  }
  return doc;
}

}  // namespace aftercare::sla
