package io.github.chatbotlb.messenger;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.servlet.http.HttpServletRequest;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.platform.http.springboot.PlatformHttpMessage;
import org.springframework.stereotype.Component;

/** Meta's two checks: the verification handshake and the body signature. */
@Component("webhookSecurity")
public class WebhookSecurity {

    private static final String SIGNATURE_PREFIX = "sha256=";

    private final MessengerProperties properties;

    public WebhookSecurity(MessengerProperties properties) {
        this.properties = properties;
    }

    /** Answers {@code GET /webhook}: the challenge for the right token, 403 otherwise. */
    public void handshake(Exchange exchange) {
        Message message = exchange.getMessage();
        String mode = message.getHeader("hub.mode", String.class);
        String token = message.getHeader("hub.verify_token", String.class);
        String challenge = message.getHeader("hub.challenge", String.class);
        String expected = properties.verifyToken();
        message.removeHeaders("*");
        message.setHeader(Exchange.CONTENT_TYPE, "text/plain");
        if ("subscribe".equals(mode) && expected != null && !expected.isBlank()
                && token != null && challenge != null && constantTimeEquals(token, expected)) {
            message.setBody(challenge);
        } else {
            throw new WebhookRejected(403, "webhook verification refused (mode=" + mode + ")");
        }
    }

    /**
     * Checks {@code X-Hub-Signature-256} over the bytes exactly as received and puts those bytes
     * in the body for parsing.
     */
    public void verifySignature(Exchange exchange) {
        Message message = exchange.getMessage();
        byte[] body = rawBody(message);
        String secret = properties.appSecret();
        if (secret == null || secret.isBlank()) {
            throw new WebhookRejected(403, "APP_SECRET is not set; every webhook is refused");
        }
        String header = message.getHeader("X-Hub-Signature-256", String.class);
        if (header == null || header.isBlank()) {
            throw new WebhookRejected(403, "missing X-Hub-Signature-256");
        }
        if (!header.startsWith(SIGNATURE_PREFIX)) {
            throw new WebhookRejected(403, "signature is not sha256");
        }
        String hex = header.substring(SIGNATURE_PREFIX.length()).trim();
        byte[] given;
        try {
            given = HexFormat.of().parseHex(hex);
        } catch (IllegalArgumentException e) {
            throw new WebhookRejected(403, "signature is not hex");
        }
        if (!MessageDigest.isEqual(given, hmacSha256(secret, body))) {
            throw new WebhookRejected(403, "signature does not match");
        }
        message.setBody(body);
    }

    private static byte[] rawBody(Message message) {
        if (message instanceof PlatformHttpMessage http) {
            HttpServletRequest request = http.getRequest();
            if (request != null && request.getAttribute(RawBodyFilter.RAW_BODY) instanceof byte[] b) {
                return b;
            }
        }
        throw new WebhookRejected(400, "request body was not captured");
    }

    public static byte[] hmacSha256(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(body);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    static boolean constantTimeEquals(String given, String expected) {
        return MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8),
                expected.getBytes(StandardCharsets.UTF_8));
    }
}
