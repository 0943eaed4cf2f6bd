#include "services/supervision/livelihood_ledger.h"

#include <openssl/evp.h>

#include <algorithm>
#include <cctype>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "services/common/crypto.h"

namespace renda::supervision {
namespace {

std::string DigestHex(const EVP_MD* md, absl::string_view data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(data.data(), data.size(), out, &len, md, nullptr);
  return absl::BytesToHexString(absl::string_view(reinterpret_cast<const char*>(out), len));
}

v1::LedgerIssue Issue(v1::LedgerIssueKind kind, int64_t position, std::string detail, int64_t count = 0) {
  v1::LedgerIssue issue;
  issue.set_kind(kind);
  issue.set_position(position);
  issue.set_count(count);
  issue.set_detail(std::move(detail));
  return issue;
}

}  // namespace

std::string Sha1Hex(absl::string_view data) { return DigestHex(EVP_sha1(), data); }
std::string Sha256Hex(absl::string_view data) { return DigestHex(EVP_sha256(), data); }

std::string GenesisHash(absl::string_view vote_name) { return Sha1Hex(vote_name); }
std::string ReceiptHash(absl::string_view receipt) { return Sha256Hex(absl::AsciiStrToLower(receipt)); }
std::string NewReceipt() { return absl::BytesToHexString(RandomBytes(16)); }
bool IsReceipt(absl::string_view receipt) {
  return receipt.size() == 32 &&
         std::all_of(receipt.begin(), receipt.end(), [](unsigned char c) { return std::isxdigit(c) != 0; });
}
std::string MarksText(const std::vector<std::string>& sorted_ids) { return absl::StrJoin(sorted_ids, ","); }

std::string LedgerBallot::ContentHash() const { return Sha1Hex(absl::StrCat(prev, "|", receipt_hash, "|", marks)); }

LedgerBallot ParseLedgerBallot(absl::string_view stored) {
  std::vector<std::string> parts = absl::StrSplit(stored, '|');
  LedgerBallot b;
  if (parts.size() != 4) return b;
  b.prev = std::move(parts[0]);
  b.receipt_hash = std::move(parts[1]);
  b.marks = std::move(parts[2]);
  b.hash = std::move(parts[3]);
  b.well_formed = true;
  return b;
}

std::string StoredBallot(absl::string_view prev, absl::string_view receipt_hash, absl::string_view marks) {
  const std::string body = absl::StrCat(prev, "|", receipt_hash, "|", marks);
  return absl::StrCat(body, "|", Sha1Hex(body));
}

v1::VerifyTallyResponse VerifyLedger(const v1::LivelihoodVote& vote, const std::vector<std::string>& ledger,
                                     absl::string_view receipt) {
  v1::VerifyTallyResponse out;
  const int64_t n = static_cast<int64_t>(ledger.size());
  const int64_t published = vote.ballots_cast();
  const std::string genesis = GenesisHash(vote.name());
  out.set_ledger_length(n);
  out.set_published_ballots(published);
  out.set_published_head(vote.ledger_head());

  std::vector<LedgerBallot> ballots;
  ballots.reserve(ledger.size());
  for (const auto& stored : ledger) ballots.push_back(ParseLedgerBallot(stored));

  // Walk the chain back from the published head: each ballot on it names the one before (its
  // `prev`). Stored ballots the walk passes over were never chained in (inserted); a `prev` found
  // nowhere means ballots were taken out there, or the ballot was rewritten with a new hash (the
  // published count tells which); a ballot on the chain whose content no longer gives its hash
  // was altered.
  std::vector<bool> on_chain(n, false), altered(n, false);
  std::vector<v1::LedgerIssue> issues;  // gathered from the end, reversed below
  if (n > 0 && ballots[n - 1].hash != vote.ledger_head()) {
    issues.push_back(Issue(v1::LEDGER_ISSUE_KIND_HEAD_MISMATCH, n - 1,
                           "the last stored ballot's hash is not the head published at close"));
  }
  std::string want = vote.ledger_head().empty() ? genesis : vote.ledger_head();
  int64_t chained = 0;
  int64_t i = n - 1;
  while (want != genesis) {
    if (i < 0) {
      const int64_t missing = std::max<int64_t>(0, published - chained);
      issues.push_back(Issue(v1::LEDGER_ISSUE_KIND_REMOVED, 0,
                             "the chain goes on before the first stored ballot: ballots were removed there", missing));
      break;
    }
    const LedgerBallot& b = ballots[i];
    if (b.well_formed && b.hash == want) {
      on_chain[i] = true;
      ++chained;
      if (b.ContentHash() != b.hash) {
        altered[i] = true;
        issues.push_back(Issue(v1::LEDGER_ISSUE_KIND_ALTERED, i, "its content does not give its hash"));
      }
      want = b.prev;
      --i;
      continue;
    }
    int64_t j = i - 1;
    while (j >= 0 && ballots[j].hash != want) --j;
    if (j >= 0) {
      for (int64_t k = i; k > j; --k) {
        issues.push_back(Issue(v1::LEDGER_ISSUE_KIND_INSERTED, k, "this ballot is not part of the chain"));
      }
      i = j;
      continue;
    }
    // The ballot `want` names is nowhere. If the published count says ballots are missing, they
    // were taken out after position i and the chain resumes at i; otherwise ballot i itself was
    // rewritten (its hash recomputed) and the chain goes on through its prev.
    const int64_t missing = published - (chained + i + 1);
    if (missing > 0 && b.well_formed) {
      issues.push_back(Issue(v1::LEDGER_ISSUE_KIND_REMOVED, i + 1,
                             absl::StrCat(missing, " ballot(s) are missing before this position"), missing));
      chained += missing;
      want = b.hash;
      continue;
    }
    on_chain[i] = true;
    altered[i] = true;
    ++chained;
    issues.push_back(
        Issue(v1::LEDGER_ISSUE_KIND_ALTERED, i, "this ballot was rewritten: the chain does not lead to it"));
    want = b.prev;
    --i;
  }
  for (int64_t k = i; k >= 0; --k) {
    issues.push_back(Issue(v1::LEDGER_ISSUE_KIND_INSERTED, k, "this ballot is before the start of the chain"));
  }
  std::reverse(issues.begin(), issues.end());
  std::stable_sort(issues.begin(), issues.end(),
                   [](const v1::LedgerIssue& a, const v1::LedgerIssue& b) { return a.position() < b.position(); });
  for (auto& issue : issues) *out.add_issues() = std::move(issue);

  // The recount, from the ballots as stored.
  std::map<std::string, int64_t> recount;
  for (const auto& b : ballots) {
    if (!b.well_formed || b.marks.empty()) continue;
    for (absl::string_view id : absl::StrSplit(b.marks, ',')) ++recount[std::string(id)];
  }
  bool matches = true;
  for (const auto& published_result : vote.results()) {
    v1::CandidateResult* r = out.add_recount();
    r->set_candidate_id(published_result.candidate_id());
    auto it = recount.find(published_result.candidate_id());
    r->set_votes(it == recount.end() ? 0 : it->second);
    if (it != recount.end()) recount.erase(it);
    if (r->votes() != published_result.votes()) matches = false;
  }
  if (!recount.empty()) matches = false;  // marks of no candidate of the vote
  out.set_recount_matches(matches);
  out.set_intact(out.issues_size() == 0 && matches && n == published);

  out.set_receipt_position(-1);
  if (!receipt.empty()) {
    const std::string rh = ReceiptHash(receipt);
    out.set_receipt_status(v1::RECEIPT_STATUS_NOT_FOUND);
    for (int64_t k = 0; k < n; ++k) {
      if (ballots[k].receipt_hash != rh) continue;
      out.set_receipt_position(k);
      out.set_receipt_status(on_chain[k] && !altered[k] ? v1::RECEIPT_STATUS_COUNTED : v1::RECEIPT_STATUS_TAMPERED);
      break;
    }
  }
  return out;
}

}  // namespace renda::supervision
