#include "storage/sqlite_database.h"

#include <cstdint>
#include <iterator>
#include <optional>
#include <string>
#include <utility>

#include "storage/audit_chain.h"

namespace careerbot::storage {
namespace {

// PRAGMA application_id of a careerbot database: "CBOT" in ASCII. It tells our
// files apart from other SQLite databases (`file` reports it too).
constexpr int64_t kApplicationId = 0x43424F54;

// Migration N (1-based) is kMigrations[N - 1]. Never edit a migration that has
// shipped: add a new one. A migration that rebuilds a table must keep in mind
// that foreign_keys is ON and cannot be switched off inside the transaction.
//
// Times are unix milliseconds. Ordering by insertion uses the rowid: without
// AUTOINCREMENT a new rowid is still larger than every existing one, so that
// order holds; only clients and staff use AUTOINCREMENT, because their ids are
// quoted outside the database and must never be handed to a second person.
const char* const kMigrations[] = {
    // 1: the first schema.
    R"sql(
PRAGMA application_id = 1128419156;

CREATE TABLE clients (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  kind TEXT NOT NULL DEFAULT 'individual',
  created_at INTEGER NOT NULL
);

CREATE TABLE channel_identities (
  channel TEXT NOT NULL CHECK (channel <> ''),
  account TEXT NOT NULL,
  external_user TEXT NOT NULL CHECK (external_user <> ''),
  client_id INTEGER NOT NULL REFERENCES clients (id),
  created_at INTEGER NOT NULL,
  PRIMARY KEY (channel, account, external_user)
) WITHOUT ROWID;
CREATE INDEX channel_identities_client ON channel_identities (client_id);

CREATE TABLE sessions (
  client_id INTEGER PRIMARY KEY REFERENCES clients (id),
  state TEXT NOT NULL,
  context TEXT NOT NULL,
  updated_at INTEGER NOT NULL
);

-- The journal. message_id is NULL when the caller gave none; outbound rows
-- repeat their turn's message_id and point at its inbound row.
CREATE TABLE messages (
  id INTEGER PRIMARY KEY,
  client_id INTEGER NOT NULL REFERENCES clients (id),
  direction TEXT NOT NULL CHECK (direction IN ('in', 'out')),
  channel TEXT NOT NULL,
  account TEXT NOT NULL,
  message_id TEXT CHECK (message_id <> ''),
  text TEXT,
  answer_json TEXT,
  in_reply_to INTEGER REFERENCES messages (id),
  at INTEGER NOT NULL,
  CHECK ((direction = 'in') = (in_reply_to IS NULL)),
  CHECK ((direction = 'in') = (answer_json IS NOT NULL))
);
CREATE INDEX messages_client ON messages (client_id);
-- A caller's message id is answered once. Ids are scoped by the channel and
-- account that issued them, so two channels of one client never collide.
CREATE UNIQUE INDEX messages_inbound_id ON messages (client_id, channel, account, message_id)
  WHERE direction = 'in' AND message_id IS NOT NULL;

-- Append-only: a withdrawal is a new row with accepted = 0, so the history of
-- what the client agreed to, when and where, is kept for audits.
CREATE TABLE consents (
  id INTEGER PRIMARY KEY,
  client_id INTEGER NOT NULL REFERENCES clients (id),
  document TEXT NOT NULL CHECK (document <> ''),
  version TEXT NOT NULL CHECK (version <> ''),
  accepted INTEGER NOT NULL CHECK (accepted IN (0, 1)),
  channel TEXT NOT NULL,
  at INTEGER NOT NULL
);
CREATE INDEX consents_client ON consents (client_id);

CREATE TABLE client_profile (
  client_id INTEGER NOT NULL REFERENCES clients (id),
  field TEXT NOT NULL CHECK (field <> ''),
  value TEXT NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (client_id, field)
) WITHOUT ROWID;

-- A rowid table on purpose: the rowid of an item's first answer orders answers
-- given in the same millisecond, and an upsert keeps it.
CREATE TABLE assessment_answers (
  client_id INTEGER NOT NULL REFERENCES clients (id),
  instrument TEXT NOT NULL CHECK (instrument <> ''),
  attempt INTEGER NOT NULL CHECK (attempt >= 0),
  item TEXT NOT NULL CHECK (item <> ''),
  value INTEGER NOT NULL,
  answered_at INTEGER NOT NULL,
  PRIMARY KEY (client_id, instrument, attempt, item)
);

-- One result per attempt; scoring an attempt again replaces its result.
CREATE TABLE assessment_results (
  id INTEGER PRIMARY KEY,
  client_id INTEGER NOT NULL REFERENCES clients (id),
  instrument TEXT NOT NULL CHECK (instrument <> ''),
  instrument_version TEXT NOT NULL,
  attempt INTEGER NOT NULL CHECK (attempt >= 0),
  result_json TEXT NOT NULL,
  completed_at INTEGER NOT NULL,
  UNIQUE (client_id, instrument, attempt)
);

CREATE TABLE feedback (
  id INTEGER PRIMARY KEY,
  client_id INTEGER NOT NULL REFERENCES clients (id),
  rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5),
  comment TEXT,
  at INTEGER NOT NULL
);
CREATE INDEX feedback_client ON feedback (client_id);
)sql",

    // 2: the whole individual service: complaints, hand-offs, service plans,
    // needs surveys, and whether the client's goals were met.
    R"sql(
-- NULL for feedback given before the question was asked (and for all rows
-- migrated from version 1).
ALTER TABLE feedback ADD COLUMN goals_met TEXT CHECK (goals_met IN ('yes', 'partly', 'no'));

-- The ticket is told to the client, who may quote it back on any channel, so
-- it is unique across all clients; lookups are still scoped to the client.
CREATE TABLE complaints (
  id INTEGER PRIMARY KEY,
  client_id INTEGER NOT NULL REFERENCES clients (id),
  ticket TEXT NOT NULL UNIQUE
    CHECK (ticket GLOB 'C-[0-9A-Z][0-9A-Z][0-9A-Z][0-9A-Z][0-9A-Z][0-9A-Z][0-9A-Z][0-9A-Z]'),
  category TEXT NOT NULL
    CHECK (category IN ('service', 'counsellor', 'assessment', 'privacy', 'other')),
  description TEXT NOT NULL,
  contact TEXT,
  status TEXT NOT NULL CHECK (status <> ''),
  filed_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX complaints_client ON complaints (client_id);

CREATE TABLE handoffs (
  id INTEGER PRIMARY KEY,
  client_id INTEGER NOT NULL REFERENCES clients (id),
  reason TEXT NOT NULL CHECK (reason IN ('client_request', 'distress')),
  urgent INTEGER NOT NULL CHECK (urgent IN (0, 1)),
  status TEXT NOT NULL CHECK (status <> ''),
  requested_at INTEGER NOT NULL
);
CREATE INDEX handoffs_client ON handoffs (client_id);

-- Append-only versions: a changed or confirmed plan is a new version, so the
-- history of who proposed and who confirmed what is kept.
CREATE TABLE service_plans (
  id INTEGER PRIMARY KEY,
  client_id INTEGER NOT NULL REFERENCES clients (id),
  version INTEGER NOT NULL CHECK (version >= 1),
  assessments TEXT NOT NULL,
  rationale TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('proposed', 'confirmed')),
  source TEXT NOT NULL CHECK (source IN ('bot', 'client', 'counsellor')),
  at INTEGER NOT NULL,
  UNIQUE (client_id, version)
);
-- No separate index on client_id: the UNIQUE index starts with it.

CREATE TABLE needs_surveys (
  id INTEGER PRIMARY KEY,
  client_id INTEGER NOT NULL REFERENCES clients (id),
  survey TEXT NOT NULL,
  completed_at INTEGER NOT NULL
);
CREATE INDEX needs_surveys_client ON needs_surveys (client_id);
)sql",

    // 3: the messaging channels: clients who left a channel, and the outbox of
    // replies that go out through a platform's API.
    R"sql(
-- NULL while the client is active; set when they unfollow or block the bot,
-- cleared by their next turn.
ALTER TABLE clients ADD COLUMN inactive_since INTEGER;

-- One API call per row, written in the transaction of the turn that produced it.
-- A client's rows go out in seq order; request is the call as bot/ serialised it
-- (method, url, headers, body, auth kind) and never holds a credential.
CREATE TABLE outbox (
  id INTEGER PRIMARY KEY,
  client_id INTEGER NOT NULL REFERENCES clients (id),
  channel TEXT NOT NULL CHECK (channel <> ''),
  account TEXT NOT NULL,
  seq INTEGER NOT NULL CHECK (seq >= 1),
  message_id TEXT CHECK (message_id <> ''),
  request TEXT NOT NULL CHECK (request <> ''),
  status TEXT NOT NULL CHECK (status IN ('queued', 'sent', 'failed')),
  attempts INTEGER NOT NULL CHECK (attempts >= 0),
  next_attempt_at INTEGER NOT NULL,
  last_error TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  UNIQUE (client_id, seq)
);
-- The worker's question "what is due next"; sent and failed rows stay out of it.
CREATE INDEX outbox_queued ON outbox (next_attempt_at) WHERE status = 'queued';
)sql",

    // 4: the institution's side (S-3.2, S-3.2.4, S-3.5.3): staff, their access
    // tokens (only a SHA-256 of each is kept), their training, and the audit log
    // of what staff read or changed.
    R"sql(
-- AUTOINCREMENT: a staff id appears in the audit log and must never name a
-- second person. Titles by role as in the specification, clause 3.2.
CREATE TABLE staff (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT NOT NULL CHECK (name <> ''),
  role TEXT NOT NULL CHECK (role IN ('professional', 'auxiliary', 'admin')),
  title TEXT NOT NULL CHECK (
    (role = 'professional' AND title IN ('consultant', 'lecturer', 'coach', 'course_developer')) OR
    (role = 'auxiliary' AND title IN ('assessor', 'operations', 'teaching_assistant')) OR
    (role = 'admin' AND title = 'admin')),
  education TEXT NOT NULL CHECK (education <> ''),
  created_at INTEGER NOT NULL
);

-- hash: lowercase hex SHA-256 of the token. Revoked rows stay, as the record
-- of which token was valid when.
CREATE TABLE staff_tokens (
  id INTEGER PRIMARY KEY,
  staff_id INTEGER NOT NULL REFERENCES staff (id),
  hash TEXT NOT NULL UNIQUE CHECK (length(hash) = 64),
  created_at INTEGER NOT NULL,
  revoked_at INTEGER
);
CREATE INDEX staff_tokens_staff ON staff_tokens (staff_id);

CREATE TABLE staff_training (
  id INTEGER PRIMARY KEY,
  staff_id INTEGER NOT NULL REFERENCES staff (id),
  date TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  topic TEXT NOT NULL CHECK (topic <> ''),
  kind TEXT NOT NULL CHECK (kind IN ('knowledge', 'practical')),
  hours REAL NOT NULL CHECK (hours > 0 AND hours <= 1000),
  created_at INTEGER NOT NULL
);
CREATE INDEX staff_training_staff ON staff_training (staff_id, date);

-- Append-only. No personal data: object names a record, never its content.
-- staff_id NULL: the command line. client_id has no foreign key, so that an
-- entry outlives nothing it points at and a read of an unknown id is recorded too.
CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY,
  staff_id INTEGER REFERENCES staff (id),
  action TEXT NOT NULL CHECK (action <> ''),
  object TEXT NOT NULL,
  client_id INTEGER,
  remote_addr TEXT NOT NULL CHECK (remote_addr <> ''),
  at INTEGER NOT NULL
);
CREATE INDEX audit_log_client ON audit_log (client_id) WHERE client_id IS NOT NULL;
)sql",

    // 5: archives (S-3.5.2): a number per case, gapless per category and year,
    // and the documents filed under it. Clients who accepted the service
    // agreement before this version get their archives here, numbered in the
    // order they accepted, in the default format.
    R"sql(
-- category: GR (individual, 个人) or QY (enterprise, 企业), from clients.kind.
-- year: of opened_at in China Standard Time. One archive per client.
CREATE TABLE archives (
  id INTEGER PRIMARY KEY,
  number TEXT NOT NULL UNIQUE CHECK (number <> ''),
  client_id INTEGER NOT NULL UNIQUE REFERENCES clients (id),
  category TEXT NOT NULL CHECK (category IN ('GR', 'QY')),
  year INTEGER NOT NULL,
  seq INTEGER NOT NULL CHECK (seq >= 1),
  opened_at INTEGER NOT NULL,
  UNIQUE (category, year, seq)
);

-- What was filed and when; the content stays in the record named. Rows outlive
-- an erasure of the client's personal data (the reference holds none).
CREATE TABLE archive_documents (
  id INTEGER PRIMARY KEY,
  archive_id INTEGER NOT NULL REFERENCES archives (id),
  kind TEXT NOT NULL CHECK (kind IN ('agreement', 'plan', 'feedback', 'complaint')),
  reference TEXT NOT NULL,
  filed_at INTEGER NOT NULL
);
CREATE INDEX archive_documents_archive ON archive_documents (archive_id);

INSERT INTO archives (number, client_id, category, year, seq, opened_at)
SELECT printf('%s-%d-%06d', category, year, seq), client_id, category, year, seq, opened_at FROM (
  SELECT client_id, category, year, opened_at,
         row_number() OVER (PARTITION BY category, year ORDER BY opened_at, client_id) AS seq
  FROM (SELECT c.id AS client_id,
               CASE c.kind WHEN 'enterprise' THEN 'QY' ELSE 'GR' END AS category,
               CAST(strftime('%Y', min(s.at) / 1000 + 28800, 'unixepoch') AS INTEGER) AS year,
               min(s.at) AS opened_at
        FROM clients c JOIN consents s ON s.client_id = c.id
        WHERE s.document = 'service_agreement' AND s.accepted = 1
        GROUP BY c.id))
ORDER BY opened_at, client_id;

INSERT INTO archive_documents (archive_id, kind, reference, filed_at)
SELECT a.id, d.kind, d.reference, d.filed_at FROM archives a JOIN (
  SELECT client_id, 'agreement' AS kind, document || ' ' || version AS reference, at AS filed_at,
         0 AS rank, id AS sub
  FROM consents WHERE document = 'service_agreement' AND accepted = 1
  UNION ALL SELECT client_id, 'plan', 'version ' || version, at, 1, version FROM service_plans
  UNION ALL SELECT client_id, 'feedback', 'rating ' || rating, at, 2, id FROM feedback
  UNION ALL SELECT client_id, 'complaint', ticket, filed_at, 3, id FROM complaints
) d ON d.client_id = a.client_id
ORDER BY a.id, d.filed_at, d.rank, d.sub;
)sql",

    // 6: the tamper-evident audit log (S-3.5.3): each entry carries the hash
    // of the one before (storage/audit_chain.h); the entries written before
    // this version are chained here, in id order. careerbot_audit_hash is
    // AuditEntryHash, registered on the connection before migrating.
    R"sql(
ALTER TABLE audit_log ADD COLUMN prev_hash TEXT CHECK (prev_hash IS NULL OR length(prev_hash) = 64);

CREATE TEMP TABLE audit_chain AS
WITH RECURSIVE chain (id, prev, hash) AS (
  SELECT 0, NULL, '0000000000000000000000000000000000000000000000000000000000000000'
  UNION ALL
  SELECT a.id, chain.hash,
         careerbot_audit_hash(a.id, a.staff_id, a.action, a.object, a.client_id, a.remote_addr,
                              a.at, chain.hash)
  FROM chain JOIN audit_log a ON a.id = (SELECT min(id) FROM audit_log WHERE id > chain.id))
SELECT id, prev FROM chain WHERE id > 0;
UPDATE audit_log SET prev_hash = (SELECT prev FROM temp.audit_chain c WHERE c.id = audit_log.id);
DROP TABLE temp.audit_chain;
)sql",

    // 7: reports (S-4.6.1, S-5.5): a client's draft (version 0, at most one) and
    // finalized versions 1, 2, …, their Markdown sections, and the link a
    // finalized version is read by (only the SHA-256 of its token). The archive
    // files finalized reports too, so archive_documents is rebuilt to accept the
    // kind 'report' (nothing references it, so it can be dropped and renamed).
    R"sql(
CREATE TABLE reports (
  id INTEGER PRIMARY KEY,
  client_id INTEGER NOT NULL REFERENCES clients (id),
  version INTEGER NOT NULL CHECK (version >= 0),
  lang TEXT NOT NULL CHECK (lang IN ('zh', 'en')),
  charts TEXT NOT NULL,
  drafted_by INTEGER NOT NULL REFERENCES staff (id),
  drafted_at INTEGER NOT NULL,
  finalized_by INTEGER REFERENCES staff (id),
  finalized_at INTEGER,
  link_hash TEXT UNIQUE CHECK (link_hash IS NULL OR length(link_hash) = 64),
  link_expires_at INTEGER,
  UNIQUE (client_id, version),
  CHECK ((version = 0) = (finalized_by IS NULL)),
  CHECK ((link_hash IS NULL) = (link_expires_at IS NULL))
);

CREATE TABLE report_sections (
  report_id INTEGER NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
  section TEXT NOT NULL CHECK (section <> ''),
  position INTEGER NOT NULL,
  title TEXT NOT NULL,
  markdown TEXT NOT NULL,
  edited_by INTEGER REFERENCES staff (id),
  edited_at INTEGER,
  PRIMARY KEY (report_id, section)
) WITHOUT ROWID;

CREATE TABLE archive_documents_v7 (
  id INTEGER PRIMARY KEY,
  archive_id INTEGER NOT NULL REFERENCES archives (id),
  kind TEXT NOT NULL CHECK (kind IN ('agreement', 'plan', 'feedback', 'complaint', 'report')),
  reference TEXT NOT NULL,
  filed_at INTEGER NOT NULL
);
INSERT INTO archive_documents_v7 (id, archive_id, kind, reference, filed_at)
  SELECT id, archive_id, kind, reference, filed_at FROM archive_documents;
DROP TABLE archive_documents;
ALTER TABLE archive_documents_v7 RENAME TO archive_documents;
CREATE INDEX archive_documents_archive ON archive_documents (archive_id);
)sql",

    // 8: staff in the client's conversation (S-4.4, S-5.6): what a channel needs to
    // write to a client unasked, who started a staff turn, hand-offs taken and
    // ended, closed cases.
    R"sql(
ALTER TABLE sessions ADD COLUMN reply_context TEXT;
-- Set on the inbound row of a turn a staff member started (their action).
ALTER TABLE messages ADD COLUMN staff_id INTEGER REFERENCES staff (id);
ALTER TABLE handoffs ADD COLUMN taken_by INTEGER REFERENCES staff (id);
ALTER TABLE handoffs ADD COLUMN taken_at INTEGER;
ALTER TABLE handoffs ADD COLUMN ended_at INTEGER;
CREATE INDEX handoffs_status ON handoffs (status);
CREATE TABLE case_closures (
  client_id INTEGER PRIMARY KEY REFERENCES clients (id),
  closed_by INTEGER NOT NULL REFERENCES staff (id),
  closed_at INTEGER NOT NULL
);
)sql",

    // 9: the outbox keeps its order per client and destination (a channel's
    // account, or an admin webhook endpoint), so that a receiver that is down
    // holds back only its own entries: the head of each such queue is found
    // through this index.
    R"sql(
CREATE INDEX outbox_destination_queue ON outbox (client_id, channel, account, seq)
  WHERE status = 'queued';
)sql",

    // 10: complaint handling (S-6.2) and case assignment (S-6.1): who handles a
    // complaint, every change made to it, the answers written to the client, and
    // the counsellor responsible for each case over time. (Numbered 10 on its
    // branch: the integrator puts it after migrations 7 to 9.)
    R"sql(
-- NULL: nobody assigned yet.
ALTER TABLE complaints ADD COLUMN assignee_staff_id INTEGER REFERENCES staff (id);

-- Append-only history of a complaint: a move to another state, or another
-- assignee (from/to: state names, or staff ids in decimal; from NULL: nobody).
CREATE TABLE complaint_changes (
  id INTEGER PRIMARY KEY,
  complaint_id INTEGER NOT NULL REFERENCES complaints (id),
  staff_id INTEGER NOT NULL REFERENCES staff (id),
  field TEXT NOT NULL CHECK (field IN ('status', 'assignee')),
  from_value TEXT,
  to_value TEXT NOT NULL,
  note TEXT NOT NULL,
  at INTEGER NOT NULL
);
CREATE INDEX complaint_changes_complaint ON complaint_changes (complaint_id);

-- What counsellors wrote to the client about the complaint. Kept when the
-- client's personal data is erased, like the complaint itself.
CREATE TABLE complaint_answers (
  id INTEGER PRIMARY KEY,
  complaint_id INTEGER NOT NULL REFERENCES complaints (id),
  staff_id INTEGER NOT NULL REFERENCES staff (id),
  text TEXT NOT NULL CHECK (text <> ''),
  at INTEGER NOT NULL
);
CREATE INDEX complaint_answers_complaint ON complaint_answers (complaint_id);

-- Append-only: the latest row of a client is the counsellor responsible now;
-- the earlier ones say who was responsible when (feedback is attributed by them).
CREATE TABLE case_assignments (
  id INTEGER PRIMARY KEY,
  client_id INTEGER NOT NULL REFERENCES clients (id),
  staff_id INTEGER NOT NULL REFERENCES staff (id),
  assigned_by INTEGER NOT NULL REFERENCES staff (id),
  at INTEGER NOT NULL
);
CREATE INDEX case_assignments_client ON case_assignments (client_id);
)sql",

    // 11: encryption at rest (S-3.5.3; storage/sqlite_encryption.h): settings of
    // the database itself. The row 'data_key_check' holds a known text sealed
    // with the data key the personal columns are encrypted with, so a start with
    // a wrong or missing key is refused before anything is read or written.
    R"sql(
CREATE TABLE settings (
  name TEXT PRIMARY KEY CHECK (name <> ''),
  value TEXT NOT NULL
) WITHOUT ROWID;
)sql",

    // 12: notes staff write on a case (S-5).
    R"sql(
CREATE TABLE case_notes (
  id INTEGER PRIMARY KEY,
  client_id INTEGER NOT NULL REFERENCES clients (id),
  staff_id INTEGER NOT NULL REFERENCES staff (id),
  text TEXT NOT NULL CHECK (text <> ''),
  at INTEGER NOT NULL
);
CREATE INDEX case_notes_client ON case_notes (client_id);
)sql",

    // 13: personal links (storage/link_records.h): expiring addresses that give a
    // client something of theirs (the copy of their data) without a login. Only
    // the SHA-256 of a token is kept; erasing the client's data deletes them.
    R"sql(
CREATE TABLE personal_links (
  id INTEGER PRIMARY KEY,
  client_id INTEGER NOT NULL REFERENCES clients (id),
  purpose TEXT NOT NULL CHECK (purpose IN ('export')),
  token_hash TEXT NOT NULL UNIQUE CHECK (length(token_hash) = 64),
  issued_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL CHECK (expires_at > issued_at)
);
CREATE INDEX personal_links_client ON personal_links (client_id);
)sql",

    // 14: the outbox worker reads only the heads that are due. A queue's head (its
    // queued entry of lowest seq) is marked, and triggers keep the mark whoever
    // writes the table (an operator who sets a failed entry back to queued by hand
    // included), so that the worker's question is one range of one index: entries
    // waiting behind a head that backs off are never read, however many pile up
    // while a platform is down.
    R"sql(
-- 1 on the queued entry of lowest seq of its (client, channel, account) queue;
-- 0 on every other entry. Only the triggers below write it.
ALTER TABLE outbox ADD COLUMN head INTEGER NOT NULL DEFAULT 0 CHECK (head IN (0, 1));
UPDATE outbox SET head = 1 WHERE status = 'queued' AND NOT EXISTS
  (SELECT 1 FROM outbox p WHERE p.client_id = outbox.client_id AND p.channel = outbox.channel
   AND p.account = outbox.account AND p.status = 'queued' AND p.seq < outbox.seq);
-- The worker's questions: the heads due by now, and when the next one is due.
CREATE INDEX outbox_due_heads ON outbox (next_attempt_at) WHERE status = 'queued' AND head = 1;

-- A new queued entry is its queue's head when nothing of the queue waits before it.
CREATE TRIGGER outbox_head_on_insert AFTER INSERT ON outbox WHEN NEW.status = 'queued' BEGIN
  UPDATE outbox SET head = 1 WHERE id = NEW.id AND NOT EXISTS
    (SELECT 1 FROM outbox p WHERE p.client_id = NEW.client_id AND p.channel = NEW.channel
     AND p.account = NEW.account AND p.status = 'queued' AND p.seq < NEW.seq);
END;
-- A head sent or given up hands the mark to the next queued entry of its queue.
CREATE TRIGGER outbox_head_moves_on AFTER UPDATE OF status ON outbox
WHEN OLD.status = 'queued' AND NEW.status <> 'queued' BEGIN
  UPDATE outbox SET head = 0 WHERE id = NEW.id;
  UPDATE outbox SET head = 1 WHERE id =
    (SELECT id FROM outbox WHERE client_id = NEW.client_id AND channel = NEW.channel
     AND account = NEW.account AND status = 'queued' ORDER BY seq LIMIT 1);
END;
-- An entry queued again (by hand) may come before the queue's head: mark anew.
CREATE TRIGGER outbox_head_on_requeue AFTER UPDATE OF status ON outbox
WHEN OLD.status <> 'queued' AND NEW.status = 'queued' BEGIN
  UPDATE outbox SET head = (seq = (SELECT min(seq) FROM outbox WHERE client_id = NEW.client_id
    AND channel = NEW.channel AND account = NEW.account AND status = 'queued'))
  WHERE client_id = NEW.client_id AND channel = NEW.channel AND account = NEW.account
    AND status = 'queued';
END;
)sql",
    // 15: report links become personal links of purpose 'report' naming their
    // report (report_id, set exactly for that purpose), so one table keeps every
    // link. SQLite alters no CHECK, and a UNIQUE column cannot be dropped (its
    // automatic index cannot be dropped either), so personal_links and reports
    // are rebuilt: create new, copy, drop, rename (SQLite's "ALTER TABLE",
    // "making other kinds of table schema changes"). foreign_keys is ON here, so
    // dropping reports would cascade into its children: the children are rebuilt
    // first, referencing reports_v15, and the rename points them at reports.
    // A moved link's issue time is its report's finalizing time: a renewal kept
    // no time of its own, and the expiry still comes after it.
    R"sql(
CREATE TABLE reports_v15 (
  id INTEGER PRIMARY KEY,
  client_id INTEGER NOT NULL REFERENCES clients (id),
  version INTEGER NOT NULL CHECK (version >= 0),
  lang TEXT NOT NULL CHECK (lang IN ('zh', 'en')),
  charts TEXT NOT NULL,
  drafted_by INTEGER NOT NULL REFERENCES staff (id),
  drafted_at INTEGER NOT NULL,
  finalized_by INTEGER REFERENCES staff (id),
  finalized_at INTEGER,
  UNIQUE (client_id, version),
  CHECK ((version = 0) = (finalized_by IS NULL))
);
INSERT INTO reports_v15 (id, client_id, version, lang, charts, drafted_by, drafted_at, finalized_by, finalized_at)
  SELECT id, client_id, version, lang, charts, drafted_by, drafted_at, finalized_by, finalized_at FROM reports;

CREATE TABLE report_sections_v15 (
  report_id INTEGER NOT NULL REFERENCES reports_v15 (id) ON DELETE CASCADE,
  section TEXT NOT NULL CHECK (section <> ''),
  position INTEGER NOT NULL,
  title TEXT NOT NULL,
  markdown TEXT NOT NULL,
  edited_by INTEGER REFERENCES staff (id),
  edited_at INTEGER,
  PRIMARY KEY (report_id, section)
) WITHOUT ROWID;
INSERT INTO report_sections_v15 SELECT report_id, section, position, title, markdown, edited_by, edited_at
  FROM report_sections;

CREATE TABLE personal_links_v15 (
  id INTEGER PRIMARY KEY,
  client_id INTEGER NOT NULL REFERENCES clients (id),
  purpose TEXT NOT NULL CHECK (purpose IN ('export', 'report')),
  report_id INTEGER REFERENCES reports_v15 (id) ON DELETE CASCADE,
  token_hash TEXT NOT NULL UNIQUE CHECK (length(token_hash) = 64),
  issued_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL CHECK (expires_at > issued_at),
  CHECK ((purpose = 'report') = (report_id IS NOT NULL))
);
INSERT INTO personal_links_v15 (id, client_id, purpose, token_hash, issued_at, expires_at)
  SELECT id, client_id, purpose, token_hash, issued_at, expires_at FROM personal_links;
INSERT INTO personal_links_v15 (client_id, purpose, report_id, token_hash, issued_at, expires_at)
  SELECT client_id, 'report', id, link_hash, min(coalesce(finalized_at, drafted_at), link_expires_at - 1),
         link_expires_at
  FROM reports WHERE link_hash IS NOT NULL ORDER BY id;

DROP TABLE personal_links;
DROP TABLE report_sections;
DROP TABLE reports;
ALTER TABLE reports_v15 RENAME TO reports;
ALTER TABLE report_sections_v15 RENAME TO report_sections;
ALTER TABLE personal_links_v15 RENAME TO personal_links;
CREATE INDEX personal_links_client ON personal_links (client_id);
-- A report version's one link: read with the report, deleted with it (the
-- cascade looks here). NULLs are distinct, so links of other purposes pass.
CREATE UNIQUE INDEX personal_links_report ON personal_links (report_id);
)sql",
};

constexpr int kSchemaVersion = static_cast<int>(std::size(kMigrations));

Status ReadInt(sqlite3* db, const char* sql, int64_t* out) {
  Statement stmt;
  Status s = stmt.Prepare(db, sql);
  if (!s.ok()) return s;
  Query q(stmt, sql);
  bool row = false;
  s = q.Step(&row);
  if (!s.ok()) return s;
  *out = row ? q.Int64(0) : 0;
  return Status::Ok();
}

Status NewerVersion(int64_t version) {
  return Status::InvalidArgument("the database has schema version " + std::to_string(version) +
                                 " but this build knows only " + std::to_string(kSchemaVersion) +
                                 "; it was written by a newer careerbot, run that one");
}

// Refuses a file that is not an SQLite database, an SQLite database of another
// application, or a careerbot database from a newer build; reads only.
Status CheckSqliteDatabase(sqlite3* db) {
  // The first read of the header is where SQLite notices a file that is not a
  // database; say so plainly rather than relay "file is not a database".
  int64_t version = 0;
  Status s = ReadInt(db, "PRAGMA user_version", &version);
  if (!s.ok()) {
    if ((sqlite3_extended_errcode(db) & 0xff) == SQLITE_NOTADB) {
      return Status::InvalidArgument("not an SQLite database (is the path right?)");
    }
    return s;
  }
  int64_t app_id = 0;
  int64_t objects = 0;
  s = ReadInt(db, "PRAGMA application_id", &app_id);
  if (s.ok()) s = ReadInt(db, "SELECT count(*) FROM sqlite_schema", &objects);
  if (!s.ok()) return s;

  if (version == 0 && objects == 0) return Status::Ok();  // new or empty: ours to create
  if (app_id != kApplicationId) {
    return Status::InvalidArgument(
        "an SQLite database of another application (no careerbot application_id); refusing to "
        "touch it");
  }
  if (version > kSchemaVersion) return NewerVersion(version);
  return Status::Ok();
}

// Applies the migrations up to `target` in one BEGIN IMMEDIATE transaction;
// takes no write lock when the schema is there already.
Status MigrateSqlite(sqlite3* db, int target) {
  int64_t version = 0;
  Status s = ReadInt(db, "PRAGMA user_version", &version);
  if (!s.ok() || version >= target) return s;

  s = ExecSql(db, "BEGIN IMMEDIATE", "migrate: begin");
  if (!s.ok()) return s;
  // Read again under the write lock: another process may have migrated (or a
  // newer build may have) since the check above.
  s = ReadInt(db, "PRAGMA user_version", &version);
  if (s.ok() && version > kSchemaVersion) s = NewerVersion(version);
  for (int64_t v = version; s.ok() && v < target; ++v) {
    s = ExecSql(db, kMigrations[v], "migration " + std::to_string(v + 1));
  }
  if (s.ok() && version < target) {
    // Part of the same transaction: the version moves only with the schema.
    std::string set = "PRAGMA user_version = " + std::to_string(target);
    s = ExecSql(db, set.c_str(), "migrate: set user_version");
  }
  if (s.ok()) s = ExecSql(db, "COMMIT", "migrate: commit");
  if (!s.ok() && !sqlite3_get_autocommit(db)) {
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
  }
  return s;
}

Status Configure(sqlite3* db, const SqliteOptions& options) {
  sqlite3_busy_timeout(db, options.busy_timeout_ms);
  Statement wal;
  Status s = wal.Prepare(db, "PRAGMA journal_mode = WAL");
  if (!s.ok()) return s;
  {
    Query q(wal, "set journal_mode");
    bool row = false;
    s = q.Step(&row);
    if (!s.ok()) return s;
    // SQLite answers with the mode now in force; it keeps the old one when the
    // file system cannot do WAL (no shared memory, some network mounts).
    std::string mode = row ? q.Text(0) : "";
    if (mode != "wal") {
      return Status::Unavailable("cannot switch to WAL journal mode (still '" + mode +
                                 "'); is the file on a local file system?");
    }
  }
  // FULL: in WAL mode NORMAL may lose the last committed turns on power loss,
  // and then a redelivered message would be answered afresh and the client's
  // answers and consents of those turns would be gone.
  s = ExecSql(db, "PRAGMA synchronous = FULL", "set synchronous");
  if (s.ok()) s = ExecSql(db, "PRAGMA foreign_keys = ON", "set foreign_keys");
  // Deleted and overwritten content is zeroed, not left in free space where a
  // copy of the file would still show it: erasing a client's data must erase it.
  if (s.ok()) s = ExecSql(db, "PRAGMA secure_delete = ON", "set secure_delete");
  return s;
}

// careerbot_audit_hash(id, staff_id, action, object, client_id, remote_addr, at,
// prev_hash): AuditEntryHash of those values, for migration 6 and AppendAudit.
void AuditHashFunction(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
  auto text = [&](int i) {
    const unsigned char* v = sqlite3_value_text(argv[i]);
    return v ? std::string(reinterpret_cast<const char*>(v), sqlite3_value_bytes(argv[i])) : std::string();
  };
  auto optional = [&](int i) {
    return sqlite3_value_type(argv[i]) == SQLITE_NULL ? std::nullopt
                                                      : std::optional<int64_t>(sqlite3_value_int64(argv[i]));
  };
  if (argc != 8) return sqlite3_result_error(ctx, "careerbot_audit_hash takes 8 arguments", -1);
  AuditEntry e;
  e.id = sqlite3_value_int64(argv[0]);
  e.staff_id = optional(1);
  e.action = text(2);
  e.object = text(3);
  e.client_id = optional(4);
  e.remote_addr = text(5);
  e.at_ms = sqlite3_value_int64(argv[6]);
  e.prev_hash = text(7);
  const std::string hash = AuditEntryHash(e);
  sqlite3_result_text(ctx, hash.c_str(), static_cast<int>(hash.size()), SQLITE_TRANSIENT);
}

Status Open(const SqliteOptions& options, int target, SqliteHandle* db) {
  if (options.path.empty()) return Status::InvalidArgument("the database path is empty");
  sqlite3* raw = nullptr;
  // NOMUTEX: the store serialises every use of its connection, so SQLite's own
  // per-connection mutex would only add cost. EXRESCODE: extended codes let
  // SqliteStatus tell a CHECK from a UNIQUE failure.
  int rc = sqlite3_open_v2(
      options.path.c_str(), &raw,
      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE,
      nullptr);
  SqliteHandle handle(raw);  // closes the connection on every early return
  if (rc != SQLITE_OK) {
    return SqliteStatus(rc, raw, "cannot open the database (does its directory exist?)");
  }
  const int fn = sqlite3_create_function(raw, "careerbot_audit_hash", 8,
                                        SQLITE_UTF8 | SQLITE_DETERMINISTIC, nullptr,
                                        AuditHashFunction, nullptr, nullptr);
  if (fn != SQLITE_OK) return SqliteStatus(fn, raw, "cannot register careerbot_audit_hash");
  Status s = CheckSqliteDatabase(raw);
  if (s.ok()) s = Configure(raw, options);
  if (s.ok()) s = MigrateSqlite(raw, target);
  if (s.ok()) *db = std::move(handle);
  return s;
}

}  // namespace

int SqliteSchemaVersion() { return kSchemaVersion; }

Status OpenSqliteDatabase(const SqliteOptions& options, SqliteHandle* db) {
  return Open(options, kSchemaVersion, db);
}

Status OpenSqliteDatabaseAtVersion(const SqliteOptions& options, int version, SqliteHandle* db) {
  if (version < 1 || version > kSchemaVersion) {
    return Status::InvalidArgument("no schema version " + std::to_string(version));
  }
  return Open(options, version, db);
}

}  // namespace careerbot::storage
