#include "adapters/text_split.h"

#include <cstdint>

namespace careerbot::adapters {
namespace {

struct Char {
  size_t offset;  // in bytes
  size_t bytes;
  uint32_t cp;  // 0xFFFD for a byte that is not UTF-8
};

std::vector<Char> Decode(std::string_view s) {
  std::vector<Char> out;
  for (size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    size_t len = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
    uint32_t cp = len == 1 ? c : len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F) : (c & 0x07);
    bool ok = len > 0 && i + len <= s.size();
    for (size_t k = 1; ok && k < len; ++k) {
      const auto cc = static_cast<unsigned char>(s[i + k]);
      ok = (cc & 0xC0) == 0x80;
      cp = (cp << 6) | (cc & 0x3F);
    }
    if (!ok) {
      len = 1;
      cp = 0xFFFD;
    }
    out.push_back({i, len, cp});
    i += len;
  }
  return out;
}

size_t Units(const Char& c, LengthUnit unit) {
  switch (unit) {
    case LengthUnit::kBytes: return c.bytes;
    case LengthUnit::kUtf16Units: return c.cp > 0xFFFF ? 2 : 1;
    case LengthUnit::kCodePoints: return 1;
  }
  return c.bytes;
}

bool IsSpace(uint32_t cp) {
  return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == 0x3000;
}
// Ends a sentence wherever it stands (CJK full-width marks, the ellipsis).
bool IsWideTerminator(uint32_t cp) {
  return cp == 0x3002 || cp == 0xFF01 || cp == 0xFF1F || cp == 0xFF1B || cp == 0x2026 ||
         cp == 0xFF0E;
}
// Ends a sentence only when whitespace follows ("3.5" and "e.g" must not split).
bool IsAsciiTerminator(uint32_t cp) { return cp == '.' || cp == '!' || cp == '?' || cp == ';'; }
bool IsCloser(uint32_t cp) {
  return cp == '"' || cp == '\'' || cp == ')' || cp == ']' || cp == 0x201D || cp == 0x2019 ||
         cp == 0x300D || cp == 0x300F || cp == 0xFF09 || cp == 0x3011 || cp == 0x300B;
}
// Characters that belong to the one before them: a cut must not go just before one.
bool Extends(uint32_t cp) {
  return cp == 0x200D || (cp >= 0xFE00 && cp <= 0xFE0F) || (cp >= 0x1F3FB && cp <= 0x1F3FF) ||
         (cp >= 0x0300 && cp <= 0x036F) || (cp >= 0x20D0 && cp <= 0x20FF) ||
         (cp >= 0xE0020 && cp <= 0xE007F);
}
bool IsRegionalIndicator(uint32_t cp) { return cp >= 0x1F1E6 && cp <= 0x1F1FF; }

// The best cut in (start, end]: the piece is chars [start, cut).
size_t FindCut(const std::vector<Char>& c, size_t start, size_t end) {
  // A sentence end, with its closing quotes.
  for (size_t cut = end; cut > start; --cut) {
    size_t k = cut;
    while (k > start && IsCloser(c[k - 1].cp)) --k;
    if (k == start) continue;
    const uint32_t t = c[k - 1].cp;
    const bool next_space = cut == c.size() || IsSpace(c[cut].cp);
    if (t == '\n' || IsWideTerminator(t) || (IsAsciiTerminator(t) && next_space)) return cut;
  }
  // A space.
  for (size_t cut = end; cut > start; --cut) {
    if (cut < c.size() && IsSpace(c[cut].cp)) return cut;
  }
  // Between two characters, not inside an emoji sequence or a flag.
  size_t cut = end;
  while (cut > start + 1 && cut < c.size() &&
         (Extends(c[cut].cp) || c[cut - 1].cp == 0x200D)) {
    --cut;
  }
  if (cut < c.size() && IsRegionalIndicator(c[cut].cp)) {
    size_t run = 0;
    while (cut - run > start && IsRegionalIndicator(c[cut - run - 1].cp)) ++run;
    if (run % 2 == 1 && cut - 1 > start) --cut;
  }
  return cut > start ? cut : end;
}

}  // namespace

size_t TextLength(std::string_view text, LengthUnit unit) {
  size_t n = 0;
  for (const Char& c : Decode(text)) n += Units(c, unit);
  return n;
}

std::vector<std::string> SplitText(std::string_view text, size_t limit, LengthUnit unit) {
  const std::vector<Char> c = Decode(text);
  std::vector<std::string> pieces;
  size_t start = 0;
  while (start < c.size()) {
    size_t end = start;
    size_t used = 0;
    while (end < c.size() && used + Units(c[end], unit) <= limit) used += Units(c[end++], unit);
    if (end == start) end = start + 1;  // one character longer than the limit: alone
    size_t cut = end == c.size() ? end : FindCut(c, start, end);
    size_t last = cut;
    if (cut < c.size()) {
      while (last > start && IsSpace(c[last - 1].cp)) --last;  // trailing whitespace at a cut
    }
    const size_t from = c[start].offset;
    const size_t to = last == c.size() ? text.size() : c[last].offset;
    if (to > from) pieces.emplace_back(text.substr(from, to - from));
    start = cut;
    if (start < c.size()) {
      while (start < c.size() && IsSpace(c[start].cp)) ++start;  // leading whitespace at a cut
    }
  }
  return pieces;
}

std::string PlainReplyText(const dialog::Reply& reply, bool link_html) {
  std::string out = reply.text;
  auto line = [&out](const std::string& s) {
    if (!out.empty()) out += '\n';
    out += s;
  };
  for (size_t i = 0; i < reply.choices.size(); ++i) {
    line(std::to_string(i + 1) + ". " + reply.choices[i].label);
  }
  if (reply.link) {
    const std::string& title = reply.link->title.empty() ? reply.link->url : reply.link->title;
    if (link_html) {
      std::string url;
      for (char ch : reply.link->url) url += ch == '"' ? std::string("%22") : std::string(1, ch);
      line("<a href=\"" + url + "\">" + title + "</a>");
    } else {
      line(reply.link->title.empty() ? reply.link->url : title + ": " + reply.link->url);
    }
  }
  return out;
}

std::vector<std::string> PackReplies(const dialog::TurnAnswer& answer, size_t limit,
                                     LengthUnit unit, bool link_html) {
  std::vector<std::string> messages;
  std::string current;
  for (const dialog::Reply& reply : answer.replies) {
    for (std::string& piece : SplitText(PlainReplyText(reply, link_html), limit, unit)) {
      const std::string joined = current.empty() ? piece : current + "\n\n" + piece;
      if (TextLength(joined, unit) <= limit) {
        current = joined;
      } else {
        messages.push_back(std::move(current));
        current = std::move(piece);
      }
    }
  }
  if (!current.empty()) messages.push_back(std::move(current));
  return messages;
}

}  // namespace careerbot::adapters
