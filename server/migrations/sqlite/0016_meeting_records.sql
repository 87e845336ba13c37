-- Meeting records: who hosted and took the minutes, what was decided, who came
-- (sign-in code on the member's own phone, leave and absence marked by the branch), photos with
-- their camera time and place, and the two-level review (committee first, county last; each
-- step with its comment is an event in the record trail, which the record's history reads).
-- status: planned | submitted | reviewed | returned | approved (domain::orglife::MeetingStatus).
ALTER TABLE meetings ADD COLUMN host TEXT NOT NULL DEFAULT '';
ALTER TABLE meetings ADD COLUMN recorder TEXT NOT NULL DEFAULT '';
ALTER TABLE meetings ADD COLUMN minutes TEXT NOT NULL DEFAULT '';
ALTER TABLE meetings ADD COLUMN decisions TEXT NOT NULL DEFAULT '';
-- Six digits, shown by the host during the meeting; unique only among a branch's meetings.
ALTER TABLE meetings ADD COLUMN sign_code TEXT NOT NULL DEFAULT '';
ALTER TABLE meetings ADD COLUMN submitted_at TEXT;
ALTER TABLE meetings ADD COLUMN approved_at TEXT;
CREATE INDEX meetings_status ON meetings (status, submitted_at);

CREATE TABLE meeting_attendance (
    meeting_id  INTEGER NOT NULL REFERENCES meetings (id),
    member_id   INTEGER NOT NULL REFERENCES members (id),
    status      TEXT NOT NULL,
    reason      TEXT NOT NULL DEFAULT '',
    at          TEXT NOT NULL,
    -- NULL when the member signed in with the code; the officer who marked leave or absence.
    marked_by   INTEGER REFERENCES accounts (id),
    PRIMARY KEY (meeting_id, member_id)
);
CREATE INDEX meeting_attendance_member ON meeting_attendance (member_id, status);

CREATE TABLE meeting_photos (
    id          INTEGER PRIMARY KEY,
    meeting_id  INTEGER NOT NULL REFERENCES meetings (id),
    file_key    TEXT NOT NULL,
    thumb_key   TEXT NOT NULL,
    width       INTEGER NOT NULL,
    height      INTEGER NOT NULL,
    -- From the photo's EXIF (camera clock, China time to the minute) and GPS, when present.
    taken_at    TEXT,
    place       TEXT,
    predates    INTEGER NOT NULL,
    uploaded_by INTEGER NOT NULL REFERENCES accounts (id),
    uploaded_at TEXT NOT NULL
);
CREATE UNIQUE INDEX meeting_photos_file ON meeting_photos (meeting_id, file_key);

-- Meetings planned before sign-in codes existed get one.
UPDATE meetings SET sign_code = substr('000000' || abs(random() % 1000000), -6) WHERE sign_code = '';
