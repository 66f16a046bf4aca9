-- Case workflow (issue 5): case versions on incidents, officers, 乡呼县应 collaboration requests,
-- 确权 disputes, timer firings (ack escalations, overdue flags) and audit indexes on the event log.

-- Every stored change to a case bumps its version; an UPDATE names the version it read, so of two
-- concurrent changes (two operators, two servers, a timer and a person) exactly one applies.
ALTER TABLE incidents ADD COLUMN version integer NOT NULL DEFAULT 0;
ALTER TABLE incidents ADD COLUMN holder_id text COLLATE "C";
ALTER TABLE incidents ADD COLUMN assignee_id text COLLATE "C";
CREATE INDEX incidents_assignee ON incidents (assignee_id) WHERE assignee_id IS NOT NULL;

-- The ack timers' work list: orders not yet acknowledged.
CREATE INDEX dispatch_orders_pending ON dispatch_orders (created_at, id) WHERE status = 'pending';

CREATE TABLE officers (
  id           text COLLATE "C" PRIMARY KEY,
  county_code  text COLLATE "C" NOT NULL,
  unit_id      text COLLATE "C" NOT NULL,
  name         text NOT NULL,
  certificate  json,
  status       text NOT NULL CHECK (status IN ('onDuty', 'available', 'enRoute', 'onScene', 'offDuty')),
  position_lon double precision,
  position_lat double precision,
  position_at  text,
  geom         geometry(Point, 4326)
);
CREATE INDEX officers_unit ON officers (unit_id, id);
CREATE INDEX officers_county ON officers (county_code, id);
CREATE INDEX officers_geom_gist ON officers USING gist (geom);

CREATE TABLE collaborations (
  id          text COLLATE "C" PRIMARY KEY,
  county_code text COLLATE "C" NOT NULL,
  case_id     text COLLATE "C",
  from_unit   text COLLATE "C" NOT NULL,
  to_unit     text COLLATE "C" NOT NULL,
  received_at timestamptz NOT NULL,
  answered    boolean NOT NULL,
  version     integer NOT NULL CHECK (version > 0),
  doc         json NOT NULL
);
CREATE INDEX collaborations_open ON collaborations (received_at, id) WHERE NOT answered;
CREATE INDEX collaborations_case ON collaborations (case_id);

CREATE TABLE disputes (
  id          text COLLATE "C" PRIMARY KEY,
  county_code text COLLATE "C" NOT NULL,
  case_id     text COLLATE "C" NOT NULL,
  raised_at   timestamptz NOT NULL,
  decided     boolean NOT NULL,
  units       text[] NOT NULL,
  version     integer NOT NULL CHECK (version > 0),
  doc         json NOT NULL
);
CREATE INDEX disputes_open ON disputes (raised_at, id) WHERE NOT decided;
CREATE INDEX disputes_case ON disputes (case_id);

-- One row per timer step that fired: an ack-ladder level of an order (UNIQUE (order, level)), or a
-- request's / dispute's overdue flag. The primary key is what makes a step fire once, whichever
-- server's timer gets there first.
CREATE TABLE timer_firings (
  subject_id text COLLATE "C" NOT NULL,
  step       text NOT NULL,
  kind       text NOT NULL CHECK (kind IN ('ack-escalation', 'collaboration-overdue', 'dispute-overdue')),
  due_at     timestamptz NOT NULL,
  fired_at   timestamptz NOT NULL,
  PRIMARY KEY (subject_id, step)
);

-- The audit trail is the event log filtered by case, by user and by time.
CREATE INDEX events_incident ON events ((payload->>'incidentId'), seq) WHERE payload->>'incidentId' IS NOT NULL;
CREATE INDEX events_actor ON events ((payload->'actor'->>'userId'), seq) WHERE payload->'actor'->>'userId' IS NOT NULL;
CREATE INDEX events_at ON events (at);
