#include "adapters/flat_xml.h"

#include <doctest/doctest.h>

namespace careerbot::adapters {
namespace {

// "" when parsed; otherwise the error.
std::string Error(std::string_view xml) {
  FlatXml doc;
  std::string err;
  return ParseFlatXml(xml, &doc, &err) ? "" : err;
}

FlatXml Parse(std::string_view xml) {
  FlatXml doc;
  std::string err;
  REQUIRE_MESSAGE(ParseFlatXml(xml, &doc, &err), err);
  return doc;
}

TEST_CASE("FlatXml: the shapes WeChat and WeCom send") {
  const FlatXml doc = Parse(
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<xml>\n  <ToUserName><![CDATA[gh_1]]></ToUserName>\n"
      "  <CreateTime>1409735668</CreateTime>\n  <MsgType>  <![CDATA[text]]></MsgType>\n"
      "  <Content><![CDATA[a < b & c ]]]]><![CDATA[> 你好 😀]]></Content>\n"
      "  <Plain>x &lt;&gt;&amp;&quot;&apos; &#20320;&#x597D;</Plain>\n  <Empty/>\n  <Blank></Blank>\n"
      "  <ScanCodeInfo><ScanType><![CDATA[qrcode]]></ScanType></ScanCodeInfo>\n"
      "  <SendPicsInfo><PicList><item><PicMd5Sum>a</PicMd5Sum></item><item><PicMd5Sum>b</PicMd5Sum></item>"
      "</PicList></SendPicsInfo>\n</xml>\n");
  CHECK(doc.root == "xml");
  CHECK(doc.Get("ToUserName") == "gh_1");
  CHECK(doc.Get("CreateTime") == "1409735668");
  CHECK(doc.Get("MsgType") == "text");
  CHECK(doc.Get("Content") == "a < b & c ]]> 你好 😀");
  CHECK(doc.Get("Plain") == "x <>&\"' 你好");
  CHECK(doc.Has("Empty"));
  CHECK(doc.Get("Empty") == "");
  CHECK(doc.Has("Blank"));
  CHECK(doc.Get("ScanCodeInfo.ScanType") == "qrcode");
  CHECK(!doc.Has("ScanCodeInfo"));
  CHECK(doc.Get("SendPicsInfo.PicList.item.PicMd5Sum") == "a");  // repeated deeper: the first
  CHECK(!doc.Has("Missing"));
}

TEST_CASE("FlatXml: everything outside the subset is refused") {
  CHECK(Error("<xml><a>1</a></xml>") == "");
  CHECK(Error("<!DOCTYPE x [<!ENTITY e \"lol\">]><xml/>") ==
        "malformed XML: DTDs and comments are not accepted (at byte 0)");
  CHECK(Error("<xml><!-- c --><a>1</a></xml>") ==
        "malformed XML: comments and declarations are not accepted (at byte 5)");
  CHECK(Error("<xml><a>&e;</a></xml>") == "malformed XML: only the five predefined entities are accepted (at byte 8)");
  CHECK(Error("<xml><a>&#0;</a></xml>") == "malformed XML: invalid character reference (at byte 8)");
  CHECK(Error("<xml><a>&#xD800;</a></xml>") == "malformed XML: invalid character reference (at byte 8)");
  CHECK(Error("<xml><a>&amp</a></xml>") == "malformed XML: malformed reference (at byte 8)");
  CHECK(Error("<xml><a x=\"1\">1</a></xml>") == "malformed XML: attributes are not accepted (at byte 8)");
  CHECK(Error("<xml><a>1</b></xml>") == "malformed XML: mismatched closing tag (at byte 12)");
  CHECK(Error("<xml><a>1</a>") == "malformed XML: unterminated element <xml> (at byte 13)");
  CHECK(Error("<xml><a><![CDATA[x</a></xml>") == "malformed XML: unterminated CDATA section (at byte 17)");
  CHECK(Error("<xml><a>1</a></xml><xml/>") == "malformed XML: content after the root element (at byte 19)");
  CHECK(Error("text<xml/>") == "malformed XML: expected the root element (at byte 0)");
  CHECK(Error("<xml><a>1</a><a>2</a></xml>") == "malformed XML: element <a> occurs twice (at byte 21)");
  CHECK(Error("<xml><a>x<b>1</b></a></xml>") == "malformed XML: text beside child elements (at byte 21)");
  CHECK(Error("<xml><a><?php x?></a></xml>") == "malformed XML: processing instructions are not accepted (at byte 8)");
  CHECK(Error("<xml><a>]]></a></xml>") == "malformed XML: \"]]>\" is not allowed in text (at byte 8)");
  CHECK(Error("<xml><a><b><c><d><e>1</e></d></c></b></a></xml>") ==
        "malformed XML: elements nested too deep (at byte 17)");
  CHECK(Error("<xml><a>\xFF</a></xml>") == "malformed XML: the document is not valid UTF-8 (at byte 0)");
  CHECK(Error("<1xml/>") == "malformed XML: expected an element name (at byte 1)");
  std::string many = "<xml>";
  for (int i = 0; i < 600; ++i) many += "<a" + std::to_string(i) + "/>";
  CHECK(Error(many + "</xml>").starts_with("malformed XML: too many elements"));
}

TEST_CASE("FlatXml: CDATA output is always well-formed and reads back") {
  std::string out;
  AppendCdataElement("Content", "a]]>b]]]>c \x01\x1F\t\n\r😀 \xC3\x28", &out);
  CHECK(out == "<Content><![CDATA[a]]]]><![CDATA[>b]]]]]><![CDATA[>c \t\n\r😀 \xEF\xBF\xBD(]]></Content>");
  const FlatXml doc = Parse("<xml>" + out + "</xml>");
  CHECK(doc.Get("Content") == "a]]>b]]]>c \t\n\r😀 \xEF\xBF\xBD(");
}

}  // namespace
}  // namespace careerbot::adapters
