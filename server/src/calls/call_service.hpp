// Calls with leads' customers: logged by hand or (issue 15's ingestion) by the contact center.
// Who may see a call: managers and admins every call; an agent the calls on leads they may see
// and the calls they handled; everything else is 404. A change to a call that belongs to a
// lead commits with the lead's timeline entry and the audit record, and its disposition drives
// the lead: callback adds a follow_up deadline, appointment_set moves a new, contacted or
// qualified lead to inspection_scheduled, wrong_number flags that phone.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "audit/audit_log.hpp"
#include "blobs/lifecycle.hpp"
#include "calls/call_repository.hpp"
#include "calls/connect_records.hpp"
#include "common/clock.hpp"
#include "leads/lead_service.hpp"
#include "storage/blob_store.hpp"

namespace ccrm::calls {

struct CallOptions {
  std::string default_region = "US";  // how a number without a country code is read
  int recording_url_seconds = 5 * 60;
  // The user id of a username ("" when none): a contact center agent who is a user here.
  std::function<std::string(const std::string& username)> user_id_of;
  // The username of a user id ("" when none).
  std::function<std::string(const std::string& user_id)> username_of;
  // The live leads with a phone of this E.164 number, most recently updated first.
  std::function<std::vector<Json>(const std::string& e164)> leads_with_phone;
};

// GET /calls: every filter optional; newest first.
struct CallFilter {
  std::string lead_id;
  std::string contact_id;   // the contact center's contact: at most one call
  std::string agent;        // the agent's username, as the call names it
  std::string direction;    // inbound | outbound
  std::string disposition;
  bool unmatched = false;   // only calls no lead was found for
  std::string from;         // RFC 3339, inclusive
  std::string to;           // RFC 3339, inclusive
  int limit = 50;
  std::string cursor;
};

class CallService {
 public:
  CallService(std::shared_ptr<CallRepository> repository, std::shared_ptr<leads::LeadService> leads,
              storage::BlobStorePtr blobs, std::shared_ptr<audit::AuditLog> audit, ClockPtr clock,
              CallOptions options);

  // POST /calls: the call as stored (201). The caller is its agent.
  Json Create(const Json& body, const leads::LeadCaller& caller);
  Json Get(const std::string& id, const leads::LeadCaller& caller) const;
  // {items, nextCursor}.
  Json List(const CallFilter& filter, const leads::LeadCaller& caller) const;
  // GET /leads/{id}/calls: {items}, newest first.
  Json ListByLead(const std::string& lead_id, const leads::LeadCaller& caller) const;
  // PATCH /calls/{id}: disposition, notes, callbackAt, leadId.
  Json Patch(const std::string& id, const Json& body, std::optional<int64_t> if_match,
             const leads::LeadCaller& caller);
  // {url, expiresAt}: a presigned GET of the recording (Range works through it); audited.
  Json Recording(const std::string& id, const leads::LeadCaller& caller);
  // What Amazon Connect said about a contact (an event or a CTR), merged into its call in any
  // order and any number of times with the same end state: a CTR's fields win over events'
  // (the newest LastUpdateTimestamp among CTRs), events fill what no CTR said. A call whose
  // number becomes known is matched to a lead (the most recently updated; the others listed in
  // otherLeadIds) and shows in its timeline. True when something changed.
  bool ApplyContact(const ContactUpdate& update, const leads::LeadCaller& caller);
  const std::string& default_region() const { return options_.default_region; }
  // What an object created in the recordings bucket says about a contact: a recording under
  // Connect's layout, or a Contact Lens analysis file (read from the bucket: 409 when it is not
  // there, 400 naming what is wrong when it is not an analysis). nullopt for any other object.
  std::optional<ContactUpdate> UpdateOfObject(const CreatedObject& object) const;
  // Kinesis Data Firehose deliveries applied: a retry of one taken changes nothing. A delivery
  // is taken after all of it applied, so a retry of one cut short applies the rest.
  bool DeliveryTaken(const std::string& request_id) const;
  void TakeDelivery(const std::string& request_id);
  // GET /calls/summary: per local day of the last `days` (oldest first) the calls in and out,
  // answered and abandoned, and the dispositions of the last 7 days, over the calls the caller
  // sees; `offset_minutes` east of UTC makes the days the caller's.
  Json Summary(int days, int offset_minutes, const leads::LeadCaller& caller) const;
  // The lifecycle's question about an object of the recordings bucket past its expiry: a
  // recording or analysis its call still names is marked expired on the call (in the lead's
  // timeline; the transcript goes with its analysis) and deleted, unless the lead is under
  // legal hold (kHeld, checked in the transaction); anything else is kNotMine.
  blobs::ExpiryOutcome ExpireObject(const storage::BlobInfo& object, bool dry_run);
  // GET /calls/{id}/transcript: the Contact Lens transcript of a call the caller sees (409
  // without one, as a call without a recording); with `query`, `matches` lists the turns whose content holds it, any case.
  Json Transcript(const std::string& id, const std::string& query,
                  const leads::LeadCaller& caller) const;
  // The contact flow's lookup (an "Invoke AWS Lambda function" event): the flat string map the
  // flow reads as $.External.* — found, leadId, leadName, status, assignedAgent, openDeadline,
  // otherLeads — for the caller's number. Never an error shape: a body the lookup cannot read
  // answers found "false" with a reason.
  Json Lookup(const Json& event) const;

  // POST /calls/{id}/create-lead: a lead made from an unmatched call (its number as the lead's
  // phone, `body`'s fields on top), the call linked to it, in one transaction: {lead, call}.
  Json CreateLead(const std::string& id, const Json& body, const leads::LeadCaller& caller);

 private:
  static bool Oversees(const leads::LeadCaller& caller);
  Json VisibleCall(const std::string& id, const leads::LeadCaller& caller) const;
  bool Sees(const Json& call, const leads::LeadCaller& caller) const;
  // Commits `after` (replacing `before`, or new): with its lead's timeline entry and the
  // disposition's effects when it has a lead, else with the audit record alone.
  void Commit(const Json* before, const Json& after, const std::string& action,
              const std::string& event, const leads::LeadCaller& caller);

  std::shared_ptr<CallRepository> repository_;
  std::shared_ptr<leads::LeadService> leads_;
  storage::BlobStorePtr blobs_;
  std::shared_ptr<audit::AuditLog> audit_;
  ClockPtr clock_;
  CallOptions options_;
};

}  // namespace ccrm::calls
