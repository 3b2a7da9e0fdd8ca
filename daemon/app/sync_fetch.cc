#include "app/sync_fetch.h"

#include <boost/asio/io_context.hpp>
#include <optional>

namespace kf::app {

Result<fetch::Response> fetch_once(const std::string& url, const fetch::Options& options,
                                   const std::string& source_id) {
  boost::asio::io_context io;
  std::optional<Result<fetch::Response>> out;
  {
    fetch::Fetcher fetcher(io, options);
    fetcher.fetch({url, "", "", source_id}, [&](Result<fetch::Response> r) { out = std::move(r); });
    io.run();
  }
  if (!out) return std::unexpected(Error{"fetch: " + source_id + ": " + url + ": no answer"});
  return std::move(*out);
}

}  // namespace kf::app
