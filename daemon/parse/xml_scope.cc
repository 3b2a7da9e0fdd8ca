#include "parse/xml_scope.h"

#include <array>
#include <cstring>
#include <utility>

#include "url/url.h"

namespace kf::parse {
namespace {

constexpr std::array<std::pair<std::string_view, Ns>, 24> kNamespaces = {{
    {"http://www.w3.org/2005/Atom", Ns::atom10},
    {"http://www.w3.org/2005/atom", Ns::atom10},
    {"http://purl.org/atom/ns#", Ns::atom03},
    {"http://purl.org/rss/1.0/", Ns::rss10},
    {"http://purl.org/rss/1.0", Ns::rss10},
    {"http://my.netscape.com/rdf/simple/0.9/", Ns::rss090},
    {"http://www.w3.org/1999/02/22-rdf-syntax-ns#", Ns::rdf},
    {"http://purl.org/dc/elements/1.1/", Ns::dc},
    {"http://purl.org/dc/elements/1.0/", Ns::dc},
    {"http://purl.org/dc/terms/", Ns::dcterms},
    {"http://purl.org/rss/1.0/modules/content/", Ns::content},
    {"http://search.yahoo.com/mrss/", Ns::media},
    {"http://search.yahoo.com/mrss", Ns::media},
    {"http://video.search.yahoo.com/mrss", Ns::media},
    {"http://video.search.yahoo.com/mrss/", Ns::media},
    {"http://www.itunes.com/dtds/podcast-1.0.dtd", Ns::itunes},
    {"http://www.itunes.com/DTDs/Podcast-1.0.dtd", Ns::itunes},
    {"http://www.w3.org/1999/xhtml", Ns::xhtml},
    // RSS 2.0 documents sometimes carry these as default namespace.
    {"http://backend.userland.com/rss2", Ns::none},
    {"http://backend.userland.com/rss", Ns::none},
    {"http://blogs.law.harvard.edu/tech/rss", Ns::none},
    {"http://purl.org/net/rss1.1#", Ns::rss10},
    {"http://example.com/newformat#", Ns::atom03},
    {"http://schemas.xmlsoap.org/soap/envelope/", Ns::other},
}};

constexpr std::array<std::pair<std::string_view, Ns>, 8> kWellKnownPrefixes = {{
    {"dc", Ns::dc},
    {"dcterms", Ns::dcterms},
    {"content", Ns::content},
    {"media", Ns::media},
    {"itunes", Ns::itunes},
    {"atom", Ns::atom10},
    {"rdf", Ns::rdf},
    {"xhtml", Ns::xhtml},
}};

// The namespace a declaration's URI names; an empty URI undeclares.
Ns namespace_of(std::string_view uri) { return uri.empty() ? Ns::none : classify_namespace(uri); }

}  // namespace

std::string_view local_name(const char* name) {
  const char* colon = std::strchr(name, ':');
  return colon ? std::string_view(colon + 1) : std::string_view(name);
}

Ns classify_namespace(std::string_view uri) {
  for (const auto& [known, ns] : kNamespaces) {
    if (uri == known) return ns;
  }
  return Ns::other;
}

Scope::Scope(pugi::xml_node node, std::string_view document_url)
    : node_(node), own_base_(std::string(document_url)) {
  read_attributes(node);
}

Scope::Scope(const Scope& parent, pugi::xml_node node)
    : parent_(&parent), node_(node), base_(&parent.base()), lang_(parent.lang_) {
  read_attributes(node);
}

void Scope::read_attributes(pugi::xml_node node) {
  for (pugi::xml_attribute a = node.first_attribute(); a; a = a.next_attribute()) {
    const char* name = a.name();
    if (name[0] != 'x' || name[1] != 'm' || name[2] != 'l') continue;
    const std::string_view n(name);
    if (n == "xmlns") {
      decls_.push_back({std::string_view(), namespace_of(a.value())});
    } else if (n.starts_with("xmlns:")) {
      decls_.push_back({n.substr(6), namespace_of(a.value())});
    } else if (n == "xml:base") {
      const std::string& parent_base = own_base_ ? *own_base_ : *base_;
      auto resolved = url::resolve(parent_base, a.value());
      if (resolved) own_base_ = std::move(*resolved);
    } else if (n == "xml:lang") {
      lang_ = a.value();
    }
  }
}

std::optional<Ns> Scope::lookup(std::string_view prefix) const {
  for (const Scope* s = this; s != nullptr; s = s->parent_) {
    for (auto it = s->decls_.rbegin(); it != s->decls_.rend(); ++it) {
      if (it->prefix == prefix) return it->ns;
    }
  }
  return std::nullopt;
}

QName Scope::name_of(pugi::xml_node element) const {
  const std::string_view full(element.name());
  const std::size_t colon = full.find(':');
  const std::string_view prefix = colon == full.npos ? std::string_view() : full.substr(0, colon);
  const std::string_view local = colon == full.npos ? full : full.substr(colon + 1);
  std::optional<Ns> ns;
  if (element != node_) {
    // The element's own declarations come first.
    for (pugi::xml_attribute a = element.first_attribute(); a && !ns; a = a.next_attribute()) {
      const char* n = a.name();
      if (n[0] != 'x' || n[1] != 'm' || n[2] != 'l') continue;
      const std::string_view name(n);
      if (prefix.empty() ? name == "xmlns" : (name.size() == prefix.size() + 6 && name.starts_with("xmlns:") &&
                                             name.substr(6) == prefix)) {
        ns = namespace_of(a.value());
      }
    }
  }
  if (!ns) ns = lookup(prefix);
  if (ns) return {*ns, local};
  if (prefix.empty()) return {Ns::none, local};
  for (const auto& [known, known_ns] : kWellKnownPrefixes) {
    if (prefix == known) return {known_ns, local};
  }
  return {Ns::other, local};
}

std::string Scope::resolve(std::string_view ref) const {
  if (auto r = url::resolve(base(), ref)) return std::move(*r);
  while (!ref.empty() && static_cast<unsigned char>(ref.front()) <= ' ') ref.remove_prefix(1);
  while (!ref.empty() && static_cast<unsigned char>(ref.back()) <= ' ') ref.remove_suffix(1);
  return std::string(ref);
}

}  // namespace kf::parse
