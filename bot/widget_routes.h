// The website chat widget's routes (docs/widget.md):
//
//   GET  /widget/                  the demo page, embedding the widget
//   GET  /widget/<file>            the widget's static files (careerbot.js, careerbot.css …)
//   GET  /widget/api/v1/strings    the interface's words, {"zh": {key: text}, "en": {…}}
//   POST /widget/api/v1/visitors   a new signed visitor id, {"visitor": "v1.…"}
//   GET  /widget/api/v1/history    the visitor's conversation, to show again after a reload
//   POST /widget/api/v1/messages   one message of the visitor, answered as the JSON channel answers
//   OPTIONS /widget/api/v1/…       CORS preflight
//
// The visitor's token travels in the X-Careerbot-Visitor header. Pages of other
// origins may call the API only when widget.allowed_origins names them (CORS); each
// visitor's requests and each address's new visitors are rate limited (429 with
// Retry-After). Every refusal is the error JSON of DESIGN.md and changes nothing.
#pragma once

#include "bot/routes.h"

namespace careerbot::bot {

// Loads (or generates) the signing key and the interface strings, then installs
// the routes; nothing when widget.enabled is false. A missing widget.* text or an
// unusable key is an error naming the file.
Status InstallWidgetRoutes(httplib::Server& server, const RouteContext& context);

}  // namespace careerbot::bot
