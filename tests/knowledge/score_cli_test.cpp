// The assessment verbs of the real binary: careerbot score / instruments / norms /
// occupations, their output and their exit codes (0 done, 1 bad input, 2 usage).
#include <doctest/doctest.h>

#ifdef CAREERBOT_BINARY

#include <stdio.h>
#include <sys/wait.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "tests/support/temp_dir.h"

namespace careerbot::knowledge {
namespace {

struct Run {
  int code = -1;
  std::string out;  // stdout and stderr together
};

Run Careerbot(const std::string& args) {
  Run run;
  const std::string command = std::string(CAREERBOT_BINARY) + " " + args +
                              " --knowledge-dir " CAREERBOT_KNOWLEDGE_DIR " 2>&1";
  FILE* pipe = popen(command.c_str(), "r");
  REQUIRE(pipe != nullptr);
  char buffer[4096];
  size_t n;
  while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) run.out.append(buffer, n);
  const int status = pclose(pipe);
  run.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return run;
}

void Write(const std::string& path, const std::string& text) { std::ofstream(path, std::ios::binary) << text; }

TEST_CASE("Score CLI: a CSV answer sheet scored as the bot would, as text and as JSON") {
  testing::TempDir dir;
  // IIP RIASEC by item id (wide CSV): R all 5, I all 4, A all 1, S all 4, E all 2, C all 3.
  std::string header, row;
  const std::string letters = "RIASEC";
  const int values[] = {5, 4, 1, 4, 2, 3};
  for (int k = 0; k < 6; ++k) {
    for (int i = 1; i <= 8; ++i) {
      if (!header.empty()) header.push_back(',');
      header.push_back(letters[k]);
      header.append(std::to_string(i));
      if (!row.empty()) row.push_back(',');
      row.append(std::to_string(values[k]));
    }
  }
  Write(dir.File("sheet.csv"), header + "\n" + row + "\n");
  Run run = Careerbot("score --instrument iip_riasec_48 --answers " + dir.File("sheet.csv") + " --lang en");
  CHECK(run.code == 0);
  CHECK(run.out.find("Realistic (R): raw 40 (8–40), mean 5") != std::string::npos);
  CHECK(run.out.find("Holland code: RIS") != std::string::npos);
  CHECK(run.out.find("I and S scored the same") != std::string::npos);
  CHECK(run.out.find("Norms: none yet") != std::string::npos);

  run = Careerbot("score --instrument iip_riasec_48 --answers " + dir.File("sheet.csv") + " --json");
  REQUIRE(run.code == 0);
  const auto doc = nlohmann::json::parse(run.out);
  CHECK(doc.at("holland_code") == "RIS");
  CHECK(doc.at("ties") == nlohmann::json::array({nlohmann::json::array({"I", "S"})}));
  CHECK(doc.at("scales").at(1).at("raw") == 32);
  CHECK(doc.at("norms").is_null());
  CHECK(doc.at("language") == "zh");
}

TEST_CASE("Score CLI: JSON sheets (list, object with times), norms and validity flags") {
  testing::TempDir dir;
  // IPIP-50, every answer 3 except three items, with one second per answer.
  nlohmann::json answers = nlohmann::json::object(), seconds = nlohmann::json::object();
  for (int i = 1; i <= 50; ++i) {
    const std::string id = std::string("ipip50_") + (i < 10 ? "0" : "") + std::to_string(i);
    answers[id] = 3;
    seconds[id] = 1.0;
  }
  Write(dir.File("sheet.json"), nlohmann::json{{"answers", answers}, {"seconds", seconds}}.dump());
  Run run = Careerbot("score --instrument ipip50_big5_markers --answers " + dir.File("sheet.json") + " --json");
  REQUIRE(run.code == 0);
  const auto doc = nlohmann::json::parse(run.out);
  CHECK(doc.at("norms").at("group") == "zh_combined");
  // E: keyed 3 on all ten items -> raw 30; T = 50 + 10 (30 - 28.075) / 9.135 = 52.1; PR[30] = 58.33
  CHECK(doc.at("scales").at(0).at("t").get<double>() == doctest::Approx(52.1));
  CHECK(doc.at("scales").at(0).at("percentile").get<double>() == doctest::Approx(58.33));
  CHECK(doc.at("valid") == false);
  CHECK(doc.at("validity").at(0).at("flagged") == true);  // all answers the same
  CHECK(doc.at("validity").at(1).at("flagged") == true);  // 1 s per answer

  Write(dir.File("list.json"), "[3,4,3,4,3,4,3,4,3]");
  run = Careerbot("score --instrument aptitude_self_estimate_9 --answers " + dir.File("list.json") + " --lang en");
  CHECK(run.code == 0);
  CHECK(run.out.find("General learning ability (self-estimate) (G): raw 3") != std::string::npos);
}

TEST_CASE("Score CLI: bad input is exit 1 naming the item, bad usage exit 2") {
  testing::TempDir dir;
  Write(dir.File("bad.json"), R"({"R1": 6})");
  Run run = Careerbot("score --instrument iip_riasec_48 --answers " + dir.File("bad.json"));
  CHECK(run.code == 1);
  CHECK(run.out.find("iip_riasec_48: item R1: answer 6 is not on the response scale") != std::string::npos);
  Write(dir.File("bad.json"), R"({"Q1": 3})");
  run = Careerbot("score --instrument iip_riasec_48 --answers " + dir.File("bad.json"));
  CHECK(run.code == 1);
  CHECK(run.out.find("item \"Q1\" is not an item of iip_riasec_48") != std::string::npos);
  run = Careerbot("score --instrument nope --answers " + dir.File("bad.json"));
  CHECK(run.code == 1);
  run = Careerbot("score --instrument iip_riasec_48 --answers " + dir.File("missing.csv"));
  CHECK(run.code == 1);
  CHECK(run.out.find("cannot open the file") != std::string::npos);
  CHECK(Careerbot("score --answers x.csv").code == 2);
  CHECK(Careerbot("score --instrument iip_riasec_48 --answers x.csv --lang fr").code == 2);
  CHECK(Careerbot("score --instrument iip_riasec_48 --answers x.csv --json=yes").code == 2);
  CHECK(Careerbot("norms").code == 2);
  CHECK(Careerbot("instruments frobnicate").code == 2);
}

TEST_CASE("Score CLI: instruments list and check expose the loader") {
  Run run = Careerbot("instruments list");
  CHECK(run.code == 0);
  CHECK(run.out.find("onet_ip_sf_60  1.0.0-draft  60 items  languages en") != std::string::npos);
  run = Careerbot("instruments check");
  CHECK(run.code == 0);
  CHECK(run.out.find("OK: 7 instruments") != std::string::npos);

  testing::TempDir dir;
  std::ifstream in(std::string(CAREERBOT_KNOWLEDGE_DIR) + "/instruments/work_values_onet_needs_21.json");
  auto doc = nlohmann::json::parse(in);
  doc["items"][2]["scale"] = "salary";
  Write(dir.File("wv.json"), doc.dump());
  run = Careerbot("instruments check " + dir.File("wv.json"));
  CHECK(run.code == 1);
  CHECK(run.out.find(dir.File("wv.json") + ": item 1.B.2.b.1: scale \"salary\" is not one of the instrument's scales") !=
        std::string::npos);
  run = Careerbot("instruments check " + std::string(CAREERBOT_KNOWLEDGE_DIR) + "/instruments/caas_24.json");
  CHECK(run.code == 0);
}

TEST_CASE("Score CLI: norms build writes a norm file, occupations match shows the attribution") {
  testing::TempDir dir;
  // Aptitude self-estimate, four respondents (one-item scales: no alpha).
  Write(dir.File("data.csv"),
        "G,V,N,S,P,Q,K,F,M\n1,2,3,4,5,1,2,3,4\n2,3,4,5,1,2,3,4,5\n3,4,5,1,2,3,4,5,1\n5,5,5,5,5,5,5,5,4\n");
  Run run = Careerbot("norms build --instrument aptitude_self_estimate_9 --from " + dir.File("data.csv") +
                      " --min-n 4 --group pilot --out " + dir.File("n.json"));
  CHECK(run.code == 0);
  std::ifstream in(dir.File("n.json"));
  const auto doc = nlohmann::json::parse(in);
  CHECK(doc.at("norms").at(0).at("group") == "pilot");
  CHECK(doc.at("norms").at(0).at("n") == 4);
  CHECK(doc.at("norms").at(0).at("mean").get<double>() == 2.75);  // G: (1 + 2 + 3 + 5) / 4
  run = Careerbot("norms build --instrument aptitude_self_estimate_9 --from " + dir.File("data.csv"));
  CHECK(run.code == 1);
  CHECK(run.out.find("below the minimum of 200") != std::string::npos);

  run = Careerbot("occupations match --interests 7,1,1,1,1,1 --education senior_high --limit 3 --lang en");
  CHECK(run.code == 0);
  CHECK(run.out.find("1. ") != std::string::npos);
  CHECK(run.out.find("O*NET 29.3 Database") != std::string::npos);
  CHECK(Careerbot("occupations match --interests 7,1 --education bachelor").code == 2);
}

}  // namespace
}  // namespace careerbot::knowledge

#endif  // CAREERBOT_BINARY
