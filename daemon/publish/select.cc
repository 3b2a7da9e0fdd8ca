#include "publish/select.h"

#include <algorithm>
#include <cstdint>

#include "html/text.h"
#include "text/ascii.h"

namespace kf::publish {
namespace {

constexpr std::size_t kRegexMaxText = 64 * 1024;

bool contains_ci(const std::vector<std::string>& list, std::string_view value) {
  return std::any_of(list.begin(), list.end(),
                     [&](const std::string& x) { return text::iequals(x, value); });
}

// Moves `i` back to the start of the UTF-8 sequence it points into.
std::size_t char_start(std::string_view s, std::size_t i) {
  while (i > 0 && i < s.size() && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) --i;
  return i;
}

bool regex_found(const text::Regex& re, std::string_view text) {
  return re.search(text.substr(0, char_start(text, std::min(text.size(), kRegexMaxText))));
}

}  // namespace

std::string fold_case(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    auto c = static_cast<unsigned char>(s[i]);
    auto next = i + 1 < s.size() ? static_cast<unsigned char>(s[i + 1]) : 0;
    if (c == 0xC3 && next >= 0x80 && next <= 0x9E && next != 0x97) {  // À–Þ except ×
      out += static_cast<char>(c);
      out += static_cast<char>(next + 0x20);
      ++i;
    } else if (c == 0xE1 && s.substr(i, 3) == "\xE1\xBA\x9E") {  // ẞ -> ß
      out += "\xC3\x9F";
      i += 2;
    } else {
      out += text::to_lower(static_cast<char>(c));
    }
  }
  return out;
}

Result<OutputFilter> OutputFilter::create(const config::Output& output,
                                          std::span<const config::Source> sources) {
  OutputFilter f;
  f.output_ = output;
  for (const auto& k : output.kickers) f.kickers_.push_back(fold_case(k));
  for (const auto& k : output.keywords)
    if (!k.empty()) f.keywords_.push_back(fold_case(k));
  if (!output.regex.empty()) {
    auto compiled = text::Regex::compile(output.regex, text::Regex::icase);
    if (!compiled)
      return fail("publish: output '", output.id, "': invalid regex '", output.regex,
                  "': ", compiled.error().message, " at offset ", std::to_string(compiled.error().offset));
    f.regex_ = std::make_shared<const text::Regex>(std::move(*compiled));
  }
  for (const auto& s : sources) f.sources_.emplace(s.id, s);
  if (!output.sources.empty() || !output.tags.empty() || !output.lands.empty() ||
      !output.ags.empty()) {
    std::vector<std::string> ids;
    for (const auto& [id, s] : f.sources_) {
      Article probe;
      probe.source_id = id;
      if (f.source_passes(probe, &s)) ids.push_back(id);
    }
    f.source_ids_ = std::move(ids);
  }
  return f;
}

const config::Source* OutputFilter::source_of(std::string_view id) const {
  auto it = sources_.find(id);
  return it == sources_.end() ? nullptr : &it->second;
}

bool OutputFilter::source_passes(const Article& a, const config::Source* source) const {
  const auto& o = output_;
  if (!o.sources.empty() &&
      std::find(o.sources.begin(), o.sources.end(), a.source_id) == o.sources.end())
    return false;
  if (o.tags.empty() && o.lands.empty() && o.ags.empty()) return true;
  if (source == nullptr) return false;
  if (!o.tags.empty() && std::none_of(source->tags.begin(), source->tags.end(),
                                      [&](const std::string& t) { return contains_ci(o.tags, t); }))
    return false;
  if (!o.lands.empty() && (source->land.empty() || !contains_ci(o.lands, source->land)))
    return false;
  if (!o.ags.empty() && std::none_of(o.ags.begin(), o.ags.end(), [&](const std::string& p) {
        return !p.empty() && source->ags.starts_with(p);
      }))
    return false;
  return true;
}

bool OutputFilter::text_passes(const Article& a) const {
  if (keywords_.empty() && !regex_) return true;
  // Fields are read one at a time and only as far as needed: most articles
  // are decided by the title or summary, and content text is the costly one.
  bool keyword_hit = keywords_.empty();
  bool regex_hit = !regex_;
  auto check = [&](std::string_view text) {
    if (!keyword_hit) {
      std::string folded = fold_case(text);
      keyword_hit = std::any_of(keywords_.begin(), keywords_.end(), [&](const std::string& k) {
        return folded.find(k) != std::string::npos;
      });
    }
    if (!regex_hit) regex_hit = regex_found(*regex_, text);
    return keyword_hit && regex_hit;
  };
  if (check(a.title)) return true;
  if (!a.summary.empty() && check(html::fragment_text(a.summary))) return true;
  if (!a.content_html.empty() && check(html::fragment_text(a.content_html))) return true;
  return false;
}

bool OutputFilter::matches(const Article& a, const config::Source* source) const {
  if (!output_.teasers && a.completeness == Completeness::teaser) return false;
  if (output_.completeness && a.completeness != *output_.completeness) return false;
  if (!source_passes(a, source)) return false;
  if (!kickers_.empty() &&
      std::find(kickers_.begin(), kickers_.end(), fold_case(a.kicker)) == kickers_.end())
    return false;
  return text_passes(a);
}

Result<Page> select_page(const OutputFilter& filter, int page, int per_page, const Batches& batches,
                         std::size_t max_examined) {
  if (page < 1) return fail("publish: page must be at least 1, got ", std::to_string(page));
  if (per_page < 1 || per_page > kMaxPerPage)
    return fail("publish: entries per page must be between 1 and ", std::to_string(kMaxPerPage),
                ", got ", std::to_string(per_page));
  Page result;
  const auto skip = static_cast<std::uint64_t>(page - 1) * static_cast<std::uint64_t>(per_page);
  if (skip >= max_examined) {  // fewer articles than skip can ever be read
    result.truncated = true;
    return result;
  }
  std::uint64_t matched = 0;
  std::size_t offset = 0;
  while (result.examined < max_examined) {
    std::size_t count = std::min(kBatchSize, max_examined - result.examined);
    auto batch = batches(offset, count);
    if (!batch) return std::unexpected(batch.error());
    std::size_t n = std::min(batch->size(), count);
    for (std::size_t i = 0; i < n; ++i) {
      Article& a = (*batch)[i];
      ++result.examined;
      if (!filter.matches(a)) continue;
      if (matched++ < skip) continue;
      if (result.articles.size() == static_cast<std::size_t>(per_page)) {
        result.has_next = true;
        return result;
      }
      result.articles.push_back(std::move(a));
    }
    if (n < count) return result;  // the end of the articles
    offset += n;
  }
  result.truncated = true;
  return result;
}

}  // namespace kf::publish
