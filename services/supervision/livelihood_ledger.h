#pragma once
// The ballot ledger of a livelihood vote, as pure code: the hashes that chain it (the same ones
// the ballot's Lua step computes in Redis), how a stored ballot reads, and the verification of a
// closed vote's ledger against what was published at close. No gRPC, no Redis.

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "renda/supervision/v1/livelihood.pb.h"

namespace renda::supervision {

// SHA-1 and SHA-256 of `data`, as lowercase hex.
std::string Sha1Hex(absl::string_view data);
std::string Sha256Hex(absl::string_view data);

// The `prev` of a vote's first ballot: the SHA-1 of the vote's resource name.
std::string GenesisHash(absl::string_view vote_name);
// What the ledger keeps of a receipt: its SHA-256 (the receipt, 32 hex digits, lower-cased first).
std::string ReceiptHash(absl::string_view receipt);
// A new receipt: 16 random bytes as 32 hex digits.
std::string NewReceipt();
// Whether `receipt` has the form NewReceipt gives (32 hex digits, either case).
bool IsReceipt(absl::string_view receipt);
// The marks of a ballot as the ledger keeps them: the ids sorted, joined by commas.
std::string MarksText(const std::vector<std::string>& sorted_ids);

// One ballot as stored: `prev|receipt_hash|marks|hash`.
struct LedgerBallot {
  std::string prev;
  std::string receipt_hash;
  std::string marks;  // comma-joined candidate ids ("" for a blank ballot)
  std::string hash;
  bool well_formed = false;  // four fields
  // The hash its content should have: SHA-1 of `prev|receipt_hash|marks`.
  std::string ContentHash() const;
};
LedgerBallot ParseLedgerBallot(absl::string_view stored);
// The stored form of a ballot whose content is `prev`, `receipt_hash`, `marks`, with its hash.
std::string StoredBallot(absl::string_view prev, absl::string_view receipt_hash, absl::string_view marks);

// Verifies `ledger` (the stored ballots in order) of the closed vote `vote` (whose ledger_head,
// ballots_cast and results were published at close): every link, the end against the head, the
// length against the count, and a recount from the stored ballots against the published counts.
// With `receipt` (already checked by IsReceipt), also where its ballot is and whether it counts.
v1::VerifyTallyResponse VerifyLedger(const v1::LivelihoodVote& vote, const std::vector<std::string>& ledger,
                                     absl::string_view receipt);

}  // namespace renda::supervision
