// Splitting long texts under a platform's length limit, and the plain-text form of
// choices and links for channels without buttons.
//
// Pure functions; safe from any thread.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "dialog/messages.h"

namespace careerbot::adapters {

// How a platform counts the length of a text.
enum class LengthUnit {
  kBytes,       // UTF-8 bytes (WeChat, WeCom, DingTalk)
  kUtf16Units,  // UTF-16 code units: an emoji above U+FFFF counts 2 (Telegram)
  kCodePoints,
};

// The length of valid UTF-8 `text` in `unit`.
size_t TextLength(std::string_view text, LengthUnit unit);

// Splits `text` into pieces of at most `limit` units each, in order, concatenating
// back to `text` except for whitespace dropped at the cuts. A cut goes after the
// last sentence end that fits (。！？ and the like; '.', '!' or '?' followed by
// whitespace; a line break), closing quotes and brackets kept with their sentence;
// failing that after the last space; failing that between two characters, never
// inside a UTF-8 sequence and not inside an emoji sequence (before a ZWJ, a
// variation selector, a skin-tone modifier or a combining mark) where it can be
// avoided. Empty text gives no piece. Bytes that are not UTF-8 are treated as single
// characters. `limit` must be at least 4 bytes / 2 UTF-16 units / 1 code point.
std::vector<std::string> SplitText(std::string_view text, size_t limit, LengthUnit unit);

// The text of a reply as a channel without buttons shows it:
//   text
//   1. label
//   2. label
//   title: url
// (choices numbered by position, as the dialog understands "2" for the second).
// `link_html`: the link as <a href="url">title</a> (WeChat, WeCom text messages).
std::string PlainReplyText(const dialog::Reply& reply, bool link_html);

// The messages a text-only channel sends for a whole answer: each reply as
// PlainReplyText; consecutive replies share one message (separated by a blank
// line) while it stays within `limit`, so a client gets few messages (WeChat allows
// about 20 per interaction); a reply longer than `limit` is split (SplitText).
std::vector<std::string> PackReplies(const dialog::TurnAnswer& answer, size_t limit,
                                     LengthUnit unit, bool link_html);

}  // namespace careerbot::adapters
