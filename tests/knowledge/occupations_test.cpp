// Occupation data and matching on fixed profiles, and the training catalogue.
#include <doctest/doctest.h>

#include <cmath>

#include "knowledge/occupations.h"
#include "knowledge/training.h"
#include "tests/support/knowledge_fixture.h"

namespace careerbot::knowledge {
namespace {

const OccupationDb& Db() { return testing::ShippedKnowledge().occupations; }
const TextCatalog& Texts() { return testing::ShippedKnowledge().result_texts; }

TEST_CASE("Occupations: the O*NET tables, zh titles, CN major groups and the attribution load") {
  const OccupationDb& db = Db();
  CHECK(db.occupations.size() == 923);
  CHECK(db.suggestible_count() >= 300);
  CHECK(db.cn_major_groups.size() == 8);
  CHECK(db.FindCnMajor(2)->name.zh == "专业技术人员");
  const Occupation* electrician = db.Find("47-2111.00");
  REQUIRE(electrician != nullptr);
  CHECK(electrician->title.en == "Electricians");
  CHECK(electrician->title.zh == "电工");
  CHECK(electrician->job_zone == 3);
  CHECK(electrician->soc_major == 47);
  CHECK(electrician->cn_major == 6);
  CHECK(electrician->work_values.has_value());
  CHECK(db.Find("11-1011.00")->interests[4] == doctest::Approx(6.88));  // Chief Executives, E
  CHECK(db.attribution.en.find("O*NET 29.3 Database") != std::string::npos);
  CHECK(db.attribution.en.find("CC BY 4.0") != std::string::npos);
  CHECK(db.attribution.en.find("careerbot has modified") != std::string::npos);
  CHECK(db.attribution.zh.find("CC BY 4.0") != std::string::npos);
  CHECK(db.FindJobZone(3)->name == "Job Zone Three: Medium Preparation Needed");
  for (const char* id : {"junior_high_or_below", "senior_high", "junior_college", "bachelor", "master", "doctorate"}) {
    CHECK(db.FindEducation(id) != nullptr);
  }
}

TEST_CASE("Occupations: Pearson correlation computed by hand") {
  // (1..6) against (2, 4, …, 12): a perfect linear relation.
  CHECK(*Pearson({1, 2, 3, 4, 5, 6}, {2, 4, 6, 8, 10, 12}) == doctest::Approx(1.0));
  CHECK(*Pearson({1, 2, 3, 4, 5, 6}, {6, 5, 4, 3, 2, 1}) == doctest::Approx(-1.0));
  // a = (1,0,0,0,0,0), b = (1,1,0,0,0,0): means 1/6 and 2/6; cov sum = 5/6 - 2/6 = 4/6 …
  // r = (1 - 6 * 1/6 * 2/6) / sqrt((1 - 1/6) (2 - 4/6)) = (2/3) / sqrt(10/9) = 0.632456
  CHECK(*Pearson({1, 0, 0, 0, 0, 0}, {1, 1, 0, 0, 0, 0}) == doctest::Approx(0.632456).epsilon(1e-6));
  CHECK_FALSE(Pearson({3, 3, 3, 3, 3, 3}, {1, 2, 3, 4, 5, 6}).has_value());
}

TEST_CASE("Occupations: a pure-R profile ranks realistic occupations first, within the job zones") {
  MatchResult result;
  REQUIRE(MatchOccupations(Db(), Texts(), {5, 1, 1, 1, 1, 1}, "senior_high", 0, std::nullopt, 10,
                           &result)
              .ok());
  CHECK(result.min_zone == 1);
  CHECK(result.max_zone == 2);
  REQUIRE(result.matches.size() == 10);
  const OccupationMatch& first = result.matches.front();
  CHECK(first.occupation->holland_code.front() == 'R');
  CHECK(first.shared_letters.find('R') != std::string::npos);
  CHECK(first.interest_r > 0.9);
  CHECK(first.why.en.find("job zone") != std::string::npos);
  CHECK(first.why.zh.find("工作区间") != std::string::npos);
  CHECK(result.attribution.en.find("USDOL/ETA") != std::string::npos);
  for (const OccupationMatch& m : result.matches) {
    CAPTURE(m.occupation->code);
    CHECK(m.occupation->suggestible());
    CHECK(m.occupation->job_zone <= 2);
    CHECK(m.occupation->interests[0] == std::max({m.occupation->interests[0], m.occupation->interests[1],
                                                   m.occupation->interests[2], m.occupation->interests[3],
                                                   m.occupation->interests[4], m.occupation->interests[5]}));
  }
  for (size_t i = 1; i < result.matches.size(); ++i) CHECK(result.matches[i - 1].score >= result.matches[i].score);
}

TEST_CASE("Occupations: the job-zone filter follows education and experience") {
  MatchResult result;
  REQUIRE(
      MatchOccupations(Db(), Texts(), {2, 5, 1, 2, 3, 4}, "bachelor", 0, std::nullopt, 400, &result)
          .ok());
  CHECK(result.min_zone == 3);
  CHECK(result.max_zone == 4);
  for (const OccupationMatch& m : result.matches) CHECK((m.occupation->job_zone >= 3 && m.occupation->job_zone <= 4));
  REQUIRE(
      MatchOccupations(Db(), Texts(), {2, 5, 1, 2, 3, 4}, "bachelor", 5, std::nullopt, 400, &result)
          .ok());
  CHECK(result.max_zone == 5);
  bool zone5 = false;
  for (const OccupationMatch& m : result.matches) zone5 = zone5 || m.occupation->job_zone == 5;
  CHECK(zone5);
  // An investigative-conventional profile with a bachelor's degree: the top matches share I.
  CHECK(result.matches.front().occupation->holland_code.find('I') != std::string::npos);
}

TEST_CASE("Occupations: work values weigh in at 0.3, bad requests are refused") {
  MatchResult plain, weighted;
  const Profile6 interests = {1, 4, 2, 5, 3, 2};
  REQUIRE(MatchOccupations(Db(), Texts(), interests, "bachelor", 2, std::nullopt, 5, &plain).ok());
  REQUIRE(MatchOccupations(Db(), Texts(), interests, "bachelor", 2, Profile6{5, 2, 3, 5, 4, 3}, 5,
                           &weighted)
              .ok());
  for (const OccupationMatch& m : weighted.matches) {
    if (m.values_r) {
      CHECK(m.score == doctest::Approx(0.7 * m.interest_r + 0.3 * *m.values_r));
      CHECK(m.why.en.find("work values r =") != std::string::npos);
    } else {
      CHECK(m.score == doctest::Approx(m.interest_r));
    }
  }
  CHECK(MatchOccupations(Db(), Texts(), {3, 3, 3, 3, 3, 3}, "bachelor", 0, std::nullopt, 5, &plain)
            .code() == Status::Code::kInvalidArgument);
  CHECK(MatchOccupations(Db(), Texts(), interests, "kindergarten", 0, std::nullopt, 5, &plain)
            .message() == "unknown education \"kindergarten\"");
}

TEST_CASE("Training: the catalogue links scales, bands and occupation groups to directions") {
  const KnowledgeBase& kb = testing::ShippedKnowledge();
  const TrainingCatalogue& cat = kb.training;
  CHECK(cat.directions.size() >= 15);
  auto ids = [](const std::vector<const TrainingDirection*>& list) {
    std::vector<std::string> out;
    for (const TrainingDirection* d : list) out.push_back(d->id);
    return out;
  };
  const auto concern_low = ids(TrainingForScale(cat, "caas_24", "concern", "low"));
  CHECK(std::find(concern_low.begin(), concern_low.end(), "career_planning_basics") != concern_low.end());
  CHECK(TrainingForScale(cat, "caas_24", "concern", "high").empty());
  const auto trades = ids(TrainingForOccupation(cat, *kb.occupations.Find("47-2111.00")));
  CHECK(std::find(trades.begin(), trades.end(), "vocational_skill_certificate") != trades.end());
  CHECK(!TrainingForAudience(cat, "managers").empty());
  for (const TrainingDirection& d : cat.directions) {
    CHECK(!d.name.zh.empty());
    CHECK(!d.description.en.empty());
  }

  const Instrument& caas = *kb.FindInstrument("caas_24");
  InstrumentResult r;
  // concern 2 x 6 (mean 2.0, low); the rest 4 (high).
  std::vector<int> answers(24, 4);
  for (int i = 0; i < 6; ++i) answers[i] = 2;
  REQUIRE(ScoreInstrument(caas, answers, &r).ok());
  const auto suggestions = SuggestTraining(cat, kb.result_texts, {{&caas, &r}},
                                           {kb.occupations.Find("47-2111.00")}, "RIC", 20);
  REQUIRE(!suggestions.empty());
  CHECK(suggestions.front().direction->id == "career_planning_basics");  // concern is the first scale, low
  bool has_planning = false, has_trade = false;
  for (const TrainingSuggestion& s : suggestions) {
    if (s.direction->id == "career_planning_basics") {
      has_planning = true;
      CHECK(s.reason.en == "Concern: Low");
    }
    has_trade = has_trade || s.direction->id == "vocational_skill_certificate";
  }
  CHECK(has_planning);
  CHECK(has_trade);
}

}  // namespace
}  // namespace careerbot::knowledge
