// Public links to files agents send, for channels that fetch them from the open internet (LINE
// wants public HTTPS URLs for an image message's original and preview): /files/TOKEN under
// --public-url, where the token names one attachment and one variant and expires, signed with a
// key of the server's (kept in the store, shared by every node). Nothing else is readable that
// way, and a token cannot be turned into another file's.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "app/async.hpp"
#include "app/file_store.hpp"
#include "app/presence_service.hpp"
#include "core/error.hpp"

namespace baton::app {

inline constexpr auto kDefaultFileLinkLifetime = std::chrono::hours(24 * 14);

struct FileLinkClaim {
  core::Id attachment_id;
  FileVariant variant = FileVariant::original;
  core::TimePoint expires_at;
};

// Signs and checks tokens with a given key: no store, no clock of its own (unit tested).
class FileLinkSigner {
 public:
  explicit FileLinkSigner(std::string key) : key_(std::move(key)) {}
  std::string sign(const FileLinkClaim& claim) const;
  // The claim when the signature holds and `now` is before its expiry.
  std::optional<FileLinkClaim> verify(std::string_view token, core::TimePoint now) const;

 private:
  std::string key_;
};

class FileLinks {
 public:
  FileLinks(store::Store& store, ClockFn clock, std::chrono::seconds lifetime = kDefaultFileLinkLifetime);
  // Reads the server's key, making it on the first start (blocking: call at start-up).
  void load_key();
  // The links' base: --public-url, or the listening address (no trailing slash).
  void set_base_url(std::string base_url) { base_url_ = std::move(base_url); }
  // A public URL of the attachment's variant, valid from now for the lifetime.
  std::string url(const core::Id& attachment_id, FileVariant variant) const;
  // The claim, or 404 not_found when the token is not ours or has expired (an expired link is
  // indistinguishable from one that never was).
  core::Result<FileLinkClaim> check(std::string_view token) const;

 private:
  store::Store& store_;
  ClockFn clock_;
  std::chrono::seconds lifetime_;
  std::string base_url_;
  std::optional<FileLinkSigner> signer_;
};

}  // namespace baton::app
