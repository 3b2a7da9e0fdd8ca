// XML namespace, xml:base and xml:lang tracking for the feed parsers.
// pugixml keeps names as written ("dc:creator"), so a Scope per element on
// the path from the root records that element's xmlns declarations, its
// resolved base URL and its language; parsers ask it which namespace a child
// element is in. Scopes borrow from the pugixml document and their parent
// and must not outlive them. Not thread-safe (plain stack objects).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <pugixml.hpp>

namespace kf::parse {

// The namespaces the parsers know; everything else is `other`.
enum class Ns : std::uint8_t {
  none,      // no namespace (RSS 0.9x/2.0)
  atom10,    // http://www.w3.org/2005/Atom
  atom03,    // http://purl.org/atom/ns#
  rss10,     // http://purl.org/rss/1.0/
  rss090,    // http://my.netscape.com/rdf/simple/0.9/
  rdf,       // http://www.w3.org/1999/02/22-rdf-syntax-ns#
  dc,        // Dublin Core elements 1.1
  dcterms,   // Dublin Core terms
  content,   // http://purl.org/rss/1.0/modules/content/
  media,     // Media RSS
  itunes,    // Apple podcasts
  xhtml,     // http://www.w3.org/1999/xhtml
  other,
};

struct QName {
  Ns ns = Ns::none;
  std::string_view local;
};

// The local part of a written name: "dc:creator" → "creator".
std::string_view local_name(const char* name);

class Scope {
 public:
  // The document-level scope: base is the document URL.
  Scope(pugi::xml_node node, std::string_view document_url);
  // The scope of `node`, a child of `parent`'s element.
  Scope(const Scope& parent, pugi::xml_node node);

  // The namespace and local name of `element`, which is a child of (or is)
  // this scope's element; its own xmlns attributes are honoured. An
  // undeclared prefix that is a well-known one ("dc", "media"…) counts as
  // that namespace, as feedparser does.
  QName name_of(pugi::xml_node element) const;

  // The absolute base URL in effect (xml:base chain over the document URL);
  // may be empty when nothing absolute is known.
  const std::string& base() const { return own_base_ ? *own_base_ : *base_; }
  // xml:lang in effect, empty when none.
  std::string_view lang() const { return lang_; }

  // Resolves `ref` against base(); returns `ref` trimmed when that fails
  // (relative reference without an absolute base).
  std::string resolve(std::string_view ref) const;

 private:
  // A namespace declaration, classified once when read: feeds declare a
  // handful at the root and name hundreds of elements with them.
  struct Decl {
    std::string_view prefix;  // empty for the default namespace
    Ns ns;                    // Ns::none for an empty URI (undeclaring)
  };

  void read_attributes(pugi::xml_node node);
  std::optional<Ns> lookup(std::string_view prefix) const;

  const Scope* parent_ = nullptr;
  pugi::xml_node node_;
  std::vector<Decl> decls_;
  const std::string* base_ = nullptr;
  std::optional<std::string> own_base_;
  std::string_view lang_;
};

// Maps a namespace URI to the known namespaces.
Ns classify_namespace(std::string_view uri);

}  // namespace kf::parse
