#include "html/prescan.h"
#include "html/prescan_scan.h"

#include <cstdint>
#include <utility>
#include <vector>

namespace kf::html::detail {
namespace {

constexpr std::uint32_t kNone = ~0u;

std::string_view trim_attributes(std::string_view a) {
  auto trimmed = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r' || c == '/'; };
  while (!a.empty() && trimmed(a.front())) a.remove_prefix(1);
  while (!a.empty() && trimmed(a.back())) a.remove_suffix(1);
  return a;
}

// The estimated tree builder state. Tag names are ids (see prescan_scan.h);
// `cls` is the name's class bits. Stack positions are 32-bit: the depth cap
// bounds the stack far below that.
class Estimator {
 public:
  // `known` is the number of table ids, which close_implied reads from the start.
  Estimator(const PrescanLimits& limits, std::uint32_t known) : limits_(limits) {
    ensure(known);
    stack_.reserve(64);
    formatting_.reserve(16);
  }

  // Returns false when the start tag must be dropped.
  // `attributes` is the raw text between the name and '>' (a view into the
  // scanned input, which outlives the estimator); only formatting elements
  // compare it (Noah's Ark).
  bool start(std::uint32_t id, std::uint32_t cls, std::string_view attributes) {
    ensure(id);
    close_implied(id, cls);
    if (cls & kVoid) return true;
    if (cls & kFormatting) {
      if (id == kIdA || id == kIdNobr) remove_formatting(id);
      noahs_ark(id, attributes);
      if (formatting_.size() >= limits_.max_formatting) return drop(id);
    }
    if (stack_.size() >= limits_.max_depth) return drop(id);
    if (cls & kFormatting) formatting_.push_back({id, static_cast<std::uint32_t>(attributes.size()), attributes.data()});
    push(id, cls);
    return true;
  }

  // Returns false when the end tag belongs to a dropped start tag.
  bool end(std::uint32_t id, std::uint32_t cls) {
    ensure(id);
    if (dropped_total_ > 0 && dropped_[id] > 0) {
      --dropped_[id];
      --dropped_total_;
      return false;
    }
    if (cls & kFormatting) remove_formatting(id);
    const std::uint32_t idx = top_[id];
    if (idx == kNone) return true;
    // The tree builder ignores end tags whose element is out of scope.
    if (((cls & kSpecial) ? scope_top_ : special_top_) <= idx + 1) pop_to(idx);
    return true;
  }

  bool foreign() const { return foreign_ > 0; }

 private:
  struct Entry {
    std::uint32_t id;
    std::uint32_t cls;
    std::uint32_t formatting_mark;  // list length when a marker element opened
    std::uint32_t below;            // stack position of the next open element of this name, or kNone
    std::uint32_t special_top;      // special_top_ and scope_top_ before this element opened
    std::uint32_t scope_top;
  };
  struct Formatting {
    std::uint32_t id;
    std::uint32_t size;  // the raw attributes, as size and data to keep entries small
    const char* data;
    std::string_view attributes() const { return {data, size}; }
  };

  // Makes room for `id` in the per-id arrays.
  void ensure(std::uint32_t id) {
    if (id >= top_.size()) {
      top_.resize(id + 1, kNone);
      dropped_.resize(id + 1, 0);
    }
  }

  bool drop(std::uint32_t id) {
    ++dropped_[id];
    ++dropped_total_;
    return false;
  }

  // Only the topmost special element and scope boundary matter, so each
  // entry saves the previous ones instead of keeping lists of them.
  void push(std::uint32_t id, std::uint32_t cls) {
    const auto idx = static_cast<std::uint32_t>(stack_.size());
    stack_.push_back({id, cls, static_cast<std::uint32_t>(formatting_.size()), top_[id], special_top_, scope_top_});
    top_[id] = idx;
    if (cls & kSpecial) special_top_ = idx + 1;
    if (cls & kScope) scope_top_ = idx + 1;
    if (cls & kForeign) ++foreign_;
  }

  void pop_to(std::uint32_t idx) {
    const Entry* low = stack_.data() + idx;
    special_top_ = low->special_top;
    scope_top_ = low->scope_top;
    for (const Entry* e = stack_.data() + stack_.size(); e-- != low;) {
      top_[e->id] = e->below;
      if (e->cls & (kMarker | kForeign)) {
        if ((e->cls & kMarker) && formatting_.size() > e->formatting_mark) formatting_.resize(e->formatting_mark);
        if (e->cls & kForeign) --foreign_;
      }
    }
    stack_.resize(idx);
  }

  // The tree builder keeps at most three equal entries (same name and
  // attributes); raw attribute text, trimmed, stands in for "same
  // attributes". Trimmed only here: most tags never meet an equal name.
  void noahs_ark(std::uint32_t id, std::string_view attributes) {
    std::size_t equal = 0, earliest = 0;
    bool trimmed = false;
    for (std::size_t i = formatting_.size(); i-- > 0;) {
      if (formatting_[i].id != id) continue;
      if (!trimmed) attributes = trim_attributes(attributes), trimmed = true;
      if (trim_attributes(formatting_[i].attributes()) == attributes) {
        ++equal;
        earliest = i;
      }
    }
    if (equal >= 3) formatting_.erase(formatting_.begin() + static_cast<std::ptrdiff_t>(earliest));
  }

  void remove_formatting(std::uint32_t id) {
    for (std::size_t i = formatting_.size(); i-- > 0;) {
      if (formatting_[i].id == id) {
        formatting_.erase(formatting_.begin() + static_cast<std::ptrdiff_t>(i));
        return;
      }
    }
  }

  // Looks at most a few entries down for an element the new start tag closes.
  void close_among(std::initializer_list<std::uint32_t> closes, std::initializer_list<std::uint32_t> stops,
                   bool stop_at_special) {
    std::size_t seen = 0;
    for (std::size_t i = stack_.size(); i-- > 0 && seen < 16; ++seen) {
      const Entry& e = stack_[i];
      for (auto c : closes)
        if (e.id == c) return pop_to(static_cast<std::uint32_t>(i));
      for (auto s : stops)
        if (e.id == s) return;
      if (stop_at_special && (e.cls & kSpecial) && e.id != kIdAddress && e.id != kIdDiv && e.id != kIdP) return;
    }
  }

  void close_implied(std::uint32_t id, std::uint32_t cls) {
    if (cls & kClosesP) {
      const std::uint32_t p = top_[kIdP];
      if (p != kNone && scope_top_ <= p) pop_to(p);
    }
    // The rule names have the first ids, so most tags skip the switch.
    if (id >= kRuleIdCount) return;
    switch (id) {
      case kIdLi: return close_among({kIdLi}, {}, true);
      case kIdDd:
      case kIdDt: return close_among({kIdDd, kIdDt}, {}, true);
      case kIdTd:
      case kIdTh: return close_among({kIdTd, kIdTh}, {kIdTr, kIdTable, kIdTemplate}, false);
      case kIdTr: return close_among({kIdTr}, {kIdTable, kIdTbody, kIdThead, kIdTfoot, kIdTemplate}, false);
      case kIdTbody:
      case kIdThead:
      case kIdTfoot: return close_among({kIdTbody, kIdThead, kIdTfoot}, {kIdTable, kIdTemplate}, false);
      case kIdTable: return close_among({kIdTable}, {kIdTd, kIdTh, kIdCaption, kIdTemplate, kIdHtml}, false);
      case kIdOption: return close_among({kIdOption}, {kIdSelect, kIdDatalist, kIdOptgroup}, false);
      case kIdOptgroup: return close_among({kIdOptgroup, kIdOption}, {kIdSelect}, false);
      default: return;
    }
  }

  const PrescanLimits& limits_;
  std::vector<Entry> stack_;
  std::vector<std::uint32_t> top_;  // per id: stack position of its topmost open element, or kNone
  std::uint32_t special_top_ = 0;   // 1 + stack position of the topmost special element; 0: none
  std::uint32_t scope_top_ = 0;     // 1 + stack position of the topmost scope boundary; 0: none
  std::vector<Formatting> formatting_;
  std::vector<std::size_t> dropped_;  // per id: unclosed dropped start tags
  std::size_t dropped_total_ = 0;
  std::size_t foreign_ = 0;
};

}  // namespace

PrescanResult prescan(std::string_view s, const PrescanLimits& limits) {
  PrescanResult result;
  Estimator est(limits, NameTable::get().size());
  std::vector<std::pair<std::size_t, std::size_t>> drops;
  scan_tags(s, [&](const ScannedTag& tag) {
    if (!(tag.end_tag ? est.end(tag.id, tag.cls) : est.start(tag.id, tag.cls, tag.attributes))) {
      drops.emplace_back(tag.begin, tag.end);
      return ScanStep::kNext;
    }
    if (tag.end_tag || est.foreign()) return ScanStep::kNext;
    if (tag.id == kIdPlaintext) return ScanStep::kStop;
    return tag.cls & kRawText ? ScanStep::kSkipRawText : ScanStep::kNext;
  });
  if (drops.empty()) return result;
  result.changed = true;
  result.dropped_tags = drops.size();
  result.first_drop_offset = drops.front().first;
  result.rewritten.reserve(s.size());
  std::size_t pos = 0;
  for (auto [b, e] : drops) {
    result.rewritten.append(s.substr(pos, b - pos));
    pos = e;
  }
  result.rewritten.append(s.substr(pos));
  return result;
}

}  // namespace kf::html::detail
