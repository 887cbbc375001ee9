#include "app/file_links.hpp"

#include <charconv>
#include <stdexcept>

#include "app/signed_tokens.hpp"

namespace baton::app {
namespace {

constexpr std::string_view kKeyName = "file_link_key";

char variant_letter(FileVariant variant) { return variant == FileVariant::preview ? 'p' : 'o'; }

}  // namespace

// attachment_id '|' o|p '|' expiry in Unix seconds.
std::string FileLinkSigner::sign(const FileLinkClaim& claim) const {
  const auto expires = std::chrono::duration_cast<std::chrono::seconds>(claim.expires_at.time_since_epoch()).count();
  return seal(key_, claim.attachment_id + "|" + variant_letter(claim.variant) + "|" + std::to_string(expires));
}

std::optional<FileLinkClaim> FileLinkSigner::verify(std::string_view token, core::TimePoint now) const {
  auto payload = unseal(key_, token);
  if (!payload) return std::nullopt;
  const auto first = payload->find('|');
  if (first == std::string::npos || first == 0 || payload->size() < first + 4 || (*payload)[first + 2] != '|') {
    return std::nullopt;
  }
  const char letter = (*payload)[first + 1];
  if (letter != 'o' && letter != 'p') return std::nullopt;
  std::int64_t expires = 0;
  const auto* end = payload->data() + payload->size();
  if (std::from_chars(payload->data() + first + 3, end, expires).ptr != end) return std::nullopt;
  FileLinkClaim claim{payload->substr(0, first), letter == 'p' ? FileVariant::preview : FileVariant::original,
                      core::TimePoint(std::chrono::seconds(expires))};
  if (now >= claim.expires_at) return std::nullopt;
  return claim;
}

FileLinks::FileLinks(store::Store& store, ClockFn clock, std::chrono::seconds lifetime)
    : store_(store), clock_(std::move(clock)), lifetime_(lifetime) {}

void FileLinks::load_key() { signer_.emplace(load_server_key(store_, kKeyName)); }

std::string FileLinks::url(const core::Id& attachment_id, FileVariant variant) const {
  if (!signer_) throw std::logic_error("FileLinks::url before load_key");
  const auto expires = std::chrono::time_point_cast<std::chrono::seconds>(clock_() + lifetime_);
  return base_url_ + "/files/" + signer_->sign(FileLinkClaim{attachment_id, variant, expires});
}

core::Result<FileLinkClaim> FileLinks::check(std::string_view token) const {
  auto claim = signer_ ? signer_->verify(token, clock_()) : std::nullopt;
  if (!claim) return core::fail(core::ErrorCode::not_found, "no such file, or its link has expired");
  return *claim;
}

}  // namespace baton::app
