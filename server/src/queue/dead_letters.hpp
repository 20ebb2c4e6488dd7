// The jobs that kept failing, for admins: list them, send one back to the queue, or discard
// it; both changes audited in the same transaction.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "audit/audit_log.hpp"
#include "queue/job_queue.hpp"

namespace ccrm::queue {

// Who acts, for the audit record.
struct DeadLetterActor {
  std::string actor;
  std::string request_id;
  std::string ip;
};

class DeadLetters {
 public:
  DeadLetters(std::shared_ptr<JobQueue> queue, std::shared_ptr<audit::AuditLog> audit);

  // Most recently failed first. Throws std::invalid_argument on a cursor it did not make.
  storage::QueryResult List(int limit, const std::string& cursor) const;
  // The dead letter as the API shows it, or nullopt.
  std::optional<Json> Get(const std::string& id) const;
  // Back to the queue as a new job, due now with no attempts; the new job's id, or nullopt
  // when there is no such dead letter (any more).
  std::optional<std::string> Retry(const std::string& id, const DeadLetterActor& actor);
  // False when there is no such dead letter.
  bool Discard(const std::string& id, const DeadLetterActor& actor);

  // A stored dead letter in the API's shape.
  static Json ToApi(const Json& item);

 private:
  audit::AuditEvent EventFor(const DeadLetterActor& actor, std::string action,
                             const std::string& id, const Json& item) const;

  std::shared_ptr<JobQueue> queue_;
  std::shared_ptr<audit::AuditLog> audit_;
};

}  // namespace ccrm::queue
