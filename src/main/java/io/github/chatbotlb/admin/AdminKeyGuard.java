package io.github.chatbotlb.admin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Checks the admin key in constant time. With no key configured every admin call is refused
 * (the earlier system let anyone in then); an address that keeps guessing is locked out.
 */
@Component
public class AdminKeyGuard {

    private static final Logger LOG = LoggerFactory.getLogger(AdminKeyGuard.class);

    private final AdminProperties properties;
    private final Clock clock;
    private final Map<String, Strikes> strikes = new ConcurrentHashMap<>();

    public AdminKeyGuard(AdminProperties properties, Clock clock) {
        this.properties = properties;
        this.clock = clock;
    }

    /** Throws {@link AdminRefused} unless the key is right and the address not locked out. */
    public void check(String givenKey, String address) {
        if (!properties.keyConfigured()) {
            throw new AdminRefused(403, "admin routes are disabled: ADMIN_KEY is not set");
        }
        Instant now = clock.instant();
        Strikes current = strikes.get(address);
        if (current != null && current.lockedUntil != null && now.isBefore(current.lockedUntil)) {
            throw new AdminRefused(429, "too many wrong admin keys; try again later");
        }
        byte[] expected = properties.adminKey().getBytes(StandardCharsets.UTF_8);
        byte[] given = givenKey == null ? new byte[0] : givenKey.getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(expected, given)) {
            Instant lockUntil = now.plus(properties.lockout());
            Strikes next = strikes.merge(address, new Strikes(1, null),
                    (old, one) -> old.add(properties.maxWrongKeys(), lockUntil));
            if (next.count == 0) {
                // The strike that locks starts the count again, so "0 in a row" would mislead.
                LOG.warn("Admin key LOCKOUT: {} wrong keys in a row from {}; refused until {}",
                        properties.maxWrongKeys(), address, lockUntil);
            } else {
                LOG.warn("Wrong admin key from {} ({} in a row)", address, next.count);
            }
            throw new AdminRefused(401, "wrong admin key");
        }
        strikes.remove(address);
    }

    private record Strikes(int count, Instant lockedUntil) {

        Strikes add(int max, Instant lockUntil) {
            int next = count + 1;
            return next >= max ? new Strikes(0, lockUntil) : new Strikes(next, lockedUntil);
        }
    }
}
