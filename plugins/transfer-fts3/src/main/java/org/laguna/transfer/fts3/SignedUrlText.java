package org.laguna.transfer.fts3;

import java.util.regex.Pattern;
import org.laguna.spi.transfer.TransferEndpoint;

/**
 * Keeps the signatures of pre-signed URLs out of what FTS3's answers put in the catalogue: FTS3 reports the URL it
 * read from ({@code source_surl}) and often quotes URLs in a failure's reason. A signed URL is named without its query;
 * in a reason, the values of the signing parameters (S3's signature version 4 and 2) are replaced.
 */
final class SignedUrlText {
    private static final Pattern SIGNING = Pattern.compile(
            "(?i)((?:X-Amz-(?:Signature|Credential|Security-Token)|Signature|AWSAccessKeyId)=)[^&\\s\"'<>]*");

    private SignedUrlText() {
    }

    /** Whether a URL carries an S3 signature in its query. */
    static boolean signed(String url) {
        return url != null && url.indexOf('?') >= 0 && SIGNING.matcher(url).find();
    }

    /** A reported URL, without its query when that holds a signature. */
    static String source(String url) {
        return signed(url) ? TransferEndpoint.withoutQuery(url) : url;
    }

    /** A text with the values of signing parameters hidden. */
    static String redact(String text) {
        return text == null ? null : SIGNING.matcher(text).replaceAll("$1(hidden)");
    }
}
