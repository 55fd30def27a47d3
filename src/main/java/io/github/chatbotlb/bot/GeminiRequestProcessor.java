package io.github.chatbotlb.bot;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

/** Builds a Gemini {@code generateContent} call from the {@code botRequest} property. */
@Component("geminiRequest")
public class GeminiRequestProcessor implements Processor {

    private final BotProperties properties;
    private final ObjectMapper mapper;

    public GeminiRequestProcessor(BotProperties properties, ObjectMapper mapper) {
        this.properties = properties;
        this.mapper = mapper;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        BotProperties.Gemini gemini = properties.gemini();
        if (!gemini.configured()) {
            throw new BotFailure("gemini", FailureKind.NOT_CONFIGURED, "GEMINI_API_KEY is not set");
        }
        BotRequest request = exchange.getProperty(BotRoutes.BOT_REQUEST, BotRequest.class);

        ObjectNode body = mapper.createObjectNode();
        if (!properties.systemInstruction().isBlank()) {
            body.putObject("systemInstruction").putArray("parts").addObject()
                    .put("text", properties.systemInstruction());
        }
        ArrayNode contents = body.putArray("contents");
        for (BotRequest.Turn turn : request.history()) {
            addContent(contents, "user", turn.userText());
            addContent(contents, "model", turn.botText());
        }
        addContent(contents, "user", request.userText());
        body.putObject("generationConfig")
                .put("temperature", properties.temperature())
                .put("maxOutputTokens", properties.maxOutputTokens());

        Message message = exchange.getMessage();
        message.removeHeaders("*");
        message.setHeader(Exchange.CONTENT_TYPE, "application/json");
        message.setHeader("x-goog-api-key", gemini.apiKey());
        message.setBody(mapper.writeValueAsBytes(body));
    }

    private static void addContent(ArrayNode contents, String role, String text) {
        ObjectNode content = contents.addObject();
        content.put("role", role);
        content.putArray("parts").addObject().put("text", text);
    }
}
