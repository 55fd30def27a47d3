package io.github.chatbotlb.bot;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** Settings for both bots and the three upstream APIs behind them. */
@ConfigurationProperties("bots")
public record BotProperties(
        String systemInstruction,
        double temperature,
        int maxOutputTokens,
        int maxResponseBytes,
        Gemini gemini,
        OpenAiCompatible openrouter,
        OpenAiCompatible huggingface) {

    public record Gemini(String apiKey, String baseUrl, String model) {

        public boolean configured() {
            return apiKey != null && !apiKey.isBlank();
        }
    }

    public record OpenAiCompatible(
            String apiKey, String baseUrl, String model, String siteUrl, String siteName) {

        public boolean configured() {
            return apiKey != null && !apiKey.isBlank();
        }
    }
}
