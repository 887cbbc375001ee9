// Where the bytes of files in messages live. Behind an interface so that a deployment could keep
// them elsewhere (an object store); today they live in the database (SQLite, or PostgreSQL for
// several nodes, so that any node serves any file), in the same transaction as their message:
// a file is kept exactly when its message is, never half.
#pragma once

#include <optional>
#include <string>

#include "core/types.hpp"
#include "store/store.hpp"

namespace baton::app {

// A file's bytes and, for an image, its preview's (empty: none).
struct FileContent {
  std::string data;
  std::string preview;
};

enum class FileVariant { original, preview };

class FileStore {
 public:
  virtual ~FileStore() = default;
  // Inside the write job that stores the attachment (after it is inserted).
  virtual void keep(store::WriteTxn& txn, const core::Id& attachment_id, const FileContent& content) = 0;
  // The bytes while the attachment is ready; nothing once it failed or expired.
  virtual std::optional<std::string> read(store::ReadTxn& txn, const core::Id& attachment_id, FileVariant variant) = 0;
  // Drops the bytes of up to `limit` files stored before `before`; the attachments it expired.
  virtual std::vector<core::Attachment> expire(store::WriteTxn& txn, core::TimePoint before, int limit) = 0;
};

// The files in the attachments table of the database.
class DatabaseFileStore final : public FileStore {
 public:
  void keep(store::WriteTxn& txn, const core::Id& attachment_id, const FileContent& content) override {
    txn.store_attachment_data(attachment_id, content.data, content.preview);
  }
  std::optional<std::string> read(store::ReadTxn& txn, const core::Id& attachment_id, FileVariant variant) override {
    return txn.attachment_data(attachment_id, variant == FileVariant::preview);
  }
  std::vector<core::Attachment> expire(store::WriteTxn& txn, core::TimePoint before, int limit) override {
    return txn.expire_attachments(before, limit);
  }
};

}  // namespace baton::app
