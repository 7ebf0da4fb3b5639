package io.finpipe.bank.testing;

import io.finpipe.bank.db.Database;

/**
 * For bench/sample-app/run: checks the ledger invariant of a database after load. Prints the total of
 * all balances, the entry count and the accounts whose balance differs from their entries; exits 1
 * if any does. Usage: LedgerCheck JDBC_URL USER PASSWORD
 */
public final class LedgerCheck {

    private LedgerCheck() {
    }

    public static void main(String[] args) {
        try (Database database = new Database(TestDatabases.config(args[0], args[1], args.length > 2 ? args[2] : ""))) {
            BankDb.Checks checks = new BankDb.Checks(database);
            var broken = checks.dao().accountsOutOfBalance();
            System.out.printf("ledger: total balance %s EUR, %d entries, %d accounts out of balance %s%n",
                    checks.totalBalance().toPlainString(), checks.count("entries"), broken.size(), broken);
            if (!broken.isEmpty()) {
                System.exit(1);
            }
        }
    }

}
