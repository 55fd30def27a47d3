package io.github.chatbotlb.bot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Router Hug speaks the OpenAI chat-completions format to two providers, OpenRouter and the
 * Hugging Face router; one request builder and one reply reader serve both.
 */
@Configuration(proxyBeanMethods = false)
public class ChatCompletionsProcessors {

    @Bean
    Processor openRouterRequest(BotProperties properties, ObjectMapper mapper) {
        return new RequestBuilder("openrouter", "OPENROUTER_API_KEY", properties,
                properties.openrouter(), mapper);
    }

    @Bean
    Processor openRouterReply(BotProperties properties, ObjectMapper mapper) {
        return new ReplyReader("openrouter", properties, mapper);
    }

    @Bean
    Processor huggingFaceRequest(BotProperties properties, ObjectMapper mapper) {
        return new RequestBuilder("huggingface", "HUGGINGFACE_API_KEY", properties,
                properties.huggingface(), mapper);
    }

    @Bean
    Processor huggingFaceReply(BotProperties properties, ObjectMapper mapper) {
        return new ReplyReader("huggingface", properties, mapper);
    }

    static final class RequestBuilder implements Processor {

        private final String provider;
        private final String keyName;
        private final BotProperties properties;
        private final BotProperties.OpenAiCompatible api;
        private final ObjectMapper mapper;

        RequestBuilder(String provider, String keyName, BotProperties properties,
                BotProperties.OpenAiCompatible api, ObjectMapper mapper) {
            this.provider = provider;
            this.keyName = keyName;
            this.properties = properties;
            this.api = api;
            this.mapper = mapper;
        }

        @Override
        public void process(Exchange exchange) throws Exception {
            if (!api.configured()) {
                throw new BotFailure(provider, FailureKind.NOT_CONFIGURED, keyName + " is not set");
            }
            BotRequest request = exchange.getProperty(BotRoutes.BOT_REQUEST, BotRequest.class);

            ObjectNode body = mapper.createObjectNode();
            body.put("model", api.model());
            ArrayNode messages = body.putArray("messages");
            if (!properties.systemInstruction().isBlank()) {
                addMessage(messages, "system", properties.systemInstruction());
            }
            for (BotRequest.Turn turn : request.history()) {
                addMessage(messages, "user", turn.userText());
                addMessage(messages, "assistant", turn.botText());
            }
            addMessage(messages, "user", request.userText());
            body.put("temperature", properties.temperature());
            body.put("max_tokens", properties.maxOutputTokens());

            Message message = exchange.getMessage();
            message.removeHeaders("*");
            message.setHeader(Exchange.CONTENT_TYPE, "application/json");
            message.setHeader("Authorization", "Bearer " + api.apiKey());
            if (api.siteUrl() != null && !api.siteUrl().isBlank()) {
                message.setHeader("HTTP-Referer", api.siteUrl());
            }
            if (api.siteName() != null && !api.siteName().isBlank()) {
                message.setHeader("X-Title", api.siteName());
            }
            message.setBody(mapper.writeValueAsBytes(body));
        }

        private static void addMessage(ArrayNode messages, String role, String content) {
            messages.addObject().put("role", role).put("content", content);
        }
    }

    static final class ReplyReader implements Processor {

        private final String provider;
        private final BotProperties properties;
        private final ObjectMapper mapper;

        ReplyReader(String provider, BotProperties properties, ObjectMapper mapper) {
            this.provider = provider;
            this.properties = properties;
            this.mapper = mapper;
        }

        @Override
        public void process(Exchange exchange) {
            UpstreamResponse response =
                    UpstreamResponse.read(provider, exchange, properties.maxResponseBytes());
            if (!response.ok()) {
                throw response.failure(mapper);
            }
            JsonNode answer = response.json(mapper);
            // OpenRouter reports some failures with HTTP 200 and an error object in the body.
            JsonNode error = answer.path("error");
            if (!error.isMissingNode() && !error.isNull()) {
                throw errorInBody(error);
            }
            JsonNode choice = answer.path("choices").path(0);
            if (choice.path("error").isObject()) {
                throw errorInBody(choice.path("error"));
            }
            String finishReason = choice.path("finish_reason").asText("");
            String text = choice.path("message").path("content").asText("");
            if (text.isBlank()) {
                throw "content_filter".equals(finishReason)
                        ? new ContentBlocked(provider, "answer filtered")
                        : new BotFailure(provider, FailureKind.BAD_ANSWER,
                                "no text in answer (finish_reason " + finishReason + ")");
            }
            exchange.getMessage().setBody(BotReply.answer(Bot.ROUTER_HUG, text.strip()));
        }

        private BotFailure errorInBody(JsonNode error) {
            int code = error.path("code").asInt(0);
            String detail = UpstreamResponse.abbreviate(error.path("message").asText(""));
            FailureKind kind = switch (code) {
                case 429 -> FailureKind.RATE_LIMITED;
                case 402 -> FailureKind.NO_CREDIT;
                case 408, 504 -> FailureKind.TIMEOUT;
                case 403 -> FailureKind.BLOCKED;
                default -> FailureKind.SERVER_ERROR;
            };
            String message = "error in body (code " + code + ") " + detail;
            return kind == FailureKind.BLOCKED
                    ? new ContentBlocked(provider, message)
                    : new BotFailure(provider, kind, message);
        }
    }
}
