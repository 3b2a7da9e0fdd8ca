// Picks the one image an article is shown with. Pure; thread-safe.
#pragma once

#include <string_view>

#include "model/article.h"
#include "model/feed.h"

namespace kf::normalize {

// In this order: a Media RSS / enclosure / JSON Feed image object, a
// thumbnail, then the first <img> of the (sanitized) content, then of the
// summary. Only absolute http(s) URLs qualify; an empty Image when none does.
Image choose_image(const FeedItem& item, std::string_view summary_html,
                   std::string_view content_html);

}  // namespace kf::normalize
