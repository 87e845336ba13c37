-- Party-building tasks (党建任务, docs/rules.md#tasks): a task an organization (the county or a
-- committee) sends down the tree, and one assignment per recipient — an organization, or a
-- member (then `org_id` is the member's organization). Days are China dates ('2026-12-10').
-- Every step is also a trail event.
CREATE TABLE tasks (
    id            INTEGER PRIMARY KEY,
    -- The organization that sends the task and reviews its reports.
    org_id        INTEGER NOT NULL REFERENCES organizations (id),
    title         TEXT NOT NULL,
    -- Markdown.
    instructions  TEXT NOT NULL,
    deadline      TEXT NOT NULL,
    -- text | photos | file | number
    evidence      TEXT NOT NULL,
    -- The unit of a number ('户', '人次'); '' for the other kinds.
    unit          TEXT NOT NULL,
    -- subtree | orgs | members
    addressed     TEXT NOT NULL,
    created_by    INTEGER NOT NULL REFERENCES accounts (id),
    created_at    TEXT NOT NULL
);
CREATE INDEX tasks_org ON tasks (org_id, deadline);

CREATE TABLE task_assignments (
    id            INTEGER PRIMARY KEY,
    task_id       INTEGER NOT NULL REFERENCES tasks (id),
    org_id        INTEGER NOT NULL REFERENCES organizations (id),
    member_id     INTEGER REFERENCES members (id),
    -- 'org:<id>' or 'member:<id>': one assignment per recipient.
    recipient     TEXT NOT NULL,
    -- open | reported | returned | accepted
    state         TEXT NOT NULL,
    report_text   TEXT NOT NULL,
    report_number TEXT,
    -- The day of the latest report, and who made it.
    reported_on   TEXT,
    reported_by   INTEGER REFERENCES accounts (id),
    -- The reason of the latest return.
    review_note   TEXT NOT NULL,
    reviewed_by   INTEGER REFERENCES accounts (id),
    -- The day of the accepted report: on time when it is not after the deadline.
    accepted_on   TEXT,
    updated_at    TEXT NOT NULL
);
CREATE UNIQUE INDEX task_assignments_recipient ON task_assignments (task_id, recipient);
CREATE INDEX task_assignments_org ON task_assignments (org_id, state);
CREATE INDEX task_assignments_member ON task_assignments (member_id);
