package io.github.chatbotlb.support;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;

/**
 * The upstream APIs' real wire formats, answers and error bodies, as WireMock stubs.
 * Paths are the ones the service calls with the test's base URLs.
 */
public final class Stubs {

    public static final String GEMINI_PATH =
            "/v1beta/models/gemini-test:generateContent";
    public static final String OPENROUTER_PATH = "/api/v1/chat/completions";
    public static final String HUGGINGFACE_PATH = "/v1/chat/completions";
    public static final String GRAPH_PATH = "/v23.0/me/messages";

    private static final ObjectMapper JSON = new ObjectMapper();

    private Stubs() {
    }

    public static MappingBuilder gemini() {
        return post(urlPathEqualTo(GEMINI_PATH));
    }

    public static MappingBuilder openRouter() {
        return post(urlPathEqualTo(OPENROUTER_PATH));
    }

    public static MappingBuilder huggingFace() {
        return post(urlPathEqualTo(HUGGINGFACE_PATH));
    }

    public static MappingBuilder graph() {
        return post(urlPathMatching("/v23\\.0/me/messages"));
    }

    public static ResponseDefinitionBuilder geminiAnswer(String text) {
        return okJson("""
                {"candidates":[{"content":{"parts":[{"text":%s}],"role":"model"},
                "finishReason":"STOP","index":0}],
                "usageMetadata":{"promptTokenCount":9,"candidatesTokenCount":12,
                "totalTokenCount":21},"modelVersion":"gemini-test"}""".formatted(quote(text)));
    }

    public static ResponseDefinitionBuilder geminiOverloaded() {
        return aResponse().withStatus(503).withHeader("Content-Type", "application/json")
                .withBody("""
                        {"error":{"code":503,"message":"The model is overloaded. Please try \
                        again later.","status":"UNAVAILABLE"}}""");
    }

    public static ResponseDefinitionBuilder geminiQuotaExhausted() {
        return aResponse().withStatus(429).withHeader("Content-Type", "application/json")
                .withBody("""
                        {"error":{"code":429,"message":"You exceeded your current quota, please \
                        check your plan and billing details.","status":"RESOURCE_EXHAUSTED"}}""");
    }

    public static ResponseDefinitionBuilder geminiSafetyBlock() {
        return okJson("""
                {"candidates":[{"finishReason":"SAFETY","index":0,"safetyRatings":[
                {"category":"HARM_CATEGORY_DANGEROUS_CONTENT","probability":"HIGH",
                "blocked":true}]}],"modelVersion":"gemini-test"}""");
    }

    public static ResponseDefinitionBuilder geminiPromptBlocked() {
        return okJson("""
                {"promptFeedback":{"blockReason":"SAFETY","safetyRatings":[
                {"category":"HARM_CATEGORY_HARASSMENT","probability":"HIGH"}]},
                "modelVersion":"gemini-test"}""");
    }

    public static ResponseDefinitionBuilder chatAnswer(String text) {
        return okJson("""
                {"id":"gen-1","object":"chat.completion","created":1733000000,
                "model":"test-model","choices":[{"index":0,"message":{"role":"assistant",
                "content":%s},"finish_reason":"stop"}],
                "usage":{"prompt_tokens":10,"completion_tokens":5,"total_tokens":15}}"""
                .formatted(quote(text)));
    }

    /** OpenRouter reports an upstream failure with HTTP 200 and an error object. */
    public static ResponseDefinitionBuilder openRouterErrorIn200() {
        return okJson("""
                {"error":{"message":"Provider returned error","code":502,
                "metadata":{"raw":"upstream failed","provider_name":"Test"}},
                "user_id":"user_1"}""");
    }

    public static ResponseDefinitionBuilder openRouterNoCredits() {
        return aResponse().withStatus(402).withHeader("Content-Type", "application/json")
                .withBody("""
                        {"error":{"message":"Insufficient credits. Add more using \
                        https://openrouter.ai/settings/credits","code":402}}""");
    }

    /** A completion withheld by the provider's moderation. */
    public static ResponseDefinitionBuilder okJsonChoiceFiltered() {
        return okJson("""
                {"id":"gen-2","object":"chat.completion","model":"test-model","choices":[
                {"index":0,"message":{"role":"assistant","content":""},
                "finish_reason":"content_filter"}]}""");
    }

    public static ResponseDefinitionBuilder huggingFaceUnavailable() {
        return aResponse().withStatus(503).withHeader("Content-Type", "application/json")
                .withBody("{\"error\":\"Service Unavailable\"}");
    }

    public static ResponseDefinitionBuilder graphSent() {
        return okJson("{\"recipient_id\":\"PSID\",\"message_id\":\"m_reply\"}");
    }

    public static ResponseDefinitionBuilder graphError(int status, int code, Integer subcode,
            String message) {
        String sub = subcode == null ? "" : ",\"error_subcode\":" + subcode;
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json")
                .withBody("""
                        {"error":{"message":%s,"type":"OAuthException","code":%d%s,
                        "fbtrace_id":"AbCdEf"}}""".formatted(quote(message), code, sub));
    }

    public static String quote(String text) {
        try {
            return JSON.writeValueAsString(text);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
