#pragma once
// The opinion taxonomy compiled into the binary from config/opinion-taxonomy.json, so the
// service needs no file at run time.

#include "absl/strings/string_view.h"
#include "services/intake/opinion_logic.h"

namespace renda::intake {

// The text of config/opinion-taxonomy.json as it was at build time.
absl::string_view EmbeddedTaxonomyJson();

// The compiled-in taxonomy, parsed once. A taxonomy that does not parse is a build defect (the
// unit tests parse it too): the process stops with the reason.
const Taxonomy& EmbeddedTaxonomy();

}  // namespace renda::intake
