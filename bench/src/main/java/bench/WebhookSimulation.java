package bench;

import static io.gatling.javaapi.core.CoreDsl.ByteArrayBody;
import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.holdFor;
import static io.gatling.javaapi.core.CoreDsl.reachRps;
import static io.gatling.javaapi.core.CoreDsl.responseTimeInMillis;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Signed Messenger webhooks at the service, either at a fixed rate (open model: new users arrive
 * whatever the service does) or as fast as a fixed number of connections allows (closed model).
 * Every message sent is written to {@code sent.csv} with its acknowledgement, for the report.
 *
 * <p>Settings come from {@code -Dbench.*} system properties; run.sh sets them per scenario.
 */
public class WebhookSimulation extends Simulation {

    private final String secret = System.getProperty("bench.secret", "bench-app-secret");
    private final String wiremock = System.getProperty("bench.wiremock", "http://127.0.0.1:18089");
    private final String tag = System.getProperty("bench.tag", "x");
    private final int users = Integer.getInteger("bench.users", 50);
    private final int warmup = Integer.getInteger("bench.warmup", 0);
    private final int duration = Integer.getInteger("bench.duration", 30);
    private final Path out = Path.of(System.getProperty("bench.out", "out"));

    private final AtomicLong counter = new AtomicLong();
    private final ConcurrentLinkedQueue<String> sent = new ConcurrentLinkedQueue<>();
    private volatile long measureStart;
    private volatile long faultAppliedAt;

    {
        HttpProtocolBuilder protocol = http
                .baseUrl(System.getProperty("bench.service", "http://127.0.0.1:3000"))
                .contentTypeHeader("application/json")
                .disableCaching()
                .disableWarmUp();
        String mode = System.getProperty("bench.mode", "open");
        List<PopulationBuilder> populations = new ArrayList<>();
        if (mode.equals("open")) {
            double rate = Double.parseDouble(System.getProperty("bench.rate", "20"));
            // One connection pool for all arrivals, as Meta keeps its connections alive.
            protocol = protocol.shareConnections();
            populations.add(scenario("webhooks")
                    .exec(sendOne())
                    .injectOpen(constantUsersPerSec(rate).during(warmup + duration)));
        } else {
            // One virtual user per connection, each looping for the whole run.
            int connections = Integer.getInteger("bench.connections", 16);
            populations.add(scenario("webhooks")
                    .during(Duration.ofSeconds(warmup + duration)).on(sendOne())
                    .injectOpen(atOnceUsers(connections)));
        }
        String faults = System.getProperty("bench.faults", "");
        if (!faults.isBlank()) {
            int faultAt = Integer.getInteger("bench.faultAt", 10);
            populations.add(faultScenario(faults, warmup + faultAt).injectOpen(atOnceUsers(1)));
        }
        SetUp setUp = setUp(populations).protocols(protocol);
        int throttle = Integer.getInteger("bench.throttle", 0);
        if (throttle > 0) {
            setUp.throttle(reachRps(throttle).in(1),
                    holdFor(Duration.ofSeconds(warmup + duration)));
        }
    }

    private ChainBuilder sendOne() {
        return exec(session -> {
            long n = counter.incrementAndGet();
            Message message = new Message("BM" + tag + "-" + n, "psid" + (n % users),
                    System.currentTimeMillis());
            byte[] body = message.body();
            return session.removeAll("status", "ackMs")
                    .set("message", message)
                    .set("body", body)
                    .set("signature", Signer.sign(secret, body));
        }).exec(http("webhook")
                .post("/webhook")
                .header("X-Hub-Signature-256", "#{signature}")
                .body(ByteArrayBody(session -> (byte[]) session.get("body")))
                .check(status().saveAs("status"), responseTimeInMillis().saveAs("ackMs"))
        ).exec(this::record);
    }

    private Session record(Session session) {
        Message message = session.get("message");
        int status = session.contains("status") ? session.getInt("status") : 0;
        long ackMs = session.contains("ackMs") ? session.getLong("ackMs") : -1;
        sent.add(message.marker() + "," + message.psid() + "," + message.sentAt() + ","
                + ackMs + "," + status);
        return session;
    }

    private ScenarioBuilder faultScenario(String faults, int atSecond) {
        return scenario("fault")
                .pause(Duration.ofSeconds(atSecond))
                .exec(session -> {
                    Arrays.stream(faults.split(","))
                            .forEach(file -> StandIns.addStub(wiremock, Path.of(file.trim())));
                    faultAppliedAt = System.currentTimeMillis();
                    return session;
                });
    }

    @Override
    public void before() {
        measureStart = System.currentTimeMillis() + warmup * 1000L;
    }

    @Override
    public void after() {
        try {
            Files.createDirectories(out);
            List<String> lines = new ArrayList<>();
            lines.add("marker,psid,sentAt,ackMs,status");
            lines.addAll(sent);
            Files.write(out.resolve("sent.csv"), lines);
            Files.writeString(out.resolve("run.properties"),
                    "measureStart=" + measureStart + "\nfaultAppliedAt=" + faultAppliedAt + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
