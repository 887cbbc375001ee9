// The services the channels call, wired once in main.
#pragma once

#include "app/assistant_service.hpp"
#include "app/attachment_service.hpp"
#include "app/auth_service.hpp"
#include "app/canned_reply_service.hpp"
#include "app/conversation_service.hpp"
#include "app/label_service.hpp"
#include "app/line_channel_service.hpp"
#include "app/line_inbound_service.hpp"
#include "app/line_read_receipts.hpp"
#include "app/note_service.hpp"
#include "app/playground_service.hpp"
#include "app/presence_service.hpp"
#include "app/report_service.hpp"
#include "app/resume_tokens.hpp"
#include "app/visitor_presence.hpp"
#include "app/webhook_service.hpp"

namespace baton::app {

struct Services {
  AuthService& auth;
  AssistantService& assistants;
  ConversationService& conversations;
  PresenceService& presence;
  PlaygroundService& playground;
  LineChannelService& line;
  LineInboundService& line_inbound;
  NoteService& notes;
  CannedReplyService& canned_replies;
  LabelService& labels;
  WebhookService& webhooks;
  bus::EventBus& bus;
  ReportService& reports;
  // E-mail follow-up (team operations §4.12): the resume links, and the widget sockets' presence.
  ResumeService* resume = nullptr;
  VisitorPresenceTracker* visitor_presence = nullptr;
  // Files in messages (issue 16).
  AttachmentService* attachments = nullptr;
  // LINE read receipts (markAsRead) when an agent reads a live LINE conversation.
  LineReadReceipts* line_receipts = nullptr;
};

}  // namespace baton::app
