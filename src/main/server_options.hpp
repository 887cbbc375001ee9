// What `baton serve` is told, from flags or BATON_* environment variables.
#pragma once

#include <string>
#include <vector>

namespace baton::main {

struct ServerOptions {
  std::string listen = "127.0.0.1:8080";
  std::string data = "./data";
  std::string database;      // PostgreSQL URL: the store for several nodes; empty: SQLite under `data`
  int database_writers = 4;  // PostgreSQL: writer lanes (a connection each); 4 beat 8 on 2 cores
  std::string redis;         // Redis URL: events and presence between nodes; empty: one node
  bool demo = false;
  int io_threads = 0;               // 0: one per core
  int blocking_threads = 8;         // store reads, the AI, password hashing
  int presence_grace_seconds = 60;  // an online agent without sockets counts this long
  double customer_burst = 20;       // messages a customer may send at once
  double customer_rate = 5;         // messages per second after the burst
  std::string log_level = "info";
  double llm_timeout_seconds = 20;  // an LLM endpoint silent this long counts as failed
  int llm_attempts = 2;             // tries before the built-in responder answers instead
  std::string line_api_base = "https://api.line.me";
  std::string line_data_api_base = "https://api-data.line.me";
  std::string timezone = "Asia/Taipei";  // reports' default zone when an assistant has no business hours
  bool webhook_allow_private = false;    // webhooks may go to loopback and private addresses (tests, a LAN)
  int lease_seconds = 30;  // work claimed by a node that dies (a LINE task, an AI answer) falls due again after this

  // Security (README "Security").
  int session_idle_hours = 168;              // a console session unused this long ends
  std::vector<std::string> trusted_proxies;  // CIDRs whose X-Forwarded-For/-Proto are believed
  int hashing_threads = 1;                   // argon2id runs here, apart from everything else
  double widget_session_rate = 30;           // new widget sessions per client address per minute
  double handoff_rate = 10;                  // handoff requests per client address per minute
  double offline_message_rate = 5;           // offline messages per client address per minute
  int max_sockets_per_visitor = 10;          // open widget sockets per visitor token

  // Prometheus (README "Metrics"): a listener of its own, and/or GET /metrics on the main one.
  std::string metrics_listen;          // HOST:PORT; empty: none
  std::string metrics_token;           // empty: no /metrics on the main listener (404)
  bool metrics_per_assistant = false;  // the queue gauges by assistant too (few assistants)
  // E-mail follow-up of offline web visitors (team operations §4.12).
  std::string smtp_url;    // smtp(s)://user:pass@host:port; empty: no e-mail
  std::string mail_from;   // the sender address
  std::string public_url;  // the links' base (https://HOST); empty: the listening address
  int email_delay_ms = 0;  // tests only: replaces every assistant's delay
  // Files in messages (issue 16).
  double max_image_mb = 10;          // pictures (LINE takes originals up to 10 MB)
  double max_file_mb = 20;           // everything else: PDF, video, voice, documents
  double file_retention_days = 365;  // 0: files are kept for ever
  double file_link_days = 14;        // the public links LINE fetches pictures from
  std::string clamav_socket;         // clamd's UNIX socket; empty: no scanning
};

// The base of the links this server hands out (e-mails' resume links, LINE's file links):
// --public-url, or `listening_url` without it, with no trailing slash.
inline std::string links_base(const ServerOptions& options, const std::string& listening_url) {
  std::string url = options.public_url.empty() ? listening_url : options.public_url;
  while (!url.empty() && url.back() == '/') url.pop_back();
  return url;
}

}  // namespace baton::main
