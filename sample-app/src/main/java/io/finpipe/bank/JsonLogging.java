package io.finpipe.bank;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import net.logstash.logback.encoder.LogstashEncoder;
import org.slf4j.Logger;

/**
 * The service's logging, set up in code (found by logback through META-INF/services): one JSON object
 * per line on stdout (CloudWatch via awslogs), the MDC's requestId included. Code instead of a
 * logback.xml because parsing XML (a SAX parser and logback's Joran) was ~0.3 s on the way to ready.
 * A logback.configurationFile system property or a logback-test.xml on the classpath still wins.
 */
public final class JsonLogging extends ContextAwareBase implements Configurator {

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty("logback.configurationFile") != null
                || JsonLogging.class.getClassLoader().getResource("logback-test.xml") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        LogstashEncoder encoder = new LogstashEncoder();
        encoder.setContext(context);
        encoder.setFindAndRegisterJacksonModules(false); // log lines carry only strings: no ServiceLoader scan
        encoder.start();
        ConsoleAppender<ILoggingEvent> stdout = new ConsoleAppender<>();
        stdout.setContext(context);
        stdout.setName("json");
        stdout.setEncoder(encoder);
        stdout.start();
        for (String chatty : new String[] {"org.eclipse.jetty", "com.zaxxer.hikari", "org.flywaydb", "spark"}) {
            context.getLogger(chatty).setLevel(Level.WARN);
        }
        ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        root.addAppender(stdout);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}
