#include "adapters/flat_xml.h"

#include <utility>
#include <vector>

#include "base/utf8.h"

namespace careerbot::adapters {
namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

bool IsNameStart(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
}
bool IsNameChar(char c) {
  return IsNameStart(c) || (c >= '0' && c <= '9') || c == '-' || c == '.';
}

bool IsXmlChar(uint32_t cp) {
  return cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF) ||
         (cp >= 0xE000 && cp <= 0xFFFD) || (cp >= 0x10000 && cp <= 0x10FFFF);
}

void AppendUtf8(uint32_t cp, std::string* out) {
  if (cp < 0x80) {
    *out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    *out += static_cast<char>(0xC0 | (cp >> 6));
    *out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    *out += static_cast<char>(0xE0 | (cp >> 12));
    *out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    *out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    *out += static_cast<char>(0xF0 | (cp >> 18));
    *out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    *out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    *out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// Decodes one UTF-8 sequence at s[i]; returns its length, or 0 when ill-formed.
size_t DecodeUtf8(std::string_view s, size_t i, uint32_t* cp) {
  const auto c = static_cast<unsigned char>(s[i]);
  size_t len;
  if (c < 0x80) {
    *cp = c;
    return 1;
  } else if ((c & 0xE0) == 0xC0) {
    len = 2;
    *cp = c & 0x1F;
  } else if ((c & 0xF0) == 0xE0) {
    len = 3;
    *cp = c & 0x0F;
  } else if ((c & 0xF8) == 0xF0) {
    len = 4;
    *cp = c & 0x07;
  } else {
    return 0;
  }
  if (i + len > s.size()) return 0;
  for (size_t k = 1; k < len; ++k) {
    const auto cc = static_cast<unsigned char>(s[i + k]);
    if ((cc & 0xC0) != 0x80) return 0;
    *cp = (*cp << 6) | (cc & 0x3F);
  }
  if ((len == 2 && *cp < 0x80) || (len == 3 && *cp < 0x800) || (len == 4 && *cp < 0x10000) ||
      *cp > 0x10FFFF || (*cp >= 0xD800 && *cp <= 0xDFFF)) {
    return 0;
  }
  return len;
}

class Parser {
 public:
  Parser(std::string_view s, FlatXml* out, std::string* err) : s_(s), out_(out), err_(err) {}

  bool Parse() {
    if (!IsValidUtf8(s_)) return Fail("the document is not valid UTF-8");
    SkipSpace();
    if (Starts("<?xml") && pos_ + 5 < s_.size() && IsSpace(s_[pos_ + 5])) {
      const size_t end = s_.find("?>", pos_);
      if (end == std::string_view::npos) return Fail("unterminated XML declaration");
      pos_ = end + 2;
      SkipSpace();
    }
    if (Starts("<!")) return Fail("DTDs and comments are not accepted");
    if (Starts("<?")) return Fail("processing instructions are not accepted");
    if (!Starts("<")) return Fail("expected the root element");
    if (!Element("", 1)) return false;
    SkipSpace();
    if (pos_ != s_.size()) return Fail("content after the root element");
    return true;
  }

 private:
  bool Fail(const std::string& what) {
    *err_ = what + " (at byte " + std::to_string(pos_) + ")";
    return false;
  }
  bool Starts(std::string_view p) const { return s_.substr(pos_).starts_with(p); }
  void SkipSpace() {
    while (pos_ < s_.size() && IsSpace(s_[pos_])) ++pos_;
  }

  bool Name(std::string* name) {
    if (pos_ >= s_.size() || !IsNameStart(s_[pos_])) return Fail("expected an element name");
    const size_t start = pos_;
    while (pos_ < s_.size() && IsNameChar(s_[pos_])) ++pos_;
    *name = std::string(s_.substr(start, pos_ - start));
    return true;
  }

  // Text up to the next '<', with references decoded, appended to *out.
  bool Text(std::string* out) {
    while (pos_ < s_.size() && s_[pos_] != '<') {
      const char c = s_[pos_];
      if (c == '&') {
        if (!Reference(out)) return false;
        continue;
      }
      if (c == ']' && Starts("]]>")) return Fail("\"]]>\" is not allowed in text");
      *out += c;
      ++pos_;
    }
    return true;
  }

  bool Reference(std::string* out) {
    const size_t semi = s_.find(';', pos_);
    if (semi == std::string_view::npos || semi - pos_ > 12) return Fail("malformed reference");
    const std::string_view ref = s_.substr(pos_ + 1, semi - pos_ - 1);
    static const std::pair<std::string_view, char> kEntities[] = {
        {"lt", '<'}, {"gt", '>'}, {"amp", '&'}, {"quot", '"'}, {"apos", '\''}};
    for (const auto& [name, c] : kEntities) {
      if (ref == name) {
        *out += c;
        pos_ = semi + 1;
        return true;
      }
    }
    if (ref.size() >= 2 && ref[0] == '#') {
      const bool hex = ref[1] == 'x';
      const std::string_view digits = ref.substr(hex ? 2 : 1);
      uint32_t cp = 0;
      bool ok = !digits.empty();
      for (char d : digits) {
        int v = -1;
        if (d >= '0' && d <= '9') v = d - '0';
        if (hex && d >= 'a' && d <= 'f') v = d - 'a' + 10;
        if (hex && d >= 'A' && d <= 'F') v = d - 'A' + 10;
        if (v < 0 || cp > 0x10FFFF) {
          ok = false;
          break;
        }
        cp = cp * (hex ? 16 : 10) + static_cast<uint32_t>(v);
      }
      if (ok && IsXmlChar(cp)) {
        AppendUtf8(cp, out);
        pos_ = semi + 1;
        return true;
      }
      return Fail("invalid character reference");
    }
    return Fail("only the five predefined entities are accepted");
  }

  bool Element(const std::string& parent, int depth) {
    if (++elements_ > kMaxXmlElements) return Fail("too many elements");
    ++pos_;  // '<'
    std::string name;
    if (!Name(&name)) return false;
    const std::string path = depth == 1 ? std::string() : parent.empty() ? name : parent + "." + name;
    if (depth == 1) out_->root = name;
    SkipSpace();
    if (Starts("/>")) {
      pos_ += 2;
      return depth == 1 || Record(path, depth, std::string());
    }
    if (!Starts(">")) return Fail("attributes are not accepted");
    ++pos_;

    std::vector<std::pair<bool, std::string>> pieces;  // (is CDATA, text)
    bool has_children = false;
    for (;;) {
      if (pos_ >= s_.size()) return Fail("unterminated element <" + name + ">");
      if (Starts("</")) {
        pos_ += 2;
        std::string closing;
        if (!Name(&closing)) return false;
        if (closing != name) return Fail("mismatched closing tag");
        SkipSpace();
        if (!Starts(">")) return Fail("malformed closing tag");
        ++pos_;
        break;
      }
      if (Starts("<![CDATA[")) {
        pos_ += 9;
        const size_t end = s_.find("]]>", pos_);
        if (end == std::string_view::npos) return Fail("unterminated CDATA section");
        pieces.emplace_back(true, std::string(s_.substr(pos_, end - pos_)));
        pos_ = end + 3;
        continue;
      }
      if (Starts("<!")) return Fail("comments and declarations are not accepted");
      if (Starts("<?")) return Fail("processing instructions are not accepted");
      if (Starts("<")) {
        if (depth + 1 > kMaxXmlDepth) return Fail("elements nested too deep");
        has_children = true;
        if (!Element(path, depth + 1)) return false;
        continue;
      }
      std::string text;
      if (!Text(&text)) return false;
      pieces.emplace_back(false, std::move(text));
    }

    bool has_cdata = false;
    for (const auto& [cdata, text] : pieces) has_cdata |= cdata;
    std::string value;
    for (const auto& [cdata, text] : pieces) {
      const bool blank = text.find_first_not_of(" \t\r\n") == std::string::npos;
      if (!cdata && blank && (has_cdata || has_children)) continue;
      if (has_children) return Fail("text beside child elements");
      value += text;
    }
    if (has_children || depth == 1) return true;
    return Record(path, depth, std::move(value));
  }

  bool Record(const std::string& path, int depth, std::string value) {
    const bool inserted = out_->fields.emplace(path, std::move(value)).second;
    if (!inserted && depth == 2) return Fail("element <" + path + "> occurs twice");
    return true;
  }

  std::string_view s_;
  FlatXml* out_;
  std::string* err_;
  size_t pos_ = 0;
  size_t elements_ = 0;
};

}  // namespace

const std::string& FlatXml::Get(const std::string& path) const {
  static const std::string kEmpty;
  const auto it = fields.find(path);
  return it == fields.end() ? kEmpty : it->second;
}

bool ParseFlatXml(std::string_view xml, FlatXml* out, std::string* err) {
  FlatXml doc;
  std::string error;
  Parser parser(xml, &doc, &error);
  if (!parser.Parse()) {
    if (err) *err = "malformed XML: " + error;
    return false;
  }
  *out = std::move(doc);
  return true;
}

void AppendCdata(std::string_view text, std::string* out) {
  std::string clean;
  clean.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    uint32_t cp = 0;
    const size_t len = DecodeUtf8(text, i, &cp);
    if (len == 0) {
      AppendUtf8(0xFFFD, &clean);
      ++i;
      continue;
    }
    if (IsXmlChar(cp)) clean.append(text.substr(i, len));
    i += len;
  }
  *out += "<![CDATA[";
  size_t from = 0;
  for (size_t at; (at = clean.find("]]>", from)) != std::string::npos; from = at + 2) {
    out->append(clean, from, at + 2 - from);  // up to and including "]]"
    *out += "]]><![CDATA[";
  }
  out->append(clean, from, std::string::npos);
  *out += "]]>";
}

void AppendCdataElement(std::string_view name, std::string_view text, std::string* out) {
  *out += '<';
  *out += name;
  *out += '>';
  AppendCdata(text, out);
  *out += "</";
  *out += name;
  *out += '>';
}

}  // namespace careerbot::adapters
