package io.finpipe.bank.service;

import io.finpipe.bank.Config;
import io.finpipe.bank.testing.TestDatabases;

class BankServicesOnH2Test extends BankServicesContract {
    @Override
    Config database() {
        return TestDatabases.h2();
    }
}
