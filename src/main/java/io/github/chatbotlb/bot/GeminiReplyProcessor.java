package io.github.chatbotlb.bot;

import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

/**
 * Reads Gemini's answer into a {@link BotReply}, or throws a {@link BotFailure} when there is
 * no usable text: an error status, a blocked prompt, a candidate stopped for safety or
 * recitation, or a candidate that ended with no parts.
 */
@Component("geminiReply")
public class GeminiReplyProcessor implements Processor {

    private static final Set<String> BLOCKING_FINISH_REASONS = Set.of(
            "SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT", "SPII", "IMAGE_SAFETY",
            "LANGUAGE");

    private final BotProperties properties;
    private final ObjectMapper mapper;

    public GeminiReplyProcessor(BotProperties properties, ObjectMapper mapper) {
        this.properties = properties;
        this.mapper = mapper;
    }

    @Override
    public void process(Exchange exchange) {
        UpstreamResponse response =
                UpstreamResponse.read("gemini", exchange, properties.maxResponseBytes());
        if (!response.ok()) {
            throw response.failure(mapper);
        }
        JsonNode answer = response.json(mapper);

        String blockReason = answer.path("promptFeedback").path("blockReason").asText("");
        JsonNode candidate = answer.path("candidates").path(0);
        if (candidate.isMissingNode()) {
            throw blockReason.isEmpty()
                    ? new BotFailure("gemini", FailureKind.BAD_ANSWER, "no candidates")
                    : new ContentBlocked("gemini", "prompt blocked: " + blockReason);
        }

        StringBuilder text = new StringBuilder();
        for (JsonNode part : candidate.path("content").path("parts")) {
            if (!part.path("thought").asBoolean(false)) {
                text.append(part.path("text").asText(""));
            }
        }
        String finishReason = candidate.path("finishReason").asText("");
        if (text.toString().isBlank()) {
            throw BLOCKING_FINISH_REASONS.contains(finishReason)
                    ? new ContentBlocked("gemini", "answer blocked: " + finishReason)
                    : new BotFailure("gemini", FailureKind.BAD_ANSWER,
                            "no text in answer (finishReason " + finishReason + ")");
        }
        exchange.getMessage().setBody(BotReply.answer(Bot.GEMINI, text.toString().strip()));
    }
}
