-- Which grid version a county's rows hold: 1 for the data files, N for a version applied by an
-- import. Nodes replaying the event log compare against it so a version is loaded once, and a
-- restarting node does not put the file's polygons back over an imported version.
ALTER TABLE grid_sources ADD COLUMN version integer NOT NULL DEFAULT 1 CHECK (version >= 1);
