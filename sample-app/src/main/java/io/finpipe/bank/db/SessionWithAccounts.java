package io.finpipe.bank.db;

import java.util.List;

/** A browser session with its user and the user's accounts, read in one query; accounts empty when anonymous. */
public record SessionWithAccounts(SignedSession signed, List<Account> accounts) {
}
