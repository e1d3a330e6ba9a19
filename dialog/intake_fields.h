// Reading and showing the answers to needs-survey questions, whatever their kind;
// shared by the intake state and the "my data" command.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "dialog/events.h"
#include "dialog/service_machine.h"
#include "knowledge/service_flow.h"

namespace careerbot::dialog {

// The options of a choice field, labelled in the client's language.
std::vector<Choice> FieldChoices(const ServiceMachine& m, const std::vector<knowledge::ChoiceOption>& options);

// The value to store for `field`, or nullopt when the answer does not fit it.
std::optional<std::string> ReadFieldAnswer(const ServiceMachine& m, const knowledge::IntakeField& field,
                                           const EvInput& input);

// A stored value as the client reads it: choice ids become their labels.
std::string DisplayFieldValue(const ServiceMachine& m, const knowledge::IntakeField& field,
                              const std::string& value);

// Whether the field is to be asked, given the answers so far.
bool FieldApplies(const knowledge::IntakeField& field, const SessionContext& ctx);

}  // namespace careerbot::dialog
