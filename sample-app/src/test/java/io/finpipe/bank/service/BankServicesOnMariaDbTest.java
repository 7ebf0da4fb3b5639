package io.finpipe.bank.service;

import io.finpipe.bank.Config;
import io.finpipe.bank.testing.TestDatabases;

class BankServicesOnMariaDbTest extends BankServicesContract {
    @Override
    Config database() {
        return TestDatabases.mariaDb();
    }
}
