// RESP, Redis's wire format: commands written and replies read with hiredis's codec (only the
// codec: the connection is ours, on Asio).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace baton::bus::redis {

// One reply, copied out of hiredis's objects.
struct RespValue {
  enum class Kind { string, array, integer, nil, status, error };
  Kind kind = Kind::nil;
  std::string text;  // string, status, error
  std::int64_t integer = 0;
  std::vector<RespValue> elements;  // array

  bool is_error() const { return kind == Kind::error; }
};

// The bytes of one command: `args` as a RESP array of bulk strings.
std::string format_command(const std::vector<std::string>& args);

class RespError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Replies out of a byte stream. Bounded: a reply (or garbage) longer than `max_buffered` bytes
// throws, as does a protocol error; the connection is then dropped.
class RespParser {
 public:
  explicit RespParser(std::size_t max_buffered = 64u << 20);
  ~RespParser();
  RespParser(const RespParser&) = delete;
  RespParser& operator=(const RespParser&) = delete;

  void feed(std::string_view bytes);
  // The next complete reply, if one has arrived.
  std::optional<RespValue> next();

 private:
  struct ReaderFree {
    void operator()(void* reader) const;
  };
  std::unique_ptr<void, ReaderFree> reader_;
  std::size_t max_buffered_;
  std::size_t buffered_ = 0;
  std::size_t elements_in_reply_ = 0;  // array elements of the reply being read, nested ones too
};

}  // namespace baton::bus::redis
