package io.github.chatbotlb.support;

import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.test.context.TestPropertySource;

/**
 * The gateway as operators run it: the monitor login set, the log files in a test folder and
 * Gemini's read timeout short, so a stalled upstream shows within a test's patience. One
 * context for the monitoring and the hostile-input tests. Spring Boot's tests switch JMX and
 * the Prometheus registry off by default; these turn them back on, as in production.
 */
@AutoConfigureObservability(tracing = false)
@TestPropertySource(properties = {
        "spring.jmx.enabled=true",
        "monitor.user=" + OperatedGatewayTestSupport.MONITOR_USER,
        "monitor.password=" + OperatedGatewayTestSupport.MONITOR_PASSWORD,
        "monitor.inbox-gauge-cache=0s",
        "logging.file.path=" + OperatedGatewayTestSupport.LOG_DIR,
        "bots.gemini.read-timeout-ms=1500"})
public abstract class OperatedGatewayTestSupport extends GatewayTestSupport {

    public static final String MONITOR_USER = "monitor-test";
    public static final String MONITOR_PASSWORD = "test-monitor-password-SECRET";
    public static final String LOG_DIR = "target/test-logs/operated";
}
