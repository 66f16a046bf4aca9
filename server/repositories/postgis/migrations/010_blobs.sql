-- Attachments (photos of reports and of joint-action results), capped at 5 MB by the API.
-- Numbered 010 to leave room for migrations other work adds in between; the runner applies any
-- file not yet applied, in name order, so gaps are fine.
CREATE TABLE IF NOT EXISTS blobs (
  id uuid PRIMARY KEY,
  subject text NOT NULL,
  county_code text NOT NULL,
  content_type text NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png', 'image/webp')),
  size integer NOT NULL CHECK (size > 0 AND size <= 5242880),
  sha256 text NOT NULL,
  uploaded_by text NOT NULL,
  created_at timestamptz NOT NULL,
  bytes bytea NOT NULL
);
CREATE INDEX IF NOT EXISTS blobs_subject ON blobs (subject, created_at);
