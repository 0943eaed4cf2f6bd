#include "services/reporting/overview_logic.h"

#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "renda/intake/v1/intake.pb.h"
#include "renda/representatives/v1/representatives.pb.h"
#include "renda/supervision/v1/supervision.pb.h"

namespace renda::reporting {

absl::StatusOr<std::string> CountedStatus(const renda::type::v1::ChangeEvent& event) {
  if (event.change_type() == renda::type::v1::CHANGE_TYPE_DELETED) return std::string();
  const auto& any = event.resource();
  if (renda::representatives::v1::Deputy d; any.Is<decltype(d)>()) {
    if (!any.UnpackTo(&d)) return absl::DataLossError("a deputy in the feed could not be read");
    return renda::representatives::v1::DeputyStatus_Name(d.status());
  }
  if (renda::intake::v1::Opinion o; any.Is<decltype(o)>()) {
    if (!any.UnpackTo(&o)) return absl::DataLossError("an opinion in the feed could not be read");
    return renda::intake::v1::OpinionState_Name(o.state());
  }
  if (renda::supervision::v1::SupervisionItem s; any.Is<decltype(s)>()) {
    if (!any.UnpackTo(&s)) return absl::DataLossError("a supervision item in the feed could not be read");
    return renda::supervision::v1::SupervisionItemState_Name(s.state());
  }
  // Resources reporting does not count yet (later versions add more kinds).
  return absl::NotFoundError(absl::StrCat("reporting does not count ", any.type_url()));
}

}  // namespace renda::reporting
