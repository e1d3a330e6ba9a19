// The optional parts of an instrument file, parsed in instrument_options.cpp.
// Private to the knowledge room: called by ParseDocument after the items and the
// scoring section, so they may look scales and items up in *instrument.
#pragma once

#include "base/status.h"
#include "knowledge/instrument.h"
#include "knowledge/object_reader.h"

namespace careerbot::knowledge {

Status ParseForms(const ObjectReader& top, Instrument* instrument);
Status ParseValidity(const ObjectReader& top, Instrument* instrument);
Status ParseNormsRef(const ObjectReader& top, Instrument* instrument);
Status ParseInterpretationRef(const ObjectReader& top, Instrument* instrument);

}  // namespace careerbot::knowledge
