// What a virus scan found: clean, infected (with the signature's name), or no verdict (why).
#pragma once

#include <string>
#include <string_view>

namespace baton::media {

enum class ScanOutcome { clean, infected, error };

struct ScanResult {
  ScanOutcome outcome = ScanOutcome::error;
  std::string signature;  // infected: the signature that matched, as clamd names it
  std::string reason;     // error: why there is no verdict (for the log; refuse or retry the upload)

  static ScanResult clean() { return {ScanOutcome::clean, {}, {}}; }
  static ScanResult infected(std::string signature) { return {ScanOutcome::infected, std::move(signature), {}}; }
  static ScanResult failed(std::string reason) { return {ScanOutcome::error, {}, std::move(reason)}; }
};

// "clean", "infected" or "error".
std::string_view scan_outcome_name(ScanOutcome outcome);

}  // namespace baton::media
