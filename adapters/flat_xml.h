// A small, strict reader and writer for the flat XML that WeChat and WeCom speak:
// <xml><Name>text</Name><Other><![CDATA[text]]></Other>…</xml>.
//
// No XML library: the documents are tiny, their shape is fixed, and a general parser
// brings DTDs, external entities and entity expansion (XXE, billion laughs) that
// these messages never need. What is accepted:
//   - an optional <?xml …?> declaration and whitespace around the root element;
//   - elements without attributes, nested at most kMaxXmlDepth deep, with text, CDATA
//     sections (several may follow each other) or nothing (<Name/>);
//   - the five predefined entities (&lt; &gt; &amp; &quot; &apos;) and numeric
//     character references (&#38; &#x26;) in text;
//   - any valid UTF-8 inside text and CDATA, control characters included (the
//     platforms pass what a user typed, and refusing it would show the user an
//     error; see PITFALLS 7).
// Everything else is refused: <!DOCTYPE>, comments, processing instructions after
// the start, other entities, attributes, mismatched tags, bytes that are not UTF-8,
// text outside the root, a second root.
#pragma once

#include <map>
#include <string>
#include <string_view>

namespace careerbot::adapters {

inline constexpr int kMaxXmlDepth = 5;  // root = 1; SendPicsInfo.PicList.item.PicMd5Sum = 5
inline constexpr size_t kMaxXmlElements = 512;

// A parsed document: the root's name and the text of every element below it, keyed
// by its path from the root ("Content", "ScanCodeInfo.ScanType"). An element with
// children has no entry of its own. Whitespace-only text beside a CDATA section is
// dropped (WeChat writes "<MsgType>  <![CDATA[text]]></MsgType>"); other text is
// kept as written.
struct FlatXml {
  std::string root;
  std::map<std::string, std::string> fields;

  // The field's text, or "" when absent.
  const std::string& Get(const std::string& path) const;
  bool Has(const std::string& path) const { return fields.count(path) > 0; }
};

// Parses `xml`. False with *err saying what and where (a byte offset; never the
// document's content) on anything outside the accepted subset. A field that occurs
// twice directly below the root is refused (two FromUserName elements must not
// let a signed one hide behind an unsigned one); repeated deeper elements (lists
// such as PicList/item) keep the first.
bool ParseFlatXml(std::string_view xml, FlatXml* out, std::string* err);

// Appends `text` as one or more CDATA sections: "]]>" is split across two sections,
// characters that XML 1.0 does not allow (C0 controls other than tab, line feed and
// carriage return; U+FFFE, U+FFFF) are dropped, and bytes that are not UTF-8 become
// U+FFFD, so the output is always well-formed.
void AppendCdata(std::string_view text, std::string* out);

// <name><![CDATA[text]]></name>
void AppendCdataElement(std::string_view name, std::string_view text, std::string* out);

}  // namespace careerbot::adapters
