package bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * Prints the Markdown tables of one run from the figures.json files the report step left in each
 * scenario's folder, plus footprint.properties written by run.sh, and checks them against the
 * targets of the benchmark issue. Arguments: runDir
 */
final class Summary {

    private Summary() {
    }

    public static void main(String[] args) throws IOException {
        Path run = Path.of(args[0]);
        StringBuilder out = new StringBuilder();
        List<String[]> targets = new ArrayList<>();

        out.append("| scenario | sent | ack p50/p95/p99 ms | reply p50/p95/p99 ms "
                + "| overhead p50/p99 ms | answered | unanswered | twice | answered by "
                + "| load at start |\n");
        out.append("|---|---|---|---|---|---|---|---|---|---|\n");
        for (String name : List.of("steady", "outage", "hangs", "both-down")) {
            JsonNode f = figures(run.resolve(name));
            if (f == null) {
                continue;
            }
            out.append("| ").append(name)
                    .append(" | ").append(f.path("sent").asLong())
                    .append(" | ").append(triple(f, "ack"))
                    .append(" | ").append(triple(f, "reply"))
                    .append(" | ").append(f.path("overheadP50").asLong()).append(" / ")
                    .append(f.path("overheadP99").asLong())
                    .append(" | ").append(f.path("answered").asLong())
                    .append(" | ").append(f.path("unanswered").asLong())
                    .append(" | ").append(f.path("answeredTwice").asLong())
                    .append(" | ").append(f.path("answeredBy").toString().replace("\"", ""))
                    .append(" | ").append(loadAverage(run.resolve(name)))
                    .append(" |\n");
        }
        out.append('\n');

        JsonNode steady = figures(run.resolve("steady"));
        if (steady != null) {
            out.append("Steady, where the reply overhead goes (ms, p50 / p95 / p99): ")
                    .append("webhook POST to bot call ").append(triple(steady, "untilBotCall"))
                    .append("; bot answer to reply at Graph ")
                    .append(triple(steady, "afterBotAnswer"))
                    .append(".\n\n");
            targets.add(target("steady: ack p99 at 20 msg/s", steady.path("ackP99").asLong(), 10,
                    "ms"));
            targets.add(target("steady: reply overhead p50", steady.path("overheadP50").asLong(),
                    10, "ms"));
            targets.add(target("steady: reply overhead p99", steady.path("overheadP99").asLong(),
                    30, "ms"));
        }

        boolean failoverHeader = false;
        for (String name : List.of("outage", "hangs")) {
            JsonNode f = figures(run.resolve(name));
            if (f == null) {
                continue;
            }
            if (!failoverHeader) {
                out.append("| scenario | caught in switch | their extra latency p50/max ms "
                        + "| switch window ms | caught > 30 s after fault | active at end |\n");
                out.append("|---|---|---|---|---|---|\n");
                failoverHeader = true;
            }
            out.append("| ").append(name)
                    .append(" | ").append(f.path("caughtInSwitch").asLong())
                    .append(" | ").append(f.path("caughtExtraP50").asLong()).append(" / ")
                    .append(f.path("caughtExtraMax").asLong())
                    .append(" | ").append(f.path("switchWindowMs").asLong())
                    .append(" | ").append(f.path("caughtLaterThan30s").asLong())
                    .append(" | ").append(activeAtEnd(f))
                    .append(" |\n");
            targets.add(target(name + ": unanswered", f.path("unanswered").asLong(), 0, ""));
            targets.add(target(name + ": answered twice", f.path("answeredTwice").asLong(), 0, ""));
            targets.add(target(name + ": messages on the dead primary 30 s after the fault",
                    f.path("caughtLaterThan30s").asLong(), 0, ""));
        }
        if (failoverHeader) {
            out.append('\n');
        }
        JsonNode bothDown = figures(run.resolve("both-down"));
        if (bothDown != null) {
            long maintenance = bothDown.path("answeredBy").path("maintenance").asLong();
            long sent = bothDown.path("sent").asLong();
            targets.add(new String[] {"both-down: maintenance text, once, to every message",
                    maintenance + " of " + sent + ", " + bothDown.path("answeredTwice").asLong()
                            + " twice",
                    maintenance == sent && bothDown.path("answeredTwice").asLong() == 0
                            ? "met" : "MISSED"});
        }

        Path ceiling = run.resolve("ceiling");
        if (Files.isDirectory(ceiling)) {
            out.append("| ceiling step | load | acknowledged/s | ack p50/p95/p99 ms | failed "
                    + "| load at start |\n");
            out.append("|---|---|---|---|---|---|\n");
            long best = 0;
            List<Path> steps;
            try (Stream<Path> list = Files.list(ceiling)) {
                steps = list.filter(Files::isDirectory).sorted().toList();
            }
            for (Path step : steps) {
                JsonNode f = figures(step);
                if (f == null) {
                    continue;
                }
                String load = Files.readString(step.resolve("load.txt")).trim();
                out.append("| ").append(step.getFileName())
                        .append(" | ").append(load)
                        .append(" | ").append(f.path("ackPerSecond").asLong())
                        .append(" | ").append(triple(f, "ack"))
                        .append(" | ").append(f.path("ackFailed").asLong())
                        .append(" | ").append(loadAverage(step))
                        .append(" |\n");
                if (load.startsWith("200 msg/s")) {
                    targets.add(target("ceiling: ack p99 at 200 msg/s", f.path("ackP99").asLong(),
                            25, "ms"));
                } else if (f.path("ackP99").asLong() <= 50 && f.path("ackFailed").asLong() == 0) {
                    best = Math.max(best, f.path("ackPerSecond").asLong());
                }
            }
            out.append('\n');
            targets.add(new String[] {"ceiling: acknowledged/s with p99 under 50 ms",
                    best + " /s (target >= 1500)", best >= 1500 ? "met" : "MISSED"});
        }

        Path footprintFile = run.resolve("footprint.properties");
        if (Files.exists(footprintFile)) {
            Properties p = new Properties();
            try (var in = Files.newBufferedReader(footprintFile)) {
                p.load(in);
            }
            out.append("| footprint | value |\n|---|---|\n");
            p.stringPropertyNames().stream().sorted().forEach(k ->
                    out.append("| ").append(k).append(" | ").append(p.getProperty(k))
                            .append(" |\n"));
            out.append('\n');
            String afterCeiling = p.getProperty("jvmRssAfterCeilingMb");
            if (afterCeiling != null) {
                targets.add(target("footprint: JVM RSS after ceiling",
                        Long.parseLong(afterCeiling), 300, "MB"));
            }
            String firstAck = p.getProperty("firstAckAfterStartMs");
            if (firstAck != null) {
                targets.add(target("footprint: start to first ack", Long.parseLong(firstAck), 8000,
                        "ms"));
            }
        }

        out.append("| target | measured | result |\n|---|---|---|\n");
        for (String[] t : targets) {
            out.append("| ").append(t[0]).append(" | ").append(t[1]).append(" | ").append(t[2])
                    .append(" |\n");
        }
        Files.writeString(run.resolve("summary.md"), out.toString());
        System.out.print(out);
    }

    private static String[] target(String what, long measured, long limit, String unit) {
        String value = measured + (unit.isEmpty() ? "" : " " + unit) + " (target <= " + limit
                + (unit.isEmpty() ? "" : " " + unit) + ")";
        boolean met = measured >= 0 && measured <= limit;
        return new String[] {what, value, met ? "met" : "MISSED"};
    }

    private static String triple(JsonNode f, String name) {
        return f.path(name + "P50").asLong() + " / " + f.path(name + "P95").asLong() + " / "
                + f.path(name + "P99").asLong();
    }

    private static String activeAtEnd(JsonNode f) {
        JsonNode current = f.path("statusAtEnd").path("loadBalancer").path("currentSystem");
        return current.isMissingNode() ? "?" : current.asText();
    }

    /** The machine's 1-minute load average when the scenario started, as run.sh saw it. */
    private static String loadAverage(Path dir) throws IOException {
        Path file = dir.resolve("loadavg.txt");
        return Files.exists(file) ? Files.readString(file).trim() : "?";
    }

    private static JsonNode figures(Path dir) throws IOException {
        Path file = dir.resolve("figures.json");
        return Files.exists(file) ? Report.JSON.readTree(file.toFile()) : null;
    }
}
