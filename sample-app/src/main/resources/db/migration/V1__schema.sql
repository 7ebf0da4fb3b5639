-- One schema for H2 (local, tests) and MySQL 8 (RDS): only SQL both accept.
-- Money is DECIMAL(17,2); entries are never updated or deleted (no DAO method does), and an account's
-- balance column is kept equal to the sum of its entries inside the same transaction.

CREATE TABLE users (
  id            BIGINT AUTO_INCREMENT PRIMARY KEY,
  username      VARCHAR(32)  NOT NULL,
  first_name    VARCHAR(100) NOT NULL,
  last_name     VARCHAR(100) NOT NULL,
  password_hash VARCHAR(60)  NOT NULL,
  created_at    DATETIME(3)  NOT NULL,
  CONSTRAINT uq_users_username UNIQUE (username)
);

CREATE TABLE accounts (
  id         BIGINT AUTO_INCREMENT PRIMARY KEY,
  user_id    BIGINT        NOT NULL,
  number     VARCHAR(14)   NOT NULL,
  name       VARCHAR(60)   NOT NULL,
  kind       VARCHAR(10)   NOT NULL,
  currency   CHAR(3)       NOT NULL,
  balance    DECIMAL(17,2) NOT NULL,
  created_at DATETIME(3)   NOT NULL,
  CONSTRAINT uq_accounts_number UNIQUE (number),
  CONSTRAINT fk_accounts_user FOREIGN KEY (user_id) REFERENCES users (id),
  CONSTRAINT ck_accounts_balance CHECK (balance >= 0),
  CONSTRAINT ck_accounts_kind CHECK (kind IN ('CHECKING', 'SAVINGS'))
);
CREATE INDEX ix_accounts_user ON accounts (user_id);

CREATE TABLE entries (
  id            BIGINT AUTO_INCREMENT PRIMARY KEY,
  account_id    BIGINT        NOT NULL,
  kind          VARCHAR(12)   NOT NULL,
  amount        DECIMAL(17,2) NOT NULL,
  balance_after DECIMAL(17,2) NOT NULL,
  counterparty  VARCHAR(14),
  description   VARCHAR(140)  NOT NULL,
  transfer_id   VARCHAR(36),
  created_at    DATETIME(3)   NOT NULL,
  CONSTRAINT fk_entries_account FOREIGN KEY (account_id) REFERENCES accounts (id)
);
CREATE INDEX ix_entries_account ON entries (account_id, id);

CREATE TABLE web_sessions (
  id_hash    CHAR(64)    NOT NULL PRIMARY KEY,
  user_id    BIGINT,
  csrf_token VARCHAR(64) NOT NULL,
  expires_at DATETIME(3) NOT NULL,
  CONSTRAINT fk_web_sessions_user FOREIGN KEY (user_id) REFERENCES users (id)
);

CREATE TABLE api_tokens (
  id         BIGINT AUTO_INCREMENT PRIMARY KEY,
  token_hash CHAR(64)    NOT NULL,
  user_id    BIGINT      NOT NULL,
  created_at DATETIME(3) NOT NULL,
  expires_at DATETIME(3) NOT NULL,
  revoked_at DATETIME(3),
  CONSTRAINT uq_api_tokens_hash UNIQUE (token_hash),
  CONSTRAINT fk_api_tokens_user FOREIGN KEY (user_id) REFERENCES users (id)
);

CREATE TABLE login_failures (
  id        BIGINT AUTO_INCREMENT PRIMARY KEY,
  username  VARCHAR(32) NOT NULL,
  failed_at DATETIME(3) NOT NULL
);
CREATE INDEX ix_login_failures_username ON login_failures (username, failed_at);

CREATE TABLE idempotency_keys (
  id            BIGINT AUTO_INCREMENT PRIMARY KEY,
  user_id       BIGINT        NOT NULL,
  idem_key      VARCHAR(64)   NOT NULL,
  request_hash  CHAR(64)      NOT NULL,
  response_body VARCHAR(2000),
  created_at    DATETIME(3)   NOT NULL,
  CONSTRAINT uq_idempotency_keys UNIQUE (user_id, idem_key),
  CONSTRAINT fk_idempotency_keys_user FOREIGN KEY (user_id) REFERENCES users (id)
);

CREATE TABLE savings_projections (
  id                BIGINT AUTO_INCREMENT PRIMARY KEY,
  user_id           BIGINT        NOT NULL,
  goal              VARCHAR(200)  NOT NULL,
  monthly_amount    DECIMAL(17,2) NOT NULL,
  annual_rate       DECIMAL(5,2)  NOT NULL,
  years             INT           NOT NULL,
  projected_balance DECIMAL(19,2) NOT NULL,
  total_contributed DECIMAL(19,2) NOT NULL,
  created_at        DATETIME(3)   NOT NULL,
  CONSTRAINT fk_savings_projections_user FOREIGN KEY (user_id) REFERENCES users (id)
);
CREATE INDEX ix_savings_projections_user ON savings_projections (user_id, id);
