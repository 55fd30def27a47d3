package bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.prefs.BackingStoreException;
import java.util.prefs.Preferences;

/** Entry point of the small steps run.sh needs besides the load itself. */
public final class Tool {

    private Tool() {
    }

    public static void main(String[] args) throws Exception {
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        switch (args[0]) {
            case "wait-ack" -> waitForFirstAck(rest);
            case "report" -> Report.main(rest);
            case "summary" -> Summary.main(rest);
            case "no-version-check" -> skipVersionCheck();
            default -> throw new IllegalArgumentException("unknown step " + args[0]);
        }
    }

    /**
     * Sends a signed webhook every 20 ms until one is acknowledged; prints the milliseconds from
     * the given process start time to that first acknowledgement.
     * Arguments: serviceUrl appSecret startEpochMs timeoutSeconds
     */
    private static void waitForFirstAck(String[] args) throws Exception {
        String serviceUrl = args[0];
        String secret = args[1];
        long start = Long.parseLong(args[2]);
        long deadline = System.currentTimeMillis() + Long.parseLong(args[3]) * 1000;
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        for (int attempt = 1; System.currentTimeMillis() < deadline; attempt++) {
            Message probe =
                    new Message("BMprobe-" + attempt, "psidprobe", System.currentTimeMillis());
            byte[] body = probe.body();
            HttpRequest request = HttpRequest.newBuilder(URI.create(serviceUrl + "/webhook"))
                    .timeout(Duration.ofSeconds(5))
                    .header("Content-Type", "application/json")
                    .header("X-Hub-Signature-256", Signer.sign(secret, body))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                    .build();
            try {
                HttpResponse<String> response =
                        client.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    System.out.println(System.currentTimeMillis() - start);
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(20);
        }
        System.err.println("no webhook acknowledged within " + args[3] + " s");
        System.exit(1);
    }

    /**
     * Gatling asks Maven Central for its latest version at most once a day and remembers the
     * answer in Java preferences; run.sh points those at bench/out and records a check made now,
     * so a benchmark run sends nothing anywhere but to loopback.
     */
    private static void skipVersionCheck() throws BackingStoreException {
        Preferences prefs = Preferences.userRoot().node("/io/gatling/latestVersion");
        prefs.putLong("lastCheckTimestamp", System.currentTimeMillis());
        prefs.putBoolean("lastCheckSuccess", false);
        prefs.flush();
    }
}
