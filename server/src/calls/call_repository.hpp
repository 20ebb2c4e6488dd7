// The calls table: one item per call, by id, by lead and by start (newest first).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/json.hpp"
#include "storage/record_store.hpp"

namespace ccrm::calls {

class CallRepository {
 public:
  explicit CallRepository(storage::RecordStorePtr records);

  void EnsureTables();
  std::optional<Json> Get(const std::string& id) const;
  // The lead's calls, newest first (at most 1,000).
  std::vector<Json> ListByLead(const std::string& lead_id) const;
  // Calls newest first, started before `before_key` (a StartedKey; empty: from the newest) and
  // at or after `from` (RFC 3339; empty: no bound), `limit` at a time.
  storage::QueryResult ListStarted(const std::string& to_key, const std::string& from,
                                   const std::string& cursor, int limit) const;

  // The call a contact center contact became (table call_contacts: contactId -> callId).
  std::optional<std::string> CallOfContact(const std::string& contact_id) const;
  // The write that claims `contact_id` for `call_id`: fails when another call has it, so two
  // deliveries of one contact racing make one call.
  static storage::WriteAction ClaimContact(const std::string& contact_id, const std::string& call_id);

  // The Contact Lens transcript kept for a call (ParseContactLensAnalysis), if any.
  std::optional<Json> Transcript(const std::string& call_id) const;
  static storage::WriteAction PutTranscript(const std::string& call_id, Json transcript);
  static storage::WriteAction RemoveTranscript(const std::string& call_id);

  // Whether a Kinesis Data Firehose delivery (its request id) was applied already, and the
  // write that says it was.
  bool DeliveryTaken(const std::string& request_id) const;
  void TakeDelivery(const std::string& request_id, const std::string& at);

  // The writes, for a transaction of the caller's: a new item (must not exist), an update
  // (conditional on the version it replaces).
  static storage::WriteAction Create(Json item);
  static storage::WriteAction Update(Json item, int64_t previous_version);

 private:
  storage::RecordStorePtr records_;
};

}  // namespace ccrm::calls
