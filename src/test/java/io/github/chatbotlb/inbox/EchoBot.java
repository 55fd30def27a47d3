package io.github.chatbotlb.inbox;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;

/**
 * A Gemini stand-in that answers "echo: " and the user's message, so every reply sent can be
 * traced back to the event it answers and counted.
 */
final class EchoBot {

    private EchoBot() {
    }

    static ResponseDefinitionBuilder answer() {
        // The last content of a Gemini request is the user's current message.
        return okJson("""
                {"candidates":[{"content":{"role":"model","parts":[{"text":"echo: \
                {{jsonPath request.body '$.contents[-1].parts[0].text'}}"}]},
                "finishReason":"STOP","index":0}],"modelVersion":"gemini-test"}""")
                .withTransformers("response-template");
    }

    static String replyTo(String userText) {
        return "echo: " + userText;
    }
}
