-- Grid Dispatch schema v1. Applied once, in a transaction, by migrate.ts; never edit an applied
-- migration (its checksum is recorded) — add 002_….sql instead.
--
-- Ids and codes are text COLLATE "C" so that they sort by code point, as the embedded store and
-- the keyset cursors do. Every incident/order row keeps the record exactly as accepted (`doc`,
-- json keeps the text byte for byte); the typed columns beside it are for queries and audits.

CREATE EXTENSION IF NOT EXISTS postgis;

CREATE TABLE grids (
  code        text COLLATE "C" PRIMARY KEY,
  level       text NOT NULL CHECK (level IN ('county', 'township', 'village', 'group')),
  name        text NOT NULL,
  short_name  text NOT NULL,
  parent_code text COLLATE "C" NOT NULL,
  county_code text COLLATE "C" NOT NULL,
  synthetic   boolean NOT NULL,
  geom        geometry(MultiPolygon, 4326) NOT NULL CHECK (ST_IsValid(geom))
);
CREATE INDEX grids_geom_gist ON grids USING gist (geom);
CREATE INDEX grids_county_level ON grids (county_code, level);

-- Which version of each county's grid file is loaded, so start-up reloads only what changed.
CREATE TABLE grid_sources (
  county_code  text COLLATE "C" PRIMARY KEY,
  content_hash text NOT NULL,
  features     integer NOT NULL,
  loaded_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE incidents (
  id            text COLLATE "C" PRIMARY KEY,
  received_at   timestamptz NOT NULL,
  status        text NOT NULL,
  source        text NOT NULL,
  matter_code   text,
  county_code   text COLLATE "C" NOT NULL,
  township_code text COLLATE "C" NOT NULL,
  village_code  text COLLATE "C" NOT NULL,
  group_code    text COLLATE "C" NOT NULL,
  unit_id       text NOT NULL,
  geom          geometry(Point, 4326) NOT NULL,
  doc           json NOT NULL
);
CREATE INDEX incidents_received ON incidents (received_at DESC, id DESC);
CREATE INDEX incidents_county_received ON incidents (county_code, received_at DESC, id DESC);
CREATE INDEX incidents_geom_gist ON incidents USING gist (geom);

CREATE TABLE dispatch_orders (
  -- Insertion order: an incident's orders are listed in the order they were issued.
  n           bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  id          text COLLATE "C" PRIMARY KEY,
  incident_id text COLLATE "C" NOT NULL REFERENCES incidents (id),
  unit_id     text NOT NULL,
  status      text NOT NULL,
  created_at  timestamptz NOT NULL,
  doc         json NOT NULL
);
CREATE INDEX dispatch_orders_incident ON dispatch_orders (incident_id, n);
CREATE INDEX dispatch_orders_unit ON dispatch_orders (unit_id, created_at);

-- The append-only event log: feeds live replay and the audit trail.
CREATE TABLE events (
  seq     bigint PRIMARY KEY CHECK (seq > 0),
  type    text NOT NULL,
  at      timestamptz NOT NULL,
  payload json NOT NULL
);

-- One row holding the last sequence number handed out. A committing transaction bumps it as its
-- last step; the row lock it takes is held until COMMIT, so sequence numbers are assigned in
-- commit order and a reader never sees seq n+1 before seq n (a SEQUENCE would not guarantee that,
-- and a rolled-back transaction would leave a gap).
CREATE TABLE event_counter (
  singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  last_seq  bigint NOT NULL
);
INSERT INTO event_counter (last_seq) VALUES (0);

-- The log is append-only: refuse UPDATE and DELETE outright.
CREATE FUNCTION events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the event log is append-only (% refused)', TG_OP;
END $$;
CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON events
  FOR EACH ROW EXECUTE FUNCTION events_append_only();

CREATE TABLE idempotency_keys (
  key          text COLLATE "C" PRIMARY KEY,
  request_hash text NOT NULL,
  status       integer NOT NULL,
  body         json NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now()
);
