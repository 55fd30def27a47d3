package io.github.chatbotlb;

import org.apache.camel.component.platform.http.spi.PlatformHttpEngine;
import org.apache.camel.component.platform.http.springboot.SpringBootPlatformHttpEngine;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class PlatformHttpConfig {

    /**
     * Runs the HTTP routes on Tomcat's request thread. The starter's default hands every request
     * to Spring's task pool (8 threads), which costs two thread switches per webhook and queues
     * webhooks behind each other once eight are in flight.
     */
    @Bean("platform-http-engine")
    PlatformHttpEngine platformHttpEngine(@Value("${server.port}") int port) {
        return new SpringBootPlatformHttpEngine(port, Runnable::run);
    }
}
