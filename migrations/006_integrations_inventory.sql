-- The integration inventory (cavra.integration.v1), one row per integration_id.
-- List fields hold a JSON array of strings; timestamps are RFC 3339 UTC text.
CREATE TABLE integrations (
    integration_id  TEXT PRIMARY KEY NOT NULL,
    name            TEXT NOT NULL,
    provider        TEXT NOT NULL,
    category        TEXT NOT NULL,
    status          TEXT NOT NULL,
    health_status   TEXT NOT NULL,
    owner           TEXT NOT NULL,
    environment     TEXT NOT NULL,
    auth_mode       TEXT,
    endpoint_ref    TEXT,
    capabilities    TEXT NOT NULL DEFAULT '[]',
    repositories    TEXT NOT NULL DEFAULT '[]',
    evidence_refs   TEXT NOT NULL DEFAULT '[]',
    last_checked_at TEXT,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX integrations_provider ON integrations (provider);
CREATE INDEX integrations_category ON integrations (category);
CREATE INDEX integrations_status ON integrations (status);
CREATE INDEX integrations_owner ON integrations (owner);
CREATE INDEX integrations_health_status ON integrations (health_status);
