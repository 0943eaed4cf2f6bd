#include "services/supervision/supervision_store.h"

#include "services/supervision/supervision_logic.h"

namespace renda::supervision {

SupervisionStore::SupervisionStore(RedisClient* redis)
    : store_(redis, "sup"),
      items(&store_, {"item", "supervisionItems", "supervision item",
                      [](const v1::SupervisionItem& item) { return ItemIndexes(item); }}) {}

}  // namespace renda::supervision
