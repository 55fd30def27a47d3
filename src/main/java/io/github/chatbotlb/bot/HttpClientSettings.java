package io.github.chatbotlb.bot;

import org.apache.camel.component.http.HttpClientConfigurer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
public class HttpClientSettings {

    /**
     * HttpClient 5 re-sends a request answered 503 or 429 after a second on its own. Retrying
     * is the failover's and the Send route's decision, so the client must not do it behind
     * their back (it doubled every failed call and delayed every fallback by a second).
     */
    @Bean
    HttpClientConfigurer noAutomaticRetries() {
        return builder -> builder.disableAutomaticRetries();
    }
}
