package io.github.chatbotlb.monitoring;

import static org.springframework.security.config.Customizer.withDefaults;

import java.io.IOException;
import java.util.Set;
import java.util.function.Supplier;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.actuate.autoconfigure.security.servlet.EndpointRequest;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.HttpStatusEntryPoint;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.CsrfTokenRequestAttributeHandler;
import org.springframework.security.web.csrf.XorCsrfTokenRequestAttributeHandler;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;
import org.springframework.security.web.util.matcher.NegatedRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.util.StringUtils;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Port 3000 faces the internet for Meta. Only Meta's webhook, the health checks and the admin
 * routes (which check their own key) are open; Hawtio, Jolokia (which can invoke any MBean)
 * and every other actuator endpoint need the monitor login from configuration.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
public class MonitorSecurity {

    private static final Logger LOG = LoggerFactory.getLogger(MonitorSecurity.class);

    /** Machine calls with their own authentication: no session, no CSRF token. */
    private static final RequestMatcher MACHINE_CALLS = new OrRequestMatcher(
            path("/webhook"), path("/force-switch"));

    /** /status stays open: the earlier system's scripts read it and it holds no secret. */
    private static final RequestMatcher OPEN = new OrRequestMatcher(
            MACHINE_CALLS, path("/status"), path("/health"), path("/error"));

    /**
     * Meta's webhook carries its own authentication (the body signature) and is the one path
     * that must stay fast under load: no session, cookie, CSRF token or login applies to it.
     */
    @Bean
    @Order(1)
    SecurityFilterChain webhookFilterChain(HttpSecurity http) throws Exception {
        http.securityMatcher(path("/webhook"))
                .authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                .csrf(csrf -> csrf.disable())
                .headers(headers -> headers.disable())
                .requestCache(cache -> cache.disable())
                .securityContext(context -> context.disable())
                .sessionManagement(sessions -> sessions.disable())
                .anonymous(anonymous -> anonymous.disable())
                .logout(logout -> logout.disable());
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain gatewaySecurity(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests(requests -> requests
                        .requestMatchers(OPEN).permitAll()
                        .requestMatchers(EndpointRequest.to(HealthEndpoint.class)).permitAll()
                        .anyRequest().hasRole("MONITOR"))
                .formLogin(withDefaults())
                .httpBasic(withDefaults())
                // A browser gets the login page; scrapers and scripts get a plain 401.
                .exceptionHandling(errors -> errors.defaultAuthenticationEntryPointFor(
                        new HttpStatusEntryPoint(HttpStatus.UNAUTHORIZED), notABrowser()))
                // Hawtio's single-page app reads the token from the XSRF-TOKEN cookie.
                .csrf(csrf -> csrf
                        .ignoringRequestMatchers(MACHINE_CALLS)
                        .csrfTokenRepository(CookieCsrfTokenRepository.withHttpOnlyFalse())
                        .csrfTokenRequestHandler(new SinglePageAppCsrfHandler()))
                .addFilterAfter(new CsrfCookieFilter(), BasicAuthenticationFilter.class);
        return http.build();
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    /**
     * The one monitor user. Without a password there is no user at all, so every protected
     * endpoint refuses everyone; Spring Boot's generated default password never comes into play.
     */
    @Bean
    UserDetailsService monitorUsers(MonitorProperties properties, PasswordEncoder encoder) {
        if (!properties.loginConfigured()) {
            LOG.warn("MONITOR_PASSWORD is not set: Hawtio, Jolokia and the metrics endpoints"
                    + " refuse everyone");
            return new InMemoryUserDetailsManager();
        }
        String password = properties.password();
        // A value like {bcrypt}$2a$... is kept as given, so the plain password need not be stored.
        String encoded = password.startsWith("{") ? password : encoder.encode(password);
        return new InMemoryUserDetailsManager(User.withUsername(properties.user())
                .password(encoded)
                .roles("MONITOR", "admin", "viewer")
                .build());
    }

    private static RequestMatcher path(String pattern) {
        return PathPatternRequestMatcher.withDefaults().matcher(pattern);
    }

    private static RequestMatcher notABrowser() {
        MediaTypeRequestMatcher html = new MediaTypeRequestMatcher(MediaType.TEXT_HTML);
        html.setIgnoredMediaTypes(Set.of(MediaType.ALL));
        return new NegatedRequestMatcher(html);
    }

    /** Accepts the raw token from a header (the SPA) or the masked one from a form. */
    static final class SinglePageAppCsrfHandler extends CsrfTokenRequestAttributeHandler {

        private final XorCsrfTokenRequestAttributeHandler masked =
                new XorCsrfTokenRequestAttributeHandler();

        @Override
        public void handle(HttpServletRequest request, HttpServletResponse response,
                Supplier<CsrfToken> token) {
            masked.handle(request, response, token);
        }

        @Override
        public String resolveCsrfTokenValue(HttpServletRequest request, CsrfToken token) {
            return StringUtils.hasText(request.getHeader(token.getHeaderName()))
                    ? super.resolveCsrfTokenValue(request, token)
                    : masked.resolveCsrfTokenValue(request, token);
        }
    }

    /** Loads the deferred token so the cookie is written before the SPA needs it. */
    static final class CsrfCookieFilter extends OncePerRequestFilter {

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
                FilterChain chain) throws ServletException, IOException {
            // Meta and the scripts on the open routes have no use for a cookie.
            if (!OPEN.matches(request)
                    && request.getAttribute(CsrfToken.class.getName()) instanceof CsrfToken token) {
                token.getToken();
            }
            chain.doFilter(request, response);
        }
    }
}
