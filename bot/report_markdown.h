// Markdown to HTML for the report's sections, with cmark (the CommonMark
// reference implementation, Debian's libcmark). Safe: raw HTML in the Markdown is
// never passed through (cmark's default safe mode writes a comment in its place),
// links to javascript:, vbscript:, file: and most data: URLs are emptied, and
// images become plain links, so a page never loads anything from elsewhere.
// Thread-safe (no shared state).
#pragma once

#include <string>

namespace careerbot::bot {

std::string MarkdownToHtml(const std::string& markdown);

// `text` with the characters that open inline Markdown backslash-escaped, so a client's
// own words (a name, a city) put into a section read as text, never as Markdown.
// Line breaks become spaces: an answer stays on its line.
std::string EscapeMarkdown(const std::string& text);

}  // namespace careerbot::bot
