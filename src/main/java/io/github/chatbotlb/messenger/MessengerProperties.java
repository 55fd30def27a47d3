package io.github.chatbotlb.messenger;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** The Page side: Meta's secrets, the Graph API, and limits on what users send. */
@ConfigurationProperties("messenger")
public record MessengerProperties(
        String verifyToken,
        String appSecret,
        String pageAccessToken,
        String graphBaseUrl,
        String graphVersion,
        int maxBodyBytes,
        int maxUserTextLength,
        int maxReplyLength,
        boolean senderActions,
        String attachmentReply,
        Duration staleAfter) {
}
