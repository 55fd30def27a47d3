package io.github.chatbotlb.failover;

import java.util.concurrent.ExecutorService;

import org.apache.camel.CamelContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class BreakerConfig {

    /**
     * The threads on which the circuit breakers time bot calls (timeoutExecutorService in
     * routes/failover.yaml). Without a pool, resilience4j falls back to CompletableFuture's
     * default, which on a two-core machine starts a new thread for every call.
     */
    @Bean
    ExecutorService botCallPool(CamelContext camel) {
        return camel.getExecutorServiceManager().newCachedThreadPool(this, "bot-call");
    }
}
