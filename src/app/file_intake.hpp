// What happens to a file between its upload and its message: its type read from its bytes (never
// its name), the size limit of its kind, an image's processing (orientation applied, location
// and other metadata stripped, a preview made) and an optional virus scan. Refusals are clear
// errors (413 for size, 415 for type, 422 for an infected file) and store nothing.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <cstdint>
#include <string>

#include "app/conversation_service.hpp"
#include "core/error.hpp"

namespace baton::app {

struct FileUpload {
  std::string file_name;  // as the sender named it (shown; never trusted for the type)
  std::string bytes;
};

// The largest file of each kind, for clients to refuse before uploading.
struct FileLimits {
  std::uint64_t max_image_bytes = 0;
  std::uint64_t max_file_bytes = 0;  // any other kind
};

class FileIntake {
 public:
  virtual ~FileIntake() = default;
  // The file as it will be stored (attachment ready, ids unset but its own), or why it is refused.
  virtual boost::asio::awaitable<core::Result<NewFile>> prepare(FileUpload upload) = 0;
  // The largest upload of any kind, in bytes: bodies past it are refused before they are read.
  virtual std::size_t max_upload_bytes() const = 0;
  virtual FileLimits limits() const = 0;
};

}  // namespace baton::app
