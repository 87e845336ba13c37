-- Party dues (党费; docs/rules.md#dues). The member file keeps the confirmed category and base (set at the
-- start of the year); `dues_bases` keeps every submission and decision as history.
CREATE TABLE dues_bases (
    id           INTEGER PRIMARY KEY,
    member_id    INTEGER NOT NULL REFERENCES members (id),
    year         INTEGER NOT NULL,
    category     TEXT    NOT NULL,
    base_fen     INTEGER NOT NULL,
    monthly_fen  INTEGER NOT NULL,
    -- submitted → confirmed (as submitted, or corrected with a note) | withdrawn (resubmitted)
    status       TEXT    NOT NULL,
    submitted_by INTEGER NOT NULL REFERENCES accounts (id),
    submitted_at TEXT    NOT NULL,
    decided_by   INTEGER REFERENCES accounts (id),
    decided_at   TEXT,
    note         TEXT
);
CREATE INDEX dues_bases_member ON dues_bases (member_id, id);
CREATE INDEX dues_bases_status ON dues_bases (status, member_id);

-- Hardship relief: the branch proposes, the next-higher committee approves.
CREATE TABLE dues_hardship (
    id            INTEGER PRIMARY KEY,
    member_id     INTEGER NOT NULL REFERENCES members (id),
    kind          TEXT    NOT NULL,
    monthly_fen   INTEGER NOT NULL,
    reason        TEXT    NOT NULL,
    status        TEXT    NOT NULL,
    proposed_by   INTEGER NOT NULL REFERENCES accounts (id),
    proposed_at   TEXT    NOT NULL,
    decided_by    INTEGER REFERENCES accounts (id),
    decided_at    TEXT,
    decision_note TEXT
);
CREATE INDEX dues_hardship_member ON dues_hardship (member_id, status);

-- One payment: online (WeChat Pay order `out_trade_no`) or cash recorded by the branch.
CREATE TABLE dues_payments (
    id             INTEGER PRIMARY KEY,
    member_id      INTEGER NOT NULL REFERENCES members (id),
    out_trade_no   TEXT    NOT NULL UNIQUE,
    channel        TEXT    NOT NULL,
    amount_fen     INTEGER NOT NULL,
    -- pending → paid | closed
    status         TEXT    NOT NULL,
    transaction_id TEXT UNIQUE,
    created_by     INTEGER NOT NULL REFERENCES accounts (id),
    created_at     TEXT    NOT NULL,
    paid_at        TEXT,
    -- When the provider was last asked about it (reconciliation goes oldest first).
    checked_at     TEXT
);
CREATE INDEX dues_payments_member ON dues_payments (member_id, id);
CREATE INDEX dues_payments_pending ON dues_payments (status, created_at);

-- Bills: one monthly bill per member and month from the confirmed base; voluntary extra and
-- large one-off dues (大额党费) as their own bills. `payment_id` is set once, when paid.
CREATE TABLE dues_bills (
    id          INTEGER PRIMARY KEY,
    member_id   INTEGER NOT NULL REFERENCES members (id),
    org_id      INTEGER NOT NULL REFERENCES organizations (id),
    month       TEXT    NOT NULL,
    kind        TEXT    NOT NULL,
    amount_fen  INTEGER NOT NULL,
    large       INTEGER NOT NULL DEFAULT 0,
    payment_id  INTEGER REFERENCES dues_payments (id),
    paid_at     TEXT,
    -- Set once the month has passed unpaid and the points rules' deduction was booked.
    arrears_booked INTEGER NOT NULL DEFAULT 0,
    created_at  TEXT    NOT NULL
);
CREATE UNIQUE INDEX dues_bills_monthly ON dues_bills (member_id, month) WHERE kind = 'monthly';
CREATE INDEX dues_bills_org_month ON dues_bills (org_id, month);
-- The billing month (the newest month billed): bills before it that are unpaid are in arrears.
CREATE INDEX dues_bills_month ON dues_bills (month);
CREATE INDEX dues_bills_unpaid ON dues_bills (member_id, month) WHERE paid_at IS NULL;

-- Which bills a payment covers (an order is made for a set of open bills).
CREATE TABLE dues_payment_bills (
    payment_id INTEGER NOT NULL REFERENCES dues_payments (id),
    bill_id    INTEGER NOT NULL REFERENCES dues_bills (id),
    PRIMARY KEY (payment_id, bill_id)
);

-- Every payment notification received, accepted or not: tampered ones are kept as evidence.
CREATE TABLE dues_callbacks (
    id           INTEGER PRIMARY KEY,
    received_at  TEXT NOT NULL,
    out_trade_no TEXT,
    outcome      TEXT NOT NULL,
    detail       TEXT NOT NULL
);

-- A good reason for a member's arrears (illness, hardship in process…), noted by the branch:
-- the six-month 自行脱党 flag shows it instead of raising the alarm.
CREATE TABLE dues_arrears_notes (
    member_id  INTEGER PRIMARY KEY REFERENCES members (id),
    reason     TEXT    NOT NULL,
    noted_by   INTEGER NOT NULL REFERENCES accounts (id),
    noted_at   TEXT    NOT NULL
);

-- Branches that let members pay a quarter at once (with the branch's consent; docs/rules.md#paying-and-billing).
CREATE TABLE dues_branch_settings (
    org_id    INTEGER PRIMARY KEY REFERENCES organizations (id),
    quarterly INTEGER NOT NULL
);
