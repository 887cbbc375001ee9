#include "media/vips_runtime.hpp"

#include <spdlog/spdlog.h>

#include <mutex>
#include <stdexcept>

namespace baton::media {
namespace {

constexpr int kWorkerThreadsPerPipeline = 1;

// The decoders left open (class names of vips's buffer loaders, blocked and unblocked as a family).
constexpr const char* kAllowedLoaders[] = {"VipsForeignLoadJpeg", "VipsForeignLoadPng", "VipsForeignLoadNsgif",
                                           "VipsForeignLoadWebp", "VipsForeignLoadHeif"};

// vips prints a decoder's warnings (a damaged file's "premature end of data") on stderr; they
// describe customers' files, whose failures come back as values already: debug lines only.
void log_vips_warning(const gchar* domain, GLogLevelFlags, const gchar* message, gpointer) {
  spdlog::debug("event=vips_warning domain={} message=\"{}\"", domain ? domain : "", message ? message : "");
}

void configure_vips() {
  g_log_set_handler("VIPS", static_cast<GLogLevelFlags>(G_LOG_LEVEL_WARNING | G_LOG_LEVEL_MESSAGE), log_vips_warning,
                    nullptr);
  vips_cache_set_max(0);
  vips_cache_set_max_mem(0);
  vips_cache_set_max_files(0);
  vips_concurrency_set(kWorkerThreadsPerPipeline);
  vips_block_untrusted_set(TRUE);
  vips_operation_block_set("VipsForeignLoad", TRUE);
  for (const char* loader : kAllowedLoaders) vips_operation_block_set(loader, FALSE);
}

}  // namespace

void start_vips() {
  static std::once_flag started;
  static bool ok = false;
  std::call_once(started, [] {
    ok = vips_init("baton") == 0;
    if (ok) configure_vips();
  });
  if (!ok) throw std::runtime_error("libvips could not start: " + take_vips_error());
}

bool heif_decoding_available() {
  start_vips();
  return vips_type_find("VipsOperation", "heifload_buffer") != 0;
}

std::string take_vips_error() {
  gchar* copy = vips_error_buffer_copy();
  std::string message = copy ? copy : "";
  g_free(copy);
  while (!message.empty() && message.back() == '\n') message.pop_back();
  return message.empty() ? "libvips failed without saying why" : message;
}

}  // namespace baton::media
