package bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns one scenario's sent.csv and the stand-ins' request journal into figures: waits for the
 * replies to drain, matches each reply to its message by marker (the maintenance text carries no
 * marker, so it goes to the oldest unanswered message of that PSID), writes figures.json and a
 * reply-latency plot, and prints the figures.
 *
 * <p>Arguments: scenario runDir wiremockUrl serviceUrl botLatencyMs drainSeconds
 * (drainSeconds below zero: acknowledgements only, no reply matching).
 */
final class Report {

    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    static final String MAINTENANCE = "Hệ thống đang được bảo trì";
    private static final Pattern MARKER = Pattern.compile("BM[A-Za-z0-9]+-\\d+");
    private static final String GRAPH_TEXT = "{\"method\":\"POST\","
            + "\"urlPathPattern\":\"/v[0-9.]+/me/messages\","
            + "\"bodyPatterns\":[{\"matchesJsonPath\":\"$.message.text\"}]}";
    private static final String GEMINI_CALLS = "{\"method\":\"POST\","
            + "\"urlPathPattern\":\"/v1beta/models/[^/]+:generateContent\"}";
    private static final String BOT_CALLS = "{\"method\":\"POST\","
            + "\"urlPathPattern\":\"(/v1beta/models/[^/]+:generateContent"
            + "|/api/v1/chat/completions|/v1/chat/completions)\"}";

    private Report() {
    }

    /** A message as sent, and what became of it. */
    static final class Sent {
        final String marker;
        final String psid;
        final long sentAt;
        final long ackMs;
        final int status;
        final List<Long> replyAt = new ArrayList<>();
        String bot;
        boolean caught;
        int botCalls;
        long firstBotCallAt;

        Sent(String line) {
            String[] f = line.split(",");
            marker = f[0];
            psid = f[1];
            sentAt = Long.parseLong(f[2]);
            ackMs = Long.parseLong(f[3]);
            status = Integer.parseInt(f[4]);
        }
    }

    public static void main(String[] args) throws Exception {
        String scenario = args[0];
        Path dir = Path.of(args[1]);
        String wiremock = args[2];
        String service = args[3];
        long botLatency = Long.parseLong(args[4]);
        int drainSeconds = Integer.parseInt(args[5]);

        List<Sent> sent = Files.readAllLines(dir.resolve("sent.csv")).stream()
                .skip(1)
                .map(Sent::new)
                .toList();
        Properties run = new Properties();
        try (var in = Files.newBufferedReader(dir.resolve("run.properties"))) {
            run.load(in);
        }
        long measureStart = Long.parseLong(run.getProperty("measureStart"));
        long faultAt = Long.parseLong(run.getProperty("faultAppliedAt", "0"));
        List<Sent> measured = sent.stream().filter(s -> s.sentAt >= measureStart).toList();
        List<Sent> acked = sent.stream().filter(s -> s.status == 200).toList();

        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("scenario", scenario);
        figures.put("sent", sent.size());
        figures.put("measured", measured.size());
        figures.put("ackFailed", sent.size() - acked.size());
        long[] ack = measured.stream().filter(s -> s.status == 200).mapToLong(s -> s.ackMs)
                .sorted().toArray();
        putPercentiles(figures, "ack", ack);
        long first = measured.stream().mapToLong(s -> s.sentAt).min().orElse(0);
        long last = measured.stream().mapToLong(s -> s.sentAt).max().orElse(0);
        double seconds = Math.max(1, last - first) / 1000.0;
        figures.put("ackPerSecond", Math.round(ack.length / seconds));

        if (drainSeconds >= 0) {
            waitForReplies(wiremock, acked.size(), drainSeconds);
            matchReplies(wiremock, sent, faultAt);
            replyFigures(figures, sent, measured, botLatency, faultAt);
            figures.put("statusAtEnd", statusOf(service));
            Plot.write(dir.resolve("reply-latency.png"), scenario, measureStart, faultAt, measured);
        }
        Files.writeString(dir.resolve("figures.json"), JSON.writeValueAsString(figures));
        System.out.println(JSON.writeValueAsString(figures));
    }

    private static void waitForReplies(String wiremock, int expected, int drainSeconds)
            throws Exception {
        long deadline = System.currentTimeMillis() + drainSeconds * 1000L;
        long lastChange = System.currentTimeMillis();
        int seen = -1;
        while (System.currentTimeMillis() < deadline) {
            String body = StandIns.post(wiremock + "/__admin/requests/count", GRAPH_TEXT);
            int count = JSON.readTree(body).path("count").asInt();
            long now = System.currentTimeMillis();
            if (count != seen) {
                seen = count;
                lastChange = now;
            }
            // Enough replies and a quiet spell (a late duplicate would show in it),
            // or a long silence.
            boolean quiet = now - lastChange >= 3000;
            if ((count >= expected && quiet) || now - lastChange >= 45_000) {
                break;
            }
            Thread.sleep(1000);
        }
        System.out.println("replies seen by the Graph stand-in: " + seen + " for " + expected
                + " acknowledged messages");
    }

    private static void matchReplies(String wiremock, List<Sent> sent, long faultAt)
            throws Exception {
        Map<String, Sent> byMarker = new HashMap<>();
        Map<String, List<Sent>> byPsid = new HashMap<>();
        for (Sent s : sent) {
            byMarker.put(s.marker, s);
            byPsid.computeIfAbsent(s.psid, k -> new ArrayList<>()).add(s);
        }
        byPsid.values().forEach(l -> l.sort(Comparator.comparingLong(s -> s.sentAt)));

        List<JsonNode> replies = new ArrayList<>();
        JSON.readTree(StandIns.post(wiremock + "/__admin/requests/find", GRAPH_TEXT))
                .path("requests").forEach(replies::add);
        replies.sort(Comparator.comparingLong(r -> r.path("loggedDate").asLong()));
        for (JsonNode reply : replies) {
            long at = reply.path("loggedDate").asLong();
            JsonNode body = JSON.readTree(reply.path("body").asText());
            String text = body.path("message").path("text").asText();
            String psid = body.path("recipient").path("id").asText();
            Matcher m = MARKER.matcher(text);
            Sent target = null;
            String bot;
            if (m.find()) {
                target = byMarker.get(m.group());
                bot = text.substring(0, Math.max(0, text.indexOf(' ')));
            } else {
                bot = text.startsWith(MAINTENANCE) ? "maintenance" : "other";
                List<Sent> ofUser = byPsid.getOrDefault(psid, List.of());
                target = ofUser.stream()
                        .filter(s -> s.replyAt.isEmpty() && s.sentAt <= at)
                        .findFirst()
                        .orElse(ofUser.isEmpty() ? null : ofUser.get(ofUser.size() - 1));
            }
            if (target != null) {
                target.replyAt.add(at);
                if (target.bot == null) {
                    target.bot = bot;
                }
            }
        }

        JSON.readTree(StandIns.post(wiremock + "/__admin/requests/find", BOT_CALLS))
                .path("requests").forEach(call -> {
                    Sent s = byMarker.get(lastMarker(call.path("body").asText()));
                    long at = call.path("loggedDate").asLong();
                    if (s != null) {
                        s.botCalls++;
                        s.firstBotCallAt =
                                s.firstBotCallAt == 0 ? at : Math.min(at, s.firstBotCallAt);
                    }
                });

        if (faultAt > 0) {
            // A message "caught" in the switch is one whose text reached the failing primary.
            JSON.readTree(StandIns.post(wiremock + "/__admin/requests/find", GEMINI_CALLS))
                    .path("requests").forEach(call -> {
                        if (call.path("loggedDate").asLong() < faultAt) {
                            return;
                        }
                        Sent s = byMarker.get(lastMarker(call.path("body").asText()));
                        if (s != null) {
                            s.caught = true;
                        }
                    });
        }
    }

    /** The current message is the last one in a bot request; earlier markers are history. */
    private static String lastMarker(String body) {
        Matcher m = MARKER.matcher(body);
        String marker = "";
        while (m.find()) {
            marker = m.group();
        }
        return marker;
    }

    private static void replyFigures(Map<String, Object> figures, List<Sent> sent,
            List<Sent> measured, long botLatency, long faultAt) {
        List<Sent> acked = sent.stream().filter(s -> s.status == 200).toList();
        figures.put("answered", acked.stream().filter(s -> !s.replyAt.isEmpty()).count());
        figures.put("unanswered", acked.stream().filter(s -> s.replyAt.isEmpty()).count());
        figures.put("answeredTwice", acked.stream().filter(s -> s.replyAt.size() > 1).count());
        Map<String, Long> byBot = new LinkedHashMap<>();
        for (Sent s : acked) {
            byBot.merge(s.bot == null ? "none" : s.bot, 1L, Long::sum);
        }
        figures.put("answeredBy", byBot);

        long[] latency = measured.stream().filter(s -> !s.replyAt.isEmpty())
                .mapToLong(s -> s.replyAt.get(0) - s.sentAt).sorted().toArray();
        putPercentiles(figures, "reply", latency);
        long[] overhead = measured.stream()
                .filter(s -> !s.replyAt.isEmpty() && !"maintenance".equals(s.bot))
                .mapToLong(s -> s.replyAt.get(0) - s.sentAt - botLatency).sorted().toArray();
        putPercentiles(figures, "overhead", overhead);
        // Where the overhead goes, for messages answered by the one bot they were sent to.
        List<Sent> direct = measured.stream()
                .filter(s -> !s.replyAt.isEmpty() && s.botCalls == 1)
                .filter(s -> !"maintenance".equals(s.bot))
                .toList();
        putPercentiles(figures, "untilBotCall",
                direct.stream().mapToLong(s -> s.firstBotCallAt - s.sentAt).sorted().toArray());
        putPercentiles(figures, "afterBotAnswer", direct.stream()
                .mapToLong(s -> s.replyAt.get(0) - s.firstBotCallAt - botLatency)
                .sorted()
                .toArray());

        if (faultAt > 0) {
            long[] before = measured.stream()
                    .filter(s -> s.sentAt < faultAt && !s.replyAt.isEmpty())
                    .mapToLong(s -> s.replyAt.get(0) - s.sentAt).sorted().toArray();
            long baseline = percentile(before, 50);
            List<Sent> caught = sent.stream().filter(s -> s.caught).toList();
            figures.put("baselineReplyP50", baseline);
            figures.put("caughtInSwitch", caught.size());
            long[] extra = caught.stream().filter(s -> !s.replyAt.isEmpty())
                    .mapToLong(s -> s.replyAt.get(0) - s.sentAt - baseline).sorted().toArray();
            putPercentiles(figures, "caughtExtra", extra);
            long lastCaught = caught.stream().mapToLong(s -> s.sentAt).max().orElse(faultAt);
            figures.put("switchWindowMs", Math.max(0, lastCaught - faultAt));
            long after = sent.stream().filter(s -> s.caught && s.sentAt > faultAt + 30_000).count();
            figures.put("caughtLaterThan30s", after);
        }
    }

    private static void putPercentiles(Map<String, Object> figures, String name, long[] sorted) {
        figures.put(name + "P50", percentile(sorted, 50));
        figures.put(name + "P95", percentile(sorted, 95));
        figures.put(name + "P99", percentile(sorted, 99));
        figures.put(name + "Max", sorted.length == 0 ? -1 : sorted[sorted.length - 1]);
    }

    /** Nearest-rank percentile; -1 when there is nothing to rank. */
    static long percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return -1;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
    }

    private static Object statusOf(String service) {
        try {
            return JSON.readTree(StandIns.get(service + "/status"));
        } catch (IOException | InterruptedException | RuntimeException e) {
            return "unavailable: " + e.getMessage();
        }
    }

    static String join(long[] values) {
        return Arrays.toString(values);
    }
}
