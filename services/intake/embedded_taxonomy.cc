#include "services/intake/embedded_taxonomy.h"

#include <cstdio>
#include <cstdlib>
#include <string>

namespace renda::intake {

const Taxonomy& EmbeddedTaxonomy() {
  static const Taxonomy* taxonomy = [] {
    auto parsed = ParseTaxonomy(EmbeddedTaxonomyJson());
    if (!parsed.ok()) {
      const std::string reason(parsed.status().message());
      fprintf(stderr, "the compiled-in config/opinion-taxonomy.json is invalid: %s\n", reason.c_str());
      std::abort();
    }
    return new Taxonomy(*std::move(parsed));
  }();
  return *taxonomy;
}

}  // namespace renda::intake
