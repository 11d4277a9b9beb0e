/** One step of the shared database's schema; applied once, in order, inside a transaction. */
export type PostgresMigration = { version: number; name: string; sql: string };

/**
 * The PostgreSQL schema, as versioned steps. Append only: a released step is never edited (a
 * replica that already ran it would not run it again); a change is a new step. Every step is
 * additive, so a replica still on the previous release keeps working against the newer schema
 * during a rolling upgrade.
 */
export const POSTGRES_MIGRATIONS: readonly PostgresMigration[] = [
  {
    version: 1,
    name: 'audit log',
    sql: `
CREATE TABLE audit_log (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at TIMESTAMPTZ NOT NULL,
  replica TEXT NOT NULL,
  request_id TEXT NOT NULL,
  status TEXT NOT NULL,
  http_status INTEGER NOT NULL,
  requested_model TEXT NOT NULL,
  router TEXT,
  router_path TEXT[] NOT NULL,
  rule TEXT,
  deployment TEXT,
  provider TEXT,
  project TEXT,
  caller TEXT,
  cost_usd DOUBLE PRECISION,
  latency_ms DOUBLE PRECISION NOT NULL,
  record JSONB NOT NULL
);
-- A retried batch (its commit unconfirmed) or a re-run import writes nothing twice.
CREATE UNIQUE INDEX audit_log_request_id ON audit_log (request_id);
CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX audit_log_router ON audit_log (router, at);
CREATE INDEX audit_log_router_path ON audit_log USING GIN (router_path);
CREATE INDEX audit_log_rule ON audit_log (rule, at) WHERE rule IS NOT NULL;
CREATE INDEX audit_log_status ON audit_log (status, at);
CREATE INDEX audit_log_project ON audit_log (project, at) WHERE project IS NOT NULL;
CREATE INDEX audit_log_caller ON audit_log (caller, at) WHERE caller IS NOT NULL;
`,
  },
  {
    version: 2,
    name: 'spend ledger and budget alerts',
    sql: `
CREATE TABLE spend_ledger (
  month TEXT NOT NULL,
  provider TEXT NOT NULL,
  spend_usd DOUBLE PRECISION NOT NULL,
  updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  PRIMARY KEY (month, provider)
);
-- Each pushed batch of spend once: a push whose commit was not confirmed is retried with the
-- same id, and the retry adds nothing when the first one did land.
CREATE TABLE spend_pushes (
  id UUID PRIMARY KEY,
  replica TEXT NOT NULL,
  pushed_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX spend_pushes_pushed_at ON spend_pushes (pushed_at);
CREATE TABLE budget_alerts (
  month TEXT NOT NULL,
  provider TEXT NOT NULL,
  threshold DOUBLE PRECISION NOT NULL,
  replica TEXT NOT NULL,
  claimed_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  PRIMARY KEY (month, provider, threshold)
);
-- SQLite files already imported by \`switchyard migrate --from-sqlite\`.
CREATE TABLE sqlite_imports (
  source TEXT PRIMARY KEY,
  audit_rows INTEGER NOT NULL,
  spend_rows INTEGER NOT NULL,
  imported_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
`,
  },
  {
    version: 3,
    name: 'virtual keys, key and project spend, alert claims',
    sql: `
-- Virtual keys of every replica: the record (never the secret, only its digest) as JSON.
CREATE TABLE virtual_keys (
  id TEXT PRIMARY KEY,
  project TEXT NOT NULL,
  created_at TIMESTAMPTZ NOT NULL,
  record JSONB NOT NULL,
  updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX virtual_keys_project ON virtual_keys (project);
-- The monthly spend of keys (\`key:<id>\`) and projects (\`project:<name>\`), pushed like spend_ledger
-- (its pushes share spend_pushes).
CREATE TABLE governed_spend (
  month TEXT NOT NULL,
  account TEXT NOT NULL,
  spend_usd DOUBLE PRECISION NOT NULL,
  updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  PRIMARY KEY (month, account)
);
-- An alert raised once across replicas: the first replica to insert its claim sends it.
CREATE TABLE alert_claims (
  claim TEXT PRIMARY KEY,
  replica TEXT NOT NULL,
  claimed_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX alert_claims_claimed_at ON alert_claims (claimed_at);
`,
  },
  {
    version: 4,
    name: 'labels (feedback and shadow judge scores)',
    sql: `
-- One quality label per request, source (feedback | judge), rated deployment and rater (the key's
-- id, or the judge deployment): feedback sent again by the same key replaces its label.
CREATE TABLE labels (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at TIMESTAMPTZ NOT NULL,
  request_id TEXT NOT NULL,
  source TEXT NOT NULL,
  model TEXT NOT NULL,
  rater TEXT NOT NULL,
  score DOUBLE PRECISION NOT NULL,
  router TEXT,
  caller TEXT,
  project TEXT,
  comment TEXT,
  cost_usd DOUBLE PRECISION,
  UNIQUE (request_id, source, model, rater)
);
CREATE INDEX labels_request ON labels (request_id);
-- Prompts of shadow-evaluated requests, stored only with shadow.store_prompts (for labels export).
CREATE TABLE label_prompts (
  request_id TEXT PRIMARY KEY,
  at TIMESTAMPTZ NOT NULL,
  router TEXT,
  prompt TEXT NOT NULL
);
`,
  },
];
