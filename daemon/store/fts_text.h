// Text preparation for the full-text index: what goes into articles_fts and
// how user input becomes an FTS5 query. Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace kf::store {

// Plain text of sanitized HTML for indexing: tags dropped (each replaced by a
// space so "a<br>b" stays two words), <script>/<style> content dropped,
// comments dropped, and the entities &amp; &lt; &gt; &quot; &apos; &#39;
// &nbsp; plus numeric ones decoded. Not a validating parser: it only has to
// keep markup out of the index, the stored HTML is untouched.
std::string html_to_index_text(std::string_view html);

// Turns user text into an FTS5 query in which every whitespace-separated term
// is a quoted string ("" escapes a quote), joined by spaces (= AND), so
// operators such as OR, NOT, *, -, ^ and quotes are plain words. Empty when
// the input has no terms.
std::string fts_literal_query(std::string_view user_text);

}  // namespace kf::store
