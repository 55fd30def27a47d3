package io.github.chatbotlb.bot;

import java.io.IOException;
import java.io.InputStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * An HTTP answer from an upstream API as camel-http left it on the exchange, read with a size
 * cap so a runaway body cannot fill the heap. Clears every header afterwards: none of them
 * (the API key among them) should travel further with the message.
 */
final class UpstreamResponse {

    private final String provider;
    private final int status;
    private final byte[] body;
    private final boolean truncated;

    private UpstreamResponse(String provider, int status, byte[] body, boolean truncated) {
        this.provider = provider;
        this.status = status;
        this.body = body;
        this.truncated = truncated;
    }

    static UpstreamResponse read(String provider, Exchange exchange, int maxBytes) {
        Message message = exchange.getMessage();
        Integer code = message.getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        byte[] bytes = new byte[0];
        boolean truncated = false;
        try (InputStream in = message.getBody(InputStream.class)) {
            if (in != null) {
                bytes = in.readNBytes(maxBytes + 1);
                truncated = bytes.length > maxBytes;
            }
        } catch (IOException e) {
            throw new BotFailure(provider, FailureKind.CONNECTION,
                    "reading the answer failed: " + e.getClass().getSimpleName());
        }
        message.removeHeaders("*");
        message.setBody(null);
        return new UpstreamResponse(provider, code == null ? 0 : code, bytes, truncated);
    }

    int status() {
        return status;
    }

    boolean ok() {
        return status >= 200 && status < 300;
    }

    /** The body as JSON; anything else (HTML, empty, cut off, too big) is a bad answer. */
    JsonNode json(ObjectMapper mapper) {
        if (truncated) {
            throw new BotFailure(provider, FailureKind.BAD_ANSWER,
                    "answer larger than " + (body.length - 1) + " bytes");
        }
        if (body.length == 0) {
            throw new BotFailure(provider, FailureKind.BAD_ANSWER,
                    "empty answer with HTTP " + status);
        }
        try {
            JsonNode node = mapper.readTree(body);
            if (node == null || !node.isObject()) {
                throw new BotFailure(provider, FailureKind.BAD_ANSWER,
                        "answer is not a JSON object (HTTP " + status + ")");
            }
            return node;
        } catch (IOException e) {
            throw new BotFailure(provider, FailureKind.BAD_ANSWER,
                    "answer is not JSON (HTTP " + status + ")");
        }
    }

    /** Turns an error status into the failure kind the failover rules act on. */
    BotFailure failure(ObjectMapper mapper) {
        String detail = errorMessage(mapper);
        FailureKind kind = switch (status) {
            case 429 -> FailureKind.RATE_LIMITED;
            case 402 -> FailureKind.NO_CREDIT;
            case 408, 504 -> FailureKind.TIMEOUT;
            default -> status >= 500 || status == 0
                    ? FailureKind.SERVER_ERROR : FailureKind.CLIENT_ERROR;
        };
        return new BotFailure(provider, kind, "HTTP " + status + detail);
    }

    private String errorMessage(ObjectMapper mapper) {
        try {
            JsonNode error = mapper.readTree(body).path("error");
            String text = error.isTextual() ? error.asText() : error.path("message").asText("");
            return text.isBlank() ? "" : " " + abbreviate(text);
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    static String abbreviate(String text) {
        String oneLine = text.replaceAll("\\s+", " ").trim();
        return oneLine.length() <= 200 ? oneLine : oneLine.substring(0, 200) + "…";
    }
}
