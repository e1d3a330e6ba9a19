#include "bot/report_markdown.h"

#include <cmark.h>

#include <cstdlib>
#include <cstring>
#include <memory>
#include <vector>

namespace careerbot::bot {
namespace {

struct NodeFree {
  void operator()(cmark_node* n) const { cmark_node_free(n); }
};

// Turns every image into a link to the same address with the same text: the
// report page loads no external resource (and its Content-Security-Policy would
// block one anyway).
void ImagesToLinks(cmark_node* document) {
  std::vector<cmark_node*> images;
  cmark_iter* iter = cmark_iter_new(document);
  for (cmark_event_type ev; (ev = cmark_iter_next(iter)) != CMARK_EVENT_DONE;) {
    cmark_node* node = cmark_iter_get_node(iter);
    if (ev == CMARK_EVENT_ENTER && cmark_node_get_type(node) == CMARK_NODE_IMAGE) images.push_back(node);
  }
  cmark_iter_free(iter);
  for (cmark_node* image : images) {
    cmark_node* link = cmark_node_new(CMARK_NODE_LINK);
    cmark_node_set_url(link, cmark_node_get_url(image));
    cmark_node_set_title(link, cmark_node_get_title(image));
    while (cmark_node* child = cmark_node_first_child(image)) cmark_node_append_child(link, child);
    cmark_node_replace(image, link);
    cmark_node_free(image);
  }
}

}  // namespace

std::string MarkdownToHtml(const std::string& markdown) {
  // CMARK_OPT_DEFAULT is safe mode since cmark 0.29 (CMARK_OPT_UNSAFE opts out);
  // CMARK_OPT_SAFE is spelled out for readers and older headers. VALIDATE_UTF8
  // replaces invalid bytes with U+FFFD.
  const int options = CMARK_OPT_DEFAULT | CMARK_OPT_SAFE | CMARK_OPT_VALIDATE_UTF8;
  std::unique_ptr<cmark_node, NodeFree> document(cmark_parse_document(markdown.data(), markdown.size(), options));
  if (!document) return "";
  ImagesToLinks(document.get());
  char* html = cmark_render_html(document.get(), options);
  if (!html) return "";
  std::string out(html);
  std::free(html);
  return out;
}

std::string EscapeMarkdown(const std::string& text) {
  // The characters that can open inline Markdown (or an HTML tag or entity) mid-line;
  // values never start a line, so block markers (#, -, 1.) need no escape.
  static constexpr char kPunctuation[] = "\\`*_[]<>&~|";
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (c == '\n' || c == '\r') {
      out += ' ';
    } else {
      if (c != '\0' && std::strchr(kPunctuation, c)) out += '\\';
      out += c;
    }
  }
  return out;
}

}  // namespace careerbot::bot
