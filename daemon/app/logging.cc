#include "app/logging.h"

#include <cstdlib>
#include <memory>

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

namespace kf::app {
namespace {

// sd-daemon(3) priority prefixes, so journald records the right severity.
class JournalPriorityFlag : public spdlog::custom_flag_formatter {
 public:
  void format(const spdlog::details::log_msg& msg, const std::tm&,
              spdlog::memory_buf_t& dest) override {
    static constexpr const char* kPrefix[] = {"<7>", "<7>", "<6>", "<4>", "<3>", "<2>", "<6>"};
    const char* p = kPrefix[static_cast<int>(msg.level)];
    dest.append(p, p + 3);
  }
  std::unique_ptr<custom_flag_formatter> clone() const override {
    return std::make_unique<JournalPriorityFlag>();
  }
};

std::optional<spdlog::level::level_enum> level_from(std::string_view name) {
  for (int i = spdlog::level::trace; i <= spdlog::level::off; ++i) {
    auto level = static_cast<spdlog::level::level_enum>(i);
    auto sv = spdlog::level::to_string_view(level);
    if (name == std::string_view(sv.data(), sv.size())) return level;
  }
  if (name == "warn") return spdlog::level::warn;  // spdlog spells it "warning"
  return std::nullopt;
}

}  // namespace

bool is_log_level(std::string_view level) { return level_from(level).has_value(); }

bool setup_logging(std::string_view level) {
  auto parsed = level_from(level);
  if (!parsed) return false;
  auto logger = std::make_shared<spdlog::logger>(
      "kommunalfeed", std::make_shared<spdlog::sinks::stderr_sink_mt>());
  auto formatter = std::make_unique<spdlog::pattern_formatter>();
  if (std::getenv("JOURNAL_STREAM") != nullptr) {
    formatter->add_flag<JournalPriorityFlag>('*').set_pattern("%*%v");
  } else {
    formatter->set_pattern("%Y-%m-%d %H:%M:%S.%e %^%-5l%$ %v");
  }
  logger->set_formatter(std::move(formatter));
  logger->set_level(*parsed);
  logger->flush_on(spdlog::level::warn);
  spdlog::set_default_logger(std::move(logger));
  return true;
}

}  // namespace kf::app
