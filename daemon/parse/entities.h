// Entity and character reference repair before XML parsing: pugixml knows
// only the five XML entities and rejects or misreads what feeds write for
// HTML (&nbsp; &auml;, &#150; meaning windows-1252, &#0;), and it never
// expands DTD entities. expand_entities rewrites those references in the
// document text so the tree holds what a browser would show. Pure function;
// thread-safe on distinct strings.
#pragma once

#include <string>

namespace kf::parse {

class DeclaredEntities;

// Replaces, outside CDATA sections, comments, processing instructions and
// the DOCTYPE, references to entities `declared` in the internal DTD subset
// with their value (markup characters escaped, so they stay text; at most
// DeclaredEntities::kMaxExpansion bytes in all, then `*capped` is set and
// the rest stay as written); HTML named references XML does not define with
// their UTF-8 text; and numeric references to NUL, surrogates or beyond
// U+10FFFF with U+FFFD; references to 128–159 become the windows-1252
// character, as in HTML. Returns how many references were repaired (HTML
// and numeric ones: declared entities are well-formed XML, not repairs).
// Works in place while the text does not grow (one scan, no copy).
int expand_entities(std::string& text, const DeclaredEntities* declared = nullptr,
                    bool* capped = nullptr);

}  // namespace kf::parse
