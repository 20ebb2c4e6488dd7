#include "queue/dead_letters.hpp"

#include <chrono>

#include "common/ids.hpp"

namespace ccrm::queue {

using storage::Condition;
using storage::WriteAction;

DeadLetters::DeadLetters(std::shared_ptr<JobQueue> queue, std::shared_ptr<audit::AuditLog> audit)
    : queue_(std::move(queue)), audit_(std::move(audit)) {}

Json DeadLetters::ToApi(const Json& item) {
  return {{"id", item.value("id", "")},
          {"kind", item.value("kind", "")},
          {"payload", item.value("payload", Json::object())},
          {"attempts", item.value("attempts", 0)},
          {"lastError", item.value("lastError", "")},
          {"createdAt", item.value("createdAt", "")},
          {"failedAt", item.value("failedAt", "")}};
}

storage::QueryResult DeadLetters::List(int limit, const std::string& cursor) const {
  storage::QueryResult page = queue_->records().Query({.table = kDeadLettersTable,
                                                       .index = "byFailed",
                                                       .partition = "all",
                                                       .forward = false,
                                                       .limit = limit,
                                                       .cursor = cursor});
  for (Json& item : page.items) item = ToApi(item);
  return page;
}

std::optional<Json> DeadLetters::Get(const std::string& id) const {
  const std::optional<Json> item = queue_->records().Get(kDeadLettersTable, {id, ""});
  if (!item) return std::nullopt;
  return ToApi(*item);
}

audit::AuditEvent DeadLetters::EventFor(const DeadLetterActor& actor, std::string action,
                                        const std::string& id, const Json& item) const {
  return {.actor = actor.actor,
          .action = std::move(action),
          .entity = "dead_letter",
          .entity_id = id,
          .request_id = actor.request_id,
          .ip = actor.ip,
          .outcome = "ok",
          .changes = {{"kind", {{"old", nullptr}, {"new", item.value("kind", "")}}},
                      {"lastError", {{"old", nullptr}, {"new", item.value("lastError", "")}}}}};
}

std::optional<std::string> DeadLetters::Retry(const std::string& id, const DeadLetterActor& actor) {
  const std::optional<Json> item = queue_->records().Get(kDeadLettersTable, {id, ""});
  if (!item) return std::nullopt;
  const std::string job_id = NewId("job");
  audit::AuditEvent event = EventFor(actor, "queue.dead_letter_retry", id, *item);
  event.changes["job"] = {{"old", nullptr}, {"new", job_id}};
  const storage::TransactResult result = audit_->Append(
      event, {WriteAction::Delete(kDeadLettersTable, {id, ""}, Condition::Exists()),
              WriteAction::Put(kJobsTable,
                               queue_->NewJobItem(item->value("kind", ""),
                                                  item->value("payload", Json::object()),
                                                  std::chrono::milliseconds(0), job_id),
                               Condition::NotExists())});
  if (!result.committed) return std::nullopt;  // retried or discarded meanwhile
  return job_id;
}

bool DeadLetters::Discard(const std::string& id, const DeadLetterActor& actor) {
  const std::optional<Json> item = queue_->records().Get(kDeadLettersTable, {id, ""});
  if (!item) return false;
  return audit_->Append(EventFor(actor, "queue.dead_letter_discard", id, *item),
                        {WriteAction::Delete(kDeadLettersTable, {id, ""}, Condition::Exists())})
      .committed;
}

}  // namespace ccrm::queue
