-- Idempotency-Keys are case-sensitive: under MySQL's default collation VARCHAR keys compared
-- case-insensitively, so 'Pay-1' replayed the transfer of 'pay-1'. Binary strings compare byte for byte on
-- H2 and MySQL alike (keys are ASCII: letters, digits, . _ : -). H2 and MySQL share no statement that changes
-- a column's type, so the table is rebuilt; its constraints need new names while the old table still exists.
CREATE TABLE idempotency_keys_v2 (
  id            BIGINT AUTO_INCREMENT PRIMARY KEY,
  user_id       BIGINT        NOT NULL,
  idem_key      VARBINARY(64) NOT NULL,
  request_hash  CHAR(64)      NOT NULL,
  response_body VARCHAR(2000),
  created_at    DATETIME(3)   NOT NULL,
  CONSTRAINT uq_idempotency_keys_user_key UNIQUE (user_id, idem_key),
  CONSTRAINT fk_idempotency_keys_user_id FOREIGN KEY (user_id) REFERENCES users (id)
);
INSERT INTO idempotency_keys_v2 (user_id, idem_key, request_hash, response_body, created_at)
  SELECT user_id, idem_key, request_hash, response_body, created_at FROM idempotency_keys ORDER BY id;
DROP TABLE idempotency_keys;
ALTER TABLE idempotency_keys_v2 RENAME TO idempotency_keys;

-- The purge deletes by expiry or age alone: without these it scanned the whole table every 10 minutes.
CREATE INDEX ix_web_sessions_expires ON web_sessions (expires_at);
CREATE INDEX ix_login_failures_failed_at ON login_failures (failed_at);
