package io.github.chatbotlb.messenger;

import java.io.IOException;
import java.io.InputStream;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.chatbotlb.inbox.InboxEvent;
import io.github.chatbotlb.monitoring.SecretRedaction;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Builds Graph Send API calls and sorts their errors into worth-retrying or not. */
@Configuration(proxyBeanMethods = false)
public class SendApiProcessors {

    /** Exchange property holding the {@link ReplyPart} to send; survives redeliveries. */
    public static final String PART = "replyPart";

    private static final Logger LOG = LoggerFactory.getLogger(SendApiProcessors.class);

    /**
     * Camel counts redeliveries in these headers: wiping them with the rest would restart the
     * count on every attempt and retry a failing Graph forever.
     */
    private static final String REDELIVERY_HEADERS = "CamelRedeliver*";

    /** Temporary (2), rate limits (4, 17, 32, 613) and transient (1) Graph error codes. */
    private static final Set<Integer> RETRYABLE_CODES = Set.of(1, 2, 4, 17, 32, 613);

    @Bean
    Processor sendApiRequest(MessengerProperties properties, ObjectMapper mapper) {
        return exchange -> {
            String token = properties.pageAccessToken();
            if (token == null || token.isBlank()) {
                throw new SendFailure("PAGE_ACCESS_TOKEN is not set");
            }
            ReplyPart part = exchange.getProperty(PART, ReplyPart.class);
            ObjectNode body = mapper.createObjectNode();
            body.putObject("recipient").put("id", part.psid());
            if (part.action() != null) {
                body.put("sender_action", part.action());
            } else {
                body.put("messaging_type", "RESPONSE");
                body.putObject("message").put("text", part.text());
            }
            Message message = exchange.getMessage();
            message.removeHeaders("*", REDELIVERY_HEADERS);
            message.setHeader(Exchange.CONTENT_TYPE, "application/json");
            // The token travels in a header, never in the URL where it could be logged.
            message.setHeader("Authorization", "Bearer " + token);
            message.setBody(mapper.writeValueAsBytes(body));
        };
    }

    @Bean
    Processor sendApiResponse(ObjectMapper mapper, MeterRegistry registry) {
        // One alert per spell of a rejected token, not one per message while it lasts.
        AtomicBoolean tokenRejected = new AtomicBoolean();
        return exchange -> {
            Message message = exchange.getMessage();
            int status = message.getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
            byte[] body = readCapped(message);
            message.removeHeaders("*", REDELIVERY_HEADERS);
            message.setBody(null);
            ReplyPart part = exchange.getProperty(PART, ReplyPart.class);
            String outcome = status >= 200 && status < 300 ? "delivered" : "error";
            if (outcome.equals("delivered")) {
                registry.counter("chatbot.send.calls", "outcome", outcome).increment();
                if (tokenRejected.compareAndSet(true, false)) {
                    LOG.warn("The Page access token is accepted again");
                }
                return;
            }
            JsonNode error = parse(mapper, body).path("error");
            int code = error.path("code").asInt(0);
            int subcode = error.path("error_subcode").asInt(0);
            String detail = "Send API HTTP " + status + " code " + code
                    + (subcode == 0 ? "" : "/" + subcode) + " "
                    + SecretRedaction.redact(error.path("message").asText(""))
                            .replaceAll("\\s+", " ");
            boolean retryable = status >= 500 || status == 429 || RETRYABLE_CODES.contains(code);
            registry.counter("chatbot.send.calls", "outcome",
                    retryable ? "retryable_error" : "permanent_error").increment();
            if (code == 190 && tokenRejected.compareAndSet(false, true)) {
                LOG.error("OPERATOR ALERT: the Page access token was rejected (code 190);"
                        + " replies cannot be sent until PAGE_ACCESS_TOKEN is renewed");
            }
            String target = "mid=" + part.mid() + " " + InboxEvent.userRef(part.psid());
            if (retryable) {
                throw new SendFailure.Retryable(detail + " (" + target + ")");
            }
            throw new SendFailure(detail + " (" + target + ")");
        };
    }

    private static byte[] readCapped(Message message) throws IOException {
        try (InputStream in = message.getBody(InputStream.class)) {
            return in == null ? new byte[0] : in.readNBytes(64 * 1024);
        }
    }

    private static JsonNode parse(ObjectMapper mapper, byte[] body) {
        try {
            JsonNode node = mapper.readTree(body);
            return node == null ? mapper.createObjectNode() : node;
        } catch (IOException e) {
            return mapper.createObjectNode();
        }
    }
}
