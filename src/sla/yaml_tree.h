// A compact YAML document tree for the scenario reader, built from yaml-cpp's event
// stream in one pass. yaml-cpp's own node tree costs ~20x the text in memory and
// its LoadAll can loop forever on a stray `,`; this tree keeps what the reader needs
// (kinds, scalars, 1-based lines, duplicate keys in order) and nothing else.
//
// ParseYaml errors: syntax errors, not exactly one document, aliases (`*name`: not
// supported, and unbounded to expand), nesting deeper than kMaxYamlDepth.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace aftercare::sla {

inline constexpr int kMaxYamlDepth = 64;

struct YamlData {
  enum class Kind : std::uint8_t { kNull, kScalar, kSequence, kMap };
  Kind kind = Kind::kNull;
  int line = 0;
  int key_line = 0;  // for a map's value: the line of its key
  std::string scalar;
  std::vector<YamlData> children;  // sequence items; map keys and values alternating
};

// A cheap handle to a node, or to nothing (a missing key): then IsDefined() is false.
class YamlNode {
 public:
  YamlNode() = default;
  explicit YamlNode(const YamlData* data) : data_(data) {}

  bool IsDefined() const { return data_ != nullptr; }
  bool IsNull() const { return data_ && data_->kind == YamlData::Kind::kNull; }
  bool IsScalar() const { return data_ && data_->kind == YamlData::Kind::kScalar; }
  bool IsSequence() const { return data_ && data_->kind == YamlData::Kind::kSequence; }
  bool IsMap() const { return data_ && data_->kind == YamlData::Kind::kMap; }
  const std::string& Scalar() const;
  int line() const { return data_ ? data_->line : 0; }
  // Where a reader looks for this node: the line of the key it is the value of
  // (`contract:`), else its own line. Missing keys are reported here.
  int owner_line() const { return data_ && data_->key_line ? data_->key_line : line(); }
  // Items of a sequence, pairs of a map, 0 otherwise.
  std::size_t size() const;
  // The value of the first `key` in a map; undefined when absent or not a map.
  YamlNode operator[](std::string_view key) const;

  // Iteration: over a sequence, each entry is the item; over a map, each entry has
  // `first` (key) and `second` (value).
  class Iterator;
  Iterator begin() const;
  Iterator end() const;

 private:
  const YamlData* data_ = nullptr;
};

struct YamlEntry : YamlNode {
  YamlNode first, second;
};

class YamlNode::Iterator {
 public:
  Iterator(const YamlData* parent, std::size_t index) : parent_(parent), index_(index) {}
  const YamlEntry& operator*() { return Load(); }
  const YamlEntry* operator->() { return &Load(); }
  Iterator& operator++();
  bool operator!=(const Iterator& o) const { return index_ != o.index_; }

 private:
  const YamlEntry& Load();
  const YamlData* parent_;
  std::size_t index_;
  YamlEntry entry_;
};

class YamlDocument {
 public:
  YamlNode root() const { return YamlNode(root_.get()); }

 private:
  friend Result<YamlDocument> ParseYaml(std::string_view text);
  std::unique_ptr<YamlData> root_;
};

Result<YamlDocument> ParseYaml(std::string_view text);

}  // namespace aftercare::sla
