#include "channels/email/smtp_sender.hpp"

#include <curl/curl.h>

#include <cstring>
#include <memory>
#include <mutex>

namespace baton::channels::email {
namespace {

constexpr long kConnectTimeoutSeconds = 10;
constexpr long kTransferTimeoutSeconds = 20;  // below the outbox lease, so a claim outlives its try
constexpr std::size_t kMaxKeptAnswer = 300;

struct Upload {
  const std::string& data;
  std::size_t sent = 0;
};

std::size_t read_upload(char* buffer, std::size_t size, std::size_t count, void* user) {
  auto& upload = *static_cast<Upload*>(user);
  const auto room = size * count;
  const auto left = upload.data.size() - upload.sent;
  const auto chunk = std::min(room, left);
  std::memcpy(buffer, upload.data.data() + upload.sent, chunk);
  upload.sent += chunk;
  return chunk;
}

// The server's last answer line ("550 5.1.1 No such user"), for the row's last_error.
int keep_answer(CURL*, curl_infotype type, char* data, std::size_t size, void* user) {
  if (type != CURLINFO_HEADER_IN) return 0;
  std::string line(data, size);
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.pop_back();
  if (!line.empty()) *static_cast<std::string*>(user) = line.substr(0, kMaxKeptAnswer);
  return 0;
}

int check_stop(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  return static_cast<const std::atomic<bool>*>(user)->load() ? 1 : 0;
}

struct CurlDeleter {
  void operator()(CURL* curl) const { curl_easy_cleanup(curl); }
};
struct ListDeleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};

}  // namespace

SmtpSender::SmtpSender(SmtpConfig config) : config_(std::move(config)) {
  // Once per process, before any transfer (and before the worker's thread exists).
  static std::once_flag initialised;
  std::call_once(initialised, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

app::EmailSendResult SmtpSender::send(const std::string& to, const std::string& message, const std::atomic<bool>& stop,
                                      bool& cancelled) const {
  cancelled = false;
  std::unique_ptr<CURL, CurlDeleter> curl(curl_easy_init());
  if (!curl) return {core::SmtpOutcome::retry, "libcurl could not start a transfer"};
  const std::string from = "<" + config_.from + ">";
  std::unique_ptr<curl_slist, ListDeleter> recipients(curl_slist_append(nullptr, ("<" + to + ">").c_str()));
  Upload upload{message};
  std::string answer;
  char error[CURL_ERROR_SIZE] = {};
  CURL* handle = curl.get();
  curl_easy_setopt(handle, CURLOPT_URL, config_.url.c_str());
  curl_easy_setopt(handle, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_TRY));
  curl_easy_setopt(handle, CURLOPT_MAIL_FROM, from.c_str());
  curl_easy_setopt(handle, CURLOPT_MAIL_RCPT, recipients.get());
  curl_easy_setopt(handle, CURLOPT_READFUNCTION, read_upload);
  curl_easy_setopt(handle, CURLOPT_READDATA, &upload);
  curl_easy_setopt(handle, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(handle, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(message.size()));
  curl_easy_setopt(handle, CURLOPT_CONNECTTIMEOUT, kConnectTimeoutSeconds);
  curl_easy_setopt(handle, CURLOPT_TIMEOUT, kTransferTimeoutSeconds);
  curl_easy_setopt(handle, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(handle, CURLOPT_ERRORBUFFER, error);
  curl_easy_setopt(handle, CURLOPT_VERBOSE, 1L);  // only so that the debug callback sees the answers
  curl_easy_setopt(handle, CURLOPT_DEBUGFUNCTION, keep_answer);
  curl_easy_setopt(handle, CURLOPT_DEBUGDATA, &answer);
  curl_easy_setopt(handle, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt(handle, CURLOPT_XFERINFOFUNCTION, check_stop);
  curl_easy_setopt(handle, CURLOPT_XFERINFODATA, &stop);
  const CURLcode code = curl_easy_perform(handle);
  if (code == CURLE_ABORTED_BY_CALLBACK) {
    cancelled = true;
    return {core::SmtpOutcome::retry, "stopped"};
  }
  long response = 0;
  curl_easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &response);
  const auto outcome = core::classify_smtp(code == CURLE_OK, response);
  if (outcome == core::SmtpOutcome::sent) return {outcome, {}};
  std::string why =
      !answer.empty() && response >= 400 ? answer : std::string(error[0] ? error : curl_easy_strerror(code));
  return {outcome, why};
}

}  // namespace baton::channels::email
