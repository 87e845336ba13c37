-- The openid WeChat gives an account's payer (网页授权 snsapi_base), so a member paying from
-- WeChat's own browser is asked once, not at every payment.
CREATE TABLE wechat_openids (
    account_id INTEGER PRIMARY KEY REFERENCES accounts (id),
    openid     TEXT NOT NULL,
    bound_at   TEXT NOT NULL
);
