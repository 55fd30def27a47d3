package io.github.chatbotlb.bot;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Metadata probes: a GET that reaches the real API with the real key but spends no tokens
 * (Gemini's model resource, OpenRouter's key endpoint, the Hugging Face router's model list).
 * Every 30 s on two bots, a generation probe would eat a free tier's daily quota.
 */
@Configuration(proxyBeanMethods = false)
public class ProbeProcessors {

    @Bean
    Processor geminiModelRequest(BotProperties properties) {
        return exchange -> {
            BotProperties.Gemini gemini = properties.gemini();
            if (!gemini.configured()) {
                throw new BotFailure("gemini", FailureKind.NOT_CONFIGURED,
                        "GEMINI_API_KEY is not set");
            }
            exchange.setProperty("probeProvider", "gemini");
            get(exchange).setHeader("x-goog-api-key", gemini.apiKey());
        };
    }

    @Bean
    Processor openRouterKeyRequest(BotProperties properties) {
        return bearerGet("openrouter", "OPENROUTER_API_KEY", properties.openrouter());
    }

    @Bean
    Processor huggingFaceModelsRequest(BotProperties properties) {
        return bearerGet("huggingface", "HUGGINGFACE_API_KEY", properties.huggingface());
    }

    /** Any 2xx JSON answer means the API is there and takes the key. */
    @Bean
    Processor probeReply(BotProperties properties, ObjectMapper mapper) {
        return exchange -> {
            String provider = exchange.getProperty("probeProvider", "bot", String.class);
            UpstreamResponse response =
                    UpstreamResponse.read(provider, exchange, properties.maxResponseBytes());
            if (!response.ok()) {
                throw response.failure(mapper);
            }
            response.json(mapper);
        };
    }

    private static Processor bearerGet(String provider, String keyName,
            BotProperties.OpenAiCompatible api) {
        return exchange -> {
            if (!api.configured()) {
                throw new BotFailure(provider, FailureKind.NOT_CONFIGURED, keyName + " is not set");
            }
            exchange.setProperty("probeProvider", provider);
            get(exchange).setHeader("Authorization", "Bearer " + api.apiKey());
        };
    }

    private static Message get(Exchange exchange) {
        Message message = exchange.getMessage();
        message.removeHeaders("*");
        message.setBody(null);
        return message;
    }
}
