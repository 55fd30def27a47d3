package io.github.chatbotlb.inbox;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.github.chatbotlb.support.Stubs;

/** What the Graph stand-in was asked to show users. */
final class GraphJournal {

    private static final ObjectMapper JSON = new ObjectMapper();

    private GraphJournal() {
    }

    /** Text replies per user (PSID), in the order they were sent. */
    static Map<String, List<String>> repliesByUser(WireMockServer api) {
        return api.findAll(postRequestedFor(urlPathEqualTo(Stubs.GRAPH_PATH))).stream()
                .map(request -> read(request.getBodyAsString()))
                .filter(body -> body.path("message").has("text"))
                .collect(Collectors.groupingBy(
                        body -> body.path("recipient").path("id").asText(),
                        TreeMap::new,
                        Collectors.mapping(body -> body.path("message").path("text").asText(),
                                Collectors.toList())));
    }

    private static JsonNode read(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
