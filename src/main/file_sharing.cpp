#include "main/file_sharing.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace baton::main {
namespace {

namespace asio = boost::asio;

std::uint64_t bytes_of(double megabytes) { return static_cast<std::uint64_t>(megabytes * 1'000'000); }

std::chrono::seconds seconds_of(double days) {
  return std::chrono::seconds(static_cast<std::int64_t>(std::max(1.0, days * 86400.0)));
}

app::FileIntakeOptions intake_options(const ServerOptions& options, const std::optional<media::VirusScanner>& scanner) {
  app::FileIntakeOptions intake;
  if (scanner) {
    intake.scan = [&scanner = *scanner](std::string_view bytes) { return scanner.scan(bytes); };
  }
  intake.policy.max_image_bytes = bytes_of(options.max_image_mb);
  intake.policy.max_video_bytes = bytes_of(options.max_file_mb);
  intake.policy.max_audio_bytes = bytes_of(options.max_file_mb);
  intake.policy.max_file_bytes = bytes_of(options.max_file_mb);
  intake.images.max_input_bytes = intake.policy.max_image_bytes;
  return intake;
}

}  // namespace

FileSharing::FileSharing(const ServerOptions& options, store::Store& store, asio::thread_pool& pool,
                         app::ConversationService& conversations, app::ClockFn clock)
    : options_(options),
      scanner_(options.clamav_socket.empty()
                   ? std::nullopt
                   : std::optional<media::VirusScanner>(media::ClamdSettings{options.clamav_socket})),
      links_(store, clock, seconds_of(options.file_link_days)),
      intake_(pool, clock, intake_options(options, scanner_)),
      attachments_(store, pool, conversations, intake_, files_, links_, clock) {
  links_.load_key();
  conversations.set_file_store(files_);
}

void FileSharing::start(asio::io_context& io, const std::string& listening_url) {
  links_.set_base_url(links_base(options_, listening_url));
  if (options_.file_retention_days > 0) asio::co_spawn(io, sweep_expired(), asio::detached);
}

// Every so often (a quarter of the retention, between a second and ten minutes), in passes of
// a bounded size until nothing is left to expire.
asio::awaitable<void> FileSharing::sweep_expired() {
  const auto retention = seconds_of(options_.file_retention_days);
  const auto period =
      std::clamp<std::chrono::seconds>(retention / 4, std::chrono::seconds(1), std::chrono::minutes(10));
  asio::steady_timer timer(co_await asio::this_coro::executor);
  for (;;) {
    timer.expires_after(period);
    auto [error] = co_await timer.async_wait(asio::as_tuple(asio::use_awaitable));
    if (error) co_return;
    try {
      for (;;) {
        auto expired = co_await attachments_.expire_old(retention);
        if (!expired || *expired == 0) break;
        spdlog::info("event=files_expired count={}", *expired);
      }
    } catch (const std::exception& failure) {
      spdlog::warn("event=file_sweep_failed error=\"{}\"", failure.what());
    }
  }
}

}  // namespace baton::main
