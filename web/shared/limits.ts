// The sizes the server enforces (src/core/limits.hpp, text.hpp, business_hours.cpp), for the
// forms' maxLength, and the typing-indicator timings both front ends share.
// tests/browser/web_limits.test.mjs holds each size to its C++ constant of the same name.

export const kMaxMessageChars = 4000; // a message, a knowledge answer, a transfer note
export const kMaxNameChars = 100;
export const kMaxContactChars = 200;
export const kMaxGreetingChars = 1000; // and the offline message
export const kMaxQuestionChars = 1000; // and a survey's question
export const kMaxCsatCommentChars = 1000;
export const kMaxZoneName = 64;

// A typing frame goes out at most this often while someone types, and shows this long after the last.
export const kTypingSentEveryMs = 3000;
export const kTypingShownMs = 5000;
